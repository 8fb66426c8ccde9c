"""The navigator on its own: which screen each role reaches, and what a log-out does, in order.

The screens are stand-ins that record what they were asked (the window's real views are
driven through clicks in test_account_flows.py, test_staff_desk.py and test_kiosk.py); the
navigator and its task runner are the real ones.
"""

from __future__ import annotations

from typing import Any

import pytest

from care4u_desktop.domain.models import DoctorSummary, Role
from care4u_desktop.services.accounts import Session, SignUpResult
from care4u_desktop.ui.navigation import Navigator
from care4u_desktop.ui.worker import TaskRunner
from tests.fakes import make_doctor, make_user


class Screen:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self._log = log

    def enter(self, *what: Any) -> None:
        self._log.append(f"enter {self.name}")


class Screens:
    """Records every request, in order, in ``log``."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.login = Screen("login", self.log)
        self.doctors = Screen("doctors", self.log)
        self.booking = Screen("booking", self.log)
        self.appointments = Screen("appointments", self.log)
        self._desk = Screen("desk", self.log)
        self._admin = Screen("admin", self.log)
        self.shown: Screen | None = None

    def desk(self) -> Screen:
        return self._desk

    def admin(self) -> Screen:
        return self._admin

    def show_view(self, view: Screen) -> None:
        self.shown = view
        self.log.append(f"show {view.name}")

    def show_user(self, session: Session | None) -> None:
        self.log.append(f"user {session.user.name if session else '-'}")

    def welcome(self, result: SignUpResult) -> None:
        self.log.append(f"welcome {result.session.user.name}")

    def wipe(self) -> None:
        self.log.append("wipe")


def session(role: Role, name: str = "Ada Lovelace") -> Session:
    return Session(make_user(name=name, role=role))


@pytest.fixture
def screens() -> Screens:
    return Screens()


@pytest.fixture
def runner(qtbot: Any) -> TaskRunner:
    return TaskRunner()


def navigator(screens: Screens, runner: TaskRunner, *, kiosk: bool = False) -> Navigator:
    return Navigator(screens, runner, kiosk_mode=kiosk)


def test_a_patient_goes_to_the_doctors_and_staff_to_the_desk(screens, runner) -> None:
    nav = navigator(screens, runner)
    nav.start_session(session(Role.PATIENT))
    assert screens.log == ["user Ada Lovelace", "show doctors", "enter doctors"]

    screens.log.clear()
    nav.start_session(session(Role.STAFF, "Rita Desk"))
    assert screens.log == ["user Rita Desk", "show desk", "enter desk"]
    assert nav.session is not None and nav.session.user.name == "Rita Desk"


def test_a_patient_asking_for_the_desk_is_logged_out(screens, runner) -> None:
    nav = navigator(screens, runner)
    nav.start_session(session(Role.PATIENT))
    screens.log.clear()

    nav.show_staff_desk()

    assert "enter desk" not in screens.log
    assert nav.session is None and screens.shown is screens.login


def test_only_an_admin_opens_the_doctor_editor(screens, runner) -> None:
    nav = navigator(screens, runner)
    nav.start_session(session(Role.STAFF))
    nav.show_doctor_admin()
    assert "enter admin" not in screens.log and screens.shown is screens._desk

    nav.start_session(session(Role.ADMIN))
    nav.show_doctor_admin()
    assert screens.log[-2:] == ["show admin", "enter admin"]


def test_nobody_logged_in_reaches_no_patient_screen(screens, runner) -> None:
    nav = navigator(screens, runner)
    summary = DoctorSummary(make_doctor("doc-001"), None)
    nav.book(summary)
    nav.show_appointments()
    nav.show_doctors()
    nav.show_doctor_admin()
    assert screens.log == ["show login"]


def test_a_sign_up_logs_in_then_welcomes(screens, runner) -> None:
    nav = navigator(screens, runner)
    nav.signed_up(SignUpResult(session(Role.PATIENT, "Nia Park"), subscribed=True))
    assert screens.log == ["user Nia Park", "show doctors", "enter doctors", "welcome Nia Park"]


@pytest.mark.parametrize(("kiosk", "after"), [(True, "show login"), (False, "enter doctors")])
def test_finishing_a_booking_leaves_a_kiosk_and_stays_on_a_desk(
    screens, runner, kiosk: bool, after: str
) -> None:
    nav = navigator(screens, runner, kiosk=kiosk)
    nav.start_session(session(Role.PATIENT))
    nav.finished_booking()
    assert screens.log[-1] == after
    assert (nav.session is None) is kiosk


def test_a_log_out_drops_late_answers_wipes_then_shows_the_log_in(qtbot, screens, runner) -> None:
    nav = navigator(screens, runner)
    nav.start_session(session(Role.PATIENT))
    epoch = runner.epoch
    screens.log.clear()

    with qtbot.waitSignal(nav.logged_out, timeout=1_000):
        nav.log_out()

    assert nav.session is None
    assert runner.epoch == epoch + 1  # a slow answer for this patient is not shown
    assert screens.log == ["user -", "wipe", "show login"]
