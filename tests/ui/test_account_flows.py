"""Sign-up, log-in and log-out, clicked through the real window offscreen."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from .support import PASSWORD, btn, click, field, log_in, register, text_of, type_into, wait_idle


def test_a_new_patient_signs_up_and_lands_on_the_doctor_list(qtbot, window):
    click(qtbot, btn(window.login, "goToSignupButton"))
    signup = window.signup
    assert window.current_view() is signup
    type_into(qtbot, field(signup, "nameInput"), "Maria Garcia")
    type_into(qtbot, field(signup, "emailInput"), "  Maria@Example.COM ")
    type_into(qtbot, field(signup, "phoneInput"), "555 123 4567")
    type_into(qtbot, field(signup, "passwordInput"), PASSWORD)
    type_into(qtbot, field(signup, "confirmPasswordInput"), PASSWORD)
    with qtbot.waitSignal(signup.signed_up, timeout=10_000):
        click(qtbot, btn(signup, "signupButton"))
    wait_idle(qtbot, window)

    assert window.current_view() is window.doctors
    assert "Your account is ready" in window.doctors.banner.text()
    stored = window.services.store.find_user_by_email("maria@example.com")
    assert stored is not None and stored.name == "Maria Garcia"
    assert stored.password_hash != PASSWORD
    # The form is wiped so the next person cannot read it.
    assert field(signup, "emailInput").text() == ""


def test_signup_shows_each_problem_beside_its_field_and_stores_nothing(qtbot, window):
    click(qtbot, btn(window.login, "goToSignupButton"))
    signup = window.signup
    type_into(qtbot, field(signup, "nameInput"), "Maria Garcia")
    type_into(qtbot, field(signup, "emailInput"), "maria-at-example")
    type_into(qtbot, field(signup, "phoneInput"), "12ab")
    type_into(qtbot, field(signup, "passwordInput"), "short")
    type_into(qtbot, field(signup, "confirmPasswordInput"), "short")
    # Enter in any field submits.
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        qtbot.keyClick(field(signup, "confirmPasswordInput"), Qt.Key.Key_Return)

    assert "email address" in text_of(signup, "emailError")
    assert "digits" in text_of(signup, "phoneError")
    assert "at least 8 characters" in text_of(signup, "passwordError")
    assert not signup.findChild(QLineEdit, "nameInput").property("invalid")
    assert window.current_view() is signup
    assert window.services.store.find_user_by_email("maria-at-example") is None


def test_an_email_already_registered_is_refused_at_the_email_field(qtbot, window):
    register(window, "maria@example.com")
    click(qtbot, btn(window.login, "goToSignupButton"))
    signup = window.signup
    for name, value in [
        ("nameInput", "Another Maria"),
        ("emailInput", "maria@example.com"),
        ("phoneInput", "555 000 1111"),
        ("passwordInput", PASSWORD),
        ("confirmPasswordInput", PASSWORD),
    ]:
        type_into(qtbot, field(signup, name), value)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(signup, "signupButton"))
    assert text_of(signup, "emailError") == "That email is already registered. Log in instead?"
    assert window.services.store.find_user_by_email("maria@example.com").name == "Maria Garcia"


def test_wrong_password_is_refused_with_a_plain_message(qtbot, window):
    register(window)
    login = window.login
    type_into(qtbot, field(login, "emailInput"), "maria@example.com")
    type_into(qtbot, field(login, "passwordInput"), "not my password")
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        qtbot.keyClick(field(login, "passwordInput"), Qt.Key.Key_Return)
    assert text_of(login, "loginError").startswith("That email and password do not match")
    assert field(login, "passwordInput").text() == ""
    assert window.current_view() is login


def test_empty_login_fields_are_flagged_without_asking_the_store(qtbot, window):
    click(qtbot, btn(window.login, "loginButton"))
    assert text_of(window.login, "emailError") == "Please enter your email address."
    assert text_of(window.login, "passwordError") == "Please enter your password."
    assert window.runner.pending == 0


def test_the_login_button_shows_it_is_busy_and_the_window_stays_responsive(
    qtbot, window, monkeypatch
):
    register(window)
    gate = threading.Event()
    real_log_in = window.services.accounts.log_in

    def slow_log_in(email: str, password: str):
        gate.wait(10)
        return real_log_in(email, password)

    monkeypatch.setattr(window.services.accounts, "log_in", slow_log_in)
    login = window.login
    type_into(qtbot, field(login, "emailInput"), "maria@example.com")
    type_into(qtbot, field(login, "passwordInput"), PASSWORD)
    button = btn(login, "loginButton")
    click(qtbot, button)
    assert not button.isEnabled()
    assert button.text() == "Logging in…"
    # The GUI thread is free: typing still works while the call runs.
    qtbot.keyClicks(field(login, "emailInput"), "x")
    assert field(login, "emailInput").text().endswith("x")
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        gate.set()
    assert button.isEnabled() and button.text() == "Log in"


def test_a_broken_store_gives_a_clear_message_not_a_traceback(qtbot, window, data_dir):
    register(window)
    (data_dir / "care4u.sqlite3").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (data_dir / f"care4u.sqlite3{suffix}").unlink(missing_ok=True)
    login = window.login
    type_into(qtbot, field(login, "emailInput"), "maria@example.com")
    type_into(qtbot, field(login, "passwordInput"), PASSWORD)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(login, "loginButton"))
    message = text_of(login, "loginError")
    assert message.startswith("The booking system is not responding right now.")
    assert "Traceback" not in message and "sqlite" not in message.lower()


def test_log_out_returns_to_login_and_leaves_nothing_behind(qtbot, window):
    register(window)
    log_in(qtbot, window)
    doctors = window.doctors
    type_into(qtbot, field(doctors, "doctorSearch"), "cardio")
    click(qtbot, btn(doctors, "logoutButton"))

    assert window.current_view() is window.login
    assert window.session is None
    assert field(window.login, "emailInput").text() == ""
    assert field(window.login, "passwordInput").text() == ""
    assert field(doctors, "doctorSearch").text() == ""
    assert doctors.model.rowCount() == 0
    assert window.user_label.text() == ""


def test_an_unusable_data_directory_is_said_on_the_login_screen_at_start(start_window, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data directory should be", encoding="utf-8")
    window = start_window(["--data-dir", str(blocker / "data")])
    banner = window.login.findChild(QLabel, "loginBanner")
    assert window.current_view() is window.login
    assert banner.isVisible()
    assert banner.text().startswith(f"Cannot use the data directory {blocker / 'data'}")
    assert "Traceback" not in banner.text()
    assert blocker.read_text(encoding="utf-8").startswith("a file")  # nothing changed


def test_the_store_is_checked_again_until_it_can_be_used(
    qtbot, start_window, tmp_path, monkeypatch
):
    from care4u_desktop.ui import main_window

    monkeypatch.setattr(main_window, "STORE_RECHECK_MS", 100)
    blocker = tmp_path / "not-yet-a-folder"
    blocker.write_text("mounted later", encoding="utf-8")
    window = start_window(["--data-dir", str(blocker)])
    banner = window.login.findChild(QLabel, "loginBanner")
    assert banner.isVisible() and banner.text().startswith("Cannot use the data directory")

    blocker.unlink()  # the folder becomes usable (a share mounted, a disk back)
    with qtbot.waitSignal(window.store_ready, timeout=5_000) as ready:
        pass
    assert ready.args == [10]
    assert not banner.isVisible()


def test_a_backend_that_cannot_be_built_answers_a_log_in_with_a_message(
    qtbot, start_window, data_dir, monkeypatch
):
    """AWS settings naming a profile that does not exist: the screen says so, every time."""
    monkeypatch.setenv("AWS_PROFILE", "care4u-no-such-profile")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(data_dir / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(data_dir / "no-aws-credentials"))
    window = start_window(["--backend", "aws", "--data-dir", str(data_dir)])
    login = window.login
    assert login.findChild(QLabel, "loginBanner").isVisible()

    type_into(qtbot, field(login, "emailInput"), "maria@example.com")
    type_into(qtbot, field(login, "passwordInput"), PASSWORD)
    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        click(qtbot, btn(login, "loginButton"))
    message = text_of(login, "loginError")
    assert message and "Traceback" not in message
    assert btn(login, "loginButton").isEnabled()
