"""Qt item models over service results; the views show them through proxies."""

from __future__ import annotations

from collections.abc import Callable
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
from ..domain.search import SearchWords
from ..services import search_words
from .formatting import (
    doctor_title,
    relative_moment,
    specialization_text,
    status_text,
    when_writer,
)

Index = QModelIndex | QPersistentModelIndex
#: The row's key (doctor_id or appointment_id) for code and tests.
KeyRole = Qt.ItemDataRole.UserRole + 1


#: Which of a row's fields each shown column holds, one under the other (``table_fit``).
Layout = tuple[tuple[int, ...], ...]


class TranslatedTable(QAbstractTableModel):
    """A table whose column headers come from ``headers`` in the current language.

    A narrow list shows some fields under others (``set_layout``): the first column of each
    group of the layout shows the group's texts one under the other, and the view hides the
    rest (``table_fit.FieldColumns``). A hidden column keeps its own text.
    """

    layout: Layout = ()

    def __init__(self) -> None:
        super().__init__()
        # A row's texts are formatted once (dates, names, translations), not at every one
        # of the many data() calls a view makes; any change of the rows starts afresh.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._columns = len(self.headers())
        #: The grouped columns whose header names its fields on one line ("Doctor ·
        #: Specialization"), where the column is wide enough: ``table_fit`` decides.
        self._one_line: frozenset[int] = frozenset()
        for changed in (
            self.modelReset,
            self.dataChanged,
            self.rowsInserted,
            self.rowsRemoved,
            self.layoutChanged,
        ):
            changed.connect(self._forget_texts)

    def _forget_texts(self) -> None:
        self._texts.clear()

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def fields(self, row: int) -> tuple[str, ...]:
        """The texts of a row, each as its own column shows it."""
        raise NotImplementedError

    def row_texts(self, row: int) -> tuple[str, ...]:
        """``fields(row)``, formatted once until the rows or the language change."""
        texts = self._texts.get(row)
        if texts is None:
            texts = self._texts[row] = self.fields(row)
        return texts

    def set_layout(self, layout: Layout) -> None:
        if layout == self.layout:
            return
        self.layout = layout
        texts = dict(self._texts)  # the same texts, only grouped otherwise
        self.retranslate()
        self._texts.update(texts)

    def _group(self, column: int) -> tuple[int, ...]:
        for group in self.layout:
            if group[0] == column:
                return group
        return (column,)

    def cell_text(self, row: int, column: int) -> str:
        fields = self.row_texts(row)
        return "\n".join(fields[f] for f in self._group(column))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            joint = " · " if section in self._one_line else "\n"
            return joint.join(headers[f] for f in self._group(section))
        return None

    @property
    def one_line_headers(self) -> frozenset[int]:
        return self._one_line

    def set_one_line_headers(self, columns: frozenset[int]) -> None:
        """Name the fields of these grouped columns on one line, the others' one under
        the other: a header line less is a list row more on a short window."""
        if columns != self._one_line:
            self._one_line = columns
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._columns - 1)

    def retranslate(self) -> None:
        """The language changed: every header and cell is read again."""
        columns = len(self.headers())
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, columns - 1))


class DoctorTableModel(TranslatedTable):
    """Doctor, specialization, next free time: three columns, or fewer on a narrow list
    (the specialization under the name, the next free time under both)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DoctorSummary] = []
        self._now = datetime.now().astimezone()

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Doctor"), self.tr("Specialization"), self.tr("Next free time"))

    def fields(self, row: int) -> tuple[str, ...]:
        summary = self._rows[row]
        return (
            doctor_title(summary.doctor),
            specialization_text(summary.doctor.specialization),
            relative_moment(summary.next_free, self._now),
        )

    def set_doctors(self, rows: list[DoctorSummary], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def summary(self, row: int) -> DoctorSummary:
        return self._rows[row]

    def specializations(self) -> list[str]:
        """One choice per specialization, however each doctor's is spelt: "Paediatrics"
        and "Pediatrics" are one, named as the word list names it."""
        words = search_words.shipped()
        choices: dict[str, str] = {}
        for row in self._rows:
            spec = row.doctor.specialization
            choices.setdefault(words.canonical(spec), words.known_name(spec))
        return sorted(choices.values())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell_text(index.row(), index.column())
        if role == KeyRole:
            return self._rows[index.row()].doctor.doctor_id
        return None


class DoctorFilterProxy(QSortFilterProxyModel):
    """Search text matches name or specialization, also in a patient's words ("heart",
    "niños": ``domain/search.py``); the combo narrows to one specialization (and the
    other names it is stored under)."""

    def __init__(self, words: SearchWords | None = None) -> None:
        super().__init__()
        self._words = search_words.shipped() if words is None else words
        self._query: tuple[str, ...] = ()
        self._specialization = ""

    def set_filter(self, text: str, specialization: str) -> None:
        """Both at once: one pass over the rows per keystroke."""
        self.beginFilterChange()
        self._query = self._words.query(text)
        self._specialization = specialization
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, DoctorTableModel):
            return True
        doctor = model.summary(source_row).doctor
        spec = doctor.specialization
        if self._specialization and not self._words.same_specialization(spec, self._specialization):
            return False
        return self._words.matches(self._query, doctor.name, spec, specialization_text(spec))


class AppointmentTableModel(TranslatedTable):
    def __init__(self) -> None:
        self._rows: list[tuple[Appointment, bool]] = []
        # What many rows share (a doctor, a status) is written once per language: a long
        # history is a few doctors and statuses over and over, and the list measures every
        # row's texts when it opens.
        self._doctors: dict[tuple[str, str], tuple[str, str]] = {}
        self._statuses: dict[tuple[AppointmentStatus, bool], str] = {}
        self._write_when: Callable[[str, str], str] | None = None
        super().__init__()

    def _forget_texts(self) -> None:
        super()._forget_texts()
        self._doctors.clear()
        self._statuses.clear()
        self._write_when = None

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("Doctor"),
            self.tr("Specialization"),
            self.tr("Status"),
            self.tr("Number"),
        )

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

    def fields(self, row: int) -> tuple[str, ...]:
        appointment, upcoming = self._rows[row]
        doctor_key = (appointment.doctor_name, appointment.specialization)
        doctor = self._doctors.get(doctor_key)
        if doctor is None:
            specialization = specialization_text(appointment.specialization)
            # The view hides column 2 and shows the specialization under the name.
            doctor = (f"{doctor_title(appointment)}\n{specialization}", specialization)
            self._doctors[doctor_key] = doctor
        status_key = (appointment.status, upcoming)
        status = self._statuses.get(status_key)
        if status is None:
            status = self._statuses[status_key] = status_text(appointment.status, upcoming)
        if self._write_when is None:
            self._write_when = when_writer()
        return (
            self._write_when(appointment.date, appointment.time),
            doctor[0],
            doctor[1],
            status,
            appointment.appointment_id,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell_text(index.row(), index.column())
        if role == KeyRole:
            return self._rows[index.row()][0].appointment_id
        return None
