"""A patient's appointments: upcoming first, then past and cancelled; cancel with a check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QVBoxLayout

from ...domain.errors import DomainError
from ...domain.models import Appointment
from ...services.accounts import Session
from ...services.booking import History
from ...services.use_cases import Booking
from ..domain_text import error_text
from ..formatting import day_and_time, doctor_title, fill
from ..models import AppointmentTableModel
from ..table_fit import FieldColumns
from ..tables import list_table
from ..theme import Look
from ..widgets import Banner, ResponsiveRow, SharedSlot, button, describe, label, row_of
from ..worker import TaskRunner
from .base import View, compact_margins

#: The least height of a row (a touch target); rows grow to their (wrapped) text.
ROW_HEIGHT = 48
TITLE_WIDTH = 360
#: The room this screen's banner keeps: its usual message (a cancel went through), not the
#: store's longer failure one, which grows it over the list (the buttons under it stay put).
CANCELLED_ROOM = "Appointment 7KQ2-M4XP is cancelled. The time is free again."
#: The fields (when, doctor over specialization, -, status, number) per shown column, as
#: many columns as the width holds: the number under the status (rows no taller than the
#: doctor's two lines), the status under the time, then the number under the doctor, then
#: all in one.
COLUMN_LAYOUTS = (
    ((0,), (1,), (3,), (4,)),
    ((0,), (1,), (3, 4)),
    ((0, 3), (1,), (4,)),
    ((0, 3), (1, 4)),
    ((0, 1, 3, 4),),
)


class AppointmentsView(View):
    holds_window = False  # it re-arranges itself for the room it has

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
        self.banner = Banner("appointmentsBanner", CANCELLED_ROOM)
        # "Back" in the title's row and "Log out" in the actions' row: the list keeps the
        # height of a row of buttons of its own (three whole rows at large text, 768 px).
        self.top = ResponsiveRow(16)
        self.top.add(self.back_button)
        self.top.add(self.title, 1, TITLE_WIDTH)

        self.table = list_table("appointmentList", ROW_HEIGHT)
        self.table.setModel(self.model)
        self.table.verticalHeader().setMinimumSectionSize(ROW_HEIGHT)
        # Nothing is cut to "Dr. …": rows grow to wrapped names, and a narrow list shows
        # fewer, taller columns.
        self.columns_fit = FieldColumns(
            self.table, self.model.rowCount, self.model.row_texts, COLUMN_LAYOUTS, self._columns
        )
        self.empty = label("", "empty", "appointmentListEmpty")
        self.empty.hide()

        self.cancel_button = button("cancelAppointmentButton", "secondary")
        self.cancel_button.setEnabled(False)

        # The confirm step sits in the page (no pop-up a patient could lose behind the kiosk):
        # the question over the list's foot, its answers in the cancel button's place.
        self.confirm_text = label("", "subtitle", "cancelQuestion")
        self.confirm_cancel_button = button("confirmCancelButton", "danger")
        self.keep_button = button("keepAppointmentButton", "secondary")
        self.confirm_bar = row_of(self.keep_button, self.confirm_cancel_button)
        self.confirm_bar.setObjectName("cancelConfirmation")
        self.confirm_bar.hide()
        self._asking = False
        self.answer_row = ResponsiveRow(16)
        self.answer_row.add(self.logout_button)
        self.answer_row.add(row_of(self.cancel_button, self.confirm_bar), 1)

        # One page, no scrolling: the list takes the height left; cancelling stays under it.
        # A message (cancelled, refused) takes the question's place, across the whole width
        # (its room is least there): the question is asked only with no message up.
        self.page = QVBoxLayout(self)
        self.page.addWidget(self.top)
        self.page.addWidget(self.table, 1)
        self.page.addWidget(self.empty)
        # The question close over its answers (a few pixels: a third whole row at 1024x768).
        foot = QVBoxLayout()
        foot.setSpacing(2)
        foot.addWidget(SharedSlot(self.confirm_text, self.banner))
        foot.addWidget(self.answer_row)
        self.page.addLayout(foot)

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
        if self._asking:
            self._ask_cancel()

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.top.set_scale(look.scale)
        self.answer_row.set_scale(look.scale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        compact_margins(self.page, event.size().height(), event.size().width())
        super().resizeEvent(event)

    def _columns(self, chosen: int) -> None:
        self.model.set_layout(COLUMN_LAYOUTS[chosen])

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
        self.banner.clear_message()  # the question takes the message's place
        self._asking = True
        self.confirm_bar.show()
        self.cancel_button.hide()
        self.keep_button.setFocus()

    def _hide_confirm(self) -> None:
        self._asking = False
        self.confirm_text.clear()  # not read out once it is no question
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
