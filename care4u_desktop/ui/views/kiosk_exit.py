"""Closing a locked-down kiosk: only a staff or admin log-in unlocks it.

The check is ``AccountService.unlock_kiosk``: a staff or admin password, never counted
towards the account's lock (a patient must not be able to lock staff out from here); a
patient's correct password does not open it. Instead, each failure makes this kiosk wait
longer before the next try (``services.throttle``); the throttle belongs to the app's
services, so a log-out or a reset of this screen does not start it again. While it waits
the button is off and the screen says for how long.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from ...domain.errors import DomainError, TryAgainLater
from ...services.accounts import Session
from ...services.use_cases import Accounts
from ..domain_text import error_text
from ..widgets import (
    CREDENTIALS_ROOM,
    Field,
    Message,
    button,
    centered,
    describe,
    error_line,
    label,
)
from ..worker import TaskRunner
from .base import View, card, fit_arrangement, overflow_page

#: The card's widest readable width (normal text), and with the two fields side by side.
CARD = 720
WIDE_CARD = 1040


class KioskExitView(View):
    holds_window = False  # it re-arranges itself for the room it has

    #: A staff member confirmed; the window may now close.
    exit_unlocked = Signal(object)  # Session
    cancelled = Signal()

    def __init__(
        self,
        accounts: Callable[[], Accounts],
        wait_seconds: Callable[[], float],
        runner: TaskRunner,
    ) -> None:
        """``wait_seconds`` is how long this kiosk's Staff exit still waits (its throttle,
        cheap: asked from the GUI thread)."""
        super().__init__("kioskExitView", runner)
        self.accounts = accounts
        self.wait_seconds = wait_seconds
        frame, form = card()
        self.title = label("", "title")
        self.subtitle = label("", "subtitle")
        self.email = Field("staffEmailInput")
        self.password = Field("staffPasswordInput", password=True)
        self.error = error_line("kioskExitError", CREDENTIALS_ROOM)
        self.wait_note = Message("kioskExitWait", "hint")
        # Counts the wait down on screen and turns the button back on when it is over.
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(250)
        self.wait_timer.timeout.connect(self.show_wait)
        self.exit_button = button("exitKioskButton", "danger")
        self.cancel_button = button("cancelExitButton", "secondary")
        self.form = form
        for widget in (self.title, self.subtitle):
            form.addWidget(widget)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        form.addLayout(self.grid)
        self.side_by_side: bool | None = None
        self._place(side_by_side=False)
        for widget in (self.error, self.wait_note):
            form.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.cancel_button, 1)
        row.addWidget(self.exit_button, 1)
        form.addSpacing(8)
        form.addLayout(row)

        # One page, no scrolling: the two fields go side by side where the height runs out.
        self.columns = [centered(frame, CARD)]
        self.page = overflow_page(self)
        self.page.addStretch(1)
        self.page.addWidget(self.columns[0])
        self.page.addStretch(2)

        self.email.input.returnPressed.connect(self.submit)
        self.password.input.returnPressed.connect(self.submit)
        self.exit_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancelled)
        self.retranslate()

    def _place(self, *, side_by_side: bool) -> None:
        if side_by_side == self.side_by_side:
            return
        self.side_by_side = side_by_side
        for field in (self.email, self.password):
            self.grid.removeWidget(field)
        self.grid.addWidget(self.email, 0, 0)
        self.grid.addWidget(self.password, *((0, 1) if side_by_side else (1, 0)))
        self.grid.setColumnStretch(1, 1 if side_by_side else 0)
        if self.columns:  # two fields side by side need a wider card
            self.columns[0].set_base_width(WIDE_CARD if side_by_side else CARD)

    def resizeEvent(self, event: QResizeEvent) -> None:
        arrangements = [
            lambda: self._place(side_by_side=False),
            lambda: self._place(side_by_side=True),
        ]
        fit_arrangement(self, self.page, self.form, event.size(), arrangements)
        super().resizeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Close the kiosk"))
        self.subtitle.setText(self.tr("For staff only. Log in with a staff account to close."))
        self.email.set_texts(self.tr("Staff email"), self.tr("The email of a staff account"))
        self.password.set_texts(self.tr("Password"), self.tr("The staff account's password"))
        describe(
            self.exit_button,
            self.tr("Close the kiosk"),
            self.tr("Check the staff log-in and close the application"),
        )
        describe(
            self.cancel_button,
            self.tr("Back"),
            self.tr("Go back to the log-in screen and keep the kiosk running"),
        )
        if self.wait_note.isVisible():
            self.show_wait()

    def submit(self) -> None:
        if not self.exit_button.isEnabled() or self.show_wait():
            return
        self.error.hide()
        email, password = self.email.text().strip(), self.password.text()
        if not email or not password:
            self._show_error(self.tr("Please enter a staff email and password."))
            return
        accounts = self.accounts
        self.runner.run(
            # Built on the worker if need be.
            lambda: accounts().unlock_kiosk(email, password),
            on_result=self._checked,
            on_error=self._refused,
            busy=self.exit_button,
            busy_text=self.tr("Checking…"),
        )

    def _checked(self, session: Session) -> None:
        self.password.reset()
        if not session.is_staff:  # unlock_kiosk answers staff only; kept as a second lock
            self._show_error(self.tr("Only staff can close the kiosk."))
            return
        self.exit_unlocked.emit(session)

    def _refused(self, error: DomainError) -> None:
        if isinstance(error, TryAgainLater):
            self.password.input.clear()
        else:
            self._show_error(error_text(error))
        # After the runner has turned the button back on (its "finished" comes next).
        QTimer.singleShot(0, self, self.show_wait)

    def show_wait(self) -> bool:
        """Show how long this kiosk waits before the next try, with the button off, or
        turn the button back on if it need not. True while it waits."""
        seconds = math.ceil(self.wait_seconds())
        if seconds <= 0:
            self.wait_timer.stop()
            self.wait_note.hide()
            if not self.runner.pending:
                self.exit_button.setEnabled(True)
            return False
        self.exit_button.setEnabled(False)
        self.wait_note.setText(
            self.tr("Please wait %n second(s) before trying again.", "", seconds)
        )
        self.wait_note.show()
        if not self.wait_timer.isActive():
            self.wait_timer.start()
        return True

    def _show_error(self, message: str) -> None:
        self.password.input.clear()
        self.error.setText(message)
        self.error.show()
        (self.email if not self.email.text().strip() else self.password).input.setFocus()

    def reset(self) -> None:
        # The wait is the kiosk's, not the person's: it stays (shown again on return).
        self.email.reset()
        self.password.reset()
        self.error.clear()
        self.error.hide()

    def focus_first(self) -> None:
        self.show_wait()
        self.email.input.setFocus()
