"""Lists that never cut a name: the columns share the width by what their texts need, and
a list too narrow for its columns shows some of them under the first (two- or three-line
rows) instead of eliding ("Dr. Sar…") or scrolling sideways.

Decided from the width the list really has (its resize events), at whatever text size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from .models import TranslatedTable


def text_width(metrics_advance: Callable[[str], int], text: str) -> int:
    """The widest line of ``text``."""
    return max((metrics_advance(line) for line in text.split("\n")), default=0)


#: Below this, a text's characters are Latin letters, digits and punctuation, which no
#: shaping joins or reorders: their widths add up (kerning only ever narrows a pair).
_SHAPING_FREE = "\u0250"


def shaping_free(text: str) -> bool:
    """Whether ``text`` is all Latin letters, digits and punctuation (or empty)."""
    return not text or max(text) < _SHAPING_FREE


class _CharWidths(dict[str, float]):
    """Each character's width, looked up from Qt the first time it is asked for."""

    def __init__(self, advance: Callable[[str], float]) -> None:
        super().__init__()
        self._advance = advance

    def __missing__(self, char: str) -> float:
        width = self[char] = self._advance(char)
        return width


class LineWidths:
    """Widths of lines of text in one font, from each character's width where a line is
    Latin (a microsecond, not twenty: a history of 1,000 rows is measured in a millisecond
    or two) and from Qt's shaping otherwise. Never narrower than Qt's own figure."""

    def __init__(self, font: QFont) -> None:
        self._exact = QFontMetrics(font).horizontalAdvance
        self._chars = _CharWidths(QFontMetricsF(font).horizontalAdvance)

    def __call__(self, line: str) -> int:
        if not line or max(line) >= _SHAPING_FREE:  # ``shaping_free``, inline: called a lot
            return self._exact(line)
        # map and sum run in C: a Python loop over the characters cost most of the measure.
        return math.ceil(sum(map(self._chars.__getitem__, line)))


def share_width(view: QTableView, needs: Sequence[int], room: int) -> None:
    """Give each shown column what it needs, and the room left over in proportion."""
    header = view.horizontalHeader()
    shown = [c for c in range(len(needs)) if not view.isColumnHidden(c)]
    total = sum(needs[c] for c in shown) or 1
    extra = max(0, room - total)
    for column in shown:
        header.resizeSection(column, needs[column] + extra * needs[column] // total)


def room_of(view: QTableView) -> int:
    """The width the cells may take: the viewport's (inside the frame, which thickens with
    the focus), a vertical scroll bar's room kept whether it shows or not, so that a scroll
    bar coming never re-arranges the list."""
    bar = view.verticalScrollBar()
    if bar.isVisible():
        return view.viewport().width()
    extent = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
    return view.viewport().width() - extent


class FieldColumns(QObject):
    """Fits ``fields`` (a row's texts, one per column) to the view's width, in as many of
    the column ``layouts`` as fit: each layout lists, per shown column, which fields it
    shows one under the other; ``apply(layout_index)`` makes the model show that layout.

    Columns not named by the chosen layout are hidden in the view.
    """

    def __init__(
        self,
        view: QTableView,
        rows: Callable[[], int],
        fields: Callable[[int], Sequence[str]],
        layouts: Sequence[Sequence[Sequence[int]]],
        apply: Callable[[int], None],
    ) -> None:
        super().__init__(view)
        self.view = view
        self._rows = rows
        self._fields = fields
        self._layouts = layouts
        self._apply = apply
        self.chosen = 0
        self._busy = False
        #: ``_widths`` as last measured: every row's texts are read once per change of the
        #: rows or of the font, not at each of the many resizes a list goes through.
        self._measured: tuple[list[int], list[int], list[int]] | None = None
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        view.setWordWrap(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows_header = view.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        model = view.model()
        if model is not None:
            on_any_change(model, self._forget)
            model.modelReset.connect(self.fit)

    def _forget(self) -> None:
        if not self._busy:  # not the new grouping ``fit`` itself asked for: same texts
            self._measured = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self.view):
            return False  # the view is being destroyed
        if watched in (self.view, self.view.viewport()) and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.Show,
        ):
            if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
                self._forget()
            self.fit()
        return False

    def _columns(self) -> int:
        model = self.view.model()
        return 0 if model is None else model.columnCount()

    def _widths(self) -> tuple[list[int], list[int], list[int]]:
        """Per field: the widest text in the cells' font, its header's width, and the most
        lines it has in a row."""
        if self._measured is not None:
            return self._measured
        view = self.view
        advance = LineWidths(view.font())
        count = self._columns()
        cells = [0] * count
        lines = [1] * count
        rows = [self._fields(row) for row in range(self._rows())]
        # Column by column, each distinct text once and each distinct line of them once
        # (a name, a status, a time: the same texts row after row), the loops in C.
        for field, texts in enumerate(zip(*rows, strict=True)):
            distinct = set(texts)
            if any("\n" in text for text in distinct):
                lines[field] = max(text.count("\n") for text in distinct) + 1
                distinct = {line for text in distinct for line in text.split("\n")}
            cells[field] = max(map(advance, distinct), default=0)
        header = view.horizontalHeader()
        headers = _headers_of(view)
        one_line = frozenset() if headers is None else headers.one_line_headers
        if headers is not None:  # the titles' widths one under the other: the most they need
            headers.set_one_line_headers(frozenset())
        titles = [header.sectionSizeHint(field) for field in range(count)]
        if headers is not None:
            headers.set_one_line_headers(one_line)
        self._measured = (cells, titles, lines)
        return self._measured

    def _margin(self) -> int:
        """What a cell adds around its text: the style's margins and the ``::item`` padding."""
        view = self.view
        model = view.model()
        if model is None or model.rowCount() == 0:
            return 0
        index = model.index(0, model.columnCount() - 1)
        text = str(index.data() or "")
        natural = view.sizeHintForIndex(index).width()
        return max(0, natural - text_width(view.fontMetrics().horizontalAdvance, text))

    def needs(self, layout: Sequence[Sequence[int]]) -> list[int]:
        """What each column of the model needs in ``layout`` (0 for a hidden one)."""
        cells, titles, _ = self._widths()
        margin = self._margin()
        needs = [0] * len(cells)
        for column in layout:
            first = column[0]
            needs[first] = max(
                max(cells[f] for f in column) + margin, max(titles[f] for f in column)
            )
        return needs

    def fit(self) -> None:
        if self._busy or not self.view.isVisible():
            return
        self._busy = True
        try:
            room = room_of(self.view)
            chosen = len(self._layouts) - 1
            for index, layout in enumerate(self._layouts):
                if sum(self.needs(layout)) <= room:
                    chosen = index
                    break
            layout = self._layouts[chosen]
            shown = {column[0] for column in layout}
            if chosen != self.chosen:
                self.chosen = chosen
                self._apply(chosen)
            for column in range(self._columns()):
                self.view.setColumnHidden(column, column not in shown)
            needs = self.needs(layout)
            # Too narrow even for one column: it takes the width, and its words wrap.
            share_width(self.view, [min(n, room) if n else 0 for n in needs], room)
            self._size_rows(layout, wraps=sum(needs) > room)
            self._join_headers(layout)
        finally:
            self._busy = False

    def _join_headers(self, layout: Sequence[Sequence[int]]) -> None:
        """A grouped column's header on one line where the column, sized for its lines one
        under the other, is wide enough for them side by side (asked of the header: the
        style sheet sets its font)."""
        headers = _headers_of(self.view)
        if headers is None:
            return
        grouped = frozenset(column[0] for column in layout if len(column) > 1)
        if not grouped:
            headers.set_one_line_headers(grouped)
            return
        header = self.view.horizontalHeader()
        headers.set_one_line_headers(grouped)
        headers.set_one_line_headers(
            frozenset(c for c in grouped if header.sectionSizeHint(c) <= header.sectionSize(c))
        )

    def _size_rows(self, layout: Sequence[Sequence[int]], *, wraps: bool) -> None:
        """Every row as high as the most lines a row has in this layout: no text wraps, so
        that is known from the texts, without asking each row its size (a long history
        would take a third of a second). Where words wrap, each row is measured."""
        rows_header = self.view.verticalHeader()
        model = self.view.model()
        if wraps or model is None or model.rowCount() == 0:
            rows_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            return
        _, _, lines = self._widths()
        most = max(sum(lines[f] for f in column) for column in layout)
        line = self.view.fontMetrics().lineSpacing()
        # The first row tells the cell's padding around its lines.
        cells = [model.index(0, column[0]) for column in layout]
        padding = max(
            self.view.sizeHintForIndex(cell).height()
            - line * (str(cell.data() or "").count("\n") + 1)
            for cell in cells
        )
        height = padding + most * line
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(max(height, rows_header.minimumSectionSize()))


def on_any_change(model: QAbstractItemModel, slot: Callable[[], None]) -> None:
    """``slot`` after any change of the model's rows, texts or headers."""
    for changed in (
        model.modelReset,
        model.dataChanged,
        model.rowsInserted,
        model.rowsRemoved,
        model.layoutChanged,
        model.headerDataChanged,
    ):
        changed.connect(slot)


def _headers_of(view: QTableView) -> TranslatedTable | None:
    """The model that words the view's headers, behind its filter if it has one."""
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    return model if isinstance(model, TranslatedTable) else None
