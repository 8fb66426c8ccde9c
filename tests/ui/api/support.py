"""The real window on ``--backend api`` against a real ``care4u-server`` subprocess.

The server runs this checkout's code on a throw-away SQLite file (``tests/server/support``);
the window is built as the executable builds it, with this machine's device token in
``CARE4U_DEVICE_TOKEN`` and, over HTTPS, the throw-away CA in ``CARE4U_API_CA_FILE``.
Other patients act through the API with httpx, as another kiosk would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from care4u_desktop.domain.models import Role
from tests.server.support import (
    RunningServer,
    add_account,
    sign_up,
    tomorrow,
)

from ..support import PASSWORD, btn, click, field, type_into, wait_idle

STAFF_EMAIL = "rita.desk@example.com"
__all__ = ["tomorrow"]


def open_window(
    start_window: Callable[[list[str]], Any],
    monkeypatch: pytest.MonkeyPatch,
    server: RunningServer,
    data_dir: Path,
    token: str,
    *args: str,
    url: str = "",
) -> Any:
    monkeypatch.setenv("CARE4U_DEVICE_TOKEN", token)
    monkeypatch.setenv("CARE4U_TIMEZONE", server.env["CARE4U_TIMEZONE"])
    if server.ca_file is not None:
        monkeypatch.setenv("CARE4U_API_CA_FILE", str(server.ca_file))
    window = start_window(
        ["--backend", "api", "--api-url", url or server.url, "--data-dir", str(data_dir), *args]
    )
    return window


def patient_through_the_api(
    server: RunningServer, kiosk: str, email: str, name: str = "Omar Haddad"
) -> str:
    """Another patient at another kiosk: their session token."""
    with server.client(kiosk) as http:
        token, _user = sign_up(http, email, name, PASSWORD)
    return token


def staff_account(server: RunningServer, role: Role = Role.STAFF) -> str:
    add_account(server, STAFF_EMAIL, role, password=PASSWORD)
    return STAFF_EMAIL


def log_in_as(qtbot: Any, window: Any, email: str, password: str = PASSWORD) -> None:
    login = window.login
    type_into(qtbot, field(login, "emailInput"), email)
    type_into(qtbot, field(login, "passwordInput"), password)
    click(qtbot, btn(login, "loginButton"))
    wait_idle(qtbot, window)


def sign_up_on_screen(qtbot: Any, window: Any, email: str, name: str = "Maria Garcia") -> None:
    click(qtbot, btn(window.login, "goToSignupButton"))
    view = window.signup
    for name_, text in (
        ("nameInput", name),
        ("emailInput", email),
        ("phoneInput", "555 123 4567"),
        ("passwordInput", PASSWORD),
        ("confirmPasswordInput", PASSWORD),
    ):
        type_into(qtbot, field(view, name_), text)
    with qtbot.waitSignal(view.signed_up, timeout=15_000):
        click(qtbot, btn(view, "signupButton"))
    wait_idle(qtbot, window)


def stored_appointments(server: RunningServer, doctor_id: str, day: Any) -> list[Any]:
    """What the server's store holds (read in this process, on the same file)."""
    return list(server.services().store.appointments_for_doctor_day(doctor_id, day.isoformat()))
