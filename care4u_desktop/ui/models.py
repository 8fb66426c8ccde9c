"""Qt item models over service results; the views show them through proxies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ..domain.models import Appointment, AppointmentStatus, DoctorSummary
from .formatting import appointment_when, doctor_title, relative_moment

Index = QModelIndex | QPersistentModelIndex
#: The row's key (doctor_id or appointment_id) for code and tests.
KeyRole = Qt.ItemDataRole.UserRole + 1


class DoctorTableModel(QAbstractTableModel):
    HEADERS = ("Doctor", "Specialization", "Next free time")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DoctorSummary] = []
        self._now = datetime.now().astimezone()

    def set_doctors(self, rows: list[DoctorSummary], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def summary(self, row: int) -> DoctorSummary:
        return self._rows[row]

    def specializations(self) -> list[str]:
        return sorted({r.doctor.specialization for r in self._rows})

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                doctor_title(row.doctor),
                row.doctor.specialization,
                relative_moment(row.next_free, self._now),
            )[index.column()]
        if role == KeyRole:
            return row.doctor.doctor_id
        return None


class DoctorFilterProxy(QSortFilterProxyModel):
    """Search text matches name or specialization; the combo narrows to one specialization."""

    def __init__(self) -> None:
        super().__init__()
        self._text = ""
        self._specialization = ""

    def set_search_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_specialization(self, specialization: str) -> None:
        self.beginFilterChange()
        self._specialization = specialization
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, DoctorTableModel):
            return True
        doctor = model.summary(source_row).doctor
        if self._specialization and doctor.specialization != self._specialization:
            return False
        haystack = f"{doctor.name} {doctor.specialization}".casefold()
        return all(word in haystack for word in self._text.split())


class AppointmentTableModel(QAbstractTableModel):
    HEADERS = ("When", "Doctor", "Specialization", "Status", "Number")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[Appointment, bool]] = []

    def set_history(self, upcoming: list[Appointment], past: list[Appointment]) -> None:
        self.beginResetModel()
        self._rows = [(a, True) for a in upcoming] + [(a, False) for a in past]
        self.endResetModel()

    def appointment(self, row: int) -> Appointment:
        return self._rows[row][0]

    def is_upcoming(self, row: int) -> bool:
        return self._rows[row][1]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        appointment, upcoming = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if appointment.status is AppointmentStatus.CANCELLED:
                status = "Cancelled"
            else:
                status = "Upcoming" if upcoming else "Past"
            return (
                appointment_when(appointment),
                doctor_title(appointment),
                appointment.specialization,
                status,
                appointment.appointment_id,
            )[index.column()]
        if role == KeyRole:
            return appointment.appointment_id
        return None
