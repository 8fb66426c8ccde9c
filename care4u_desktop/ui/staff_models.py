"""Item models for the reception desk: a doctor's day and patient search results."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from ..domain.models import AppointmentStatus, User
from ..services.free_times import CLOSED, PAST
from ..services.staff import DayRow
from .formatting import fill
from .models import Index, TranslatedTable

CLASH_BACKGROUND = QColor("#fdecee")


class _Table(TranslatedTable):
    """Rows of plain text cells."""

    def cells(self, row: int) -> tuple[str, ...]:
        raise NotImplementedError

    def fields(self, row: int) -> tuple[str, ...]:
        return self.cells(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            # Written once per row (``row_texts``): a view asks each cell many times.
            return self.row_texts(index.row())[index.column()]
        return None


class DoctorDayModel(_Table):
    def __init__(self) -> None:
        self._rows: list[DayRow] = []
        #: Each status's words, once per language (a day of 1,000 rows has a handful).
        self._statuses: dict[tuple[AppointmentStatus | None, bool, str] | str, str] = {}
        super().__init__()

    def _forget_texts(self) -> None:
        super()._forget_texts()
        self._statuses.clear()

    def set_rows(self, rows: list[DayRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> DayRow:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def headers(self) -> tuple[str, ...]:
        # The phone is one search away; the appointment number shares the status's column
        # (one column's padding less), so a name keeps its line on a short, narrow desk.
        return (self.tr("Time"), self.tr("Patient"), self.tr("Status"))

    def status_text(self, row: DayRow) -> str:
        key = (row.appointment.status if row.appointment else None, row.clash, row.state)
        text = self._statuses.get(key)
        if text is None:
            text = self._statuses[key] = self._status_text(row)
        return text

    def _status_text(self, row: DayRow) -> str:
        if row.appointment is None:
            # Only a time that can be booked now is "Free" (a passed time or a closed day
            # looked bookable at the desk, and was refused only when booked).
            if row.state == PAST:
                return self.tr("Past")
            if row.state == CLOSED:
                return self.tr("Closed")
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

    def _with_number(self) -> str:
        template = self._statuses.get("with number")
        if template is None:
            template = self._statuses["with number"] = self.tr("%1 · %2")
        return template

    def cells(self, index: int) -> tuple[str, ...]:
        row = self._rows[index]
        patient = row.patient
        return (
            row.time,
            patient.name if patient else ("—" if row.appointment is None else "?"),
            fill(self._with_number(), self.status_text(row), row.appointment.appointment_id)
            if row.appointment
            else self.status_text(row),
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
    """Whole names and contacts: the desk's table wraps them, it never elides them."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[User] = []
        # How each email is shown, broken into lines for a narrow table (the view's).
        self.email_lines: dict[str, str] = {}

    def set_email_lines(self, lines: dict[str, str]) -> None:
        if lines != self.email_lines:
            self.email_lines = lines
            if self._rows:
                self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def emails(self) -> list[str]:
        return [u.email for u in self._rows]

    def set_patients(self, patients: list[User]) -> None:
        self.beginResetModel()
        self._rows = list(patients)
        self.endResetModel()

    def patient(self, index: int) -> User:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Email and phone"))

    def cells(self, index: int) -> tuple[str, ...]:
        # The contact on two lines, as wide as the longer of the two: an email has no
        # spaces to wrap at, so it sets its column's width and the name wraps beside it.
        user = self._rows[index]
        email = self.email_lines.get(user.email, user.email)
        return (user.name, f"{email}\n{user.phone}")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.AccessibleTextRole:
            user = self._rows[index.row()]
            return user.name if index.column() == 0 else f"{user.email}, {user.phone}"
        return super().data(index, role)
