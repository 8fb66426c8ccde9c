"""Sign up: every field checked at once, each message beside its field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ...services.accounts import SignUpResult
from ...services.use_cases import Accounts
from ..domain_text import error_text, field_errors
from ..widgets import Banner, Field, button, centered, describe, label
from ..worker import TaskRunner
from .base import View, card, scrolling


class SignupView(View):
    signed_up = Signal(object)  # SignUpResult
    back_requested = Signal()

    def __init__(self, accounts: Callable[[], Accounts], runner: TaskRunner) -> None:
        super().__init__("signupView", runner)
        self.accounts = accounts
        frame, form = card()
        self.title = label("", "title")
        form.addWidget(self.title)
        self.banner = Banner("signupBanner")
        form.addWidget(self.banner)
        self.name = Field("nameInput")
        self.email = Field("emailInput")
        self.phone = Field("phoneInput")
        self.password = Field("passwordInput", password=True)
        self.confirm = Field("confirmPasswordInput", password=True)
        self.fields = {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "password": self.password,
            "confirm_password": self.confirm,
        }
        # Two columns keep the whole form and its button on one kiosk screen.
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.name, 0, 0, top)
        grid.addWidget(self.phone, 0, 1, top)
        grid.addWidget(self.email, 1, 0, 1, 2, top)
        grid.addWidget(self.password, 2, 0, top)
        grid.addWidget(self.confirm, 2, 1, top)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        form.addLayout(grid)
        for field in self.fields.values():
            field.input.returnPressed.connect(self.submit)
        self.signup_button = button("signupButton")
        self.back_button = button("backToLoginButton", "secondary")
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(40, 24, 40, 0)
        self.columns = [centered(frame, 1000)]
        outer.addWidget(self.columns[0])
        outer.addStretch(1)
        # The form scrolls on a small screen (or with large text); its buttons stay in view.
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(40, 0, 40, 0)
        row.addWidget(self.back_button, 1)
        row.addWidget(self.signup_button, 2)
        self.columns.append(centered(buttons, 1000))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 16)
        layout.addWidget(scrolling(page), 1)
        layout.addWidget(self.columns[1])

        self.signup_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(self.back_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Create your account"))
        self.name.set_texts(
            self.tr("Full name"), self.tr("Your first and last name"), self.tr("e.g. Maria Garcia")
        )
        self.email.set_texts(
            self.tr("Email"),
            self.tr("Where we send your booking confirmations"),
            self.tr("name@example.com"),
        )
        self.phone.set_texts(
            self.tr("Phone"), self.tr("A number we can call you on"), self.tr("e.g. 555 123 4567")
        )
        self.password.set_texts(
            self.tr("Password (8+ characters)"),
            self.tr("Choose a password of 8 characters or more"),
        )
        self.confirm.set_texts(
            self.tr("Type the password again"), self.tr("The same password, to be sure")
        )
        describe(
            self.signup_button,
            self.tr("Create account"),
            self.tr("Create your account with the details above"),
        )
        describe(
            self.back_button,
            self.tr("Back to log in"),
            self.tr("Go back to the log-in screen without creating an account"),
        )

    def submit(self) -> None:
        if not self.signup_button.isEnabled():
            return
        self.banner.clear_message()
        for field in self.fields.values():
            field.clear_error()
        accounts = self.accounts
        fields = (
            self.name.text(),
            self.email.text(),
            self.phone.text(),
            self.password.text(),
            self.confirm.text(),
        )
        self.runner.run(
            lambda: accounts().sign_up(*fields),  # built on the worker if need be
            on_result=self._done,
            on_error=self._failed,
            busy=self.signup_button,
            busy_text=self.tr("Creating account…"),
        )

    def _done(self, result: SignUpResult) -> None:
        self.reset()
        self.signed_up.emit(result)

    def _failed(self, error: DomainError) -> None:
        errors = {k: v for k, v in field_errors(error).items() if k in self.fields}
        if not errors:
            self.banner.show_message(error_text(error))
            return
        for key, message in errors.items():
            self.fields[key].set_error(message)
        first = next(f for k, f in self.fields.items() if k in errors)
        first.input.setFocus()

    def reset(self) -> None:
        for field in self.fields.values():
            field.reset()
        self.banner.clear_message()

    def focus_first(self) -> None:
        self.name.input.setFocus()
