"""The sign-up in two steps where the whole form does not fit (a 768 px screen at the
largest text): the name, email and phone first, checked on "Next", then the passwords.
Clicked through the real window offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from care4u_desktop.ui.theme import Look, TextSize

from .fit import fit_problems
from .support import PASSWORD, btn, click, field, register, text_of, type_into, wait_idle
from .test_kiosk import release_the_clock

DETAILS = ("nameInput", "emailInput", "phoneInput")
PASSWORDS = ("passwordInput", "confirmPasswordInput")


def open_signup(qtbot, window, size: tuple[int, int], look: Look) -> None:
    window.apply_look(look, remember=False)
    window.resize(*size)
    click(qtbot, btn(window.login, "goToSignupButton"))
    wait_idle(qtbot, window)
    for _ in range(3):
        QApplication.processEvents()


def shown(window, names: tuple[str, ...]) -> list[bool]:
    return [field(window.signup, name).isVisible() for name in names]


def type_details(qtbot, window, email: str = "maria@example.com") -> None:
    signup = window.signup
    type_into(qtbot, field(signup, "nameInput"), "Maria Garcia")
    type_into(qtbot, field(signup, "emailInput"), email)
    type_into(qtbot, field(signup, "phoneInput"), "555 123 4567")


def type_passwords(qtbot, window) -> None:
    for name in PASSWORDS:
        type_into(qtbot, field(window.signup, name), PASSWORD)


def test_a_short_screen_with_the_largest_text_signs_up_in_two_steps(qtbot, window):
    open_signup(qtbot, window, (1024, 768), Look(TextSize.EXTRA_LARGE))
    signup = window.signup
    assert shown(window, DETAILS) == [True] * 3
    assert shown(window, PASSWORDS) == [False] * 2
    assert btn(signup, "signupButton").text() == "Next"
    assert signup.title.text() == "Create your account (1 of 2)"
    assert not fit_problems(window, "2-signup", (1024, 768))

    # A mistake is shown beside the field it was typed in, and nothing moves on.
    type_details(qtbot, window, email="maria-at-example")
    click(qtbot, btn(signup, "signupButton"))
    assert "email address" in text_of(signup, "emailError")
    assert shown(window, PASSWORDS) == [False] * 2
    assert QApplication.focusWidget() is field(signup, "emailInput")

    # Put right, Enter goes on to the passwords, the focus in the first.
    field(signup, "emailInput").clear()
    type_into(qtbot, field(signup, "emailInput"), "maria@example.com")
    qtbot.keyClick(field(signup, "phoneInput"), Qt.Key.Key_Return)
    assert shown(window, DETAILS) == [False] * 3
    assert shown(window, PASSWORDS) == [True] * 2
    assert QApplication.focusWidget() is field(signup, "passwordInput")
    assert signup.title.text() == "Create your account (2 of 2)"
    assert btn(signup, "signupButton").text() == "Create account"
    assert not btn(signup, "backToLoginButton").isVisible()
    assert not fit_problems(window, "2-signup", (1024, 768))

    type_passwords(qtbot, window)
    with qtbot.waitSignal(signup.signed_up, timeout=10_000):
        click(qtbot, btn(signup, "signupButton"))
    wait_idle(qtbot, window)
    assert window.current_view() is window.doctors
    stored = window.services.store.find_user_by_email("maria@example.com")
    assert stored is not None and stored.name == "Maria Garcia"
    # The next person starts at the first step of an empty form.
    assert signup.step == 1 and field(signup, "nameInput").text() == ""


def test_nothing_typed_is_lost_going_back_from_the_passwords(qtbot, window):
    open_signup(qtbot, window, (1024, 768), Look(TextSize.EXTRA_LARGE, high_contrast=True))
    signup = window.signup
    type_details(qtbot, window)
    click(qtbot, btn(signup, "signupButton"))
    type_into(qtbot, field(signup, "passwordInput"), PASSWORD)
    click(qtbot, btn(signup, "signupPreviousButton"))
    assert shown(window, DETAILS) == [True] * 3
    assert field(signup, "emailInput").text() == "maria@example.com"
    assert QApplication.focusWidget() is field(signup, "nameInput")
    click(qtbot, btn(signup, "signupButton"))
    assert field(signup, "passwordInput").text() == PASSWORD


def test_an_email_taken_brings_back_the_first_step_with_the_message_at_the_email(qtbot, window):
    register(window, "maria@example.com", "Maria Garcia")
    open_signup(qtbot, window, (1024, 768), Look(TextSize.EXTRA_LARGE))
    signup = window.signup
    type_details(qtbot, window)
    click(qtbot, btn(signup, "signupButton"))  # the rules "Next" checks cannot know it
    type_passwords(qtbot, window)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(signup, "signupButton"))
    assert signup.step == 1
    assert shown(window, DETAILS) == [True] * 3
    assert text_of(signup, "emailError") == "That email is already registered. Log in instead?"
    assert QApplication.focusWidget() is field(signup, "emailInput")
    assert window.services.store.find_user_by_email("maria@example.com").name == "Maria Garcia"


def test_a_window_with_room_shows_the_whole_form_again(qtbot, window):
    open_signup(qtbot, window, (1024, 768), Look(TextSize.EXTRA_LARGE))
    signup = window.signup
    type_details(qtbot, window)
    click(qtbot, btn(signup, "signupButton"))
    assert signup.split and signup.step == 2
    window.resize(1920, 1080)
    for _ in range(3):
        QApplication.processEvents()
    assert shown(window, DETAILS + PASSWORDS) == [True] * 5
    assert btn(signup, "signupButton").text() == "Create account"
    assert btn(signup, "backToLoginButton").isVisible()
    assert not btn(signup, "signupPreviousButton").isVisible()
    assert signup.title.text() == "Create your account"


def test_the_steps_speak_spanish(qtbot, window):
    window.set_language("es")
    open_signup(qtbot, window, (1024, 768), Look(TextSize.EXTRA_LARGE))
    signup = window.signup
    assert signup.title.text() == "Cree su cuenta (1 de 2)"
    assert btn(signup, "signupButton").text() == "Siguiente"
    type_details(qtbot, window)
    click(qtbot, btn(signup, "signupButton"))
    assert btn(signup, "signupPreviousButton").text() == "← Sus datos"
    assert not fit_problems(window, "2-signup", (1024, 768))


def test_the_next_kiosk_patient_starts_at_the_first_step_of_an_empty_form(qtbot, kiosk_window):
    """A patient who walks away at the passwords: the kiosk's idle reset wipes both steps
    and the next one meets the first, not the half-filled second."""
    window = kiosk_window
    open_signup(qtbot, window, (1024, 768), Look(TextSize.EXTRA_LARGE))
    signup = window.signup
    type_details(qtbot, window)
    click(qtbot, btn(signup, "signupButton"))
    type_into(qtbot, field(signup, "passwordInput"), PASSWORD)
    assert signup.step == 2
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=10_000):
        pass
    click(qtbot, btn(window.login, "goToSignupButton"))
    assert signup.step == 1
    assert shown(window, DETAILS) == [True] * 3
    assert [field(signup, n).text() for n in DETAILS + PASSWORDS] == [""] * 5
