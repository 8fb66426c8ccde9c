"""Choose a doctor: search, narrow by specialization, see the next free time, book."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
)

from ...composition import Services
from ...domain.errors import DomainError
from ...domain.models import DoctorSummary
from ..formatting import doctor_title
from ..models import DoctorFilterProxy, DoctorTableModel
from ..widgets import Banner, button, label
from ..worker import TaskRunner
from .base import View

ALL_SPECIALIZATIONS = "All specializations"


class DoctorsView(View):
    book_requested = Signal(object)  # DoctorSummary
    appointments_requested = Signal()
    logout_requested = Signal()

    def __init__(self, services: Services, runner: TaskRunner) -> None:
        super().__init__("doctorsView", services, runner)
        self.model = DoctorTableModel()
        self.proxy = DoctorFilterProxy()
        self.proxy.setSourceModel(self.model)

        self.greeting = label("", "title")
        self.my_appointments_button = button("My appointments", "myAppointmentsButton", "secondary")
        self.logout_button = button("Log out", "logoutButton", "secondary")
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(self.my_appointments_button)
        top.addWidget(self.logout_button)

        self.banner = Banner("doctorsBanner")
        self.search = QLineEdit()
        self.search.setObjectName("doctorSearch")
        self.search.setPlaceholderText("Search by doctor or specialization")
        self.search.setAccessibleName("Search doctors")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setObjectName("specializationFilter")
        self.filter.setAccessibleName("Specialization")
        self.filter.addItem(ALL_SPECIALIZATIONS, "")
        self.filter.setMinimumWidth(320)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.filter, 1)

        self.table = QTableView()
        self.table.setObjectName("doctorList")
        self.table.setAccessibleName("Doctors")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(64)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.empty = label("", "empty", "doctorListEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        self.book_button = button("Choose a doctor to book", "bookButton")
        self.book_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(label("Choose a doctor, then press Book.", "subtitle"))
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.book_button)

        self.search.textChanged.connect(self._filter_changed)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.book_button.clicked.connect(self._book)
        self.my_appointments_button.clicked.connect(self.appointments_requested)
        self.logout_button.clicked.connect(self.logout_requested)

    def enter(self, user_name: str) -> None:
        self.greeting.setText(f"Hello, {user_name.split()[0]}")
        self.refresh()

    def refresh(self) -> None:
        self.banner.clear_message()
        self.runner.run(
            self.services.booking.doctor_summaries,
            on_result=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list[DoctorSummary]) -> None:
        chosen = self.selected()
        self.model.set_doctors(rows, self.services.config.now())
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(ALL_SPECIALIZATIONS, "")
        for name in self.model.specializations():
            self.filter.addItem(name, name)
        self.filter.setCurrentIndex(max(0, self.filter.findData(current)))
        self.filter.blockSignals(False)
        self._filter_changed()
        if chosen is not None:
            self._select(chosen.doctor.doctor_id)

    def _failed(self, error: DomainError) -> None:
        self.banner.show_message(error.message)

    def _filter_changed(self) -> None:
        self.proxy.set_search_text(self.search.text())
        self.proxy.set_specialization(str(self.filter.currentData() or ""))
        if self.proxy.rowCount() == 0 and self.model.rowCount() > 0:
            self.empty.setText("No doctor matches your search. Try another word.")
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
        self.book_button.setText(
            f"Book with {doctor_title(chosen.doctor)}" if chosen else "Choose a doctor to book"
        )

    def _activated(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self._book()

    def _book(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.book_requested.emit(chosen)

    def reset(self) -> None:
        self.search.clear()
        self.filter.setCurrentIndex(0)
        self.table.clearSelection()
        self.model.set_doctors([], self.services.config.now())
        self.banner.clear_message()
        self.greeting.clear()

    def focus_first(self) -> None:
        self.search.setFocus()
