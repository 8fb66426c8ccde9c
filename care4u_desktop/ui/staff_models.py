"""Item models for the reception desk: a doctor's day and patient search results."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from ..domain.models import AppointmentStatus, User
from ..services.staff import DayRow
from .models import Index, TranslatedTable

CLASH_BACKGROUND = QColor("#fdecee")


class _Table(TranslatedTable):
    """Rows of plain text cells."""

    def cells(self, row: int) -> tuple[str, ...]:
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self.cells(index.row())[index.column()]
        return None


class DoctorDayModel(_Table):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DayRow] = []

    def set_rows(self, rows: list[DayRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> DayRow:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def headers(self) -> tuple[str, ...]:
        # The phone is one search away; the day's columns stay readable at large text.
        return (self.tr("Time"), self.tr("Patient"), self.tr("Status"), self.tr("Number"))

    def status_text(self, row: DayRow) -> str:
        if row.appointment is None:
            return self.tr("Free")
        text = {
            AppointmentStatus.BOOKED: self.tr("Booked"),
            AppointmentStatus.CHECKED_IN: self.tr("Checked in"),
            AppointmentStatus.NO_SHOW: self.tr("No-show"),
            AppointmentStatus.CANCELLED: self.tr("Cancelled"),
        }[row.appointment.status]
        if row.clash:
            text += " · " + self.tr("doctor away: call the patient")
        return text

    def cells(self, index: int) -> tuple[str, ...]:
        row = self._rows[index]
        patient = row.patient
        return (
            row.time,
            patient.name if patient else ("—" if row.appointment is None else "?"),
            self.status_text(row),
            row.appointment.appointment_id if row.appointment else "",
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and role == Qt.ItemDataRole.BackgroundRole
            and self._rows[index.row()].clash
        ):
            return CLASH_BACKGROUND
        return super().data(index, role)


class PatientModel(_Table):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[User] = []

    def set_patients(self, patients: list[User]) -> None:
        self.beginResetModel()
        self._rows = list(patients)
        self.endResetModel()

    def patient(self, index: int) -> User:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Email"), self.tr("Phone"))

    def cells(self, index: int) -> tuple[str, ...]:
        user = self._rows[index]
        return (user.name, user.email, user.phone)
