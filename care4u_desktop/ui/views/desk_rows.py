"""The desk's day sized from its texts: a doctor's day of 1,000 booked times opens as fast as
one of five.

Qt's own sizing (``ResizeToContents`` on the rows and on the time and status columns) asks
the delegate about every cell of every row, again at each of the many resizes a desk goes
through: seven to ten seconds for 1,000 rows. The same sizes come from the texts instead:

- the time and status columns are as wide as their widest text and their title: every
  distinct text by its characters' widths (``table_fit.LineWidths``), the few within a
  few pixels of the widest measured by the delegate, as Qt measures them;
- a row is one line where its name fits its column; else as many lines as Qt's word wrap
  makes of the name (counted on Qt's own word widths), as high as the style makes that
  many lines; a row where that is not certain (a width within a few pixels of the room, a
  hyphen Qt may break at, a word wider than the column, a script another font may draw
  taller) is measured by the delegate, alone;
- the height most rows have is the header's default: only the others are resized.

So the rows and columns are what Qt's sizing made them (``tests/ui/test_desk_day_sizes.py``)
and a long name still wraps, never cut.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from ..table_fit import LineWidths, on_any_change, shaping_free
from .desk_layout import WRAP_STEP, squeezed

#: The day's columns: the time, the patient, the status and number.
TIME, PATIENT, STATUS = 0, 1, 2
#: A fitted column's texts this close to the widest by their characters' widths (px), up to
#: ``CANDIDATES`` of them, are measured as Qt does: kerning makes a few a pixel narrower.
#: Also how close to a cell's room a name's width is left to the delegate to decide (its
#: measure rounds, and a line's width is not quite the sum of its words').
SLACK = 3
CANDIDATES = 12


class DayRowsFit(QObject):
    """Sizes ``view``'s fitted columns and rows from ``texts(row)`` (a row's cell texts)."""

    def __init__(
        self,
        view: QTableView,
        texts: Callable[[int], Sequence[str]],
        fitted: Sequence[int] = (TIME, STATUS),
        wrapping: int = PATIENT,
    ) -> None:
        super().__init__(view)
        self.view = view
        self._texts = texts
        self._fitted = tuple(fitted)
        self._wrapping = wrapping
        #: Per row: the wrapping column's text width, or None where the delegate measures.
        self._widths: list[int | None] | None = None
        #: The rows not as high as the header's default, and their heights; None after the
        #: rows changed (then every row's height is checked: Qt keeps the first rows' old
        #: heights across a reset).
        self._own: dict[int, int] | None = None
        #: What the rows were last sized for: the widths' measure (a count) and the cell.
        self._measures = 0
        self._sized: tuple[int, int] | None = None
        self._busy = False
        #: The wrapping column's new width, resized while the rows were being sized.
        self._again: int | None = None
        header = view.horizontalHeader()
        for column in self._fitted:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        on_any_change(view.model(), self._rows_changed)
        header.sectionResized.connect(self._column_resized)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self.view):
            return False  # the view is being destroyed
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            # A scroll bar came or went: the header shares the new width out after this
            # event, and sizes the rows for it then (``_size_rows`` does nothing twice).
            QTimer.singleShot(0, self, self._size_rows)
        elif watched is self.view and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.Polish,
            QEvent.Type.Show,
        ):
            self._rows_changed()
        return False

    def _rows_changed(self) -> None:
        self._widths = None
        self._own = None
        self.fit()

    def _column_resized(self, column: int, old: int, new: int) -> None:
        if column == self._wrapping and old != new:
            # While the header re-shares its width (a scroll bar came, a column grew), the
            # column's width is not yet the new one: the signal's is.
            if self._busy:
                self._again = new
            else:
                self._size_rows(new)

    def fit(self) -> None:
        if self._busy or not shiboken6.isValid(self.view):
            return
        self._busy = True
        try:
            self._size_columns()
        finally:
            self._busy = False
        cell, self._again = self._again, None
        self._size_rows(cell)

    def _size_columns(self) -> None:
        """The fitted columns as wide as their widest cell and their title (what
        ``ResizeToContents`` made them): the texts within a few pixels of the widest by
        their characters' widths are measured by the delegate, as Qt measures a cell."""
        view = self.view
        model = view.model()
        rows = [self._texts(row) for row in range(model.rowCount())]
        advance = LineWidths(view.font())
        header = view.horizontalHeader()
        for column in self._fitted:
            first: dict[str, int] = {}
            for row, texts in enumerate(rows):
                first.setdefault(texts[column], row)
            by_width = sorted(((advance(text), row) for text, row in first.items()), reverse=True)
            widest = by_width[0][0] if by_width else 0
            close = [row for width, row in by_width[:CANDIDATES] if width >= widest - SLACK]
            cells = (view.sizeHintForIndex(model.index(row, column)).width() for row in close)
            width = max(max(cells, default=0), header.sectionSizeHint(column))
            width = max(width, header.minimumSectionSize())
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        wrapping = self._wrapping
        # Latin on one line (a row otherwise is the delegate's to measure).
        self._measures += 1
        self._widths = [
            advance(texts[wrapping]) if shaping_free(joined) and "\n" not in joined else None
            for texts in rows
            for joined in ("".join(texts),)
        ]

    def _margin(self) -> int:
        """What a cell adds around its text: the style's margins and the ``::item`` padding."""
        view = self.view
        model = view.model()
        if model.rowCount() == 0:
            return 0
        index = model.index(0, self._wrapping)
        text = str(index.data() or "")
        natural = view.sizeHintForIndex(index).width()
        return max(0, natural - QFontMetrics(view.font()).horizontalAdvance(text))

    def _size_rows(self, cell: int | None = None) -> None:
        """Each row as high as its name's lines at the column's width (``_lines``), from
        the height the style gives that many lines; a row that is not plain Latin is
        measured by the delegate, alone. The height most rows have is the header's
        default, so that only the others are sized one by one."""
        view = self.view
        if self._busy or not shiboken6.isValid(view):
            return
        if self._widths is None:
            self.fit()
            return
        if cell is None:
            cell = view.columnWidth(self._wrapping)
        if self._own is not None and self._sized == (self._measures, cell):
            return  # the same rows at the same width
        heights = self._heights(cell)
        rows_header = view.verticalHeader()
        default = Counter(heights).most_common(1)[0][0] if heights else None
        own = {row: h for row, h in enumerate(heights) if h != default}
        self._busy = True
        try:
            before = self._own
            if default is not None and rows_header.defaultSectionSize() != default:
                rows_header.setDefaultSectionSize(default)  # every row, the others too
                before = {}
            if before is None:
                # New rows: a row Qt had already (the first ones) may keep the height it
                # was given for the rows before.
                for row, height in enumerate(heights):
                    if rows_header.sectionSize(row) != height:
                        rows_header.resizeSection(row, height)
            else:
                for row in before.keys() - own.keys():
                    rows_header.resizeSection(row, heights[row])
                for row, height in own.items():
                    if before.get(row) != height:
                        rows_header.resizeSection(row, height)
            self._own = own
            self._sized = (self._measures, cell)
        finally:
            self._busy = False
        if self._again is not None:  # the rows just sized brought the scroll bar
            cell, self._again = self._again, None
            self._size_rows(cell)

    def _heights(self, cell: int) -> list[int]:
        """Every row's height with the wrapping column ``cell`` wide."""
        assert self._widths is not None
        model = self.view.model()
        margin = self._margin()
        # Qt's own widths (shaped, kerned), each name and word once: a name near its
        # column's width is decided on them.
        exact = functools.cache(QFontMetrics(self.view.font()).horizontalAdvance)
        # The delegate wraps a text that is too wide a little narrower each time until it
        # fits (``WrappingDelegate``): within a step of the cell's room, give or take a
        # pixel of kerning and rounding (``SLACK``). What is certain within that is counted
        # here; the rest is measured by the delegate.
        room = cell - margin
        low, high = room - WRAP_STEP - SLACK, room + SLACK
        by_lines: dict[int, int] = {}
        by_text: dict[str, int] = {}  # the delegate's measure of a name at this width
        heights: list[int] = []
        for row, width in enumerate(self._widths):
            if width is None:
                heights.append(self._measured(row, cell))
                continue
            text = self._texts(row)[self._wrapping]
            lines: int | None = None
            # ``width`` is never narrower than Qt's: what fits by it fits.
            if width <= room - SLACK or exact(text) <= room - SLACK:
                lines = 1
            elif exact(text) > high:
                lines = _lines(text, low, high, exact)
            if lines is None:
                if text not in by_text:
                    if 1 not in by_lines:
                        by_lines[1] = self._lines_height(model.index(row, self._wrapping), 1)
                    hint = self._wrapped_hint(row, cell, margin, exact)
                    by_text[text] = self._bounded(max(hint, by_lines[1]))
                heights.append(by_text[text])
                continue
            if lines not in by_lines:
                index = model.index(row, self._wrapping)
                by_lines[lines] = (
                    self._measured(row, cell) if lines == 1 else self._lines_height(index, lines)
                )
            heights.append(by_lines[lines])
        return heights

    def _wrapped_hint(self, row: int, cell: int, margin: int, advance: Callable[[str], int]) -> int:
        """The height the delegate measures ``row``'s name at, ``cell`` wide (the other
        cells are one line). A name with a word too wide for the cell never fits: the
        delegate narrows it all the way (``WrappingDelegate``), so its last measure is
        taken at once."""
        view = self.view
        index = view.model().index(row, self._wrapping)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = QRect(0, 0, cell, view.rowHeight(row))
        delegate = view.itemDelegateForIndex(index)
        assert isinstance(delegate, QStyledItemDelegate)
        text = self._texts(row)[self._wrapping]
        # Qt's measure is the words' own plus the margin, to a pixel of rounding.
        if max(map(advance, text.split(" "))) + margin > cell + 1:
            option.rect = option.rect.adjusted(0, 0, -squeezed(cell), 0)
            hint = QStyledItemDelegate.sizeHint(delegate, option, index)
        else:
            hint = delegate.sizeHint(option, index)
        return hint.height()

    def _measured(self, row: int, cell: int) -> int:
        """``row``'s height as the delegate measures each of its cells, the wrapping one
        ``cell`` wide (while the header re-shares its width the view's figure is stale)."""
        view = self.view
        model = view.model()
        base = QStyleOptionViewItem()
        view.initViewItemOption(base)
        tallest = 0
        for column in range(model.columnCount()):
            if view.isColumnHidden(column):
                continue
            index = model.index(row, column)
            option = QStyleOptionViewItem(base)
            width = cell if column == self._wrapping else view.columnWidth(column)
            option.rect = QRect(0, 0, width, view.rowHeight(row))
            hint = view.itemDelegateForIndex(index).sizeHint(option, index)
            tallest = max(tallest, hint.height())
        return self._bounded(max(tallest, view.verticalHeader().sectionSizeHint(row)))

    def _lines_height(self, index: QModelIndex, lines: int) -> int:
        """A row's height with ``lines`` lines in ``index``'s cell, as the style sizes a
        cell (the view's options, the delegate's, then the text: ``lines`` short lines)."""
        view = self.view
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        delegate = view.itemDelegateForIndex(index)
        assert isinstance(delegate, QStyledItemDelegate)
        delegate.initStyleOption(option, index)
        option.text = "\u2028".join("X" * lines)  # Qt's line separator: the delegate's too
        size = view.style().sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view
        )
        return self._bounded(max(size.height(), view.verticalHeader().sectionSizeHint(0)))

    def _bounded(self, height: int) -> int:
        header = self.view.verticalHeader()
        return max(header.minimumSectionSize(), min(height, header.maximumSectionSize()))


def _lines(text: str, low: int, high: int, advance: Callable[[str], int]) -> int | None:
    """How many lines Qt's word wrap (first fit, at the spaces) lays ``text`` out on when
    it wraps somewhere between ``low`` and ``high`` pixels; None when that depends on
    where (a line that fits in one but not the other), or when ``text`` has other places
    Qt may break at (a hyphen, a slash): the delegate then measures it."""
    if not text.replace(" ", "").isalpha():
        return None
    space = advance(" ")
    lines, used = 0, 0
    for word in text.split(" "):
        width = advance(word)
        wanted = used + space + width
        if lines and wanted <= low:
            used = wanted
        elif not lines or wanted > high:
            if width > low:
                return None  # a word as wide as the line: the delegate narrows it further
            lines, used = lines + 1, width
        else:
            return None
    return max(lines, 1)
