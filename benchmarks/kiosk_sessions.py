"""A kiosk driven as patients drive it, one session after another (``uptime_bench.py``).

Real widgets, offscreen: type the e-mail and password, Log in (scrypt, as shipped), the
doctor list, Book on one doctor, the first free time, Confirm, the confirmation, Done (a
kiosk logs out). Patients take turns; each session books one more appointment.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

# Imported by uptime_bench.py, which puts the project on sys.path first.
from care4u_desktop.domain.rules import DEFAULT_HORIZON_DAYS

PASSWORD = "correct horse 12"
#: Patients take turns: each session books one more appointment for one of them.
NAMES = (
    "Ana Lima", "Ben Okafor", "Chen Wei", "Dana Cohen", "Emil Novak",
    "Fatima Zahra", "Gus Berg", "Hana Sato", "Ivan Petrov", "Jade Moreau",
)  # fmt: skip
PATIENTS = len(NAMES)
#: Days looked at for a free time: the app's booking horizon.
HORIZON_DAYS = DEFAULT_HORIZON_DAYS


class Kiosk:
    """A kiosk window driven as a patient drives it (real widgets, offscreen)."""

    def __init__(self, argv: list[str]) -> None:
        from PySide6.QtWidgets import QApplication

        from care4u_desktop.app import build_main_window

        self.window = build_main_window(argv)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        self.wait(lambda: self.window.login.isVisible())
        self.wait_idle()
        accounts = self.window.services.accounts
        self.emails = [f"patient{n}@example.com" for n in range(PATIENTS)]
        for email, name in zip(self.emails, NAMES, strict=True):
            accounts.sign_up(name, email, "555 123 4567", PASSWORD, PASSWORD)
        self.count = 0

    def wait(self, done: Callable[[], bool], timeout_s: float = 30.0) -> None:
        """Run the event loop until ``done()``. A real loop, as the kiosk's ``exec`` is:
        ``processEvents`` alone never deletes what ``deleteLater`` left (the time
        buttons of every day shown), which would count as growth the app does not have."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(1)
        deadline = time.monotonic() + timeout_s
        timed_out = False

        def check() -> None:
            nonlocal timed_out
            if done():
                loop.quit()
            elif time.monotonic() > deadline:
                timed_out = True
                loop.quit()

        poll.timeout.connect(check)
        poll.start()
        if not done():
            loop.exec()
        poll.stop()
        if timed_out:
            raise TimeoutError(f"the kiosk did not get there in {timeout_s} s")

    def wait_idle(self) -> None:
        self.wait(lambda: not self.window.runner.pending)

    def click(self, button: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if not (button.isVisible() and button.isEnabled()):
            raise RuntimeError(f"{button.objectName()} cannot be clicked")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def session(self) -> None:
        """One patient: log in, book the first free time of one doctor, Done."""
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLineEdit, QPushButton

        window = self.window
        login = window.login
        email = self.emails[self.count % len(self.emails)]
        for name, text in (("emailInput", email), ("passwordInput", PASSWORD)):
            line = login.findChild(QLineEdit, name)
            line.setFocus()
            QTest.keyClicks(line, text)
        self.click(login.findChild(QPushButton, "loginButton"))
        self.wait(lambda: window.current_view() is window.doctors and not window.runner.pending)
        doctors = window.doctors
        self.wait(lambda: doctors.proxy.rowCount() > 0)
        # Each patient the next doctor in turn who has a time left: over 1,000 sessions a
        # doctor seen two days a week is booked up to the horizon (the list says so).
        rows = doctors.proxy.rowCount()
        for step in range(rows):
            row = (self.count + step) % rows
            source = doctors.proxy.mapToSource(doctors.proxy.index(row, 0)).row()
            if doctors.model.summary(source).next_free is not None:
                break
        else:
            raise RuntimeError("every doctor is booked up to the horizon")
        doctors.table.selectRow(row)
        self.click(doctors.findChild(QPushButton, "bookButton"))
        self.wait(lambda: window.current_view() is window.booking and not window.runner.pending)
        booking = window.booking
        free = self.free_times(booking)
        # The list's next free time may be a few seconds old (its cache): the day it opens
        # on can have filled up since. The patient looks at the next days, as anyone would.
        for _ in range(HORIZON_DAYS):
            if free:
                break
            calendar = booking.calendar
            calendar.setSelectedDate(calendar.selectedDate().addDays(1))
            self.wait(lambda: not window.runner.pending)
            free = self.free_times(booking)
        if not free:
            raise RuntimeError("no free time with this doctor within the horizon")
        self.click(free[0])
        self.click(booking.findChild(QPushButton, "confirmBookingButton"))
        self.wait(lambda: booking.pages.currentIndex() == 1 and not window.runner.pending)
        self.click(booking.confirmation.done_button)
        self.wait(lambda: window.current_view() is window.login and not window.runner.pending)
        self.count += 1

    @staticmethod
    def free_times(booking: Any) -> list[Any]:
        from PySide6.QtWidgets import QPushButton

        return [
            b
            for b in booking.findChildren(QPushButton)
            if b.objectName().startswith("slot-") and b.isEnabled() and b.isVisible()
        ]

    def close(self) -> None:
        self.window.runner.forget_pending()
        self.window.runner.wait_for_done()
        self.window.exit_allowed = True
        self.window.close()
