"""Sign up: every field checked at once, each message beside its field.

Where even the most compact arrangement of the five fields does not fit (a 768 px screen at
the largest text), the form comes in two steps: the name, email and phone, checked on
"Next" by the same rules the service applies, then the password twice and "Create account".
Decided from the room the view really has (``fit_arrangement``), never the screen's name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from ...domain import rules
from ...domain.errors import DomainError, ValidationError
from ...services.accounts import SignUpResult
from ...services.use_cases import Accounts
from ..domain_text import error_text, field_errors
from ..formatting import fill
from ..tab_order import follow_layouts
from ..theme import Look
from ..widgets import Banner, Field, SharedSlot, button, centered, describe, label
from ..worker import TaskRunner
from .base import View, card, closing_up, fit_arrangement, hints_whole, overflow_page

#: The fields' places, as many columns as the room allows: one under the other (a narrow
#: window), two columns, three (a short one). Rows of (name, email, phone, password, confirm).
ARRANGEMENTS = {
    2: ((0, 0, 1), (1, 0, 2), (0, 1, 1), (2, 0, 1), (2, 1, 1)),
    3: ((0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 0, 1), (1, 1, 1)),
    1: ((0, 0, 1), (1, 0, 1), (2, 0, 1), (3, 0, 1), (4, 0, 1)),
}
CARD_MAX_WIDTH = 1000
WIDE_CARD_MAX_WIDTH = 1400
#: The fields of each step, where the form comes in two (``split``).
DETAILS = ("name", "email", "phone")
PASSWORDS = ("password", "confirm_password")
#: The checks "Next" makes on the first step's fields: the service's own rules.
DETAIL_CHECKS = {
    "name": rules.validate_name,
    "email": rules.validate_email,
    "phone": rules.validate_phone,
}


class SignupView(View):
    holds_window = False  # it re-arranges itself for the room it has

    signed_up = Signal(object)  # SignUpResult
    back_requested = Signal()

    def __init__(self, accounts: Callable[[], Accounts], runner: TaskRunner) -> None:
        super().__init__("signupView", runner)
        self.accounts = accounts
        frame, form = card()
        self.form = form
        self.title = label("", "title")
        self.banner = Banner("signupBanner")
        # A message (the store is down, the email is taken) takes the title's place.
        form.addWidget(SharedSlot(self.title, self.banner))
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
        # Two columns keep the whole form and its button on one kiosk screen; three on a
        # short one, one on a narrow one (``_fit``).
        self.grid = closing_up(QGridLayout())
        self.grid.setHorizontalSpacing(24)
        form.addLayout(self.grid)
        self.columns_used = 0
        #: In two steps (too little room for the whole form), and the step shown (1 or 2).
        self.split = False
        self.step = 1
        self._place(2)
        for field in self.fields.values():
            field.input.returnPressed.connect(self.submit)
        # One main action, in the same place: "Next" on the first of two steps, "Create
        # account" on the second and on the whole form.
        self.signup_button = button("signupButton")
        self.back_button = button("backToLoginButton", "secondary")
        # The second step's way back to the first (the way back to the log-in is there).
        self.previous_button = button("signupPreviousButton", "secondary")
        self.previous_button.hide()
        self.columns = [centered(frame, CARD_MAX_WIDTH)]
        # One page, no scrolling: the fields re-arrange to fit; the buttons stay under them.
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.back_button, 1)
        row.addWidget(self.previous_button, 1)
        row.addWidget(self.signup_button, 2)
        self.columns.append(centered(buttons, CARD_MAX_WIDTH))
        self.page = overflow_page(self)
        self.page.addWidget(self.columns[0])
        # The buttons at the foot of the page: a message longer than its room pushes
        # nothing under a planned tap.
        self.page.addStretch(1)
        self.page.addWidget(self.columns[1])

        self.signup_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(self.back_requested)
        self.previous_button.clicked.connect(lambda: self.show_step(1))
        self.retranslate()

    def retranslate(self) -> None:
        if self.split:
            self.title.setText(fill(self.tr("Create your account (%1 of 2)"), str(self.step)))
        else:
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
        hints_whole(*(field.input for field in self.fields.values()))
        if self.split and self.step == 1:
            describe(
                self.signup_button,
                self.tr("Next"),
                self.tr("Check your name, email and phone, then choose a password"),
            )
        else:
            describe(
                self.signup_button,
                self.tr("Create account"),
                self.tr("Create your account with the details above"),
            )
        describe(
            self.previous_button,
            self.tr("← Your details"),
            self.tr("Go back to your name, email and phone"),
            self.tr("Back to your details"),
        )
        describe(
            self.back_button,
            self.tr("Back to log in"),
            self.tr("Go back to the log-in screen without creating an account"),
        )

    def _place(self, columns: int) -> None:
        if columns == self.columns_used:
            return
        self.columns_used = columns
        parts = (self.name, self.email, self.phone, self.password, self.confirm)
        for part in parts:
            self.grid.removeWidget(part)
        top = Qt.AlignmentFlag.AlignTop
        for part, (row, column, span) in zip(parts, ARRANGEMENTS[columns], strict=True):
            self.grid.addWidget(part, row, column, 1, span, top)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for column_widget in self.columns:
            column_widget.set_base_width(WIDE_CARD_MAX_WIDTH if columns == 3 else CARD_MAX_WIDTH)

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        hints_whole(*(field.input for field in self.fields.values()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Here too: a new text size reaches a field's font after apply_look has run.
        hints_whole(*(field.input for field in self.fields.values()))
        # Two columns if they fit, else three (less height), else one (a narrow window),
        # with roomy margins or tight ones; only where none fits, the same in two steps,
        # measured with the first (the taller: three fields).
        whole = [lambda n=n: self._arrange(n, split=False) for n in (2, 3, 1)]
        steps = [lambda n=n: self._arrange(n, split=True) for n in (2, 1)]
        if not fit_arrangement(self, self.page, self.form, event.size(), whole):
            fit_arrangement(self, self.page, self.form, event.size(), steps)
        self._show_fields()
        super().resizeEvent(event)

    def _arrange(self, columns: int, *, split: bool) -> None:
        self._place(columns)
        if split != self.split:
            self.split = split
            self.retranslate()  # the title's and the main action's words
        self._show_fields(measuring=True)

    def _show_fields(self, *, measuring: bool = False) -> None:
        """The fields of the step shown (``measuring``: of the first, the taller), and the
        buttons that go with it."""
        step = 1 if measuring else self.step
        for key, field in self.fields.items():
            field.setVisible(not self.split or (key in DETAILS) == (step == 1))
        second = self.split and step == 2
        self.previous_button.setVisible(second)
        self.back_button.setVisible(not second)
        if not measuring:
            follow_layouts(self)

    def show_step(self, step: int) -> None:
        """Show the first or the second of the two steps, the focus in its first field."""
        self.step = step
        self.retranslate()  # the title's and the main action's words
        self._show_fields()
        if self.split:
            first = self.name if step == 1 else self.password
            first.input.setFocus()

    def _next(self) -> None:
        """The first step's fields checked by the service's rules: their messages beside
        them, or on to the passwords."""
        errors: dict[str, str] = {}
        for key in DETAILS:
            self.fields[key].clear_error()
            try:
                DETAIL_CHECKS[key](self.fields[key].text())
            except ValidationError as error:
                errors.update({k: v for k, v in field_errors(error).items() if k == key})
        if not errors:
            self.show_step(2)
            return
        for key, message in errors.items():
            self.fields[key].set_error(message)
        self.fields[next(k for k in DETAILS if k in errors)].input.setFocus()

    def submit(self) -> None:
        if not self.signup_button.isEnabled():
            return
        if self.split and self.step == 1:
            self.banner.clear_message()
            self._next()
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
        if self.split and any(key in DETAILS for key in errors):
            self.show_step(1)  # the email is taken, say: where it was typed
        first = next(f for k, f in self.fields.items() if k in errors)
        first.input.setFocus()

    def reset(self) -> None:
        for field in self.fields.values():
            field.reset()
        self.banner.clear_message()
        self.show_step(1)  # the next person starts at the first step

    def focus_first(self) -> None:
        (self.password if self.split and self.step == 2 else self.name).input.setFocus()
