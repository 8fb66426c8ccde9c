"""The kiosk's log file at DEBUG, after a patient signed up, booked and someone mistyped a
password, all through the real window: nothing in it names or reaches a patient."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import Qt

from care4u_desktop import app

from .support import btn, click, field, next_working_day, text_of, type_into, wait_idle
from .test_booking_flows import open_booking, slot

NAME, EMAIL, PHONE = "Zelda Quintanilla", "zelda.quintanilla@example.org", "555 867 5309"
PASSWORD, WRONG = "tangerine zebra 77", "tangerine zebra 78"


def test_at_debug_the_log_holds_no_email_name_phone_password_or_hash(
    qtbot, start_window, data_dir: Path, tmp_path: Path, logging_restored: None
) -> None:
    log_file = tmp_path / "logs" / "kiosk.log"
    argv = ["--data-dir", str(data_dir), "--log-file", str(log_file), "--log-level", "debug"]
    assert app.start_logging(argv) == log_file
    window = start_window(argv)

    signup_view = window.signup
    click(qtbot, btn(window.login, "goToSignupButton"))
    type_into(qtbot, field(signup_view, "nameInput"), NAME)
    type_into(qtbot, field(signup_view, "emailInput"), EMAIL)
    type_into(qtbot, field(signup_view, "phoneInput"), PHONE)
    type_into(qtbot, field(signup_view, "passwordInput"), PASSWORD)
    type_into(qtbot, field(signup_view, "confirmPasswordInput"), PASSWORD)
    with qtbot.waitSignal(signup_view.signed_up, timeout=10_000):
        click(qtbot, btn(signup_view, "signupButton"))
    wait_idle(qtbot, window)

    day = next_working_day(window.services.store.get_doctor("doc-001"))
    open_booking(qtbot, window, "Sarah Johnson", day)
    click(qtbot, slot(window, "10:00"))
    with qtbot.waitSignal(window.booking.booked, timeout=10_000):
        click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)
    number = text_of(window.booking, "appointmentId")
    click(qtbot, btn(window.booking, "doneButton"))
    wait_idle(qtbot, window)
    click(qtbot, btn(window.doctors, "logoutButton"))
    wait_idle(qtbot, window)

    login = window.login
    type_into(qtbot, field(login, "emailInput"), EMAIL)
    type_into(qtbot, field(login, "passwordInput"), WRONG)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        qtbot.keyClick(field(login, "passwordInput"), Qt.Key.Key_Return)
    assert text_of(login, "loginError").startswith("That email and password do not match")
    stored = window.services.store.find_user_by_email(EMAIL)
    assert stored is not None and window.services.store.get_appointment(number) is not None

    text = log_file.read_text(encoding="utf-8")
    assert logging.getLogger().isEnabledFor(logging.DEBUG)
    assert "Care4U Desktop 0.1.0 starting" in text  # the file is the one the app writes
    personal = [EMAIL, "zelda", "quintanilla", PASSWORD, WRONG, stored.password_hash]
    personal += [PHONE, re.sub(r"\D", "", PHONE), "867 5309", "8675309"]
    hash_parts = [p for p in re.split(r"[$:]", stored.password_hash) if len(p) >= 8]
    found = [s for s in [*personal, *hash_parts] if s.lower() in text.lower()]
    assert found == [], text
