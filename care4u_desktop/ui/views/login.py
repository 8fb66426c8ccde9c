"""Log in: email, password, one big button; sign-up is the secondary way.

Above the card sit the display choices (text size, high contrast, language), so a
patient can make the screen readable before typing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ..domain_text import error_text
from ..widgets import (
    CREDENTIALS_ROOM,
    Banner,
    Field,
    ResponsiveRow,
    SharedSlot,
    button,
    centered,
    describe,
    error_line,
    label,
)
from ..worker import TaskRunner
from .base import TIGHT, View, card, fit_arrangement, hints_whole, invalidate_all, overflow_page
from .display_choices import DisplayChoices

if TYPE_CHECKING:
    from ...services.accounts import Session
    from ...services.use_cases import Accounts

CARD_WIDTH = 480
CARD_MAX_WIDTH = 720
WIDE_CARD_MAX_WIDTH = 1040
CHOICES_WIDTH = 240
CHOICES_MAX_WIDTH = 400
#: (choices above the form, fields side by side, choices in one strip), roomiest first.
ARRANGEMENTS = (
    (False, False, False),
    (False, True, False),
    (True, False, False),
    (True, True, False),
    (True, False, True),
    (True, True, True),
)


class LoginView(View):
    holds_window = False  # it re-arranges itself for the room it has

    logged_in = Signal(object)  # Session
    signup_requested = Signal()

    def __init__(self, accounts: Callable[[], Accounts], runner: TaskRunner) -> None:
        super().__init__("loginView", runner)
        self.accounts = accounts
        self.choices = DisplayChoices()
        frame, form = card()
        self.form = form
        self.title = label("", "title")
        self.subtitle = label("", "subtitle")
        intro = QWidget()
        intro_column = QVBoxLayout(intro)
        intro_column.setContentsMargins(0, 0, 0, 0)
        # The log-in's own message (wrong password, the store is down) takes the line
        # under the title, just over the fields: its room costs no row of its own.
        self.error = error_line("loginError", CREDENTIALS_ROOM)
        intro_column.addWidget(self.title)
        intro_column.addWidget(SharedSlot(self.subtitle, self.error))
        self.banner = Banner("loginBanner")
        # A message (the store is down, you were logged out) takes the welcome's place.
        self.intro = SharedSlot(intro, self.banner)
        self.email = Field("emailInput")
        self.password = Field("passwordInput", password=True)
        self.login_button = button("loginButton")
        self.new_here = label("", "hint")
        self.signup_button = button("goToSignupButton", "secondary")
        self.signup_row = QWidget()
        self._signup_box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.signup_row)
        self._signup_box.setContentsMargins(0, 0, 0, 0)
        self._signup_box.addWidget(self.new_here)
        self._signup_box.addWidget(self.signup_button, 1)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        form.addLayout(self.grid)
        #: One field under the other; or, where the height runs out, side by side with
        #: "Create an account" beside "Log in" (``_fit``).
        self.side_by_side = False
        self._strip = False
        self._place(side_by_side=False)

        # The card and the display choices beside it; on a narrow screen (or with large
        # text) the choices go on top, where someone who needs them sees them first.
        for widget in (frame, self.choices):
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.columns = [centered(self.choices, CHOICES_MAX_WIDTH), centered(frame, CARD_MAX_WIDTH)]
        self.row = ResponsiveRow(24, mirrored=True)
        self.row.add(self.columns[0], 2, CHOICES_WIDTH)
        self.row.add(self.columns[1], 3, CARD_WIDTH)
        self.row.stacked_changed.connect(self._rearrange)
        # One page, no scrolling: where the height runs out the form goes side by side and
        # the choices into one strip (``_fit``), never below the fold.
        self.page = overflow_page(self)
        self.page.addStretch(1)
        self.page.addWidget(self.row)
        self.page.addStretch(2)

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
        hints_whole(self.email.input, self.password.input)
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
        self.choices.arrange(side_panel=not stacked, strip=self._strip)
        self.columns[0].set_base_width(CARD_MAX_WIDTH if stacked else CHOICES_MAX_WIDTH)

    def _place(self, *, side_by_side: bool) -> None:
        """The form's parts one under the other, or two by two (see ``side_by_side``)."""
        self.side_by_side = side_by_side
        parts = (self.intro, self.email, self.password)
        for widget in (*parts, self.login_button, self.signup_row):
            self.grid.removeWidget(widget)
        if side_by_side:
            places = [(0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1)]
            self.grid.addWidget(self.login_button, 2, 0)
            self.grid.addWidget(self.signup_row, 2, 1)
        else:
            places = [(0, 0, 1, 2), (1, 0, 1, 2), (2, 0, 1, 2)]
            self.grid.addWidget(self.login_button, 3, 0, 1, 2)
            self.grid.addWidget(self.signup_row, 4, 0, 1, 2)
        for widget, (row, column, rows, columns) in zip(parts, places, strict=True):
            self.grid.addWidget(widget, row, column, rows, columns)
        self._signup_box.setDirection(
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        self.grid.setVerticalSpacing(self.form.spacing())
        self.grid.setHorizontalSpacing(16)
        if len(self.columns) > 1:  # two fields side by side need a wider card
            self.columns[1].set_base_width(WIDE_CARD_MAX_WIDTH if side_by_side else CARD_MAX_WIDTH)

    def _arrange(self, stacked: bool, side_by_side: bool, strip: bool) -> None:
        """The choices beside the form or above it; the fields one under the other or side
        by side; the display choices with their captions, or in one strip."""
        if side_by_side != self.side_by_side:
            self._place(side_by_side=side_by_side)
        self.row.hold(stacked)
        self.choices.arrange(side_panel=not stacked, strip=strip)
        if strip:
            invalidate_all(self.choices)
            if self.choices.minimumSizeHint().width() > self.width() - 2 * TIGHT[0]:
                strip = False  # the strip is wider than the window: keep the two rows
                self.choices.arrange(side_panel=not stacked, strip=False)
        self._strip = strip

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Here too: a new text size reaches a field's font after apply_look has run.
        hints_whole(self.email.input, self.password.input)
        arrangements = [
            lambda s=stacked, f=fields, c=strip: self._arrange(s, f, c)
            for stacked, fields, strip in ARRANGEMENTS
        ]
        fit_arrangement(self, self.page, self.form, event.size(), arrangements)
        super().resizeEvent(event)

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
