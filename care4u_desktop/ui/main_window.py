"""The one window: a header and a stack of views; it moves between them and holds the session.

It also applies the display choices (look per machine, language per session) and, in
kiosk mode, locks itself down: full screen, no frame, no closing without a staff log-in,
idle log-out and a timed confirmation (``kiosk.KioskController``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from ..composition import Services
from ..domain.errors import DomainError
from ..resources import resource_path
from .domain_text import error_text
from .formatting import fill
from .i18n import Translations
from .preferences import Preferences
from .theme import Look, apply_theme
from .views.base import View
from .views.login import LoginView
from .widgets import PageStack, button, describe, label
from .worker import TaskRunner

if TYPE_CHECKING:
    from ..domain.models import DoctorSummary
    from ..services.accounts import Session, SignUpResult

    # Every view but the log-in is imported and built on first use: the log-in is all the
    # first paint needs, and a patient kiosk never opens the staff desk.
    from .kiosk import KioskController
    from .views.appointments import AppointmentsView
    from .views.booking import BookingView
    from .views.confirmation import ConfirmationPage
    from .views.doctor_admin import DoctorAdminView
    from .views.doctors import DoctorsView
    from .views.idle_prompt import IdlePrompt
    from .views.kiosk_exit import KioskExitView
    from .views.signup import SignupView
    from .views.staff_desk import StaffDeskView

log = logging.getLogger(__name__)
NOTIFICATION_RETRY_MS = 60_000
STORE_RECHECK_MS = 30_000
V = TypeVar("V", bound=View)


class MainWindow(QMainWindow):
    #: ``check_store`` found the store answering, with this many doctors.
    store_ready = Signal(int)
    #: ``check_store`` could not use the store; the message is on the log-in screen too.
    store_unavailable = Signal(str)
    #: A log-out has wiped every view, the fields' histories and the clipboard; anything
    #: else that holds a person's data (a queued print job, say) lets go of it here too.
    logged_out = Signal()

    def __init__(
        self,
        services: Services,
        runner: TaskRunner | None = None,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(services.config.hospital_name)
        self.setWindowIcon(QIcon(str(resource_path("icons", "care4u.svg"))))
        self.services = services
        self.runner = runner or TaskRunner(parent=self)
        self.session: Session | None = None
        self.kiosk_mode = services.config.kiosk
        self.preferences = preferences or Preferences()
        self.translations = Translations()
        self.look = self.preferences.look()
        #: Closing is refused in kiosk mode until a staff log-in allows it.
        self.exit_allowed = not self.kiosk_mode

        self.login = LoginView(lambda: services.accounts, self.runner)
        self._signup: SignupView | None = None
        self._doctors: DoctorsView | None = None
        self._booking: BookingView | None = None
        self._appointments: AppointmentsView | None = None
        self._kiosk_exit: KioskExitView | None = None
        self._idle_prompt: IdlePrompt | None = None
        #: The reception desk's views: the desk on the first staff log-in, the editor when an
        #: admin first opens it.
        self.staff_desk: StaffDeskView | None = None
        self.doctor_admin: DoctorAdminView | None = None
        self.stack = PageStack()
        #: The views built so far, in the order they were built.
        self.views: list[View] = []
        self._adopt(self.login)

        header = QWidget()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(40, 12, 40, 12)
        row.addWidget(label(services.config.hospital_name, "brand"), 1)
        self.user_label = label("", "header-user", "currentUser")
        row.addWidget(self.user_label)
        # A kiosk's way out, for staff: small, in the corner, only on the log-in screen.
        self.staff_button = button("staffExitButton", "secondary")
        self.staff_button.setVisible(False)
        row.addWidget(self.staff_button)

        self._central = QWidget()
        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addWidget(self.stack, 1)
        outer = QVBoxLayout(self._central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.content)
        self.setCentralWidget(self._central)
        self.resize(1280, 900)

        self.login.logged_in.connect(self._start_session)
        self.login.signup_requested.connect(lambda: self.show_view(self.signup))
        self.login.choices.look_chosen.connect(self.apply_look)
        self.login.choices.language_chosen.connect(self.set_language)
        self.staff_button.clicked.connect(lambda: self.show_view(self.kiosk_exit))

        # Messages that could not be sent at booking time go out on the next round.
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(NOTIFICATION_RETRY_MS)
        self.retry_timer.timeout.connect(self.retry_notifications)
        self.retry_timer.start()

        self.kiosk: KioskController | None = None
        #: What the log-in screen says while the start-up check finds the store unusable.
        self._store_message = ""
        if self.kiosk_mode:
            self._lock_down()
        # The style sheet goes on once the window's widgets exist: set first, it would be
        # matched again for every widget as each is put into its layout (measured: 26 ms
        # against 43 ms for the window with the log-in view).
        self._style_application()
        self._show_look()
        self.set_language(services.config.language)
        self.show_view(self.login)

    # -- views, built on first use ---------------------------------------------------------
    def _adopt(self, view: V) -> V:
        """Put a newly built view in the stack, in the current look and language."""
        self.views.append(view)
        self.stack.addWidget(view)
        if self.kiosk_mode:
            from .privacy import lock_fields

            lock_fields(view)
        if len(self.views) > 1:  # the log-in gets both in __init__, with the window's
            view.apply_look(self.look)
            view.retranslate()
        return view

    @property
    def signup(self) -> SignupView:
        if self._signup is None:
            from .views.signup import SignupView

            view = self._signup = self._adopt(
                SignupView(lambda: self.services.accounts, self.runner)
            )
            view.back_requested.connect(lambda: self.show_view(self.login))
            view.signed_up.connect(self._signed_up)
        return self._signup

    @property
    def doctors(self) -> DoctorsView:
        if self._doctors is None:
            from .views.doctors import DoctorsView

            view = self._doctors = self._adopt(
                DoctorsView(lambda: self.services.booking, self.services.config.now, self.runner)
            )
            view.book_requested.connect(self._book)
            view.appointments_requested.connect(self._show_appointments)
            view.logout_requested.connect(self.log_out)
        return self._doctors

    @property
    def booking(self) -> BookingView:
        if self._booking is None:
            from .views.booking import BookingView

            config = self.services.config
            view = self._booking = self._adopt(
                BookingView(
                    lambda: self.services.booking,
                    self.runner,
                    kiosk=config.kiosk,
                    hospital_name=config.hospital_name,
                )
            )
            view.back_requested.connect(self._show_doctors)
            view.finished.connect(self._finished_booking)
            view.appointments_requested.connect(self._show_appointments)
            if self.kiosk is not None:
                view.booked.connect(self._kiosk_booked)
        return self._booking

    @property
    def appointments(self) -> AppointmentsView:
        if self._appointments is None:
            from .views.appointments import AppointmentsView

            view = self._appointments = self._adopt(
                AppointmentsView(lambda: self.services.booking, self.runner)
            )
            view.back_requested.connect(self._show_doctors)
            view.logout_requested.connect(self.log_out)
        return self._appointments

    @property
    def kiosk_exit(self) -> KioskExitView:
        if self._kiosk_exit is None:
            from .views.kiosk_exit import KioskExitView

            view = self._kiosk_exit = self._adopt(
                KioskExitView(
                    lambda: self.services.accounts,
                    lambda: self.services.exit_throttle.wait_seconds(),
                    self.runner,
                )
            )
            view.cancelled.connect(lambda: self.show_view(self.login))
            view.exit_unlocked.connect(self._exit_unlocked)
        return self._kiosk_exit

    @property
    def idle_prompt(self) -> IdlePrompt:
        """The "still there?" question over the content; only a kiosk asks it."""
        if self._idle_prompt is None:
            from .views.idle_prompt import IdlePrompt

            self._idle_prompt = IdlePrompt(self._central, self.content)
            self._idle_prompt.retranslate()
        return self._idle_prompt

    # -- kiosk -----------------------------------------------------------------------------
    def _lock_down(self) -> None:
        from PySide6.QtCore import Qt  # not at start-up otherwise: see widgets.set_enum_property

        self.setWindowFlags(
            self.windowFlags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        from .kiosk import ActivityWatcher, KioskController, WindowGuard

        #: Minimised, hidden, covered: put back at once (until a staff log-in allows exit).
        self.window_guard = WindowGuard(self, lambda: not self.exit_allowed)

        self.kiosk = KioskController(
            self, self.idle_prompt, self._confirmation, self.services.config, self
        )
        self.watcher = ActivityWatcher(self.kiosk.user_active, self)
        self.watcher.swallow_quit_keys = True
        # It sees every event of the application, in Python: installed after the first
        # paint (before it nobody can touch the screen), not through the style sheet's
        # polishing of every widget at start (measured: ~15 ms of the kiosk's first paint).
        _AfterFirstPaint(self.login, self._watch_activity)
        self.kiosk.start()

    def _confirmation(self) -> ConfirmationPage | None:
        return None if self._booking is None else self._booking.confirmation

    def _watch_activity(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.watcher)

    def _kiosk_booked(self) -> None:
        assert self.kiosk is not None
        self.kiosk.booking_confirmed()
        if self.services.config.auto_print:
            self.booking.confirmation.print_slip()

    def _view_changed(self) -> None:
        if self.kiosk is not None and self.current_view() is not self._booking:
            self.kiosk.leave_confirmation()
        self.staff_button.setVisible(self.kiosk_mode and self.current_view() is self.login)

    def has_patient_state(self) -> bool:
        """Is anything of a person's left (a session, typing, another language), on screen
        or behind it (text that Ctrl+Z would bring back, something copied)?"""
        if self.session is not None or self.current_view() is not self.login:
            return True
        if self.translations.language != self.services.config.language:
            return True
        from .privacy import clipboard_holds_something, fields_hold_something

        return fields_hold_something(self) or clipboard_holds_something(self.kiosk_mode)

    def _exit_unlocked(self, _session: Session) -> None:
        self.exit_allowed = True
        self.close()

    # -- display choices -------------------------------------------------------------------
    def apply_look(self, look: Look, *, remember: bool = True) -> None:
        self.look = look
        self._style_application()
        self._show_look()
        if remember:
            self.preferences.remember(look)

    def _style_application(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.look)

    def _show_look(self) -> None:
        for view in self.views:
            view.apply_look(self.look)
        self.login.choices.show_state(self.look, self.translations.language)

    def set_language(self, code: str) -> None:
        self.translations.switch(code)
        for view in self.views:
            view.retranslate()
        if self._idle_prompt is not None:
            self._idle_prompt.retranslate()
        describe(
            self.staff_button,
            self.tr("Staff"),
            self.tr("For staff: close the kiosk with a staff log-in"),
        )
        self.login.choices.show_state(self.look, self.translations.language)
        if self.session is not None:
            self.user_label.setText(self.session.user.name)

    # -- navigation ------------------------------------------------------------------------
    def current_view(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_view(self, view: View) -> None:
        self.stack.setCurrentWidget(view)
        self._view_changed()
        view.focus_first()

    def _start_session(self, session: Session) -> None:
        self.session = session
        self.user_label.setText(session.user.name)
        if session.is_staff:
            self._show_staff_desk()
        else:
            self._show_doctors()

    def _desk(self) -> StaffDeskView:
        """Built on the first staff log-in; a patient kiosk never builds it."""
        if self.staff_desk is None:
            from .views.staff_desk import StaffDeskView

            desk = self.staff_desk = self._adopt(
                StaffDeskView(
                    lambda: self.services.staff,
                    lambda: self.services.booking,
                    self.services.config.now,
                    self.runner,
                )
            )
            desk.logout_requested.connect(self.log_out)
            desk.manage_doctors_requested.connect(self._show_doctor_admin)
        return self.staff_desk

    def _admin(self) -> DoctorAdminView:
        """Built when an admin first opens it; reception staff never do."""
        if self.doctor_admin is None:
            from .views.doctor_admin import DoctorAdminView

            admin = self.doctor_admin = self._adopt(
                DoctorAdminView(lambda: self.services.staff, self.runner)
            )
            admin.back_requested.connect(self._show_staff_desk)
        return self.doctor_admin

    def _show_staff_desk(self) -> None:
        # The services check the role on every call too; this keeps patients off the screen.
        if self.session is None or not self.session.is_staff:
            self.log_out()
            return
        desk = self._desk()
        self.show_view(desk)
        desk.enter(self.session)

    def _show_doctor_admin(self) -> None:
        from ..domain.models import Role

        if self.session is None or self.session.user.role is not Role.ADMIN:
            return
        admin = self._admin()
        self.show_view(admin)
        admin.enter(self.session)

    def _signed_up(self, result: SignUpResult) -> None:
        self._start_session(result.session)
        user = result.session.user
        message = fill(self.tr("Welcome, %1. Your account is ready."), user.name)
        if result.subscribed:
            message += " " + fill(
                self.tr(
                    "To receive booking emails, open the message we just sent to %1 "
                    "and confirm it once."
                ),
                user.email,
            )
        self.doctors.banner.show_message(message, "success")

    def _show_doctors(self) -> None:
        if self.session is None:
            self.show_view(self.login)
            return
        self.show_view(self.doctors)
        self.doctors.enter(self.session.user.name)

    def _finished_booking(self) -> None:
        # On a kiosk "Finish" means the patient is leaving; on a desk it means "next".
        if self.kiosk_mode:
            self.log_out()
        else:
            self._show_doctors()

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
        from .privacy import forget_clipboard, forget_fields

        # What the views' resets cannot reach: the fields' undo and redo histories (and any
        # field a reset forgot), and what was copied.
        forget_fields(self)
        forget_clipboard(kiosk=self.kiosk_mode)
        if self.translations.language != self.services.config.language:
            self.set_language(self.services.config.language)
        if self.kiosk is not None:
            self.kiosk.reset()
        self.show_view(self.login)
        self.logged_out.emit()

    def check_store_after_first_paint(self) -> None:
        """``check_store`` once the log-in view has painted: the screen comes first, and
        the worker's Python does not compete with the paint for the interpreter."""
        _AfterFirstPaint(self.login, self.check_store)

    def check_store(self) -> None:
        """Build the services and open the store on a worker while the first screen paints
        (a first start creates and seeds it), and say on the log-in screen straight away if
        the store cannot be used, rather than at the first patient's log-in. While it cannot,
        it checks again every ``STORE_RECHECK_MS`` (a kiosk that booted before its network)."""
        self.runner.run(
            self.services.open,
            on_result=self._store_ready,
            on_error=self._store_unavailable,
        )

    def _store_ready(self, doctors: int) -> None:
        if self._store_message and self.login.banner.text() == self._store_message:
            self.login.banner.clear_message()
        self._store_message = ""
        self.store_ready.emit(doctors)

    def _store_unavailable(self, error: DomainError) -> None:
        log.warning("the store cannot be used: %s", error.message)  # for the IT team's log
        self._store_message = error_text(error)
        self.login.show_message(self._store_message, "error")
        QTimer.singleShot(STORE_RECHECK_MS, self, self.check_store)
        self.store_unavailable.emit(self._store_message)

    def retry_notifications(self) -> None:
        services = self.services
        self.runner.run(
            lambda: services.notifications.retry_pending(),  # built on the worker if need be
            on_result=lambda _report: None,
            on_error=_ignore,
        )

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.exit_allowed:
            event.ignore()  # Alt+F4, the window manager, close(): a kiosk stays up
            return
        self.retry_timer.stop()
        if self.kiosk is not None:
            self.kiosk.stop()
        self.runner.forget_pending()
        self.runner.wait_for_done(5_000)
        super().closeEvent(event)


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, just after ``widget``'s first paint (or after ``FALLBACK_MS``
    if nothing paints it, e.g. a window started minimised)."""

    FALLBACK_MS = 1_000

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        # With ``self`` as context: no call once the widget (and this filter) is gone.
        QTimer.singleShot(self.FALLBACK_MS, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._call)  # once this paint event is over
        return False

    def _call(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._widget.removeEventFilter(self)
            self.deleteLater()
            then()


def _ignore(_error: DomainError) -> None:
    """Retrying is best effort; the messages stay pending for the next round."""
