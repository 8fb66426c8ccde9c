"""The real app, run as ``care4u_desktop.app.main`` does, with a test's hand on its screens.

Run as ``python -m tests.ui.atspi.app_driver ARGS`` from the checkout (test code, not the
app's). A test writes ``go SCREEN`` on the standard input; the driver clicks and types
its way there through the real widgets (as tests/ui/test_screenshots.walk_patient_flow
does), waits until no service call is in flight, and prints ``driver ready SCREEN`` (or
``driver failed SCREEN: why``). The app's event loop keeps running between commands, so a
screen reader (the AT-SPI walker) reads the screen as it stands.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QSocketNotifier, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

PASSWORD = "correct horse 1"
PATIENT = "maria@example.com"
STAFF = "rita@example.com"
#: Screens in the order a test may ask for them (each starts where the one before ended).
SCREENS = (
    "1-login",
    "2-signup",
    "3-doctors",
    "4-booking",
    "5-confirmation",
    "6-appointments",
    "10-staff-desk",
    "11-doctor-admin",
    "8-kiosk-exit",
)


def window() -> Any:
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")


def settle(win: Any, timeout: float = 15.0) -> None:
    """Until no service call is in flight, then a few more turns for layouts to settle."""
    end = time.monotonic() + timeout
    while win.runner.pending:
        if time.monotonic() > end:
            raise AssertionError("a service call did not finish")
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(3):
        QApplication.processEvents()


def find(parent: QWidget, kind: type, name: str) -> Any:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def click(win: Any, parent: QWidget, name: str) -> None:
    button = find(parent, QPushButton, name)
    assert button.isVisible() and button.isEnabled(), f"{name} cannot be clicked"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(win)


def type_into(parent: QWidget, name: str, text: str) -> None:
    edit = find(parent, QWidget, name)
    edit.setFocus()
    QTest.keyClicks(edit, text)


def log_in(win: Any, email: str) -> None:
    type_into(win.login, "emailInput", email)
    type_into(win.login, "passwordInput", PASSWORD)
    click(win, win.login, "loginButton")


def working_day(doctor: Any, after_days: int = 2) -> date:
    day = date.today() + timedelta(days=after_days)
    while not doctor.works_on(day):
        day += timedelta(days=1)
    return day


def facts(screen: str, values: dict[str, Any]) -> None:
    """What the service layer says about the screen, for the test to check the tree by."""
    print(f"driver facts {screen} {json.dumps(values)}", flush=True)


def booking_facts(win: Any, doctor: Any, day: date) -> dict[str, Any]:
    """Which days around ``day`` can be booked (a time still free), by the booking
    service, not the view."""
    booking = win.services.booking
    days = [day + timedelta(days=n) for n in range(-62, 63)]
    return {
        "day": day.isoformat(),
        "doctor": doctor.name,
        "bookable": {
            d.isoformat(): any(s.free for s in booking.availability(doctor.doctor_id, d).slots)
            for d in days
        },
    }


def go(screen: str) -> None:
    win = window()
    if screen == "1-login":
        pass
    elif screen == "2-signup":
        click(win, win.login, "goToSignupButton")
        click(win, win.signup, "signupButton")  # empty form: every field flagged
    elif screen == "3-doctors":
        click(win, win.signup, "backToLoginButton")
        win.services.accounts.sign_up("Maria Garcia", PATIENT, "555 123 4567", PASSWORD, PASSWORD)
        log_in(win, PATIENT)
        win.doctors.table.selectRow(0)
    elif screen == "4-booking":
        session = win.services.accounts.log_in(PATIENT, PASSWORD)
        sarah = win.services.store.get_doctor("doc-001")
        day = working_day(sarah)
        win.services.booking.book(session.user, "doc-001", day, "11:00")  # one taken time
        win.doctors.search.setText("Sarah")
        win.doctors.table.selectRow(0)
        click(win, win.doctors, "bookButton")
        win.booking.calendar.setSelectedDate(QDate(day))
        settle(win)
        click(win, win.booking, "slot-10:00")
        facts(screen, booking_facts(win, sarah, day))
    elif screen == "5-confirmation":
        click(win, win.booking, "confirmBookingButton")
    elif screen == "6-appointments":
        click(win, win.booking, "viewAppointmentsButton")
        win.appointments.table.selectRow(0)
    elif screen == "10-staff-desk":
        click(win, win.appointments, "appointmentsLogoutButton")
        from care4u_desktop.domain.models import Role

        win.services.accounts.sign_up(
            "Rita Desk", STAFF, "555 010 2030", PASSWORD, PASSWORD, role=Role.ADMIN
        )
        log_in(win, STAFF)
        desk = win.staff_desk
        sarah = win.services.store.get_doctor("doc-001")
        desk.doctor_select.setCurrentIndex(desk.doctor_select.findData("doc-001"))
        desk.date_input.setDate(working_day(sarah))
        settle(win)
    elif screen == "11-doctor-admin":
        click(win, win.staff_desk, "manageDoctorsButton")
    elif screen == "8-kiosk-exit":
        click(win, win.doctor_admin, "adminBackButton")
        click(win, win.staff_desk, "staffLogoutButton")
        win.show_view(win.kiosk_exit)  # a kiosk's Staff button; windowed, the tests' way in
        settle(win)
        click(win, win.kiosk_exit, "exitKioskButton")  # empty: asks for both
    else:
        raise AssertionError(f"no screen {screen!r}")
    settle(win)


def command() -> None:
    words = sys.stdin.readline().split()
    if len(words) == 2 and words[0] == "go":
        try:
            go(words[1])
        except Exception:  # the test reads why, instead of waiting for an answer
            why = traceback.format_exc().replace("\n", " | ")
            print(f"driver failed {words[1]}: {why}", flush=True)
        else:
            print(f"driver ready {words[1]}", flush=True)


def run() -> int:
    qapp = QApplication(["care4u-desktop"])
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, qapp)
    notifier.activated.connect(command)
    from care4u_desktop.app import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())
