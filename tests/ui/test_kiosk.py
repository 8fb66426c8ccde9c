"""Kiosk lock-down: no way out without staff, idle log-out, the timed confirmation.

The kiosk fixture runs with 1 s idle, a 2 s countdown and a 2 s confirmation, so every
wait here is on a signal the kiosk emits, never a sleep.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from care4u_desktop.domain.errors import InvalidCredentials
from care4u_desktop.domain.models import Role
from tests.fakes import FakeMonotonic

from .support import PASSWORD, btn, click, field, log_in, next_working_day, register, type_into

STAFF_EMAIL = "rita@example.com"


def register_staff(window) -> None:
    window.services.accounts.sign_up(
        "Rita Moreno", STAFF_EMAIL, "555 010 2030", PASSWORD, PASSWORD, role=Role.STAFF
    )


def release_the_clock(window) -> None:
    """From now on the configured 1 s of idleness counts."""
    window.kiosk.idle_timer.setInterval(window.kiosk.idle_seconds * 1000)
    window.kiosk.idle_timer.start()


def book_through_the_screens(qtbot, window, hhmm: str = "10:00") -> None:
    sarah = window.services.store.get_doctor("doc-001")
    day = next_working_day(sarah)
    window.doctors.search.setText("Sarah")
    window.doctors.table.selectRow(0)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(window.doctors, "bookButton"))
    if window.booking.calendar.selectedDate() != QDate(day):
        with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
            window.booking.calendar.setSelectedDate(QDate(day))
    click(qtbot, window.booking.findChild(QPushButton, f"slot-{hhmm}"))
    with qtbot.waitSignal(window.booking.booked, timeout=10_000):
        click(qtbot, btn(window.booking, "confirmBookingButton"))


def assert_nothing_left(window) -> None:
    assert window.current_view() is window.login
    assert window.session is None
    assert window.user_label.text() == ""
    for edit in window.findChildren(QLineEdit):
        if not edit.objectName().startswith("qt_"):  # Qt's own, e.g. the calendar's year
            assert edit.text() == "", f"{edit.objectName()} still holds text"
    assert window.booking.calendar.selectedDate() == QDate.currentDate()
    for table in (window.doctors.table, window.appointments.table):
        assert not table.selectionModel().hasSelection(), table.objectName()
    assert window.doctors.filter.currentIndex() == 0
    assert window.doctors.model.rowCount() == 0
    assert window.appointments.model.rowCount() == 0
    slots = [b for b in window.booking.findChildren(QPushButton) if b.objectName()[:5] == "slot-"]
    assert slots == []
    assert window.booking.appointment_id.text() == ""
    assert window.booking.details.text() == ""
    assert not window.idle_prompt.isVisible()
    assert window.content.isEnabled()


def test_a_kiosk_is_full_screen_without_a_frame(kiosk_window):
    assert kiosk_window.isFullScreen()
    assert kiosk_window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert btn(kiosk_window, "staffExitButton").isVisible()


def test_a_kiosk_refuses_close_escape_and_alt_f4(qtbot, kiosk_window):
    window = kiosk_window
    assert window.close() is False
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.login.email.input, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible() and window.isFullScreen()
    assert window.close() is False


def stop_the_exit_clock(window) -> FakeMonotonic:
    """The Staff exit's waits run on a clock the test moves (no sleeping through them)."""
    clock = FakeMonotonic()
    window.services.exit_throttle.clock = clock
    return clock


def try_exit(qtbot, window, email: str, password: str) -> None:
    exit_view = window.kiosk_exit
    field(exit_view, "staffEmailInput").clear()
    type_into(qtbot, field(exit_view, "staffEmailInput"), email)
    type_into(qtbot, field(exit_view, "staffPasswordInput"), password)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(exit_view, "exitKioskButton"))


def wait_out(qtbot, window, clock: FakeMonotonic, seconds: float) -> None:
    """Let ``seconds`` pass on the exit's clock; the button comes back on by itself."""
    button = btn(window.kiosk_exit, "exitKioskButton")
    qtbot.waitUntil(lambda: not button.isEnabled(), timeout=2_000)  # off, right after the answer
    clock.now += seconds - 0.5
    window.kiosk_exit.show_wait()  # what the count-down timer calls: not yet
    assert not button.isEnabled() and window.kiosk_exit.wait_note.isVisible()
    clock.now += 0.5
    qtbot.waitUntil(button.isEnabled, timeout=5_000)
    assert not window.kiosk_exit.wait_note.isVisible()


def test_a_patient_cannot_unlock_the_exit_but_staff_can(qtbot, kiosk_window):
    window = kiosk_window
    clock = stop_the_exit_clock(window)
    register(window)
    register_staff(window)
    click(qtbot, btn(window, "staffExitButton"))
    exit_view = window.kiosk_exit
    assert window.current_view() is exit_view

    # A patient's right password reads like a wrong one: the exit tells nobody more.
    try_exit(qtbot, window, "maria@example.com", PASSWORD)
    assert exit_view.error.text() == InvalidCredentials().message
    assert field(exit_view, "staffPasswordInput").text() == ""
    assert window.close() is False and window.isVisible()

    wait_out(qtbot, window, clock, 1)
    with qtbot.waitSignal(exit_view.exit_unlocked, timeout=10_000):
        try_exit(qtbot, window, STAFF_EMAIL, PASSWORD)
    assert window.exit_allowed
    assert not window.isVisible()


def test_wrong_passwords_at_the_staff_exit_never_lock_the_staff_account(qtbot, kiosk_window):
    """A patient must not be able to lock a staff member out by guessing at the exit;
    the kiosk waits longer after each wrong guess instead, and says so."""
    window = kiosk_window
    clock = stop_the_exit_clock(window)
    register_staff(window)
    click(qtbot, btn(window, "staffExitButton"))
    exit_view = window.kiosk_exit
    for n, wait in enumerate([1, 2, 4, 8, 16, 32]):
        try_exit(qtbot, window, STAFF_EMAIL, f"guess {n}")
        assert exit_view.error.text() == InvalidCredentials().message
        qtbot.waitUntil(lambda: not btn(exit_view, "exitKioskButton").isEnabled(), timeout=2_000)
        assert exit_view.wait_note.text() == (
            "Please wait 1 second before trying again."
            if wait == 1
            else f"Please wait {wait} seconds before trying again."
        )
        if n == 3:
            # Logging out (the idle timer, the next patient) does not end the wait.
            click(qtbot, btn(exit_view, "cancelExitButton"))
            window.log_out()
            click(qtbot, btn(window, "staffExitButton"))
            assert not btn(exit_view, "exitKioskButton").isEnabled()
            assert exit_view.wait_note.text() == "Please wait 8 seconds before trying again."
        # Return does not get round the disabled button either.
        type_into(qtbot, field(exit_view, "staffPasswordInput"), PASSWORD)
        qtbot.keyClick(field(exit_view, "staffPasswordInput"), Qt.Key.Key_Return)
        assert window.runner.pending == 0 and not window.exit_allowed
        field(exit_view, "staffPasswordInput").clear()
        wait_out(qtbot, window, clock, wait)

    # The account was never locked: the staff member can log in at the kiosk ...
    click(qtbot, btn(exit_view, "cancelExitButton"))
    log_in(qtbot, window, STAFF_EMAIL)
    assert window.session is not None and window.session.is_staff
    window.log_out()
    # ... and close it.
    click(qtbot, btn(window, "staffExitButton"))
    with qtbot.waitSignal(exit_view.exit_unlocked, timeout=10_000):
        try_exit(qtbot, window, STAFF_EMAIL, PASSWORD)
    assert window.exit_allowed


def test_the_staff_exit_wait_reads_in_spanish(qtbot, kiosk_window):
    window = kiosk_window
    clock = stop_the_exit_clock(window)
    register_staff(window)
    window.set_language("es")
    click(qtbot, btn(window, "staffExitButton"))
    try_exit(qtbot, window, STAFF_EMAIL, "a guess")
    exit_view = window.kiosk_exit
    qtbot.waitUntil(exit_view.wait_note.isVisible, timeout=2_000)
    assert exit_view.wait_note.text() == "Espere 1 segundo antes de volver a intentarlo."
    wait_out(qtbot, window, clock, 1)
    try_exit(qtbot, window, STAFF_EMAIL, "another guess")
    qtbot.waitUntil(exit_view.wait_note.isVisible, timeout=2_000)
    assert exit_view.wait_note.text() == "Espere 2 segundos antes de volver a intentarlo."


def test_cancelling_the_exit_goes_back_and_forgets_what_was_typed(qtbot, kiosk_window):
    window = kiosk_window
    click(qtbot, btn(window, "staffExitButton"))
    type_into(qtbot, field(window.kiosk_exit, "staffEmailInput"), "rita@example.com")
    click(qtbot, btn(window.kiosk_exit, "cancelExitButton"))
    assert window.current_view() is window.login
    window.log_out()
    assert field(window.kiosk_exit, "staffEmailInput").text() == ""


def test_an_idle_patient_is_asked_then_logged_out_and_everything_is_wiped(qtbot, kiosk_window):
    window = kiosk_window
    register(window)
    log_in(qtbot, window)
    type_into(qtbot, field(window.doctors, "doctorSearch"), "Sarah")
    window.doctors.table.selectRow(0)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(window.doctors, "bookButton"))
    assert window.current_view() is window.booking
    release_the_clock(window)

    with qtbot.waitSignal(window.kiosk.idle_prompt_shown, timeout=5_000):
        pass
    prompt = window.idle_prompt
    assert prompt.isVisible()
    assert prompt.title.text() == "Are you still there?"
    assert "logged out in 2 seconds" in prompt.message.text()
    assert not window.content.isEnabled()  # nothing under the question can be used
    assert btn(prompt, "stillHereButton").hasFocus()

    with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=5_000):
        pass
    assert_nothing_left(window)


def test_i_am_still_here_keeps_the_patient_where_they_were(qtbot, kiosk_window):
    window = kiosk_window
    register(window)
    log_in(qtbot, window)
    type_into(qtbot, field(window.doctors, "doctorSearch"), "cardio")
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_prompt_shown, timeout=5_000):
        pass
    window.kiosk.idle_timer.setInterval(600_000)
    click(qtbot, btn(window.idle_prompt, "stillHereButton"))
    assert not window.idle_prompt.isVisible()
    assert window.content.isEnabled()
    assert window.session is not None
    assert window.current_view() is window.doctors
    assert field(window.doctors, "doctorSearch").text() == "cardio"
    assert not window.kiosk.countdown_timer.isActive()
    assert window.kiosk.idle_timer.isActive()


def test_any_input_starts_the_idle_clock_again(qtbot, kiosk_window):
    window = kiosk_window
    window.kiosk.idle_timer.setInterval(60_000)
    window.kiosk.idle_timer.stop()
    qtbot.mouseClick(window.login.email.input, Qt.MouseButton.LeftButton)
    assert window.kiosk.idle_timer.isActive()
    assert window.kiosk.idle_timer.remainingTime() > 55_000
    window.kiosk.idle_timer.stop()
    qtbot.keyClick(window.login.email.input, Qt.Key.Key_A)
    assert window.kiosk.idle_timer.isActive()


def test_an_empty_log_in_screen_is_left_alone_when_idle(qtbot, kiosk_window):
    window = kiosk_window
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_timer.timeout, timeout=5_000):
        pass
    assert not window.idle_prompt.isVisible()
    assert window.kiosk.idle_timer.isActive()  # it keeps watching


def test_a_half_typed_log_in_is_wiped_when_idle(qtbot, kiosk_window):
    window = kiosk_window
    type_into(qtbot, field(window.login, "emailInput"), "maria@exa")
    release_the_clock(window)
    with qtbot.waitSignal(window.kiosk.idle_logged_out, timeout=8_000):
        pass
    assert field(window.login, "emailInput").text() == ""


def test_the_confirmation_returns_to_log_in_after_its_time(qtbot, kiosk_window):
    window = kiosk_window
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    confirmation = window.booking.confirmation
    assert confirmation.countdown.isVisible()
    assert "closes in 2 seconds" in confirmation.countdown.text()
    assert btn(window.booking, "doneButton").text() == "Finish and log out"
    assert not btn(window.booking, "saveSlipButton").isVisible()  # no files on a kiosk

    with qtbot.waitSignal(window.kiosk.confirmation_timed_out, timeout=5_000):
        pass
    assert_nothing_left(window)


def test_finish_on_a_kiosk_logs_out_at_once(qtbot, kiosk_window):
    window = kiosk_window
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    click(qtbot, btn(window.booking, "doneButton"))
    assert_nothing_left(window)
    assert not window.kiosk.confirmation_timer.isActive()


def test_leaving_the_confirmation_stops_its_countdown(qtbot, kiosk_window):
    window = kiosk_window
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(window.booking, "viewAppointmentsButton"))
    assert not window.kiosk.confirmation_timer.isActive()
    assert window.session is not None


def test_the_language_goes_back_to_the_kiosk_default_at_log_out(qtbot, kiosk_window):
    window = kiosk_window
    register(window)
    combo = window.login.choices.language
    combo.setCurrentIndex(combo.findData("es"))
    assert btn(window.login, "loginButton").text() == "Iniciar sesión"
    log_in(qtbot, window)
    click(qtbot, btn(window.doctors, "logoutButton"))
    assert btn(window.login, "loginButton").text() == "Log in"
    assert combo.currentData() == "en"
