"""How the slip is laid out on the page it is printed on.

The words keep their sizes in points whatever the page: a slip is read at hand's length,
so a smaller page gets a narrower column (and a longer one), not smaller text.

- a receipt roll (the usual kiosk printer: 80 mm paper, about 72 mm printable; 58 mm
  too): one narrow column across the printable width, each caption above its value,
  text a little larger than on a card (a thermal printer's 203 dpi), the page as long as
  the slip (``roll_length``) where the printer takes a custom length;
- an A6 card (the PDF a desk saves) and anything larger (A5, A4, Letter): the card's
  column, 258 pt wide, captions beside values, top-centred on the page.

On a page too short for the slip (an A6 card printer's margins, a fixed-length label)
the code gets smaller first, down to ``CODE_FLOOR``; only then the whole slip, and only
as far as ``SMALLEST_SCALE``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import segno
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QTextOption,
)

if TYPE_CHECKING:
    from .slip import SlipData

#: The card the slip was designed on: A6 portrait, in points, and its margin.
CARD = QRectF(0, 0, 297.6, 419.5)
MARGIN = 20.0
#: Pages up to this width (mm) are receipt rolls: 58 and 80 mm paper (A6 is 105 mm).
ROLL_MAX_WIDTH_MM = 90.0
#: Inside a roll's printable width (the printer's own margins are outside it).
ROLL_MARGIN = 4.0
#: Below the last line of a roll before the printer cuts.
ROLL_TAIL = 12.0
SMALLEST_SCALE = 0.85
#: The code may shrink to this side (points, quiet zone included: 40 mm, its symbol
#: 29 mm) before the words do.
CODE_FLOOR = 112.0
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Style:
    """Font sizes and the code's side, in points."""

    hospital: float
    title: float
    caption: float
    number: float
    label: float
    value: float
    footer: float
    code: float
    #: Each caption above its value (a narrow column) instead of beside it.
    stacked: bool


CARD_STYLE = Style(15, 10, 9, 24, 9, 11, 9, 136, stacked=False)
ROLL_STYLE = Style(14, 11, 10, 22, 10, 12, 10, 136, stacked=True)
#: The card's caption column, when captions sit beside their values.
LABEL_WIDTH = 88.0


@dataclass(frozen=True)
class Plan:
    """Where the slip goes on a printable area: a column ``left`` .. ``left + width``."""

    style: Style
    left: float
    top: float
    width: float
    #: The code's side, quiet zone included (smaller than the style's on a short page).
    code: float


def is_roll(page_width_mm: float) -> bool:
    return page_width_mm <= ROLL_MAX_WIDTH_MM


def plan(printable_width: float, roll: bool, edge: float = 0.0) -> Plan:
    """The column on a printable area ``printable_width`` points wide, ``edge`` points
    (the printer's own margin) in from the paper's edge."""
    if roll:
        width = printable_width - 2 * ROLL_MARGIN
        return Plan(ROLL_STYLE, ROLL_MARGIN, ROLL_MARGIN, width, ROLL_STYLE.code)
    # The card's margin is from the paper's edge: the printer's margin is part of it.
    inner = max(ROLL_MARGIN, MARGIN - edge)
    width = min(printable_width - 2 * inner, CARD.width() - 2 * MARGIN)
    return Plan(CARD_STYLE, (printable_width - width) / 2, inner, width, CARD_STYLE.code)


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(round(size))  # the painter is scaled so 1 unit = 1 pt
    font.setBold(bold)
    return font


def _option(align: Qt.AlignmentFlag) -> QTextOption:
    option = QTextOption(align)
    # A word longer than the column (a long surname) breaks rather than runs off the page.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


class _Flow:
    """Lays the slip out down a column; draws it too unless ``dry`` (measuring)."""

    def __init__(self, painter: QPainter, layout: Plan, dry: bool) -> None:
        self.painter = painter
        self.plan = layout
        self.dry = dry

    def text(
        self,
        top: float,
        text: str,
        size: float,
        bold: bool = False,
        column: tuple[float, float] | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter,
    ) -> float:
        """Wrapped text from ``top`` in ``column`` (left, width); the y below it."""
        self.painter.setFont(_font(size, bold))
        left, width = column or (self.plan.left, self.plan.width)
        area = QRectF(left, top, width, 10_000)
        option = _option(align)
        used = self.painter.boundingRect(area, text, option)
        if not self.dry:
            self.painter.drawText(area, text, option)
        return top + used.height()

    def code(self, top: float, number: str) -> float:
        size = min(self.plan.code, self.plan.width)
        if not self.dry:
            corner = QPointF(self.plan.left + (self.plan.width - size) / 2, top)
            _qr(self.painter, corner, number, size)
        return top + size

    def slip(self, data: SlipData) -> float:
        """The slip from the column's top; the y below its last line."""
        style = self.plan.style
        y = self.plan.top
        y = self.text(y, data.hospital, style.hospital, bold=True) + 2
        y = self.text(y, data.title, style.title) + 8
        y = self.text(y, data.number_caption, style.caption)
        y = self.text(y, data.number, style.number, bold=True) + 4
        y = self.code(y, data.number) + 6
        left, width = self.plan.left, self.plan.width
        start = Qt.AlignmentFlag.AlignLeft
        for label, value in data.rows:
            if style.stacked:
                y = self.text(y, label, style.label, True, (left, width), start)
                y = self.text(y, value, style.value, False, (left, width), start) + 5
            else:
                beside = (left + LABEL_WIDTH, width - LABEL_WIDTH)
                below = self.text(y, label, style.label, True, (left, LABEL_WIDTH), start)
                after = self.text(y, value, style.value, False, beside, start)
                y = max(below, after, y + 14) + 4
        return self.text(y + 8, data.footer, style.footer)


def _qr(painter: QPainter, corner: QPointF, number: str, size: float) -> None:
    """The number as a QR code of ``size`` points (quiet zone included), vector squares."""
    code = segno.make_qr(number, error="m")
    border = 4  # the quiet zone scanners need
    unit = size / (len(code.matrix) + 2 * border)
    path = QPainterPath()
    for y, row in enumerate(code.matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = corner.x() + (x + border) * unit, corner.y() + (y + border) * unit
                path.addRect(QRectF(left, top, unit, unit))
    painter.fillRect(QRectF(corner, QSizeF(size, size)), QColor("#ffffff"))
    painter.fillPath(path.simplified(), QColor("#000000"))


def _measure(
    painter: QPainter, target: QRectF, scale: float, layout: Plan, data: SlipData
) -> float:
    painter.save()
    try:
        painter.translate(target.topLeft())
        painter.scale(scale, scale)
        return _Flow(painter, layout, dry=True).slip(data)
    finally:
        painter.restore()


def paint(painter: QPainter, target: QRectF, data: SlipData, roll: bool, edge: float) -> float:
    """Draw the slip into ``target`` (device pixels: the printable area, ``edge`` points
    from the paper's edge), top-centred; returns the scale it was drawn at (1.0 but on a
    page too short for the slip even with a smaller code)."""
    per_point = painter.device().logicalDpiX() / 72.0
    width, height = target.width() / per_point, target.height() / per_point
    layout = plan(width, roll, edge)
    needed = _measure(painter, target, per_point, layout, data)
    if needed > height:  # a smaller code first (it scans well smaller), then smaller type
        code = max(CODE_FLOOR, layout.code - (needed - height))
        layout = replace(layout, code=code)
        needed = _measure(painter, target, per_point, layout, data)
    scale = 1.0
    if needed > height:
        scale = max(height / needed, SMALLEST_SCALE)
        # The same column on paper, in smaller type.
        layout = replace(plan(width / scale, roll, edge / scale), code=layout.code)
    painter.save()
    try:
        painter.translate(target.topLeft())
        painter.scale(per_point * scale, per_point * scale)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QColor("#000000"))
        _Flow(painter, layout, dry=False).slip(data)
    finally:
        painter.restore()
    return scale


def roll_length(width_mm: float, margins: QMarginsF, resolution: int, data: SlipData) -> float:
    """How long (mm) a roll's page must be for the slip, margins included: measured with
    the PDF engine Qt prints with, at the printer's resolution."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(resolution)
    writer.setPageSize(QPageSize(QSizeF(width_mm, 1000), QPageSize.Unit.Millimeter))
    writer.setPageMargins(margins, QPageLayout.Unit.Millimeter)
    painter = QPainter()
    if not painter.begin(writer):
        return 0.0
    try:
        per_point = resolution / 72.0
        printable = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
        target = QRectF(0, 0, printable.width() * per_point, printable.height() * per_point)
        layout = plan(printable.width(), roll=True)
        needed = _measure(painter, target, per_point, layout, data)
    finally:
        painter.end()
    return (needed + ROLL_TAIL) / PT_PER_MM + margins.top() + margins.bottom()
