"""Sign up: every field checked at once, each message beside its field."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ...composition import Services
from ...domain.errors import DomainError, ValidationErrors
from ...services.accounts import SignUpResult
from ..widgets import Banner, Field, button, centered, label
from ..worker import TaskRunner
from .base import View, card, scrolling


class SignupView(View):
    signed_up = Signal(object)  # SignUpResult
    back_requested = Signal()

    def __init__(self, services: Services, runner: TaskRunner) -> None:
        super().__init__("signupView", services, runner)
        frame, form = card()
        form.addWidget(label("Create your account", "title"))
        self.banner = Banner("signupBanner")
        form.addWidget(self.banner)
        self.name = Field("Full name", "nameInput", placeholder="e.g. Maria Garcia")
        self.email = Field("Email", "emailInput", placeholder="name@example.com")
        self.phone = Field("Phone", "phoneInput", placeholder="e.g. 555 123 4567")
        self.password = Field("Password (8+ characters)", "passwordInput", password=True)
        self.confirm = Field("Type the password again", "confirmPasswordInput", password=True)
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
        form.addLayout(grid)
        for field in self.fields.values():
            field.input.returnPressed.connect(self.submit)
        self.signup_button = button("Create account", "signupButton")
        self.back_button = button("Back to log in", "backToLoginButton", "secondary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.signup_button, 2)
        form.addSpacing(8)
        form.addLayout(buttons)

        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addWidget(centered(frame, 1000))
        outer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(page))

        self.signup_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(self.back_requested)
        order = [f.input for f in self.fields.values()] + [self.signup_button, self.back_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def submit(self) -> None:
        if not self.signup_button.isEnabled():
            return
        self.banner.clear_message()
        for field in self.fields.values():
            field.clear_error()
        self.runner.run(
            self.services.accounts.sign_up,
            self.name.text(),
            self.email.text(),
            self.phone.text(),
            self.password.text(),
            self.confirm.text(),
            on_result=self._done,
            on_error=self._failed,
            busy=self.signup_button,
            busy_text="Creating account…",
        )

    def _done(self, result: SignUpResult) -> None:
        self.reset()
        self.signed_up.emit(result)

    def _failed(self, error: DomainError) -> None:
        errors = error.errors if isinstance(error, ValidationErrors) else {}
        if not errors and error.field in self.fields:
            errors = {str(error.field): error.message}
        if not errors:
            self.banner.show_message(error.message)
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
