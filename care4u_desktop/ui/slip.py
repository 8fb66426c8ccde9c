"""The appointment slip: what it says, how it is drawn, where it goes (printer or PDF).

The slip is laid out on an A6 card in points and scaled to whatever it is drawn on (an
A6 PDF, an A4 sheet, an 80 mm receipt roll). The QR code of the appointment number is
encoded by ``segno`` and drawn as vector squares, so it scans from paper and from PDF.
Words are fixed when the slip is asked for (``SlipData``), in the patient's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QStandardPaths, Qt
from PySide6.QtGui import QColor, QFont, QPageSize, QPainter, QPainterPath, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from ..domain.errors import DomainError
from ..domain.models import Appointment
from .formatting import doctor_title, long_date, specialization_text
from .print_queue import cancel_pending_jobs as cancel_pending_jobs  # for log-out

#: The card the slip is designed on: A6 portrait, in points.
CARD = QRectF(0, 0, 297.6, 419.5)
MARGIN = 20.0
PDF_RESOLUTION = 300


class PrintFailed(DomainError):
    """The printer or the file refused the slip; the booking itself is unaffected."""

    codes = ("print_failed",)


@dataclass(frozen=True)
class SlipData:
    hospital: str
    title: str
    number_caption: str
    number: str
    #: (label, value) lines under the code: patient, doctor, specialization, date, time.
    rows: tuple[tuple[str, str], ...]
    footer: str

    @property
    def file_name(self) -> str:
        return f"appointment-{self.number}.pdf"


def slip_data(appointment: Appointment, patient_name: str, hospital: str) -> SlipData:
    """The slip's words, in the current language."""
    return SlipData(
        hospital=hospital,
        title=QCoreApplication.translate("Slip", "Appointment slip"),
        number_caption=QCoreApplication.translate("Slip", "Appointment number"),
        number=appointment.appointment_id,
        rows=(
            (QCoreApplication.translate("Slip", "Patient"), patient_name),
            (QCoreApplication.translate("Slip", "Doctor"), doctor_title(appointment)),
            (
                QCoreApplication.translate("Slip", "Specialization"),
                specialization_text(appointment.specialization),
            ),
            (
                QCoreApplication.translate("Slip", "Date"),
                long_date(date.fromisoformat(appointment.date)),
            ),
            (QCoreApplication.translate("Slip", "Time"), appointment.time),
        ),
        footer=QCoreApplication.translate(
            "Slip", "Please arrive 10 minutes early and show this slip at reception."
        ),
    )


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(round(size))  # the painter is scaled so 1 unit = 1 pt
    font.setBold(bold)
    return font


def _text(painter: QPainter, top: float, text: str, size: float, bold: bool = False) -> float:
    """Draw wrapped, centred text from ``top``; return the y below it."""
    painter.setFont(_font(size, bold))
    area = QRectF(MARGIN, top, CARD.width() - 2 * MARGIN, CARD.height())
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(
        Qt.TextFlag.TextWordWrap
    )
    used = painter.boundingRect(area, flags, text)
    painter.drawText(area, flags, text)
    return top + used.height()


def _qr(painter: QPainter, top: float, number: str, size: float) -> float:
    code = segno.make_qr(number, error="m")
    border = 4  # the quiet zone scanners need
    modules = len(code.matrix) + 2 * border
    unit = size / modules
    left = (CARD.width() - size) / 2
    path = QPainterPath()
    for y, row in enumerate(code.matrix):
        for x, dark in enumerate(row):
            if dark:
                path.addRect(
                    QRectF(left + (x + border) * unit, top + (y + border) * unit, unit, unit)
                )
    painter.fillRect(QRectF(left, top, size, size), QColor("#ffffff"))
    painter.fillPath(path.simplified(), QColor("#000000"))
    return top + size


def paint_slip(painter: QPainter, target: QRectF, data: SlipData) -> None:
    """Draw the slip into ``target`` (device pixels), scaled to fit, top-centred."""
    dpi = painter.device().logicalDpiX()
    per_point = dpi / 72.0
    fit = min(
        target.width() / (CARD.width() * per_point),
        target.height() / (CARD.height() * per_point),
        1.0,
    )
    scale = per_point * fit
    painter.save()
    painter.translate(
        QPointF(target.left() + (target.width() - CARD.width() * scale) / 2, target.top())
    )
    painter.scale(scale, scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QColor("#000000"))
    y = MARGIN
    y = _text(painter, y, data.hospital, 15, bold=True) + 2
    y = _text(painter, y, data.title, 10) + 8
    y = _text(painter, y, data.number_caption, 9)
    y = _text(painter, y, data.number, 24, bold=True) + 4
    y = _qr(painter, y, data.number, 136) + 6
    painter.setFont(_font(10))
    label_width = 88.0
    for caption, value in data.rows:
        painter.setFont(_font(9, bold=True))
        caption_box = QRectF(MARGIN, y, label_width, 40)
        painter.drawText(caption_box, int(Qt.AlignmentFlag.AlignLeft), caption)
        painter.setFont(_font(11))
        value_box = QRectF(MARGIN + label_width, y, CARD.width() - 2 * MARGIN - label_width, 60)
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        used = painter.boundingRect(value_box, flags, value)
        painter.drawText(value_box, flags, value)
        y += max(used.height(), 14) + 4
    _text(painter, y + 8, data.footer, 9)
    painter.restore()


def write_pdf(path: Path, data: SlipData) -> Path:
    """An A6 PDF of the slip."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(f"{data.title} {data.number}")
    writer.setCreator("Care4U Desktop")
    painter = QPainter()
    if not painter.begin(writer):
        raise PrintFailed()
    try:
        paint_slip(painter, QRectF(0, 0, writer.width(), writer.height()), data)
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise PrintFailed()
    return path


def print_on(printer: QPrinter, data: SlipData, *, doc_name: str | None = None) -> str:
    """Send the slip to ``printer``; returns where it went (printer name or file).

    ``doc_name`` is the job's name in the print queue (and its history); a kiosk passes
    one without the appointment number.
    """
    printer.setDocName(doc_name or f"{data.title} {data.number}")
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed()
    try:
        paint_slip(painter, printer.pageRect(QPrinter.Unit.DevicePixel), data)
    finally:
        painter.end()
    return printer.outputFileName() or printer.printerName()


# -- where the slip goes (functions, so tests can stand in for printers and dialogs) ------
def default_printer() -> QPrinter | None:
    """The system's default printer, or None when the machine has none."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def prints_to_file(printer: QPrinter) -> bool:
    return bool(printer.outputFileName())


def stopped_for_qt(printer: QPrinter) -> bool:
    """Qt already knows this printer cannot print: gone, stopped (a disabled CUPS queue
    reads as ``Error``) or in error. Where CUPS is, ``print_queue`` asks it too."""
    if prints_to_file(printer):
        return False
    info = QPrinterInfo.printerInfo(printer.printerName())
    return info.isNull() or info.state() in (
        QPrinter.PrinterState.Error,
        QPrinter.PrinterState.Aborted,
    )


def choose_printer(parent: QWidget) -> QPrinter | None:
    """Staff desk: the system print dialog; None if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Slip", "Print appointment slip"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def choose_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    """Staff desk: where to save the PDF; None if cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Slip", "Save appointment slip"),
        str(Path(folder) / suggested),
        QCoreApplication.translate("Slip", "PDF files (*.pdf)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
