"""Grab every view offscreen, as a patient would see it, and check the pictures are real.

Set CARE4U_SCREENSHOT_DIR to keep the PNGs (``make screenshots`` writes docs/screenshots/).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage

from .support import btn, click, log_in, next_working_day, register, wait_idle


def distinct_colours(image: QImage, step: int = 16) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_each_view_renders_readably(qtbot, window, tmp_path):
    out = Path(os.environ.get("CARE4U_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    window.resize(1280, 900)
    shots: dict[str, Path] = {}

    def shoot(name: str) -> None:
        wait_idle(qtbot, window)
        path = out / f"{name}.png"
        assert window.grab().save(str(path))
        shots[name] = path

    shoot("1-login")
    click(qtbot, btn(window.login, "goToSignupButton"))
    click(qtbot, btn(window.signup, "signupButton"))  # empty form: every field flagged
    shoot("2-signup")
    click(qtbot, btn(window.signup, "backToLoginButton"))
    session = register(window)
    log_in(qtbot, window)
    window.doctors.table.selectRow(0)
    shoot("3-doctors")
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah, after_days=2)
    window.services.booking.book(session.user, "doc-001", day, "11:00")
    window.doctors.search.setText("Sarah")
    window.doctors.table.selectRow(0)
    click(qtbot, btn(window.doctors, "bookButton"))
    wait_idle(qtbot, window)
    from PySide6.QtCore import QDate

    window.booking.calendar.setSelectedDate(QDate(day))
    wait_idle(qtbot, window)
    click(qtbot, window.booking.findChild(type(btn(window.login, "loginButton")), "slot-10:00"))
    shoot("4-booking")
    click(qtbot, btn(window.booking, "confirmBookingButton"))
    shoot("5-confirmation")
    click(qtbot, btn(window.booking, "viewAppointmentsButton"))
    wait_idle(qtbot, window)
    window.appointments.table.selectRow(0)
    shoot("6-appointments")

    for name, path in shots.items():
        image = QImage(str(path))
        assert image.width() >= 1280 and image.height() >= 900, name
        # A blank or unstyled grab has a handful of colours; a rendered screen has many.
        assert distinct_colours(image) > 20, name
