"""A patient's appointments: upcoming first, then past and cancelled; cancel with a check."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...composition import Services
from ...domain.errors import DomainError
from ...domain.models import Appointment
from ...services.accounts import Session
from ...services.booking import History
from ..formatting import doctor_title, long_date
from ..models import AppointmentTableModel
from ..widgets import Banner, button, label
from ..worker import TaskRunner
from .base import View


class AppointmentsView(View):
    back_requested = Signal()
    logout_requested = Signal()

    def __init__(self, services: Services, runner: TaskRunner) -> None:
        super().__init__("appointmentsView", services, runner)
        self._session: Session | None = None
        self.model = AppointmentTableModel()

        self.back_button = button("← Back to doctors", "appointmentsBackButton", "secondary")
        self.logout_button = button("Log out", "appointmentsLogoutButton", "secondary")
        top = QHBoxLayout()
        top.addWidget(label("My appointments", "title"), 1)
        top.addWidget(self.back_button)
        top.addWidget(self.logout_button)

        self.banner = Banner("appointmentsBanner")
        self.table = QTableView()
        self.table.setObjectName("appointmentList")
        self.table.setAccessibleName("My appointments")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(60)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = label("You have no appointments yet.", "empty", "appointmentListEmpty")
        self.empty.hide()

        self.cancel_button = button(
            "Cancel selected appointment", "cancelAppointmentButton", "secondary"
        )
        self.cancel_button.setEnabled(False)

        # The confirm step sits in the page (no pop-up a patient could lose behind the kiosk).
        self.confirm_bar = QWidget()
        self.confirm_bar.setObjectName("cancelConfirmation")
        self.confirm_text = label("", "subtitle", "cancelQuestion")
        self.confirm_cancel_button = button("Yes, cancel it", "confirmCancelButton", "danger")
        self.keep_button = button("No, keep it", "keepAppointmentButton", "secondary")
        bar = QHBoxLayout(self.confirm_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.confirm_text, 1)
        bar.addWidget(self.keep_button)
        bar.addWidget(self.confirm_cancel_button)
        self.confirm_bar.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.confirm_bar)

        self.back_button.clicked.connect(self.back_requested)
        self.logout_button.clicked.connect(self.logout_requested)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.cancel_button.clicked.connect(self._ask_cancel)
        self.keep_button.clicked.connect(self._hide_confirm)
        self.confirm_cancel_button.clicked.connect(self._cancel)

    def enter(self, session: Session) -> None:
        self._session = session
        self.banner.clear_message()
        self.refresh()

    def refresh(self) -> None:
        if self._session is None:
            return
        self.runner.run(
            self.services.booking.history,
            self._session,
            on_result=self._loaded,
            on_error=lambda e: self.banner.show_message(e.message),
        )

    def _loaded(self, history: History) -> None:
        self.model.set_history(history.upcoming, history.past)
        self.empty.setVisible(self.model.rowCount() == 0)
        self._hide_confirm()

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
            f"Cancel your appointment with {doctor_title(appointment)} on "
            f"{long_date(date.fromisoformat(appointment.date))} at {appointment.time}?"
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
            self.services.booking.cancel,
            self._session,
            appointment.appointment_id,
            on_result=self._cancelled,
            on_error=self._cancel_failed,
            busy=self.confirm_cancel_button,
            busy_text="Cancelling…",
        )

    def _cancelled(self, appointment: Appointment) -> None:
        self.banner.show_message(
            f"Appointment {appointment.appointment_id} is cancelled. The time is free again.",
            "success",
        )
        self.refresh()

    def _cancel_failed(self, error: DomainError) -> None:
        self.banner.show_message(error.message)
        self.refresh()

    def reset(self) -> None:
        self._session = None
        self.model.set_history([], [])
        self.banner.clear_message()
        self._hide_confirm()
        self.cancel_button.setEnabled(False)
