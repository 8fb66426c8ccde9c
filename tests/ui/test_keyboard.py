"""The keyboard, on every screen, windowed and kiosk: Enter and Space press the focused
button (and tick a focused box), Tab goes in the order the screen reads.

The screens are walked as a patient meets them (test_accessibility.run_on_every_screen);
the booking view's day and time choice has its own keyboard tests (test_booking_flows).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget

from care4u_desktop.domain.models import Role
from care4u_desktop.ui.theme import Look, TextSize

from .keyboard_support import label_of, tab_order_problems, tab_stops
from .support import PASSWORD, btn, click, log_in, next_working_day, register, wait_idle
from .test_accessibility import run_on_every_screen
from .test_screenshots import walk_patient_flow

KEYS = {"Enter": Qt.Key.Key_Return, "keypad Enter": Qt.Key.Key_Enter, "Space": Qt.Key.Key_Space}
SETTINGS = {
    "1280x1024-normal": (1280, 1024, Look()),
    "1024x768-xl": (1024, 768, Look(TextSize.EXTRA_LARGE)),
}


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def run_on_kiosk_screens(qtbot, window, check: Callable[[str], None]) -> list[str]:
    """The kiosk's screens: the patient's path, the "still there?" question, the staff exit."""
    window.kiosk.confirmation_seconds = 600  # no clock runs out while the test looks
    seen: list[str] = []

    def visit(name: str) -> None:
        wait_idle(qtbot, window)
        settle()
        check(name)
        seen.append(name)

    walk_patient_flow(qtbot, window, visit)
    window.idle_prompt.open(15)
    visit("7-idle-prompt")
    window.idle_prompt.hide()
    click(qtbot, btn(window.appointments, "appointmentsLogoutButton"))
    visit("1-login-kiosk")
    click(qtbot, btn(window, "staffExitButton"))
    visit("8-kiosk-exit")
    return seen


def run_on_staff_screens(qtbot, window, check: Callable[[str], None]) -> list[str]:
    """The reception desk and the doctor editor, as an admin meets them."""
    window.services.accounts.sign_up(
        "Ada Admin", "admin@example.com", "555 000 1111", PASSWORD, PASSWORD, role=Role.ADMIN
    )
    log_in(qtbot, window, "admin@example.com")
    seen: list[str] = []

    def visit(name: str) -> None:
        wait_idle(qtbot, window)
        settle()
        check(name)
        seen.append(name)

    visit("10-staff-desk")
    window.navigator.show_doctor_admin()
    visit("11-doctor-admin")
    window.doctor_admin.list.setCurrentIndex(window.doctor_admin.names.index(0))
    visit("11-doctor-admin-editing")
    return seen


def key_is_taken(widget: QAbstractButton, key: Qt.Key) -> bool:
    """Does the button act on this key? Sent with the button's signals blocked, so what it
    does (log in, go to a screen) does not happen: a button that does nothing with a key
    passes it on (ignores it), one that presses takes it."""
    text = " " if key == Qt.Key.Key_Space else "\r"
    checked = widget.isChecked()
    with QSignalBlocker(widget):
        press = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
        QApplication.sendEvent(widget, press)
        release = QKeyEvent(QEvent.Type.KeyRelease, key, Qt.KeyboardModifier.NoModifier, text)
        QApplication.sendEvent(widget, release)
        taken = press.isAccepted() and not widget.isDown()
        widget.setChecked(checked)
    return taken


def keys_problems(window: QWidget, screen: str) -> list[str]:
    problems = []
    for widget in tab_stops(window):
        if not isinstance(widget, QAbstractButton) or screen == "4-booking":
            continue
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        for name, key in KEYS.items():
            if not key_is_taken(widget, key):
                problems.append(f"{screen}: {name} on {label_of(widget)} does nothing")
    return problems


def test_enter_and_space_press_the_focused_button_on_every_screen(qtbot, window):
    window.resize(1280, 1024)
    active(qtbot, window)
    problems: list[str] = []
    run_on_every_screen(
        qtbot, window, lambda screen: problems.extend(keys_problems(window, screen))
    )
    assert not problems, "\n".join(problems)


def test_enter_and_space_press_the_focused_button_on_every_kiosk_screen(qtbot, kiosk_window):
    window = kiosk_window
    active(qtbot, window)
    problems: list[str] = []
    seen = run_on_kiosk_screens(
        qtbot, window, lambda screen: problems.extend(keys_problems(window, screen))
    )
    assert "1-login-kiosk" in seen
    assert not problems, "\n".join(problems)


def test_enter_and_space_press_the_focused_button_on_the_staff_screens(qtbot, window):
    window.resize(1280, 1024)
    active(qtbot, window)
    problems: list[str] = []
    seen = run_on_staff_screens(
        qtbot, window, lambda screen: problems.extend(keys_problems(window, screen))
    )
    assert len(seen) == 3
    assert not problems, "\n".join(problems)


def test_enter_and_space_tick_a_focused_box(qtbot, window):
    window.resize(1280, 1024)
    active(qtbot, window)
    run_on_staff_screens(qtbot, window, lambda screen: None)
    box = window.doctor_admin.day_boxes[6]
    box.setFocus(Qt.FocusReason.TabFocusReason)
    was = box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.isChecked() is not was
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    assert box.isChecked() is was
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() is not was


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_tab_follows_the_reading_order_on_every_screen(qtbot, window, setting):
    width, height, look = SETTINGS[setting]
    window.resize(width, height)
    window.apply_look(look, remember=False)
    active(qtbot, window)
    problems: list[str] = []

    def check(screen: str) -> None:
        if screen != "4-booking":  # the day and time choice: the booking view's own tests
            problems.append(tab_order_problems(qtbot, window, screen))

    run_on_every_screen(qtbot, window, check)
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_tab_follows_the_reading_order_on_every_kiosk_screen(qtbot, kiosk_window):
    window = kiosk_window
    active(qtbot, window)
    problems: list[str] = []

    def check(screen: str) -> None:
        if screen != "4-booking":
            problems.append(tab_order_problems(qtbot, window, screen))

    run_on_kiosk_screens(qtbot, window, check)
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_tab_follows_the_reading_order_on_the_staff_screens(qtbot, window, setting):
    width, height, look = SETTINGS[setting]
    window.resize(width, height)
    window.apply_look(look, remember=False)
    active(qtbot, window)
    problems: list[str] = []
    run_on_staff_screens(
        qtbot, window, lambda screen: problems.append(tab_order_problems(qtbot, window, screen))
    )
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def tab_to(qtbot, target: QWidget, limit: int = 80) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {label_of(target)}")


def press(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def test_a_patient_goes_through_every_screen_with_the_keyboard_only(qtbot, window):
    """Tab to move, Enter and Space to press, typing into fields: no mouse at all. (The day
    and the time are reached as the booking view's own keyboard tests say.)"""
    window.resize(1280, 1024)
    active(qtbot, window)
    login = window.login
    assert QApplication.focusWidget() is login.email.input

    tab_to(qtbot, btn(login, "goToSignupButton"))
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_view() is window.signup
    tab_to(qtbot, btn(window.signup, "backToLoginButton"))
    press(qtbot, Qt.Key.Key_Space)
    assert window.current_view() is login

    register(window)
    tab_to(qtbot, login.email.input)
    qtbot.keyClicks(login.email.input, "maria@example.com")
    tab_to(qtbot, login.password.input)
    qtbot.keyClicks(login.password.input, PASSWORD)
    tab_to(qtbot, btn(login, "loginButton"))
    with qtbot.waitSignal(login.logged_in, timeout=10_000):
        press(qtbot, Qt.Key.Key_Enter)
    wait_idle(qtbot, window)
    doctors = window.doctors
    assert window.current_view() is doctors

    tab_to(qtbot, doctors.search)
    qtbot.keyClicks(doctors.search, "Sarah")
    tab_to(qtbot, doctors.table)
    press(qtbot, Qt.Key.Key_Space)  # picks the row the list's focus is on
    tab_to(qtbot, btn(doctors, "bookButton"))
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    booking = window.booking
    assert window.current_view() is booking

    day = next_working_day(window.services.store.get_doctor("doc-001"), after_days=2)
    booking.calendar.setSelectedDate(QDate(day))
    wait_idle(qtbot, window)
    # How the keyboard moves among the day's times is the booking view's (its tests).
    booking.findChild(QPushButton, "slot-10:00").setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, btn(booking, "confirmBookingButton"))
    with qtbot.waitSignal(booking.booked, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert QApplication.focusWidget() is booking.appointment_id

    tab_to(qtbot, btn(booking, "viewAppointmentsButton"))
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    appointments = window.appointments
    assert window.current_view() is appointments
    tab_to(qtbot, appointments.table)
    press(qtbot, Qt.Key.Key_Space)
    cancel = btn(appointments, "cancelAppointmentButton")
    assert cancel.isEnabled()
    tab_to(qtbot, cancel)
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is btn(appointments, "keepAppointmentButton")
    tab_to(qtbot, btn(appointments, "confirmCancelButton"))
    press(qtbot, Qt.Key.Key_Space)
    wait_idle(qtbot, window)
    assert "is cancelled" in appointments.banner.text()
    assert not cancel.isEnabled()

    tab_to(qtbot, btn(appointments, "appointmentsLogoutButton"))
    press(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.current_view() is login
    assert window.session is None
