"""Guessing staff passwords at a kiosk, which serves patients only.

- A kiosk's wrong guesses at a staff account must not lock that account out of the desk:
  five wrong sign-ins from a kiosk used to lock the receptionist's desk log-in for 15
  minutes (a patient could shut the reception desk down). The kiosk's guesses are counted
  (and locked) on their own, so kiosks still get five guesses per 15 minutes, all of them
  together.
- The Staff exit (``/v1/kiosk/unlock``) never counts towards an account's lock; its waits
  were held by each server process alone, so on Lambda (a new container, new waits) it
  allowed 30 guesses a minute. Its tries are now counted by the store per kiosk (per hour),
  which every process and container shares.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from care4u_desktop.config import Config
from care4u_desktop.domain.models import Role
from care4u_desktop.server.app import build_server_services, create_app
from care4u_desktop.server.settings import ServerSettings
from tests.server.support import PASSWORD, RunningServer, add_account, enrol, sign_in, unique_email


def test_a_kiosks_wrong_guesses_do_not_lock_a_receptionist_out_of_the_desk(
    server: RunningServer,
) -> None:
    email = unique_email("rita")
    add_account(server, email, Role.STAFF)
    with server.client(enrol(server, "kiosk")) as kiosk:
        answers = [sign_in(kiosk, email, f"wrong guess {n}").status_code for n in range(6)]
        right_at_kiosk = sign_in(kiosk, email, PASSWORD)
    with server.client(enrol(server, "desk")) as desk:
        at_desk = sign_in(desk, email, PASSWORD)

    assert answers == [401, 401, 401, 401, 423, 423]  # the kiosk's own lock holds
    assert right_at_kiosk.status_code == 423  # and it still gives no session
    assert at_desk.status_code == 201, at_desk.text
    assert at_desk.json()["user"]["role"] == "staff"


def _unlock(app: object, token: str, password: str) -> tuple[int, str]:
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://kiosk.test") as c:
            return await c.post(
                "/v1/kiosk/unlock",
                json={"email": "rita@clinic.example", "password": password},
                headers={"X-Device-Token": token},
            )

    answer = asyncio.run(call())
    return answer.status_code, answer.json()["error"]["code"] if answer.status_code >= 400 else ""


def test_the_staff_exits_tries_are_counted_across_server_processes(tmp_path: Path) -> None:
    """Lambda: each container builds its own app; every try lands in a fresh one here."""
    settings = ServerSettings()
    services = build_server_services(Config(data_dir=tmp_path, timezone="Europe/Berlin"), settings)
    services.open()
    services.accounts.sign_up(
        "Rita Desk", "rita@clinic.example", "+15550001111", PASSWORD, PASSWORD, role=Role.STAFF
    )
    token = services.devices.enrol("Lobby kiosk", "kiosk").token
    limit = settings.limits.unlock

    answers = [
        _unlock(create_app(settings, services), token, f"guess {n}") for n in range(limit + 2)
    ]
    right = _unlock(create_app(settings, services), token, PASSWORD)

    assert answers[:limit] == [(401, "invalid_credentials")] * limit
    assert answers[limit:] == [(429, "try_again_later")] * 2
    assert right == (429, "try_again_later")  # no guess is checked until the hour is over
