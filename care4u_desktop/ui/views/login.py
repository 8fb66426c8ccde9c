"""Log in: email, password, one big button; sign-up is the secondary way.

Above the card sit the display choices (text size, high contrast, language), so a
patient can make the screen readable before typing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ..domain_text import error_text
from ..theme import Look, TextSize
from ..widgets import (
    Banner,
    Field,
    ResponsiveRow,
    button,
    centered,
    describe,
    error_line,
    label,
)
from ..worker import TaskRunner
from .base import View, card, scrolling
from .display_choices import DisplayChoices

if TYPE_CHECKING:
    from ...services.accounts import Session
    from ...services.use_cases import Accounts

CARD_WIDTH = 480
CARD_MAX_WIDTH = 720
CHOICES_WIDTH = 280
CHOICES_MAX_WIDTH = 400


class LoginView(View):
    logged_in = Signal(object)  # Session
    signup_requested = Signal()

    def __init__(self, accounts: Callable[[], Accounts], runner: TaskRunner) -> None:
        super().__init__("loginView", runner)
        self.accounts = accounts
        self.choices = DisplayChoices()
        frame, form = card()
        self.title = label("", "title")
        self.subtitle = label("", "subtitle")
        form.addWidget(self.title)
        form.addWidget(self.subtitle)
        self.banner = Banner("loginBanner")
        form.addWidget(self.banner)
        self.email = Field("emailInput")
        self.password = Field("passwordInput", password=True)
        form.addWidget(self.email)
        form.addWidget(self.password)
        self.error = error_line("loginError", room=72)  # "Wrong email or password..."
        form.addWidget(self.error)
        self.login_button = button("loginButton")
        form.addSpacing(8)
        form.addWidget(self.login_button)
        form.addSpacing(12)
        self.new_here = label("", "hint")
        form.addWidget(self.new_here)
        self.signup_button = button("goToSignupButton", "secondary")
        form.addWidget(self.signup_button)

        # The card and the display choices beside it; on a narrow screen (or with large
        # text) the choices go on top, where someone who needs them sees them first.
        for widget in (frame, self.choices):
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.columns = [centered(self.choices, CHOICES_MAX_WIDTH), centered(frame, CARD_MAX_WIDTH)]
        self.row = ResponsiveRow(24, mirrored=True)
        self.row.add(self.columns[0], 2, CHOICES_WIDTH)
        self.row.add(self.columns[1], 3, CARD_WIDTH)
        self.row.stacked_changed.connect(self._rearrange)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(16, 24, 16, 24)
        outer.addStretch(1)
        outer.addWidget(self.row)
        outer.addStretch(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(page))

        # The display choices come after the form in the Tab order: logging in comes first.
        self.setTabOrder(self.signup_button, self.choices.size_buttons[TextSize.NORMAL])

        self.email.input.returnPressed.connect(self.submit)
        self.password.input.returnPressed.connect(self.submit)
        self.login_button.clicked.connect(self.submit)
        self.signup_button.clicked.connect(self.signup_requested)
        for field in (self.email, self.password):
            field.input.textEdited.connect(self.error.hide)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Welcome to Care4U"))
        self.subtitle.setText(self.tr("Log in to book an appointment or see your bookings."))
        self.email.set_texts(
            self.tr("Email"),
            self.tr("The email address you signed up with"),
            self.tr("name@example.com"),
        )
        self.password.set_texts(self.tr("Password"), self.tr("Your password; it stays hidden"))
        describe(
            self.login_button,
            self.tr("Log in"),
            self.tr("Log in with the email and password above"),
        )
        self.new_here.setText(self.tr("New here?"))
        describe(
            self.signup_button,
            self.tr("Create an account"),
            self.tr("Sign up with your name, email, phone and a password"),
        )
        self.choices.retranslate()
        # A message shown in the previous language would now read wrong: clear it.
        self._clear_messages()

    def _rearrange(self) -> None:
        stacked = self.row.stacked
        self.choices.arrange(side_panel=not stacked)
        self.columns[0].set_base_width(CARD_MAX_WIDTH if stacked else CHOICES_MAX_WIDTH)

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.row.set_scale(look.scale)

    def submit(self) -> None:
        if not self.login_button.isEnabled():
            return  # already logging in
        self._clear_messages()
        email, password = self.email.text().strip(), self.password.text()
        if not email:
            self.email.set_error(self.tr("Please enter your email address."))
        if not password:
            self.password.set_error(self.tr("Please enter your password."))
        if not email or not password:
            (self.email if not email else self.password).input.setFocus()
            return
        accounts = self.accounts
        self.runner.run(
            # Looked up on the worker: before the start-up check has built the service (or
            # if the backend cannot be built) nothing here may block or raise.
            lambda: accounts().log_in(email, password),
            on_result=self._logged_in,
            on_error=self._failed,
            busy=self.login_button,
            busy_text=self.tr("Logging in…"),
        )

    def _logged_in(self, session: Session) -> None:
        self.password.reset()
        self.logged_in.emit(session)

    def _failed(self, error: DomainError) -> None:
        self.password.input.clear()
        self.error.setText(error_text(error))
        self.error.show()
        self.password.input.setFocus()

    def show_message(self, text: str, tone: str = "info") -> None:
        self.banner.show_message(text, tone)

    def _clear_messages(self) -> None:
        self.error.clear()
        self.error.hide()
        self.banner.clear_message()
        self.email.clear_error()
        self.password.clear_error()

    def reset(self) -> None:
        self.email.reset()
        self.password.reset()
        self._clear_messages()

    def focus_first(self) -> None:
        self.email.input.setFocus()
