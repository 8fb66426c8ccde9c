"""The one window: a header and a stack of views; it moves between them and holds the session."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from ..composition import Services
from ..domain.errors import DomainError
from ..domain.models import DoctorSummary
from ..resources import resource_path
from ..services.accounts import Session, SignUpResult
from .views.appointments import AppointmentsView
from .views.base import View
from .views.booking import BookingView
from .views.doctors import DoctorsView
from .views.login import LoginView
from .views.signup import SignupView
from .widgets import label
from .worker import TaskRunner

NOTIFICATION_RETRY_MS = 60_000


class MainWindow(QMainWindow):
    def __init__(self, services: Services, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(services.config.hospital_name)
        self.setWindowIcon(QIcon(str(resource_path("icons", "care4u.svg"))))
        self.services = services
        self.runner = runner or TaskRunner(parent=self)
        self.session: Session | None = None

        self.login = LoginView(services, self.runner)
        self.signup = SignupView(services, self.runner)
        self.doctors = DoctorsView(services, self.runner)
        self.booking = BookingView(services, self.runner)
        self.appointments = AppointmentsView(services, self.runner)
        self.stack = QStackedWidget()
        self.views: list[View] = [
            self.login,
            self.signup,
            self.doctors,
            self.booking,
            self.appointments,
        ]
        for view in self.views:
            self.stack.addWidget(view)

        header = QWidget()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(40, 12, 40, 12)
        row.addWidget(label(services.config.hospital_name, "brand"), 1)
        self.user_label = label("", "header-user", "currentUser")
        row.addWidget(self.user_label)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.resize(1280, 900)

        self.login.logged_in.connect(self._start_session)
        self.login.signup_requested.connect(lambda: self.show_view(self.signup))
        self.signup.back_requested.connect(lambda: self.show_view(self.login))
        self.signup.signed_up.connect(self._signed_up)
        self.doctors.book_requested.connect(self._book)
        self.doctors.appointments_requested.connect(self._show_appointments)
        self.doctors.logout_requested.connect(self.log_out)
        self.booking.back_requested.connect(self._show_doctors)
        self.booking.finished.connect(self._show_doctors)
        self.booking.appointments_requested.connect(self._show_appointments)
        self.appointments.back_requested.connect(self._show_doctors)
        self.appointments.logout_requested.connect(self.log_out)

        # Messages that could not be sent at booking time go out on the next round.
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(NOTIFICATION_RETRY_MS)
        self.retry_timer.timeout.connect(self.retry_notifications)
        self.retry_timer.start()

        self.show_view(self.login)

    def current_view(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_view(self, view: View) -> None:
        self.stack.setCurrentWidget(view)
        focus = getattr(view, "focus_first", None)
        if focus is not None:
            focus()

    def _start_session(self, session: Session) -> None:
        self.session = session
        self.user_label.setText(session.user.name)
        self._show_doctors()

    def _signed_up(self, result: SignUpResult) -> None:
        self._start_session(result.session)
        message = f"Welcome, {result.session.user.name}. Your account is ready."
        if result.subscribed:
            message += (
                " To receive booking emails, open the message we just sent to "
                f"{result.session.user.email} and confirm it once."
            )
        self.doctors.banner.show_message(message, "success")

    def _show_doctors(self) -> None:
        if self.session is None:
            self.show_view(self.login)
            return
        self.show_view(self.doctors)
        self.doctors.enter(self.session.user.name)

    def _book(self, summary: DoctorSummary) -> None:
        if self.session is None:
            return
        self.show_view(self.booking)
        self.booking.enter(self.session, summary)

    def _show_appointments(self) -> None:
        if self.session is None:
            return
        self.show_view(self.appointments)
        self.appointments.enter(self.session)

    def log_out(self) -> None:
        """End the session and wipe every view, so the next person starts clean."""
        self.session = None
        self.runner.forget_pending()
        self.user_label.clear()
        for view in self.views:
            view.reset()
        self.show_view(self.login)

    def retry_notifications(self) -> None:
        self.runner.run(
            self.services.notifications.retry_pending,
            on_result=lambda _report: None,
            on_error=_ignore,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.retry_timer.stop()
        self.runner.forget_pending()
        self.runner.wait_for_done(5_000)
        super().closeEvent(event)


def _ignore(_error: DomainError) -> None:
    """Retrying is best effort; the messages stay pending for the next round."""
