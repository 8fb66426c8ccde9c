"""Tab goes in the order a screen reads: the order of its layouts, not of construction.

Qt's Tab chain is the order widgets were created in, which drifts from what the screen
shows as soon as a form has two columns or a row is mirrored (sign-up's phone sits beside
the name, but was made after the email). ``follow_layouts`` walks a widget's layouts the
way they place their items (a box layout in its current direction, a grid row by row) and
chains the Tab stops it finds in that order. A view calls it when it is shown, and a row
that re-arranges itself calls it again (``ResponsiveRow``), so the order follows whatever
arrangement the screen has chosen for its size and text size.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QCalendarWidget,
    QComboBox,
    QGridLayout,
    QLayout,
    QLineEdit,
    QScrollArea,
    QWidget,
)

#: What the keyboard stops at; what is inside one (a table's viewport) is its own. Known by
#: class, not by focus policy: ``Qt.FocusPolicy`` would build the whole Qt namespace on the
#: log-in screen's first paint (widgets.set_enum_property). A control that takes no focus
#: in the chain is harmless: Tab passes it by.
CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
)
_REVERSED = (QBoxLayout.Direction.RightToLeft, QBoxLayout.Direction.BottomToTop)


def _in_layout(layout: QLayout) -> Iterator[QWidget]:
    items = [layout.itemAt(i) for i in range(layout.count())]
    if isinstance(layout, QGridLayout):
        # Row by row, left to right: (row, column) of each item.
        places: list[tuple[int, int]] = []
        for i in range(layout.count()):
            # The stubs type it as object; PySide6 answers (row, column, row span, col span).
            position: tuple[int, int, int, int] = layout.getItemPosition(i)  # type: ignore[assignment]
            places.append(position[:2])
        items = [items[i] for i in sorted(range(len(items)), key=places.__getitem__)]
    elif isinstance(layout, QBoxLayout) and layout.direction() in _REVERSED:
        items.reverse()
    for item in items:
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            yield from _stops(widget)
        elif inner is not None:
            yield from _in_layout(inner)


def _stops(widget: QWidget) -> Iterator[QWidget]:
    """The Tab stops in and under ``widget``, in the order its layouts show them."""
    if isinstance(widget, CONTROLS):
        yield widget
        return
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        if inner is not None:
            yield from _stops(inner)
        return
    layout = widget.layout()
    if layout is not None:
        yield from _in_layout(layout)


def follow_layouts(root: QWidget) -> None:
    """Chain the Tab stops under ``root`` in the order its layouts show them."""
    stops = list(dict.fromkeys(_stops(root)))  # a widget in two layouts counts once
    for first, second in itertools.pairwise(stops):
        QWidget.setTabOrder(first, second)
