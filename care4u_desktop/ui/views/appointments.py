"""A patient's appointments: upcoming first, then past and cancelled; cancel with a check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.models import Appointment
from ...services.accounts import Session
from ...services.booking import History
from ...services.use_cases import Booking
from ..domain_text import error_text
from ..formatting import day_and_time, doctor_title, fill
from ..models import AppointmentTableModel
from ..tables import list_table
from ..theme import Look, scaled
from ..widgets import Banner, ResponsiveRow, button, describe, label, row_of
from ..worker import TaskRunner
from .base import View, scrolling

ROW_HEIGHT = 60
TITLE_WIDTH = 360
TABLE_MIN_HEIGHT = 240


class AppointmentsView(View):
    back_requested = Signal()
    logout_requested = Signal()

    def __init__(self, booking: Callable[[], Booking], runner: TaskRunner) -> None:
        super().__init__("appointmentsView", runner)
        self.booking = booking
        self._session: Session | None = None
        # Where the appointment just cancelled was in the list, until the list is back.
        self._cancelled_row: int | None = None
        self.model = AppointmentTableModel()

        self.back_button = button("appointmentsBackButton", "secondary")
        self.logout_button = button("appointmentsLogoutButton", "secondary")
        self.title = label("", "title")
        self.top = ResponsiveRow(16)
        self.top.add(self.title, 1, TITLE_WIDTH)
        self.top.add(row_of(self.back_button, self.logout_button))

        self.banner = Banner("appointmentsBanner")
        self.table = list_table("appointmentList", ROW_HEIGHT)
        self.table.setModel(self.model)
        # Rows grow to fit wrapped names at large text sizes; nothing is cut to "Dr. …".
        self.table.setWordWrap(True)
        self.table.verticalHeader().setMinimumSectionSize(ROW_HEIGHT)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        # The doctor's column reads "Dr. Name" over the specialization: one column fewer
        # to squeeze at large text sizes.
        self.table.setColumnHidden(2, True)
        for column in (0, 3, 4):  # when, status, number: short, never wrapped
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = label("", "empty", "appointmentListEmpty")
        self.empty.hide()

        self.cancel_button = button("cancelAppointmentButton", "secondary")
        self.cancel_button.setEnabled(False)

        # The confirm step sits in the page (no pop-up a patient could lose behind the kiosk).
        self.confirm_bar = ResponsiveRow(16)
        self.confirm_bar.setObjectName("cancelConfirmation")
        self.confirm_text = label("", "subtitle", "cancelQuestion")
        self.confirm_cancel_button = button("confirmCancelButton", "danger")
        self.keep_button = button("keepAppointmentButton", "secondary")
        self.confirm_bar.add(self.confirm_text, 1, TITLE_WIDTH)
        self.confirm_bar.add(row_of(self.keep_button, self.confirm_cancel_button))
        self.confirm_bar.hide()

        # The list and its heading scroll on a small screen; cancelling stays in view.
        body = QWidget()
        stack = QVBoxLayout(body)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(16)
        stack.addWidget(self.top)
        stack.addWidget(self.banner)
        stack.addWidget(self.table, 1)
        stack.addWidget(self.empty)
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(16)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.confirm_bar)

        self.back_button.clicked.connect(self.back_requested)
        self.logout_button.clicked.connect(self.logout_requested)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.cancel_button.clicked.connect(self._ask_cancel)
        self.keep_button.clicked.connect(self._hide_confirm)
        self.confirm_cancel_button.clicked.connect(self._cancel)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("My appointments"))
        describe(
            self.back_button,
            self.tr("← Back to doctors"),
            self.tr("Go back to the list of doctors"),
            self.tr("Back to doctors"),
        )
        describe(
            self.logout_button,
            self.tr("Log out"),
            self.tr("Log out and clear the screen for the next person"),
        )
        self.table.setAccessibleName(self.tr("My appointments"))
        self.table.setAccessibleDescription(
            self.tr("Upcoming appointments first, then past and cancelled ones")
        )
        self.empty.setText(self.tr("You have no appointments yet."))
        describe(
            self.cancel_button,
            self.tr("Cancel selected appointment"),
            self.tr("Choose an upcoming appointment in the list, then press this to cancel it"),
        )
        describe(
            self.confirm_cancel_button,
            self.tr("Yes, cancel it"),
            self.tr("Cancel the appointment; the time becomes free for others"),
        )
        describe(self.keep_button, self.tr("No, keep it"), self.tr("Keep the appointment"))
        self.model.retranslate()
        if self.confirm_bar.isVisibleTo(self):
            self._ask_cancel()

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.table.verticalHeader().setMinimumSectionSize(scaled(ROW_HEIGHT, look))
        self.top.set_scale(look.scale)
        self.confirm_bar.set_scale(look.scale)
        self.table.setMinimumHeight(scaled(TABLE_MIN_HEIGHT, look))

    def enter(self, session: Session) -> None:
        self._session = session
        self.banner.clear_message()
        self.refresh()

    def refresh(self) -> None:
        if self._session is None:
            return
        self.runner.run(
            self.booking().history,
            self._session,
            on_result=self._loaded,
            on_error=lambda e: self.banner.show_message(error_text(e)),
        )

    def _loaded(self, history: History) -> None:
        self.model.set_history(history.upcoming, history.past)
        self.empty.setVisible(self.model.rowCount() == 0)
        self._hide_confirm()
        # A new list drops the selection without a selectionChanged: nothing is chosen now.
        self.cancel_button.setEnabled(self.selected() is not None)
        if self._cancelled_row is not None:
            self._focus_after_cancel(self._cancelled_row, len(history.upcoming))
            self._cancelled_row = None

    def _focus_after_cancel(self, row: int, upcoming: int) -> None:
        """On the next upcoming appointment (where the cancelled one was, or the one before
        if it was the last); with none left, on the message that says it is cancelled."""
        if upcoming == 0:
            self.banner.setFocus()
            return
        index = self.model.index(min(row, upcoming - 1), 0)
        # The current row, not a choice: cancelling the next one takes a choice of its own.
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.table.setFocus()

    def selected(self) -> Appointment | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.model.is_upcoming(rows[0].row()):
            return None
        return self.model.appointment(rows[0].row())

    def _selection_changed(self, *_: QItemSelection) -> None:
        self.cancel_button.setEnabled(self.selected() is not None)
        self._hide_confirm()

    def _ask_cancel(self) -> None:
        appointment = self.selected()
        if appointment is None:
            return
        self.confirm_text.setText(
            fill(
                self.tr("Cancel your appointment with %1 on %2?"),
                doctor_title(appointment),
                day_and_time(date.fromisoformat(appointment.date), appointment.time),
            )
        )
        self.confirm_bar.show()
        self.cancel_button.hide()
        self.keep_button.setFocus()

    def _hide_confirm(self) -> None:
        self.confirm_bar.hide()
        self.cancel_button.show()

    def _cancel(self) -> None:
        appointment = self.selected()
        if appointment is None or self._session is None:
            return
        self.runner.run(
            self.booking().cancel,
            self._session,
            appointment.appointment_id,
            on_result=self._cancelled,
            on_error=self._cancel_failed,
            busy=self.confirm_cancel_button,
            busy_text=self.tr("Cancelling…"),
        )

    def _cancelled(self, appointment: Appointment) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._cancelled_row = rows[0].row() if rows else 0
        self.banner.show_message(
            fill(
                self.tr("Appointment %1 is cancelled. The time is free again."),
                appointment.appointment_id,
            ),
            "success",
        )
        self.refresh()

    def _cancel_failed(self, error: DomainError) -> None:
        self.banner.show_message(error_text(error))
        self.refresh()

    def reset(self) -> None:
        self._session = None
        self._cancelled_row = None
        self.model.set_history([], [])
        self.banner.clear_message()
        self._hide_confirm()
        self.confirm_text.clear()  # hidden, it still names the doctor and the time
        self.table.clearSelection()
        self.cancel_button.setEnabled(False)
        self.empty.hide()
