"""Every password field can show what was typed, and hides it again for the next person.

A real button beside the field (48 px or more, a Tab stop, Enter and Space press it),
named "Show password" / "Hide password" (and in Spanish), the password hidden again
whenever the field is reset: a log-in, a log-out, the kiosk's idle wipe. Shown, the
password still goes nowhere else: not into a log, an accessible name, or the clipboard.
"""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from .support import btn, click, field, log_in, register, type_into, wait_idle
from .test_kiosk import release_the_clock

CTRL = Qt.KeyboardModifier.ControlModifier
SECRET = "tulip-Harbour-42"


def reveal_button(edit: QLineEdit) -> QPushButton:
    """The button beside a password field: the one Tab goes to from the field."""
    holder = edit.parentWidget()
    buttons = [b for b in holder.findChildren(QPushButton) if b.isVisibleTo(holder)]
    assert len(buttons) == 1, f"{edit.objectName()}: no show-password button beside it"
    return buttons[0]


def password_fields(window) -> dict[str, QLineEdit]:
    window.show_view(window.signup)
    found = {
        "login": field(window.login, "passwordInput"),
        "signup": field(window.signup, "passwordInput"),
        "signup confirm": field(window.signup, "confirmPasswordInput"),
        "kiosk exit": field(window.kiosk_exit, "staffPasswordInput"),
    }
    window.show_view(window.login)
    return found


def is_hidden(edit: QLineEdit) -> bool:
    return edit.echoMode() == QLineEdit.EchoMode.Password


def show_screen_of(window, edit: QLineEdit) -> None:
    for view in window.views:
        if view.isAncestorOf(edit):
            window.show_view(view)


def test_every_password_field_has_a_show_password_button(qtbot, window):
    window.resize(1280, 1024)
    for where, edit in password_fields(window).items():
        show_screen_of(window, edit)
        toggle = reveal_button(edit)
        assert toggle.isVisible(), where
        assert toggle.height() >= 48 and toggle.width() >= 48, f"{where}: {toggle.size()}"
        assert toggle.accessibleName() == "Show password", where
        assert toggle.accessibleDescription(), where
        assert is_hidden(edit), where
        type_into(qtbot, edit, SECRET)
        click(qtbot, toggle)
        assert not is_hidden(edit), f"{where}: still hidden after Show password"
        assert toggle.accessibleName() == "Hide password", where
        assert edit.text() == SECRET  # showing it changes nothing typed
        toggle.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(toggle, Qt.Key.Key_Return)  # the keyboard works it too
        assert is_hidden(edit), f"{where}: Enter on Hide password left it shown"
        assert toggle.accessibleName() == "Show password", where
        qtbot.keyClick(toggle, Qt.Key.Key_Space)
        assert not is_hidden(edit), where
        window.wipe()
        assert is_hidden(edit), f"{where}: shown again after a reset"


def test_the_button_is_named_in_spanish(qtbot, window):
    edit = field(window.login, "passwordInput")
    toggle = reveal_button(edit)
    window.set_language("es")
    assert toggle.accessibleName() == "Mostrar contraseña"
    click(qtbot, toggle)
    assert toggle.accessibleName() == "Ocultar contraseña"
    window.set_language("en")
    assert toggle.accessibleName() == "Hide password"  # the state survives a switch


def test_a_shown_password_is_hidden_again_after_a_log_in_and_a_log_out(qtbot, window):
    register(window)
    edit = field(window.login, "passwordInput")
    click(qtbot, reveal_button(edit))
    assert not is_hidden(edit)
    log_in(qtbot, window)
    assert is_hidden(edit), "the next log-in would start with the password shown"
    click(qtbot, btn(window.doctors, "logoutButton"))
    wait_idle(qtbot, window)
    assert window.current_view() is window.login
    assert is_hidden(edit) and reveal_button(edit).accessibleName() == "Show password"


def test_the_kiosk_hides_a_shown_password_when_it_wipes_for_idleness(qtbot, kiosk_window):
    window = kiosk_window
    edit = field(window.login, "passwordInput")
    type_into(qtbot, edit, SECRET)
    click(qtbot, reveal_button(edit))
    assert not is_hidden(edit)
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=8_000):
        pass
    assert edit.text() == ""
    assert is_hidden(edit), "the next patient would type with the password shown"
    assert reveal_button(edit).accessibleName() == "Show password"


@pytest.mark.parametrize("mode", ["windowed", "kiosk"])
def test_a_shown_password_goes_nowhere_else(qtbot, request, caplog, mode):
    window = request.getfixturevalue("kiosk_window" if mode == "kiosk" else "window")
    caplog.set_level(logging.DEBUG)
    register(window)
    edit = field(window.login, "passwordInput")
    type_into(qtbot, field(window.login, "emailInput"), "maria@example.com")
    type_into(qtbot, edit, SECRET)
    click(qtbot, reveal_button(edit))
    assert not is_hidden(edit)

    # Not onto the clipboard nor X11's selection: select it all and copy, by keyboard.
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_C, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    clipboard = QGuiApplication.clipboard()
    assert SECRET not in clipboard.text()
    if clipboard.supportsSelection():
        assert SECRET not in clipboard.text(clipboard.Mode.Selection)
    # Not into any control's name or description.
    for widget in window.findChildren(QWidget):
        said = widget.accessibleName() + widget.accessibleDescription() + widget.toolTip()
        assert SECRET not in said, f"{widget.objectName()} says the password"
    # Not into the log, through a failed log-in either.
    click(qtbot, btn(window.login, "loginButton"))
    wait_idle(qtbot, window)
    assert SECRET not in caplog.text
    assert QApplication.focusWidget() is not None
