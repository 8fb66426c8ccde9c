"""Log in: email, password, one big button; sign-up is the secondary way."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...composition import Services
from ...domain.errors import DomainError
from ...services.accounts import Session
from ..widgets import Banner, Field, button, centered, label
from ..worker import TaskRunner
from .base import View, card, scrolling


class LoginView(View):
    logged_in = Signal(object)  # Session
    signup_requested = Signal()

    def __init__(self, services: Services, runner: TaskRunner) -> None:
        super().__init__("loginView", services, runner)
        frame, form = card()
        form.addWidget(label("Welcome to Care4U", "title"))
        form.addWidget(label("Log in to book an appointment or see your bookings.", "subtitle"))
        self.banner = Banner("loginBanner")
        form.addWidget(self.banner)
        self.email = Field("Email", "emailInput", placeholder="name@example.com")
        self.password = Field("Password", "passwordInput", password=True)
        form.addWidget(self.email)
        form.addWidget(self.password)
        self.error = label("", "field-error", "loginError")
        self.error.hide()
        form.addWidget(self.error)
        self.login_button = button("Log in", "loginButton")
        self.login_button.setAccessibleDescription("Log in with the email and password above")
        form.addSpacing(8)
        form.addWidget(self.login_button)
        form.addSpacing(12)
        form.addWidget(label("New here?", "hint"))
        self.signup_button = button("Create an account", "goToSignupButton", "secondary")
        form.addWidget(self.signup_button)

        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        outer.addWidget(centered(frame))
        outer.addStretch(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(page))

        self.email.input.returnPressed.connect(self.submit)
        self.password.input.returnPressed.connect(self.submit)
        self.login_button.clicked.connect(self.submit)
        self.signup_button.clicked.connect(self.signup_requested)
        for field in (self.email, self.password):
            field.input.textEdited.connect(self.error.hide)

    def submit(self) -> None:
        if not self.login_button.isEnabled():
            return  # already logging in
        self.error.hide()
        self.banner.clear_message()
        email, password = self.email.text().strip(), self.password.text()
        if not email:
            self.email.set_error("Please enter your email address.")
        if not password:
            self.password.set_error("Please enter your password.")
        if not email or not password:
            (self.email if not email else self.password).input.setFocus()
            return
        self.runner.run(
            self.services.accounts.log_in,
            email,
            password,
            on_result=self._logged_in,
            on_error=self._failed,
            busy=self.login_button,
            busy_text="Logging in…",
        )

    def _logged_in(self, session: Session) -> None:
        self.password.reset()
        self.logged_in.emit(session)

    def _failed(self, error: DomainError) -> None:
        self.password.input.clear()
        self.error.setText(error.message)
        self.error.show()
        self.password.input.setFocus()

    def show_message(self, text: str, tone: str = "info") -> None:
        self.banner.show_message(text, tone)

    def reset(self) -> None:
        self.email.reset()
        self.password.reset()
        self.error.clear()
        self.error.hide()
        self.banner.clear_message()

    def focus_first(self) -> None:
        self.email.input.setFocus()
