"""Names in many scripts and look-alike emails, typed into the real sign-up screen."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.names import HIDDEN_CHARACTER_MESSAGE, REAL_NAMES, nfd

from .support import PASSWORD, btn, click, field, register, text_of, wait_idle

#: A sample of tests.names.REAL_NAMES (every one is signed up on every store in
#: tests/contract/test_names_and_emails.py; each sign-up here hashes a password for real).
TYPED_AT_THE_KIOSK = [
    REAL_NAMES[1],  # Vietnamese, decomposed as some input methods send it
    ("O’Brien", "O’Brien"),
    ("J. R. R. Tolkien", "J. R. R. Tolkien"),
    ("李", "李"),
    ("محمد بن سلمان", "محمد بن سلمان"),
    ("अंकित शर्मा", "अंकित शर्मा"),
    ("สมชาย ใจดี", "สมชาย ใจดี"),
    ("Ngũgĩ wa Thiong'o", "Ngũgĩ wa Thiong'o"),
]


def type_text(qtbot, line_edit: QLineEdit, text: str) -> None:
    """Key by key; what a keyboard has no key for (QTest has no key code for "ễ", "李" or
    a combining mark) arrives as the platform's input method delivers it: committed text."""
    line_edit.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(line_edit, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(line_edit, event)


def fill_signup(qtbot, window, name: str, email: str) -> None:
    click(qtbot, btn(window.login, "goToSignupButton"))
    signup = window.signup
    for widget, value in [
        ("nameInput", name),
        ("emailInput", email),
        ("phoneInput", "555 123 4567"),
        ("passwordInput", PASSWORD),
        ("confirmPasswordInput", PASSWORD),
    ]:
        type_text(qtbot, field(signup, widget), value)


@pytest.mark.parametrize(("typed", "stored"), TYPED_AT_THE_KIOSK)
def test_a_patient_signs_up_with_the_name_they_write(qtbot, window, typed, stored):
    fill_signup(qtbot, window, typed, "patient@example.com")
    assert field(window.signup, "nameInput").text() == typed  # typed key by key, as it came

    with qtbot.waitSignal(window.signup.signed_up, timeout=10_000):
        click(qtbot, btn(window.signup, "signupButton"))
    wait_idle(qtbot, window)

    assert window.current_view() is window.doctors  # no error: straight on to the doctors
    assert stored.split()[0] in window.doctors.greeting.text()
    user = window.services.store.find_user_by_email("patient@example.com")
    assert user is not None and user.name == stored
    assert unicodedata.is_normalized("NFC", user.name)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", HIDDEN_CHARACTER_MESSAGE),
        ("es", "Ese correo contiene un carácter oculto. Escríbalo de nuevo, por favor."),
    ],
)
def test_an_email_with_a_zero_width_space_is_refused_at_the_email_field(
    qtbot, window, language, message
):
    register(window, "alice@example.com", "Alice Liddell")
    window.set_language(language)
    fill_signup(qtbot, window, "Mallory Mallet", "alice\u200b@example.com")

    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(window.signup, "signupButton"))

    assert text_of(window.signup, "emailError") == message
    assert window.current_view() is window.signup
    assert window.services.store.find_user_by_email("alice\u200b@example.com") is None
    assert window.services.store.find_user_by_email("alice@example.com").name == "Alice Liddell"


def test_the_decomposed_email_logs_in_to_the_account_signed_up_composed(qtbot, window):
    register(window, "josé@example.com", "José Núñez")
    type_text(qtbot, field(window.login, "emailInput"), nfd("JOSÉ@example.com"))
    type_text(qtbot, field(window.login, "passwordInput"), PASSWORD)
    with qtbot.waitSignal(window.login.logged_in, timeout=10_000):
        click(qtbot, btn(window.login, "loginButton"))
    wait_idle(qtbot, window)
    assert window.current_view() is window.doctors
    assert "José" in window.doctors.greeting.text()
