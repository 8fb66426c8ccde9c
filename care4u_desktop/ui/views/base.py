"""What every screen has: the task runner, a page layout, a reset.

A screen's use cases (``services/use_cases.py``) are given to it one by one, each as a
zero-argument provider, ``Callable[[], Booking]``: a screen asks for its service where it
calls it, so a call handed to the worker can look it up there (the log-in screen's, before
the start-up check has built the service layer), and nothing is built for a screen that is
never used.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

from ..tab_order import follow_layouts
from ..theme import Look
from ..widgets import ReadableColumn, set_enum_property
from ..worker import TaskRunner


class View(QWidget):
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


def compact_margins(layout: QLayout, height: int, width: int = 1 << 16) -> None:
    """Margins and spacing from the room the page really has (its resize event)."""
    tight = height < TIGHT_BELOW[0] or width < TIGHT_BELOW[1]
    side, top, spacing = TIGHT if tight else ROOMY
    layout.setContentsMargins(side, top, side, top)
    layout.setSpacing(spacing)


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("kind", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(40, 32, 40, 32)
    layout.setSpacing(14)
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
