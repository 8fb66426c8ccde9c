"""What every screen has: the task runner, a page layout, a reset.

A screen's use cases (``services/use_cases.py``) are given to it one by one, each as a
zero-argument provider, ``Callable[[], Booking]``: a screen asks for its service where it
calls it, so a call handed to the worker can look it up there (the log-in screen's, before
the start-up check has built the service layer), and nothing is built for a screen that is
never used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..tab_order import follow_layouts
from ..theme import Look
from ..widgets import Field, ReadableColumn, set_enum_property
from ..worker import TaskRunner


class View(QWidget):
    #: Does the view's least size hold the window (Qt's default)? Screens that re-arrange
    #: themselves for the room they have (``fit_arrangement``, the lists) say no.
    holds_window = True

    def __init__(self, name: str, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName(name)
        self.runner = runner
        #: Centred columns whose width follows the text size.
        self.columns: list[ReadableColumn] = []

    def reset(self) -> None:
        """Forget everything shown or typed: the next person must not see it."""

    def retranslate(self) -> None:
        """Give every control its words in the current language (called on each switch)."""

    def apply_look(self, look: Look) -> None:
        """Adjust what the style sheet cannot: widths and heights set in code."""
        for column in self.columns:
            column.set_scale(look.scale)

    def focus_first(self) -> None:
        """Put the keyboard focus where the patient starts on this screen."""

    def minimumSizeHint(self) -> QSize:
        """Never holding the window larger: a screen that runs out of room re-arranges
        itself for the room it has (and where it still cannot, the fit test names what is
        cut), rather than growing the window past the screen's edge, where a kiosk's
        patient could not reach it, and keeping the arrangement that did not fit."""
        if self.holds_window:
            return super().minimumSizeHint()
        return QSize(0, 0)

    def showEvent(self, event: QShowEvent) -> None:
        # Tab in the order the screen reads, as arranged for this size and text size.
        follow_layouts(self)
        super().showEvent(event)


#: A page's margins (sides, top and bottom) and spacing on a roomy window, and on a small one
#: (1024x768, a 1280x720 kiosk, or any window with the largest text), where every line counts.
ROOMY = (40, 28, 16)
TIGHT = (16, 8, 8)
#: Below this height or width a page is laid out tight.
TIGHT_BELOW = (900, 1200)
#: A card's spacing, and the row spacing of a grid of fields in it, when the room allows.
CARD_SPACING = 14
GRID_ROW_SPACING = 12


def compact_margins(layout: QLayout, height: int, width: int = 1 << 16) -> None:
    """Margins and spacing from the room the page really has (its resize event)."""
    tight = height < TIGHT_BELOW[0] or width < TIGHT_BELOW[1]
    side, top, spacing = TIGHT if tight else ROOMY
    layout.setContentsMargins(side, top, side, top)
    layout.setSpacing(spacing)


#: A line edit's padding, border and text margins around its hint, at the largest text size.
HINT_MARGIN = 44


def hints_whole(*edits: QLineEdit) -> None:
    """A field is never narrower than its hint ("name@example.com" whole)."""
    for edit in edits:
        edit.ensurePolished()
        hint = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        edit.setMinimumWidth(hint + HINT_MARGIN if hint else 0)


def invalidate_all(view: QWidget) -> None:
    """Make every layout in ``view`` answer for its parts as they are now. A re-arranged
    grid tells the layouts above it only through a posted event: until then they answer
    from their caches, and a view trying arrangements in its resize event would measure
    the one before."""
    for widget in view.findChildren(QWidget):
        widget.updateGeometry()  # the size its parent's layout keeps for it
        if (inner := widget.layout()) is not None:
            _invalidate_nested(inner)
    if (own := view.layout()) is not None:
        _invalidate_nested(own)


def _invalidate_nested(layout: QLayout) -> None:
    """A layout and the layouts nested in it (a layout's invalidate keeps theirs)."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is not None and (inner := item.layout()) is not None:
            _invalidate_nested(inner)
    layout.invalidate()


def needed_size(layout: QLayout, width: int) -> tuple[int, int]:
    """The least width of ``layout`` and the height it needs at ``width``."""
    least = layout.totalMinimumSize()
    if layout.hasHeightForWidth():
        return least.width(), layout.totalHeightForWidth(width)
    return least.width(), least.height()


def set_tight(page: QLayout, form: QLayout | None, tight: bool) -> None:
    """The page's margins and spacing (and its card's margins) roomy or tight."""
    side, top, spacing = TIGHT if tight else ROOMY
    page.setContentsMargins(side, top, side, top)
    page.setSpacing(spacing)
    if form is not None:
        inner = 16 if tight else 40
        form.setContentsMargins(inner, inner * 3 // 4, inner, inner * 3 // 4)
        # A grid of fields in the card that closes up (the sign-up's) closes up its rows.
        for index in range(form.count()):
            item = form.itemAt(index)
            grid = item.layout() if item is not None else None
            if isinstance(grid, QGridLayout) and grid.property(_CLOSES_UP):
                grid.setVerticalSpacing(4 if tight else GRID_ROW_SPACING)
                for cell in range(grid.count()):
                    part = grid.itemAt(cell)
                    field = part.widget() if part is not None else None
                    if isinstance(field, Field):
                        field.close_up(tight)


_CLOSES_UP = "closesUp"


def closing_up(grid: QGridLayout) -> QGridLayout:
    """A grid of fields whose rows close up where the room is tight (``set_tight``)."""
    grid.setProperty(_CLOSES_UP, True)
    grid.setVerticalSpacing(GRID_ROW_SPACING)
    return grid


def fit_arrangement(
    view: QWidget,
    page: QLayout,
    form: QLayout | None,
    size: QSize,
    arrangements: Sequence[Callable[[], None]],
) -> bool:
    """Put ``view`` in the first of ``arrangements`` (roomiest first) that fits ``size``,
    with roomy margins, else tight ones; if none fits, the shortest that fits the width
    (what is still cut, the fit test names). Whether one fits."""
    best: tuple[int, bool, int] | None = None
    for tight in (False, True):
        set_tight(page, form, tight)
        for index, arrange in enumerate(arrangements):
            arrange()
            invalidate_all(view)
            wide, high = needed_size(page, size.width())
            if wide > size.width():
                continue
            if high <= size.height():
                follow_layouts(view)
                return True
            if best is None or high < best[0]:
                best = (high, tight, index)
    tight, index = (best[1], best[2]) if best is not None else (True, len(arrangements) - 1)
    set_tight(page, form, tight)
    arrangements[index]()
    follow_layouts(view)
    return False


def overflow_page(view: QWidget) -> QVBoxLayout:
    """The layout of ``view``'s one page, in a scroll area that scrolls only where even the
    view's most compact arrangement does not fit (``fit_arrangement``): a last resort that
    keeps every control reachable and apart, where squeezing would overlap them. The fit
    test names every such scroll bar as a problem."""
    body = QWidget()
    page = QVBoxLayout(body)
    outer = QVBoxLayout(view)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scrolling(body))
    return page


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("kind", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(40, 32, 40, 32)
    layout.setSpacing(CARD_SPACING)
    return frame, layout


def scrolling(content: QWidget) -> QScrollArea:
    """Forms stay usable on short screens and at large text sizes."""
    area = QScrollArea()
    # Not a Tab stop of its own: tabbing to a control inside scrolls it into view.
    set_enum_property(area, "focusPolicy", "NoFocus")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area
