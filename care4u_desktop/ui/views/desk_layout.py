"""How the reception desk is laid out, without knowing what is in it: two panes side by
side, stacked, or one at a time (``PaneSwitch``); a table with its actions under it, or
beside it when the pane is short (``TablePane``); rows that wrap and are never elided
(``FittedTable``); the in-page confirm step (``ConfirmStep``).

The desk never scrolls (a scrolling page with tables inside it made two scroll bars, and
pushed the buttons out of the window at large text). The choices are made from the room
the widgets really have (``resizeEvent``), never from the screen by name, and the text
keeps the theme's size.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import (
    QEvent,
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
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ..widgets import button

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


def squeezed(width: int) -> int:
    """How much narrower ``WrappingDelegate`` wraps a text that never fits a cell ``width``
    wide: it gives up at half the width, in its steps."""
    return -(-(width // 2) // WRAP_STEP) * WRAP_STEP


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
        table.verticalHeader().sectionResized.connect(self._row_resized)

    def _row_resized(self, row: int, *_: int) -> None:
        if row < self.rows:  # only the first rows count (a day of 1,000 resizes them all)
            self.refit()

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
