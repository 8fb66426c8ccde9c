"""The look: one QSS file per theme in resources/, scaled to the chosen text size.

The QSS files are plain, valid Qt style sheets written for normal text size. For large and
extra-large text every ``font-size: Npt`` and every ``min-width`` in pixels is multiplied
by the size's factor. A ``min-height`` is not: it is the touch target's floor (48 px), and
a control with larger text is taller by its text already; scaling the floor too made each
button 1.5 times as tall as its text needs, and the largest text lost the screen on a
768 px window (tests/ui/test_layout_fit.py: 21 more of 666 combinations fit without it).
Colours the code must set itself (calendar day formats) come from ``Palette`` so they
follow the theme too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from ..resources import resource_path

BASE_POINT_SIZE = 16

# Patterns, not compiled here: re compiles (and caches) them only for large text.
_FONT_SIZE = r"(font-size:\s*)(\d+(?:\.\d+)?)pt"
_MIN_WIDTH = r"(min-width:\s*)(\d+)px"


class TextSize(StrEnum):
    NORMAL = "normal"
    LARGE = "large"
    EXTRA_LARGE = "extra-large"

    @property
    def scale(self) -> float:
        return {"normal": 1.0, "large": 1.25, "extra-large": 1.5}[self.value]


@dataclass(frozen=True)
class Palette:
    """The few colours set from code; everything else is in the QSS."""

    text: str
    placeholder: str
    #: Calendar days that cannot be booked.
    unavailable_day: str
    #: The calendar's row of weekday names.
    calendar_header: str


STANDARD = Palette(
    text="#1a2633", placeholder="#5c6b7a", unavailable_day="#8694a3", calendar_header="#eef2f6"
)
HIGH_CONTRAST = Palette(
    text="#ffffff", placeholder="#c8c8c8", unavailable_day="#9a9a9a", calendar_header="#333333"
)


@dataclass(frozen=True)
class Look:
    """A machine's display choice: text size and contrast."""

    text_size: TextSize = TextSize.NORMAL
    high_contrast: bool = False

    @property
    def scale(self) -> float:
        return self.text_size.scale

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else STANDARD

    @property
    def qss_file(self) -> str:
        return "theme-high-contrast.qss" if self.high_contrast else "theme.qss"


def scale_stylesheet(qss: str, scale: float) -> str:
    """Multiply font sizes (pt) and minimum widths (px) by ``scale``."""
    if scale == 1.0:
        return qss

    def font(match: re.Match[str]) -> str:
        return f"{match.group(1)}{round(float(match.group(2)) * scale)}pt"

    def size(match: re.Match[str]) -> str:
        return f"{match.group(1)}{round(int(match.group(2)) * scale)}px"

    return re.sub(_MIN_WIDTH, size, re.sub(_FONT_SIZE, font, qss))


def stylesheet(look: Look) -> str:
    qss = resource_path(look.qss_file).read_text(encoding="utf-8")
    # Images are named relative to resources/ in the QSS; Qt wants a full path.
    icons = resource_path("icons").as_posix()
    qss = qss.replace("url(icons/", f"url({icons}/")
    return scale_stylesheet(qss, look.scale)


def scaled(pixels: int, look: Look) -> int:
    """A fixed size in the code (a column width, a row height) at the current text size."""
    return round(pixels * look.scale)


_current = Look()


def current_look() -> Look:
    return _current


def apply_theme(app: QApplication, look: Look | None = None) -> None:
    global _current
    look = look or Look()
    _current = look
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * look.scale)
    app.setFont(font)
    palette = app.palette()  # a copy; QPalette(...) would build the whole Qt namespace
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(look.palette.placeholder))
    app.setPalette(palette)
    app.setStyleSheet(stylesheet(look))
