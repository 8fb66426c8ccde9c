"""Choose a doctor: search, narrow by specialization, see the next free time, book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.models import DoctorSummary
from ...services.use_cases import Booking
from ..domain_text import error_text
from ..formatting import doctor_title, fill, specialization_text
from ..models import DoctorFilterProxy, DoctorTableModel
from ..table_fit import FieldColumns
from ..tables import list_table
from ..theme import Look, scaled
from ..widgets import Banner, ResponsiveRow, SharedSlot, button, describe, label, row_of, wipe
from ..worker import TaskRunner
from .base import View, compact_margins

#: The least height of a row (a touch target); rows grow to their (wrapped) text.
ROW_HEIGHT = 48
FILTER_WIDTH = 320
#: Narrow enough that the search and the filter share a row at the largest text on a
#: 1024-wide screen (the search then shows its short hint).
SEARCH_WIDTH = 300
GREETING_WIDTH = 300
#: The room a line edit keeps around its text: padding, border and the clear button.
PLACEHOLDER_MARGIN = 72
#: The doctor's fields per shown column: three columns, the specialization under the name,
#: all three one under the other (a narrow portrait kiosk, the largest text).
COLUMN_LAYOUTS = (((0,), (1,), (2,)), ((0, 1), (2,)), ((0, 1, 2),))
#: Below this window height (at normal text; it grows with the text) the line under the
#: greeting goes, so the list keeps rows to choose from; the Book button says the same.
INSTRUCTIONS_HEIGHT = 700


class DoctorsView(View):
    holds_window = False  # it re-arranges itself for the room it has

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
        self._scale = 1.0
        self.greeting = label("", "title")
        self.instructions = label("", "subtitle")
        self.banner = Banner("doctorsBanner")
        intro = QWidget()
        intro_column = QVBoxLayout(intro)
        intro_column.setContentsMargins(0, 0, 0, 0)
        intro_column.addWidget(self.greeting)
        intro_column.addWidget(self.instructions)
        # A message (the welcome, a list that could not be loaded) takes the greeting's
        # place, which is kept the banner's size: nothing moves when it comes or goes.
        self.intro = SharedSlot(intro, self.banner)
        self.my_appointments_button = button("myAppointmentsButton", "secondary")
        self.logout_button = button("logoutButton", "secondary")
        self.top = ResponsiveRow(16)
        self.top.add(self.intro, 1, GREETING_WIDTH)
        self.top.add(row_of(self.my_appointments_button, self.logout_button))

        self.search = QLineEdit()
        self.search.setObjectName("doctorSearch")
        self.search.setClearButtonEnabled(True)
        self._placeholders = ("", "")
        self.search.installEventFilter(self)
        self.filter = QComboBox()
        self.filter.setObjectName("specializationFilter")
        self.filter.addItem("", "")
        self.filter.setMinimumWidth(FILTER_WIDTH)
        self.filters = ResponsiveRow(16)
        self.filters.add(self.search, 2, SEARCH_WIDTH)
        self.filters.add(self.filter, 1, FILTER_WIDTH)

        self.table = list_table("doctorList", ROW_HEIGHT)
        self.table.setModel(self.proxy)
        self.table.verticalHeader().setMinimumSectionSize(ROW_HEIGHT)
        self.columns_fit = FieldColumns(
            self.table,
            self.model.rowCount,
            self.model.row_texts,
            COLUMN_LAYOUTS,
            lambda chosen: self.model.set_layout(COLUMN_LAYOUTS[chosen]),
        )
        self.empty = label("", "empty", "doctorListEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        self.book_button = button("bookButton")
        self.book_button.setEnabled(False)

        # One page, no scrolling: the list takes the height left and shows its rows whole
        # (tests/ui/test_layout_fit.py); the Book button stays under it.
        self.page = QGridLayout(self)
        self.page.addWidget(self.top, 0, 0)
        self.page.addWidget(self.filters, 1, 0)
        self.page.addWidget(self.table, 2, 0)
        self.page.addWidget(self.empty, 3, 0)
        self.page.addWidget(self.book_button, 4, 0)
        self.page.setRowStretch(2, 1)

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
        self._placeholders = (
            self.tr("Search by doctor or specialization"),
            self.tr("Search doctors"),
        )
        self._fit_placeholder()
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
        self.filter.setMinimumWidth(scaled(FILTER_WIDTH, look))
        self.top.set_scale(look.scale)
        self.filters.set_scale(look.scale)
        self._scale = look.scale
        self._fit_instructions(self.height())
        self._fit_top(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        compact_margins(self.page, event.size().height(), event.size().width())
        self._fit_instructions(event.size().height())
        self._fit_top(event.size().width())
        super().resizeEvent(event)

    def _fit_top(self, width: int) -> None:
        """The buttons under the greeting where beside it the greeting's slot, which keeps
        the height of its longest message at its width, would be taller than both rows."""
        margins = self.page.contentsMargins()
        room = width - margins.left() - margins.right()
        self._top_fits(room, [self.my_appointments_button, self.logout_button])

    def _top_fits(self, room: int, buttons: list[QPushButton]) -> bool:
        """Hold the top row (the greeting and ``buttons``) stacked where that is shorter;
        whether it is side by side."""
        spacing = self.top._box.spacing()
        wide = sum(b.sizeHint().width() for b in buttons) + 12 * (len(buttons) - 1)
        high = max(b.sizeHint().height() for b in buttons)
        beside = room - wide - spacing
        if beside < round(GREETING_WIDTH * self._scale):
            self.top.hold(None)  # too narrow beside them anyway: the row stacks itself
            return False
        side_by_side = max(self._intro_height(beside), high)
        stacked = self._intro_height(room) + spacing + high
        self.top.hold(True if stacked < side_by_side else None)
        return stacked >= side_by_side

    def _intro_height(self, width: int) -> int:
        heights = [self.intro.heightForWidth(width), self.banner.heightForWidth(width)]
        return max(max(heights), self.intro.minimumSizeHint().height())

    def _fit_instructions(self, height: int) -> None:
        self.instructions.setVisible(height >= round(INSTRUCTIONS_HEIGHT * self._scale))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self._fit_placeholder()
        return False

    def _fit_placeholder(self) -> None:
        """The whole hint, or its short form where the field is too narrow for it."""
        full, short = self._placeholders
        room = self.search.width() - PLACEHOLDER_MARGIN
        fits = self.search.fontMetrics().horizontalAdvance(full) <= room
        self.search.setPlaceholderText(full if fits else short)

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
        self._scale = 1.0
        self.greeting.clear()
        self.table.scrollToTop()

    def focus_first(self) -> None:
        self.search.setFocus()
