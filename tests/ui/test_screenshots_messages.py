"""The kiosk's guarded moments, shot as a patient sees them (docs/screenshots/):

- the Staff exit waiting after a wrong guess (``8-kiosk-exit-wait``);
- a slip asked for on a kiosk whose printer is not there (``5-confirmation-no-printer``);
- an email with a hidden character, flagged at its field (``2-signup-hidden-character``);
- a booking whose outcome the store could not confirm, in Spanish (``4-booking-unconfirmed``).

Each at normal and a larger text size, checked like every other screenshot: the main
button in view, no label or button cut off. CARE4U_SCREENSHOT_DIR keeps the PNGs.
"""

from __future__ import annotations

import pytest

from care4u_desktop.ui.theme import Look, TextSize

from .support import PASSWORD, btn, click, field, log_in, register, type_into, wait_idle
from .test_kiosk import book_through_the_screens, register_staff, stop_the_exit_clock, try_exit
from .test_kiosk_printer import NOT_READY, press_print, said
from .test_lost_answers import UNCONFIRMED_ES, confirm, lose_the_answer_to_book
from .test_names_and_emails import type_text
from .test_screenshots import make_shooter, shot_dir

SIZES = {"": Look(), "-xl": Look(TextSize.EXTRA_LARGE)}
#: A kiosk is full screen on the offscreen platform's 800x800, a small screen: its shots are
#: taken at normal and large text, as in test_screenshots (extra-large text there scrolls
#: the Staff exit's buttons below the fold: issue 13's work).
KIOSK_SIZES = {"": Look(), "-large": Look(TextSize.LARGE)}
HIDDEN = "That email contains a hidden character. Please type it again."


@pytest.mark.parametrize("suffix", list(KIOSK_SIZES))
def test_the_staff_exit_while_it_waits(qtbot, kiosk_window, tmp_path, suffix):
    window = kiosk_window
    window.apply_look(KIOSK_SIZES[suffix])
    stop_the_exit_clock(window)
    register_staff(window)
    click(qtbot, btn(window, "staffExitButton"))
    try_exit(qtbot, window, "rita@example.com", "a wrong guess")
    exit_view = window.kiosk_exit
    qtbot.waitUntil(lambda: not btn(exit_view, "exitKioskButton").isEnabled(), timeout=2_000)
    assert exit_view.wait_note.text() == "Please wait 1 second before trying again."
    make_shooter(qtbot, window, shot_dir(tmp_path), f"{suffix}-kiosk")("8-kiosk-exit-wait")


@pytest.mark.parametrize("suffix", list(KIOSK_SIZES))
def test_a_slip_on_a_kiosk_with_no_printer(qtbot, kiosk_window, tmp_path, suffix):
    window = kiosk_window
    window.kiosk.confirmation_seconds = 600
    window.apply_look(KIOSK_SIZES[suffix])
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    shown = said(window)
    # No scheduler answers on the tests' private CUPS socket here: no printer at all.
    press_print(qtbot, window, shown)
    assert shown == [NOT_READY]
    make_shooter(qtbot, window, shot_dir(tmp_path), f"{suffix}-kiosk")("5-confirmation-no-printer")


@pytest.mark.parametrize("suffix", list(SIZES))
def test_an_email_with_a_hidden_character(qtbot, window, tmp_path, suffix):
    window.resize(1280, 900)
    window.apply_look(SIZES[suffix])
    click(qtbot, btn(window.login, "goToSignupButton"))
    signup = window.signup
    type_into(qtbot, field(signup, "nameInput"), "Lucia Fernandez")
    type_text(qtbot, field(signup, "emailInput"), "lucia\u200b@example.com")
    type_into(qtbot, field(signup, "phoneInput"), "555 987 6543")
    type_into(qtbot, field(signup, "passwordInput"), PASSWORD)
    type_into(qtbot, field(signup, "confirmPasswordInput"), PASSWORD)
    click(qtbot, btn(signup, "signupButton"))
    wait_idle(qtbot, window)
    assert signup.email.error.text() == HIDDEN
    make_shooter(qtbot, window, shot_dir(tmp_path), suffix)("2-signup-hidden-character")


@pytest.mark.parametrize("suffix", list(SIZES))
def test_a_booking_that_could_not_be_confirmed(qtbot, window, tmp_path, monkeypatch, suffix):
    window.resize(1280, 900)
    window.apply_look(SIZES[suffix])
    register(window)
    window.set_language("es")
    log_in(qtbot, window)
    lose_the_answer_to_book(monkeypatch, blind_after=True)
    confirm(qtbot, window, "11:00")
    assert window.booking.banner.text() == UNCONFIRMED_ES
    make_shooter(qtbot, window, shot_dir(tmp_path), f"-es{suffix}")("4-booking-unconfirmed")
