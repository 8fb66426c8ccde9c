"""The one window: a header and a stack of views, each built when it is first shown.

Where it goes next, and the session, are its ``navigation.Navigator``'s; the background
jobs are run by its ``background.JobTimer``. It applies the display choices (look per
machine, language per session), checks the store after its first paint, and, in kiosk mode,
is locked down (``kiosk.lock_down``): full screen, no frame, no closing without a staff
log-in, idle log-out and a timed confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget

from ..composition import AppServices
from ..resources import resource_path
from . import collector
from .background import JobTimer
from .formatting import fill
from .header import build_header
from .i18n import Translations
from .navigation import Navigator
from .preferences import Preferences
from .store_check import StoreCheck
from .theme import Look, apply_theme
from .views.base import View
from .views.login import LoginView
from .widgets import PageStack, describe
from .worker import TaskRunner

if TYPE_CHECKING:
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
        services: AppServices,
        runner: TaskRunner | None = None,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(services.config.hospital_name)
        self.setWindowIcon(QIcon(str(resource_path("icons", "care4u.svg"))))
        self.services = services
        # Before the first worker starts: garbage is collected on this thread only.
        app = QApplication.instance()
        if app is not None:
            collector.install(app)
        self.runner = runner or TaskRunner(parent=self)
        self.kiosk_mode = services.config.kiosk
        self.preferences = preferences or Preferences()
        self.translations = Translations()
        self.look = self.preferences.look()
        #: Closing is refused in kiosk mode until a staff log-in allows it.
        self.exit_allowed = not self.kiosk_mode
        self.navigator = Navigator(
            self,
            self.runner,
            kiosk_mode=self.kiosk_mode,
            # Looked up on the worker, like every service call.
            end_session=lambda session: self.services.accounts.log_out(session),
            parent=self,
        )
        self.navigator.logged_out.connect(self.logged_out)

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

        header = build_header(services.config.hospital_name)
        self.user_label, self.staff_button = header.user_label, header.staff_button

        self._central = QWidget()
        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header.widget)
        column.addWidget(self.stack, 1)
        outer = QVBoxLayout(self._central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.content)
        self.setCentralWidget(self._central)
        self.resize(1280, 900)

        self.login.logged_in.connect(self.navigator.start_session)
        self.login.signup_requested.connect(lambda: self.show_view(self.signup))
        self.login.choices.look_chosen.connect(self.apply_look)
        self.login.choices.language_chosen.connect(self.set_language)
        self.staff_button.clicked.connect(lambda: self.show_view(self.kiosk_exit))

        # The background jobs (messages that could not be sent at booking time) run on a
        # worker every minute.
        self.jobs = JobTimer(lambda: services.jobs, services.config.now, self.runner, self)
        self.jobs.start()

        # Not started here: ``check_store_after_first_paint``, once the window is shown.
        self.store_check = StoreCheck(
            services.open, self.runner, self.login, STORE_RECHECK_MS, self
        )
        self.store_check.ready.connect(self.store_ready)
        self.store_check.unavailable.connect(self.store_unavailable)

        self.kiosk: KioskController | None = None
        if self.kiosk_mode:
            from .kiosk import lock_down

            self.kiosk = lock_down(
                self,
                self,
                prompt=self.idle_prompt,
                confirmation=self._confirmation,
                first_screen=self.login,
                exit_allowed=lambda: self.exit_allowed,
                config=services.config,
            )
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
            view.signed_up.connect(self.navigator.signed_up)
        return self._signup

    @property
    def doctors(self) -> DoctorsView:
        if self._doctors is None:
            from .views.doctors import DoctorsView

            view = self._doctors = self._adopt(
                DoctorsView(lambda: self.services.booking, self.services.config.now, self.runner)
            )
            view.book_requested.connect(self.navigator.book)
            view.appointments_requested.connect(self.navigator.show_appointments)
            view.logout_requested.connect(self.navigator.log_out)
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
            view.back_requested.connect(self.navigator.show_doctors)
            view.finished.connect(self.navigator.finished_booking)
            view.appointments_requested.connect(self.navigator.show_appointments)
            if self.kiosk is not None:
                view.booked.connect(self.kiosk.booked)
        return self._booking

    @property
    def appointments(self) -> AppointmentsView:
        if self._appointments is None:
            from .views.appointments import AppointmentsView

            view = self._appointments = self._adopt(
                AppointmentsView(lambda: self.services.booking, self.runner)
            )
            view.back_requested.connect(self.navigator.show_doctors)
            view.logout_requested.connect(self.navigator.log_out)
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
    def _confirmation(self) -> ConfirmationPage | None:
        return None if self._booking is None else self._booking.confirmation

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
        from .privacy import holds_something

        return holds_something(self, kiosk=self.kiosk_mode)

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

    @property
    def session(self) -> Session | None:
        """Who is logged in (the navigator's)."""
        return self.navigator.session

    def log_out(self) -> None:
        """End the session and wipe every view, so the next person starts clean."""
        self.navigator.log_out()

    def _show_staff_desk(self) -> None:
        self.navigator.show_staff_desk()

    # -- what the navigator asks of the window (navigation.Screens) ------------------------
    def desk(self) -> StaffDeskView:
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
            desk.logout_requested.connect(self.navigator.log_out)
            desk.manage_doctors_requested.connect(self.navigator.show_doctor_admin)
        return self.staff_desk

    _desk = desk

    def admin(self) -> DoctorAdminView:
        """Built when an admin first opens it; reception staff never do."""
        if self.doctor_admin is None:
            from .views.doctor_admin import DoctorAdminView

            admin = self.doctor_admin = self._adopt(
                DoctorAdminView(lambda: self.services.staff, self.runner)
            )
            admin.back_requested.connect(self.navigator.show_staff_desk)
        return self.doctor_admin

    def show_user(self, session: Session | None) -> None:
        if session is None:
            self.user_label.clear()
        else:
            self.user_label.setText(session.user.name)

    def welcome(self, result: SignUpResult) -> None:
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

    def wipe(self) -> None:
        for view in self.views:
            view.reset()
        from .privacy import forget_everything

        forget_everything(self, kiosk=self.kiosk_mode)  # what the views' resets cannot reach
        if self.translations.language != self.services.config.language:
            self.set_language(self.services.config.language)
        if self.kiosk is not None:
            self.kiosk.reset()

    # -- the store, checked at start -------------------------------------------------------
    def check_store_after_first_paint(self) -> None:
        self.store_check.after_first_paint()

    def check_store(self) -> None:
        self.store_check.run()

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.exit_allowed:
            event.ignore()  # Alt+F4, the window manager, close(): a kiosk stays up
            return
        self.jobs.stop()
        if self.kiosk is not None:
            self.kiosk.stop()
        self.runner.forget_pending()
        self.runner.wait_for_done(5_000)
        super().closeEvent(event)
