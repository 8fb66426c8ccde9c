"""Choose a doctor: search, narrow by specialization, see the next free time, book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.models import DoctorSummary
from ...services.use_cases import Booking
from ..domain_text import error_text
from ..formatting import doctor_title, fill, specialization_text
from ..models import DoctorFilterProxy, DoctorTableModel
from ..tables import list_table
from ..theme import Look, scaled
from ..widgets import Banner, ResponsiveRow, button, describe, label, row_of, wipe
from ..worker import TaskRunner
from .base import View, scrolling

ROW_HEIGHT = 64
FILTER_WIDTH = 320
SEARCH_WIDTH = 360
GREETING_WIDTH = 300
TABLE_MIN_HEIGHT = 260


class DoctorsView(View):
    book_requested = Signal(object)  # DoctorSummary
    appointments_requested = Signal()
    logout_requested = Signal()

    def __init__(
        self, booking: Callable[[], Booking], clock: Callable[[], datetime], runner: TaskRunner
    ) -> None:
        super().__init__("doctorsView", runner)
        self.booking = booking
        self.clock = clock
        self.model = DoctorTableModel()
        self.proxy = DoctorFilterProxy()
        self.proxy.setSourceModel(self.model)

        self._first_name = ""
        self.greeting = label("", "title")
        self.my_appointments_button = button("myAppointmentsButton", "secondary")
        self.logout_button = button("logoutButton", "secondary")
        self.top = ResponsiveRow(16)
        self.top.add(self.greeting, 1, GREETING_WIDTH)
        self.top.add(row_of(self.my_appointments_button, self.logout_button))

        self.banner = Banner("doctorsBanner")
        self.search = QLineEdit()
        self.search.setObjectName("doctorSearch")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setObjectName("specializationFilter")
        self.filter.addItem("", "")
        self.filter.setMinimumWidth(FILTER_WIDTH)
        self.filters = ResponsiveRow(16)
        self.filters.add(self.search, 2, SEARCH_WIDTH)
        self.filters.add(self.filter, 1, FILTER_WIDTH)

        self.table = list_table("doctorList", ROW_HEIGHT)
        self.table.setModel(self.proxy)
        self.empty = label("", "empty", "doctorListEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        self.book_button = button("bookButton")
        self.book_button.setEnabled(False)

        # Everything above the Book button scrolls on a small screen (or with large text);
        # the list keeps room for a few rows and the Book button stays in view.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        column.addWidget(self.top)
        self.instructions = label("", "subtitle")
        column.addWidget(self.instructions)
        column.addWidget(self.banner)
        column.addWidget(self.filters)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(16)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.book_button)

        self.search.textChanged.connect(self._filter_changed)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.book_button.clicked.connect(self._book)
        self.my_appointments_button.clicked.connect(self.appointments_requested)
        self.logout_button.clicked.connect(self.logout_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self._show_greeting()
        describe(
            self.my_appointments_button,
            self.tr("My appointments"),
            self.tr("See and cancel your appointments"),
        )
        describe(
            self.logout_button,
            self.tr("Log out"),
            self.tr("Log out and clear the screen for the next person"),
        )
        self.instructions.setText(self.tr("Choose a doctor, then press Book."))
        self.search.setPlaceholderText(self.tr("Search by doctor or specialization"))
        self.search.setAccessibleName(self.tr("Search doctors"))
        self.search.setAccessibleDescription(
            self.tr("Type part of a doctor's name or a specialization to narrow the list")
        )
        self.filter.setItemText(0, self.tr("All specializations"))
        for index in range(1, self.filter.count()):
            self.filter.setItemText(index, specialization_text(str(self.filter.itemData(index))))
        self.filter.setAccessibleName(self.tr("Specialization"))
        self.filter.setAccessibleDescription(self.tr("Show the doctors of one specialization"))
        self.table.setAccessibleName(self.tr("Doctors"))
        self.table.setAccessibleDescription(
            self.tr("Doctors with their specialization and next free time; choose one")
        )
        self.model.retranslate()
        self._filter_changed()

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        self.table.verticalHeader().setDefaultSectionSize(scaled(ROW_HEIGHT, look))
        self.filter.setMinimumWidth(scaled(FILTER_WIDTH, look))
        self.top.set_scale(look.scale)
        self.filters.set_scale(look.scale)
        self.table.setMinimumHeight(scaled(TABLE_MIN_HEIGHT, look))

    def _show_greeting(self) -> None:
        if self._first_name:
            self.greeting.setText(fill(self.tr("Hello, %1"), self._first_name))
        else:
            self.greeting.clear()

    def enter(self, user_name: str) -> None:
        self._first_name = user_name.split()[0] if user_name.split() else ""
        self._show_greeting()
        self.refresh()

    def refresh(self) -> None:
        self.banner.clear_message()
        self.runner.run(
            self.booking().doctor_summaries,
            on_result=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list[DoctorSummary]) -> None:
        chosen = self.selected()
        self.model.set_doctors(rows, self.clock())
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("All specializations"), "")
        names = self.model.specializations()
        for name in sorted(names, key=lambda n: specialization_text(n).casefold()):
            self.filter.addItem(specialization_text(name), name)
        self.filter.setCurrentIndex(max(0, self.filter.findData(current)))
        self.filter.blockSignals(False)
        self._filter_changed()
        if chosen is not None:
            self._select(chosen.doctor.doctor_id)

    def _failed(self, error: DomainError) -> None:
        self.banner.show_message(error_text(error))

    def _filter_changed(self) -> None:
        self.proxy.set_filter(self.search.text(), str(self.filter.currentData() or ""))
        if self.proxy.rowCount() == 0 and self.model.rowCount() > 0:
            self.empty.setText(self.tr("No doctor matches your search. Try another word."))
            self.empty.show()
        else:
            self.empty.hide()
        self._selection_changed()

    def selected(self) -> DoctorSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.summary(self.proxy.mapToSource(rows[0]).row())

    def _select(self, doctor_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.model.summary(self.proxy.mapToSource(index).row()).doctor.doctor_id == (
                doctor_id
            ):
                self.table.selectRow(row)
                return

    def _selection_changed(self, *_: QItemSelection) -> None:
        chosen = self.selected()
        self.book_button.setEnabled(chosen is not None)
        if chosen is None:
            describe(
                self.book_button,
                self.tr("Choose a doctor to book"),
                self.tr("Choose a doctor in the list first"),
            )
        else:
            describe(
                self.book_button,
                fill(self.tr("Book with %1"), doctor_title(chosen.doctor)),
                self.tr("Pick a day and a time with this doctor"),
            )

    def _activated(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self._book()

    def _book(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.book_requested.emit(chosen)

    def reset(self) -> None:
        wipe(self.search)
        self.filter.setCurrentIndex(0)
        self.table.clearSelection()
        self.model.set_doctors([], self.clock())
        self.banner.clear_message()
        self._first_name = ""
        self.greeting.clear()
        self.table.scrollToTop()

    def focus_first(self) -> None:
        self.search.setFocus()
