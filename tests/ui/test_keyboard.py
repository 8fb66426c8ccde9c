"""The keyboard, on every screen, windowed and kiosk: Enter and Space press the focused
button (and tick a focused box), Tab goes in the order the screen reads.

The screens are walked as a patient meets them (test_accessibility.run_on_every_screen);
the booking view's day and time choice has its own keyboard tests (test_booking_flows).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from care4u_desktop.domain.models import Role
from care4u_desktop.ui.theme import Look, TextSize

from .keyboard_support import label_of, tab_order_problems, tab_stops
from .support import PASSWORD, btn, click, log_in, wait_idle
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
