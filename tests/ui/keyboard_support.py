"""What a keyboard user meets: the Tab stops of a screen, in the order the eye reads them.

The expected order is computed from the widgets' places on the screen when the test runs,
so it follows whatever arrangement the layout has chosen for this size and text size:
reading order, rows from top to bottom and left to right within a row. The screen is
read as nested blocks (a card, a side panel, a row of buttons: the widgets that hold the
Tab stops), so a side panel beside a form is read as a whole, not line by line across
both.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QDateTimeEdit,
    QHeaderView,
    QLayout,
    QScrollArea,
    QScrollBar,
    QWidget,
)


def label_of(widget: QWidget) -> str:
    return widget.objectName() or f"{type(widget).__name__}({widget.accessibleName()!r})"


def is_tab_stop(widget: QWidget) -> bool:
    if not widget.isVisible() or not widget.isEnabled():
        return False
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return False
    if isinstance(widget, QHeaderView | QScrollBar) or widget.focusProxy() is not None:
        return False
    if widget.objectName().startswith("qt_"):
        return False  # the inside of a Qt widget (a calendar's day grid, say)
    if isinstance(widget, QAbstractButton):
        # Choices that exclude each other are one Tab stop, like radio buttons: the chosen
        # one (the arrow keys move within the group).
        group = widget.group()
        if isinstance(group, QButtonGroup) and group.exclusive() and group.checkedButton():
            return widget is group.checkedButton()
    return True


def tab_stops(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if is_tab_stop(w)]


def box(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def same_row(a: QRect, b: QRect) -> bool:
    """Side by side: they overlap by at least half the height of the shorter one."""
    overlap = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    return overlap * 2 >= min(a.height(), b.height())


def in_reading_order(blocks: list[tuple[QRect, object]]) -> list[object]:
    rows: list[list[tuple[QRect, object]]] = []
    for rect, item in sorted(blocks, key=lambda b: (b[0].top(), b[0].left())):
        if rows and any(same_row(rect, other) for other, _ in rows[-1]):
            rows[-1].append((rect, item))
        else:
            rows.append([(rect, item)])
    return [item for row in rows for _, item in sorted(row, key=lambda b: b[0].left())]


def reading_order(window: QWidget, stops: Iterable[QWidget]) -> list[QWidget]:
    """The stops as the eye reads them, block by block (see the module's docstring).

    The blocks are what holds the stops: a widget, or one of its layouts (a column of a
    two-column form is a layout). Among the blocks of one holder, only their places on
    the screen count: rows top to bottom, left to right within a row.
    """
    wanted = {id(w): w for w in stops}

    def children(node: QWidget | QLayout) -> list[QWidget | QLayout]:
        if isinstance(node, QLayout):
            items = [node.itemAt(i) for i in range(node.count())]
            return [i.widget() or i.layout() for i in items if i and (i.widget() or i.layout())]
        if isinstance(node, QScrollArea):
            return [node.widget()] if node.widget() is not None else []
        return [node.layout()] if node.layout() is not None else []

    def under(node: QWidget | QLayout) -> list[QWidget]:
        if isinstance(node, QWidget) and id(node) in wanted:
            return [node]
        return [w for child in children(node) for w in under(child)]

    def bound(node: QWidget | QLayout, members: list[QWidget]) -> QRect:
        rect = QRect()
        for member in members:
            rect = rect.united(box(member, window))
        if isinstance(node, QWidget):
            # What a scroll area holds is read where the area shows it, not where its
            # scrolled page happens to lie.
            shown = rect.intersected(box(node, window))
            rect = shown if not shown.isEmpty() else rect
        return rect

    def read(node: QWidget | QLayout) -> list[QWidget]:
        if isinstance(node, QWidget) and id(node) in wanted:
            return [node]
        placed = []
        for child in children(node):
            members = under(child)
            if members:
                placed.append((bound(child, members), child))
        return [w for child in in_reading_order(placed) for w in read(child)]  # type: ignore[arg-type]

    def laid_over(widget: QWidget) -> QWidget:
        """The widget no layout holds that ``widget`` is in (a question over the window)."""
        node = widget
        while node.parentWidget() is not None and node.parentWidget() is not window:
            parent = node.parentWidget()
            held = parent.layout() is not None and parent.layout().indexOf(node) >= 0
            if not held and not isinstance(parent.parentWidget(), QScrollArea):
                return node
            node = parent
        return node

    ordered = read(window)
    left = [w for w in wanted.values() if w not in ordered]
    while left:
        found = read(laid_over(left[0])) or left[:1]
        ordered += found
        left = [w for w in left if w not in found]
    return ordered


def tab_sequence(qtbot, start: QWidget, presses: int) -> list[QWidget]:
    """Where the focus goes, Tab after Tab, from ``start``.

    A date field takes one Tab per part (day, month, year), as Qt's date fields do: it
    counts as one stop.
    """
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = [QApplication.focusWidget()]
    for _ in range(presses):
        for _part in range(4):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            if (
                not isinstance(seen[-1], QDateTimeEdit)
                or QApplication.focusWidget() is not seen[-1]
            ):
                break
        seen.append(QApplication.focusWidget())
    return seen


def tab_order_problems(qtbot, window: QWidget, screen: str, root: QWidget | None = None) -> str:
    """Empty when Tab visits the screen's stops in reading order (and comes back round)."""
    stops = tab_stops(root or window)
    if not stops:
        return f"{screen}: no Tab stops"
    expected = reading_order(window, stops)
    reached = tab_sequence(qtbot, expected[0], len(expected))
    if reached == [*expected, expected[0]]:
        return ""
    return (
        f"{screen}:\n  expected {[label_of(w) for w in expected]}\n"
        f"  Tab went {[label_of(w) if w is not None else None for w in reached]}"
    )
