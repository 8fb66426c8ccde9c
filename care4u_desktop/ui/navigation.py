"""Where the app goes next: the session, which screen a role sees, and the order of a log-out.

``Navigator`` holds the session of whoever is logged in and decides, for each request a
view makes (book this doctor, my appointments, manage the doctors, log out), which screen
comes next and whether this person may see it. The window keeps the screens themselves
(``Screens``): it builds each on first use, shows it, and wipes what a log-out must not
leave behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from ..domain.errors import DomainError

if TYPE_CHECKING:
    from ..domain.models import DoctorSummary
    from ..services.accounts import Session, SignUpResult
    from .views.appointments import AppointmentsView
    from .views.base import View
    from .views.booking import BookingView
    from .views.doctor_admin import DoctorAdminView
    from .views.doctors import DoctorsView
    from .views.login import LoginView
    from .views.staff_desk import StaffDeskView
    from .worker import TaskRunner

log = logging.getLogger(__name__)


class Screens(Protocol):
    """What the navigator needs from the window: the screens (each built when first asked
    for), showing one, and the parts of a log-out only the window can do."""

    @property
    def login(self) -> LoginView: ...
    @property
    def doctors(self) -> DoctorsView: ...
    @property
    def booking(self) -> BookingView: ...
    @property
    def appointments(self) -> AppointmentsView: ...
    def desk(self) -> StaffDeskView: ...
    def admin(self) -> DoctorAdminView: ...
    def show_view(self, view: View) -> None: ...
    def show_user(self, session: Session | None) -> None: ...
    def welcome(self, result: SignUpResult) -> None: ...
    def wipe(self) -> None:
        """Every view reset, the fields' histories and the clipboard emptied, the
        kiosk's language and clocks back to their start."""
        ...


class Navigator(QObject):
    #: A log-out has wiped every view, the fields' histories and the clipboard.
    logged_out = Signal()

    def __init__(
        self,
        screens: Screens,
        runner: TaskRunner,
        *,
        kiosk_mode: bool,
        end_session: Callable[[Session], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``end_session`` tells the backend a session is over (the log-out use case); it
        is called on a worker, after the screens are wiped."""
        super().__init__(parent)
        self._screens = screens
        self._runner = runner
        self._kiosk_mode = kiosk_mode
        self._end_session = end_session
        self.session: Session | None = None
        runner.session_ended.connect(self.session_ended)

    # -- sessions --------------------------------------------------------------------------
    def start_session(self, session: Session) -> None:
        self.session = session
        self._screens.show_user(session)
        if session.is_staff:
            self.show_staff_desk()
        else:
            self.show_doctors()

    def signed_up(self, result: SignUpResult) -> None:
        self.start_session(result.session)
        self._screens.welcome(result)

    def log_out(self) -> None:
        """End the session and wipe every view, so the next person starts clean; then tell
        the backend (on a worker: the wipe never waits for the network)."""
        self._tell_backend(self._close())

    def session_ended(self, error: DomainError) -> None:
        """The server says this session is over (logged out elsewhere, idle, the shift
        ended): back to the log-in screen, with the words why."""
        if self.session is None:
            return
        log.info("the session ended on the server; back to the log-in")
        # Told too, so the backend's client lets go of the dead token (the server's answer,
        # that it is over already, changes nothing).
        self._tell_backend(self._close())
        from .domain_text import error_text

        self._screens.login.show_message(error_text(error), "info")

    def _tell_backend(self, ended: Session | None) -> None:
        if ended is not None and self._end_session is not None:
            self._runner.run(self._end_session, ended, on_result=_nothing, on_error=_not_told)

    def _close(self) -> Session | None:
        ended, self.session = self.session, None
        # Answers still on their way for this person are dropped, not shown to the next.
        self._runner.forget_pending()
        self._screens.show_user(None)
        self._screens.wipe()
        self._screens.show_view(self._screens.login)
        self.logged_out.emit()
        return ended

    # -- a patient's screens ---------------------------------------------------------------
    def show_doctors(self) -> None:
        if self.session is None:
            self._screens.show_view(self._screens.login)
            return
        doctors = self._screens.doctors
        self._screens.show_view(doctors)
        doctors.enter(self.session.user.name)

    def book(self, summary: DoctorSummary) -> None:
        if self.session is None:
            return
        booking = self._screens.booking
        self._screens.show_view(booking)
        booking.enter(self.session, summary)

    def show_appointments(self) -> None:
        if self.session is None:
            return
        appointments = self._screens.appointments
        self._screens.show_view(appointments)
        appointments.enter(self.session)

    def finished_booking(self) -> None:
        # On a kiosk "Finish" means the patient is leaving; on a desk it means "next".
        if self._kiosk_mode:
            self.log_out()
        else:
            self.show_doctors()

    # -- the reception desk ----------------------------------------------------------------
    def show_staff_desk(self) -> None:
        # The services check the role on every call too; this keeps patients off the screen.
        if self.session is None or not self.session.is_staff:
            self.log_out()
            return
        desk = self._screens.desk()
        self._screens.show_view(desk)
        desk.enter(self.session)

    def show_doctor_admin(self) -> None:
        from ..domain.models import Role

        if self.session is None or self.session.user.role is not Role.ADMIN:
            return
        admin = self._screens.admin()
        self._screens.show_view(admin)
        admin.enter(self.session)


def _nothing(_: None) -> None:
    pass


def _not_told(error: DomainError) -> None:
    # The log-out use case is best effort and does not raise; should it, the session
    # still ends by itself on the server after its idle time.
    log.info("log-out not told to the backend: %s", error.code)
