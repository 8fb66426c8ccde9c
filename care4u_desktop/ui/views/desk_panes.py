"""How the reception desk is laid out: its two panes (the doctor's day; the patient at the
counter), the switch between them when they do not both fit, and the in-page confirm step.

The desk never scrolls (a scrolling page with tables inside it made two scroll bars, and
pushed the buttons out of the window at large text). The panes stand side by side while
the width allows, one above the other while the height allows, and otherwise one at a
time behind two tab buttons. The choice is made from the room the panes really have
(``resizeEvent``), never from the screen by name, and the text keeps the theme's size.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..staff_models import DoctorDayModel, PatientModel
from ..tables import list_table
from ..theme import Look
from ..widgets import Field, PageStack, ResponsiveRow, button, describe

#: The room between the parts of a pane.
GAP = 4
#: How much narrower a text is wrapped each time its measure is wider than its cell (px).
WRAP_STEP = 4
#: What a cell takes beside its text: the theme's padding and a little more (px).
EMAIL_MARGIN = 32
#: The narrowest a table beside its actions may be (its columns wrap their text below it).
TABLE_LEAST = 320


class Arrangement(Enum):
    SIDE_BY_SIDE = "side by side"
    STACKED = "stacked"
    #: One pane at a time, chosen with the tab buttons.
    ONE_AT_A_TIME = "one at a time"


class PaneSwitch(QWidget):
    """Two panes: side by side, stacked, or one at a time (``show_pane``), as they fit.

    It places them itself rather than through a layout: a layout would pass the panes'
    height-for-width (their wrapped labels) up as if both were stacked, and hold the
    window taller than one pane at a time needs.
    """

    arrangement_changed = Signal()

    def __init__(self, first: QWidget, second: QWidget, spacing: int = 24) -> None:
        super().__init__()
        self.panes = (first, second)
        for pane in self.panes:
            pane.setParent(self)
        self.spacing = spacing
        #: How the room is shared side by side (the day wider) or stacked.
        self.shares = (3, 2)
        self.arrangement = Arrangement.SIDE_BY_SIDE
        #: The pane shown when only one fits (0: the day, 1: the patient).
        self.current = 0

    def show_pane(self, index: int) -> None:
        self.current = index
        if self.arrangement is Arrangement.ONE_AT_A_TIME:
            self._apply()

    def _needs(self, pane: QWidget) -> QSize:
        return pane.minimumSizeHint().expandedTo(pane.minimumSize())

    def _arrange(self, size: QSize) -> None:
        first, second = (self._needs(p) for p in self.panes)
        gap = self.spacing
        if (
            first.width() + gap + second.width() <= size.width()
            and max(first.height(), second.height()) <= size.height()
        ):
            wanted = Arrangement.SIDE_BY_SIDE
        elif first.height() + gap + second.height() <= size.height():
            wanted = Arrangement.STACKED
        else:
            wanted = Arrangement.ONE_AT_A_TIME
        changed = wanted is not self.arrangement
        self.arrangement = wanted
        self._apply()
        if changed:
            self.arrangement_changed.emit()

    def _apply(self) -> None:
        one = self.arrangement is Arrangement.ONE_AT_A_TIME
        for index, pane in enumerate(self.panes):
            pane.setVisible(not one or index == self.current)
        self._place(self.size())

    def _place(self, size: QSize) -> None:
        width, height = size.width(), size.height()
        first, second = self.panes
        if self.arrangement is Arrangement.ONE_AT_A_TIME:
            self.panes[self.current].setGeometry(0, 0, width, height)
            return
        side = self.arrangement is Arrangement.SIDE_BY_SIDE
        room = (width if side else height) - self.spacing
        least = [self._needs(p).width() if side else self._needs(p).height() for p in self.panes]
        extra = max(0, room - sum(least))
        one = least[0] + extra * self.shares[0] // sum(self.shares)
        two = max(0, room - one)
        if side:
            first.setGeometry(0, 0, one, height)
            second.setGeometry(one + self.spacing, 0, two, height)
        else:
            first.setGeometry(0, 0, width, one)
            second.setGeometry(0, one + self.spacing, width, two)

    def minimumSizeHint(self) -> QSize:
        # One pane at a time is always possible: never hold the window larger than that.
        first, second = (self._needs(p) for p in self.panes)
        return first.expandedTo(second)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size())

    def event(self, event: QEvent) -> bool:
        # A pane's minimum changed (its table found taller rows): place them again.
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange(self.size())
        return super().event(event)


class WrappingDelegate(QStyledItemDelegate):
    """Measures a cell's wrapped text as it fits the cell: the style's measure of a text
    wrapped at the cell's width can come out a little wider than the cell (its padding
    counted on top), so the text is wrapped a little narrower until the measure fits.
    The row is then tall enough for every line; nothing is elided or cut off."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        width = option.rect.width()
        narrower = QStyleOptionViewItem(option)
        squeeze = 0
        while width > 0 and hint.width() > width and squeeze < width // 2:
            squeeze += WRAP_STEP
            narrower.rect = option.rect.adjusted(0, 0, -squeeze, 0)
            hint = super().sizeHint(narrower, index)
        return hint


class FittedTable(QObject):
    """Keeps a desk table's rows whole: as tall as their wrapped text, never elided, and
    the table tall enough for the first ``rows`` of them (three: the desk's lists show at
    least three whole rows) whatever their height."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.rows = 3
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setItemDelegate(WrappingDelegate(table))
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        table.verticalHeader().sectionResized.connect(lambda *_: self.refit())

    def line(self) -> int:
        """A row of one line: the font and the theme's ``::item`` padding."""
        self.table.ensurePolished()
        return self.table.fontMetrics().height() + 2 * 10 + 4

    def one_line_rows(self) -> int:
        """The room ``rows`` rows of one line take (no header): a table as wide as the
        pane, where names keep to one line."""
        return self.rows * self.line() + 2 * self.table.frameWidth() + 8

    def refit(self, rows: int | None = None) -> None:
        table = self.table
        if rows is not None:
            self.rows = rows
        line = self.line()
        table.verticalHeader().setMinimumSectionSize(line)
        count = table.model().rowCount() if table.model() is not None else 0
        # Each row as tall as it is, but never more than two lines' worth counted: a very
        # long name wraps, and the window is not held taller than the screen for it.
        shown = [min(table.rowHeight(r), 2 * line) for r in range(min(self.rows, count))]
        body = sum(shown) + line * (self.rows - len(shown))
        shown_header = not table.horizontalHeader().isHidden()
        header = table.horizontalHeader().sizeHint().height() if shown_header else 0
        frame = 2 * table.frameWidth() + 8  # the focus border is thicker than the frame
        height = header + body + frame
        if table.minimumHeight() != height:
            table.setMinimumHeight(height)


class ButtonBox(QWidget):
    """Buttons in a row, or in a column (``set_vertical``)."""

    def __init__(self, buttons: list[QPushButton], stretches: list[int]) -> None:
        super().__init__()
        self.buttons = buttons
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(GAP)
        for member, weight in zip(buttons, stretches, strict=True):
            self._box.addWidget(member, weight)

    def set_vertical(self, vertical: bool) -> None:
        direction = (
            QBoxLayout.Direction.TopToBottom if vertical else QBoxLayout.Direction.LeftToRight
        )
        self._box.setDirection(direction)

    def column(self) -> QSize:
        """The room the buttons take as a column."""
        hints = [b.minimumSizeHint() for b in self.buttons if not b.isHidden()]
        height = sum(h.height() for h in hints) + GAP * max(0, len(hints) - 1)
        return QSize(max((h.width() for h in hints), default=0), height)

    def row_height(self) -> int:
        return max((b.minimumSizeHint().height() for b in self.buttons), default=0)


class ConfirmStep(QStackedWidget):
    """The action buttons, or in their place Yes and Back while a question is asked.

    In the page, not a modal box (which a kiosk-like desk could hide behind its window);
    the question itself is the view's banner, whose room is kept anyway, so asking moves
    nothing. Enter confirms, Escape backs out.
    """

    confirmed = Signal()
    backed_out = Signal()

    def __init__(self, buttons: list[QPushButton], stretches: list[int]) -> None:
        super().__init__()
        self.confirm_button = button("confirmActionButton", "danger")
        self.back_button = button("confirmBackButton", "secondary")
        self.action_row = ButtonBox(buttons, stretches)
        self.page = ButtonBox([self.confirm_button, self.back_button], [1, 1])
        self.page.setObjectName("staffConfirmPanel")
        self.addWidget(self.action_row)
        self.addWidget(self.page)
        self.confirm_button.clicked.connect(self._confirm)
        self.back_button.clicked.connect(self.back_out)
        for widget in (self.page, self.confirm_button, self.back_button):
            widget.installEventFilter(self)

    def set_vertical(self, vertical: bool) -> None:
        for box in (self.action_row, self.page):
            box.set_vertical(vertical)
        self.updateGeometry()

    def column(self) -> QSize:
        return self.action_row.column().expandedTo(self.page.column())

    def row_height(self) -> int:
        return max(self.action_row.row_height(), self.page.row_height())

    @property
    def asking(self) -> bool:
        return self.currentWidget() is self.page

    def ask(self, confirm_text: str, question: str) -> None:
        self.confirm_button.setText(confirm_text)
        self.confirm_button.setAccessibleName(confirm_text)
        self.confirm_button.setAccessibleDescription(question)
        self.setCurrentWidget(self.page)
        self.confirm_button.setFocus()

    def back_out(self) -> None:
        if self.asking:
            self.setCurrentWidget(self.action_row)
            self.backed_out.emit()

    def _confirm(self) -> None:
        if self.asking:
            self.setCurrentWidget(self.action_row)
            self.confirmed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.asking and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.back_out()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter confirms, except on "Back", which it presses like any button.
                if watched is self.back_button:
                    self.back_out()
                else:
                    self._confirm()
                return True
        return super().eventFilter(watched, event)


class TablePane(QWidget):
    """A row of controls on top, a table, and its actions, arranged for the height there is
    so the table keeps three whole rows and nothing scrolls: the actions under the table;
    on a shorter pane the same without the table's header row (its cells say what they
    are: a time, a name, a status and number), the table keeping the whole width so names
    stay on one line; on a shorter one still the actions in a column beside the table."""

    def __init__(
        self, name: str, top: QWidget, table: QTableView, actions: ButtonBox | ConfirmStep
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.top, self.table, self.action_box = top, table, actions
        self.fitted = FittedTable(table)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(GAP)
        self._grid.addWidget(top, 0, 0, 1, 2)
        self._grid.addWidget(table, 1, 0)
        self._grid.setRowStretch(1, 1)
        self._grid.setColumnStretch(0, 1)
        self.beside = True  # placed for real below, and again on each resize
        self._place(beside=False, header=True)

    def _place(self, beside: bool, header: bool) -> None:
        if header == self.table.horizontalHeader().isHidden():
            self.table.horizontalHeader().setVisible(header)
            self.fitted.refit()
        if beside == self.beside:
            return
        self.beside = beside
        self._grid.removeWidget(self.action_box)
        if beside:
            self._grid.addWidget(self.action_box, 1, 1, Qt.AlignmentFlag.AlignTop)
        else:
            self._grid.addWidget(self.action_box, 2, 0, 1, 2)
        self.action_box.set_vertical(beside)
        self.updateGeometry()

    def _heights(self) -> tuple[int, int, int, int]:
        """The top row's, the header's, the rows' (without the header) and the actions'."""
        header = self.table.horizontalHeader().sizeHint().height()
        rows = self.fitted.one_line_rows()
        top = self.top.minimumSizeHint().height()
        return top, header, rows, self.action_box.row_height()

    def minimumSizeHint(self) -> QSize:
        # As wide as the actions in a row under the table, or beside it (the table at
        # least ``TABLE_LEAST`` wide); as high as the least of the arrangements needs.
        column = self.action_box.column()
        top = self.top.minimumSizeHint()
        row = self.action_box.minimumSizeHint().width()
        width = max(top.width(), row, column.width() + GAP + TABLE_LEAST)
        top_h, header, rows, actions = self._heights()
        compact = top_h + rows + actions + 2 * GAP
        beside = top_h + GAP + max(rows + header, column.height())
        return QSize(width, min(compact, beside))

    def resizeEvent(self, event: QResizeEvent) -> None:
        top, header, rows, actions = self._heights()
        under = top + rows + actions + 2 * GAP
        height = event.size().height()
        if height >= under + header:
            self._place(beside=False, header=True)
        elif height >= under:
            self._place(beside=False, header=False)
        else:
            self._place(beside=True, header=True)
        super().resizeEvent(event)


def row_widget(*widgets: QWidget, stretches: tuple[int, ...] = ()) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(GAP)
    for index, widget in enumerate(widgets):
        row.addWidget(widget, stretches[index] if index < len(stretches) else 0)
    return holder


def tab_button(name: str) -> QPushButton:
    """One of the two tab buttons that choose the pane when only one fits."""
    tab = button(name, "choice")
    tab.setCheckable(True)
    return tab


class DayPane(TablePane):
    """The doctor's day: the doctor and the day, every time of it, and what to do with the
    selected appointment (or, in its place, Yes and Back before a cancel or a no-show)."""

    def __init__(self) -> None:
        self.model = DoctorDayModel()
        self.doctor_select = QComboBox()
        self.doctor_select.setObjectName("staffDoctorSelect")
        self.date_input = QDateEdit()
        self.date_input.setObjectName("staffDateInput")
        self.date_input.setCalendarPopup(True)
        # No year: the booking horizon is weeks (the banner and the calendar say the year).
        self.date_input.setDisplayFormat("ddd d MMM")
        table = list_table("doctorDayList")
        table.setModel(self.model)
        header = table.horizontalHeader()
        for column in (0, 2):  # the time, the status and number: as wide as their text
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.check_in_button = button("checkInButton")
        self.no_show_button = button("noShowButton", "secondary")
        self.cancel_button = button("staffCancelButton", "danger")
        self.confirm = ConfirmStep(
            [self.check_in_button, self.no_show_button, self.cancel_button], [2, 1, 1]
        )
        for member in self.confirm.action_row.buttons + self.confirm.page.buttons:
            member.setProperty("compact", True)  # resources/theme.qss: less side padding
        pick = row_widget(self.doctor_select, self.date_input, stretches=(2, 1))
        super().__init__("deskDayPane", pick, table, self.confirm)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("The doctor's day"))
        self.doctor_select.setAccessibleName(self.tr("Doctor"))
        self.date_input.setAccessibleName(self.tr("Day"))
        self.date_input.setLocale(QLocale())  # day and month names in the chosen language
        self.table.setAccessibleName(self.tr("The doctor's day"))
        describe(self.check_in_button, self.tr("Check in"), self.tr("The patient has arrived"))
        describe(self.no_show_button, self.tr("No-show"), self.tr("The patient did not come"))
        describe(self.cancel_button, self.tr("Cancel"), self.tr("Cancel the selected appointment"))

    def apply_look(self, look: Look) -> None:
        self.fitted.refit()
        self.updateGeometry()


class PatientPane(QWidget):
    """The patient at the counter: found by email or phone and booked, or registered."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("deskPatientPane")
        self.model = PatientModel()
        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.find_button = button("patientSearchButton", "secondary")
        self.table = list_table("patientResults")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)  # contact
        self.book_button = button("bookForPatientButton")
        self.new_patient_button = button("newPatientButton", "secondary")
        self.find_page = TablePane(
            "deskFindPatient",
            row_widget(self.search, self.find_button, stretches=(1,)),
            self.table,
            ButtonBox([self.book_button, self.new_patient_button], [1, 1]),
        )
        self.walk_in_name = Field("walkInName")
        self.walk_in_email = Field("walkInEmail")
        self.walk_in_phone = Field("walkInPhone")
        self.register_button = button("registerWalkInButton", "secondary")
        self.walk_in_back_button = button("walkInBackButton", "secondary")
        # Two fields a row while they fit (a short window at large text has room for two
        # rows of fields), the buttons beside the phone at the level of its input.
        buttons = QWidget()
        at_input = QVBoxLayout(buttons)
        at_input.setContentsMargins(0, 0, 0, 0)
        at_input.addStretch(1)
        at_input.addWidget(row_widget(self.register_button, self.walk_in_back_button))
        at_input.addStretch(1)
        self.walk_in_rows = (ResponsiveRow(GAP), ResponsiveRow(GAP))
        first, second = self.walk_in_rows
        first.add(self.walk_in_name, 1, min_width=280)
        first.add(self.walk_in_email, 1, min_width=280)
        second.add(self.walk_in_phone, 1, min_width=200)
        second.add(buttons, 1)
        walk_in = QWidget()
        walk_in_layout = QVBoxLayout(walk_in)
        walk_in_layout.setContentsMargins(0, 0, 0, 0)
        walk_in_layout.setSpacing(GAP)
        walk_in_layout.addWidget(first)
        walk_in_layout.addWidget(second)
        walk_in_layout.addStretch(1)
        self.walk_in_page = walk_in
        self.pages = PageStack()
        self.pages.addWidget(self.find_page)
        self.pages.addWidget(walk_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.fitted = self.find_page.fitted
        self.model.modelReset.connect(self._rows_changed)

    def _rows_changed(self) -> None:
        # Room for every patient found, up to three (one when there are none yet), so a
        # short window keeps its room for the search when nobody has been found.
        self._fit_emails()
        self.fitted.refit(min(3, max(1, self.model.rowCount())))
        self.find_page.updateGeometry()

    def _fit_emails(self) -> None:
        """An email cannot wrap (no spaces): one that would leave the name less than half
        the table is shown on several lines, broken after its dots and dashes and
        before its "@"."""
        room = self.table.viewport().width() // 2 - EMAIL_MARGIN
        if room > 0:
            metrics = self.table.fontMetrics()
            self.model.set_email_lines(
                {e: email_lines(e, room, metrics.horizontalAdvance) for e in self.model.emails()}
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_emails()

    def show_walk_in(self) -> None:
        self.pages.setCurrentWidget(self.walk_in_page)
        self.walk_in_name.input.setFocus()

    def show_find(self) -> None:
        if self.pages.currentWidget() is not self.find_page:
            self.pages.setCurrentWidget(self.find_page)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("The patient at the desk"))
        self.search.setPlaceholderText(self.tr("Email or phone number"))
        self.search.setAccessibleName(self.tr("Find a patient by email or phone"))
        describe(self.find_button, self.tr("Find"), self.tr("Search for the patient"))
        self.table.setAccessibleName(self.tr("Patients found"))
        describe(
            self.book_button,
            self.tr("Book for this patient"),
            self.tr("Book the free time selected in the day for the patient selected above"),
        )
        describe(
            self.new_patient_button,
            self.tr("New patient"),
            self.tr("Register a walk-in patient"),
        )
        self.walk_in_name.set_texts(self.tr("Full name"), self.tr("The patient's full name"))
        self.walk_in_email.set_texts(self.tr("Email"), self.tr("The patient's email"))
        self.walk_in_phone.set_texts(self.tr("Phone"), self.tr("The patient's phone number"))
        describe(
            self.register_button,
            self.tr("Register walk-in"),
            self.tr("Create an account for the patient at the desk"),
        )
        describe(self.walk_in_back_button, self.tr("Back"), self.tr("Back to finding a patient"))

    def apply_look(self, look: Look) -> None:
        for row in self.walk_in_rows:
            row.set_scale(look.scale)
        self._rows_changed()


def email_lines(email: str, room: int, width: Callable[[str], int]) -> str:
    """``email`` on as few lines as keep each within ``room`` pixels (``width`` measures a
    text), broken only after a dot, a dash or an underscore and before the "@"."""
    if width(email) <= room:
        return email
    parts = [p for p in re.split(r"(?<=[.\-_])|(?=@)", email) if p]
    lines = [""]
    for part in parts:
        if lines[-1] and width(lines[-1] + part) > room:
            lines.append(part)
        else:
            lines[-1] += part
    return "\n".join(lines)
