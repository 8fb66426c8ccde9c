"""Nothing moves under a pointer or a planned tap when a message appears or clears.

A patient aims at "Log in", a message appears above it, and the tap lands on something
else: so every banner and every field error keeps its place on the screen whether it shows
a message or not. Each check records where every visible control is (in window
coordinates) before a message, while it shows and after it clears, on every screen with a
banner or a field error, at a roomy size with normal text and a small one with the
largest text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from care4u_desktop.domain.models import Role
from care4u_desktop.ui.theme import Look, TextSize

from .support import PASSWORD, btn, click, field, log_in, next_working_day, register, wait_idle
from .test_kiosk import book_through_the_screens

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)
SETTINGS = {
    "1280x1024-normal": (1280, 1024, Look()),
    "1024x768-xl": (1024, 768, Look(TextSize.EXTRA_LARGE)),
}
# Messages the screens show, as a patient meets them (domain_text.py).
LONGEST = (
    "The booking system is not responding right now. Your appointment was not cancelled "
    "and is still booked. Please try again in a moment or ask at reception."
)
STORE_DOWN = (
    "The booking system is not responding right now. "
    "Please try again in a moment or ask at reception."
)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def page_of(widget: QWidget, window: QWidget) -> QWidget:
    """Where a control's place is measured: the page of the scroll area it is in (moving
    the focus scrolls it into view, which is not the message's doing), else the window."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QWidget) and isinstance(area.parentWidget(), QScrollArea):
            return parent
        parent = area
    return window


def places(window: QWidget) -> dict[str, QRect]:
    found = {}
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
            continue
        if widget.isVisible():
            key = f"{type(widget).__name__} {widget.objectName() or hex(id(widget))}"
            found[key] = QRect(widget.mapTo(page_of(widget, window), QPoint(0, 0)), widget.size())
    return found


def moved(before: dict[str, QRect], now: dict[str, QRect]) -> list[str]:
    lines = [
        f"{key}: {rect} -> {now.get(key)}" for key, rect in before.items() if now.get(key) != rect
    ]
    lines += [f"{key}: appeared at {now[key]}" for key in now.keys() - before.keys()]
    return lines


class Steadiness:
    """Collects every control that moved, on every screen, so one run lists them all."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.problems: list[str] = []

    def check(
        self, screen: str, show: Callable[[], None], clear: Callable[[], None], shown: QWidget
    ) -> None:
        settle()
        before = places(self.window)
        show()
        settle()
        assert shown.isVisible(), f"{screen}: the message did not show"
        during = places(self.window)
        clear()
        settle()
        assert not shown.isVisible(), f"{screen}: the message did not clear"
        after = places(self.window)
        self.problems += [f"{screen}, message shown: {line}" for line in moved(before, during)]
        self.problems += [f"{screen}, message cleared: {line}" for line in moved(before, after)]


def type_text(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClicks(edit, text)


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_messages_never_move_the_controls(qtbot, window, setting):
    width, height, look = SETTINGS[setting]
    window.resize(width, height)
    window.apply_look(look, remember=False)
    steady = Steadiness(window)
    login = window.login

    # Log-in: both fields left empty, then typed into (each error clears as you type).
    steady.check(
        "login, empty fields",
        lambda: click(qtbot, btn(login, "loginButton")),
        lambda: [type_text(qtbot, field(login, n), "x") for n in ("emailInput", "passwordInput")],
        login.email.error,
    )
    login.reset()
    register(window)

    def wrong_password() -> None:
        field(login, "emailInput").setText("maria@example.com")
        field(login, "passwordInput").setText("not the password")
        click(qtbot, btn(login, "loginButton"))
        wait_idle(qtbot, window)

    steady.check(
        "login, wrong password",
        wrong_password,
        lambda: type_text(qtbot, field(login, "passwordInput"), "p"),
        login.error,
    )
    login.reset()
    steady.check(
        "login, banner",
        lambda: login.show_message(STORE_DOWN, "error"),
        login.banner.clear_message,
        login.banner,
    )

    # Sign-up: every field flagged at once, then corrected one by one.
    click(qtbot, btn(login, "goToSignupButton"))
    signup = window.signup
    names = ("nameInput", "emailInput", "phoneInput", "passwordInput", "confirmPasswordInput")
    steady.check(
        "signup, every field",
        lambda: (click(qtbot, btn(signup, "signupButton")), wait_idle(qtbot, window)),
        lambda: [type_text(qtbot, field(signup, n), "x") for n in names],
        signup.name.error,
    )
    steady.check(
        "signup, banner",
        lambda: signup.banner.show_message(STORE_DOWN),
        signup.banner.clear_message,
        signup.banner,
    )
    signup.reset()
    click(qtbot, btn(signup, "backToLoginButton"))

    # The doctors' welcome, the appointments' result, the confirmation's slip status.
    session = window.services.accounts.log_in("maria@example.com", PASSWORD)
    day = next_working_day(window.services.store.get_doctor("doc-001"), after_days=2)
    window.services.booking.book(session.user, "doc-001", day, "11:00")
    log_in(qtbot, window)
    doctors = window.doctors
    # (The welcome after a sign-up comes with the screen, not while the patient is on it.)
    steady.check(
        "doctors, list failed",
        lambda: doctors.banner.show_message(STORE_DOWN),
        doctors.banner.clear_message,
        doctors.banner,
    )
    click(qtbot, btn(doctors, "myAppointmentsButton"))
    wait_idle(qtbot, window)
    appointments = window.appointments
    steady.check(
        "appointments, result",
        lambda: appointments.banner.show_message(
            "Appointment 7KQ2-M4XP is cancelled. The time is free again.", "success"
        ),
        appointments.banner.clear_message,
        appointments.banner,
    )

    # The staff exit (a kiosk's; the same view on a desk's window).
    window.show_view(window.kiosk_exit)
    exit_view = window.kiosk_exit
    steady.check(
        "kiosk exit, empty fields",
        lambda: click(qtbot, btn(exit_view, "exitKioskButton")),
        exit_view.reset,
        exit_view.error,
    )
    assert not steady.problems, "\n".join(steady.problems)


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_the_slip_status_never_moves_the_confirmation(qtbot, window, setting):
    width, height, look = SETTINGS[setting]
    window.resize(width, height)
    window.apply_look(look, remember=False)
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    wait_idle(qtbot, window)
    status = window.booking.confirmation.slip_status
    steady = Steadiness(window)
    steady.check(
        "confirmation, slip saved",
        lambda: status.show_message(
            "Slip saved to /home/maria/Documents/care4u-appointment-7KQ2-M4XP.pdf", "success"
        ),
        status.clear_message,
        status,
    )
    assert not steady.problems, "\n".join(steady.problems)


def test_doctor_admin_messages_never_move_the_form(qtbot, window):
    window.resize(1280, 1024)
    window.services.accounts.sign_up(
        "Ada Admin", "admin@example.com", "555 000 1111", PASSWORD, PASSWORD, role=Role.ADMIN
    )
    log_in(qtbot, window, "admin@example.com")
    window.navigator.show_doctor_admin()
    wait_idle(qtbot, window)
    admin = window.admin()
    steady = Steadiness(window)

    def bad_times() -> None:
        field(admin, "doctorNameInput").setText("Lena Park")
        field(admin, "doctorSpecializationInput").setText("Dermatology")
        field(admin, "doctorSlotsInput").setText("9 o'clock")
        click(qtbot, btn(admin, "saveDoctorButton"))
        wait_idle(qtbot, window)

    steady.check(
        "doctor admin, bad times",
        bad_times,
        lambda: type_text(qtbot, field(admin, "doctorSlotsInput"), ", 10:00"),
        admin.slots.error,
    )
    steady.check(
        "doctor admin, banner",
        lambda: admin.banner.show_message("Dr. Lena Park is saved.", "success"),
        admin.banner.clear_message,
        admin.banner,
    )
    assert not steady.problems, "\n".join(steady.problems)


def test_a_message_longer_than_its_room_is_shown_whole(qtbot, window):
    """The room kept is for most messages; a longer one grows its banner, never cut."""
    window.resize(1280, 1024)
    banner = window.login.banner
    window.login.show_message(LONGEST, "error")
    settle()
    assert banner.height() >= banner.heightForWidth(banner.width()) > banner.reserved_height(0)
    assert banner.text() == LONGEST
