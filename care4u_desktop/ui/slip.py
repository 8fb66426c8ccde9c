"""The appointment slip: what it says, how it is drawn, where it goes (printer or PDF).

The slip is laid out for the page it is printed on (``slip_layout``): an 80 mm receipt
roll (the kiosk's usual printer), an A6 card (the PDF), A4. The page is the printer's
own: a kiosk prints on its queue's default media (``default_printer``), a desk on what
its print dialog chose. The QR code of the appointment number is encoded by ``segno``
and drawn as vector squares, so it scans from paper and from PDF.
Words are fixed when the slip is asked for (``SlipData``), in the patient's language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, QStandardPaths
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from ..domain.errors import DomainError
from ..domain.models import Appointment
from . import slip_layout
from .formatting import doctor_title, long_date, specialization_text
from .print_queue import cancel_pending_jobs as cancel_pending_jobs  # for log-out

log = logging.getLogger(__name__)

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


def paint_slip(
    painter: QPainter, target: QRectF, data: SlipData, *, roll: bool = False, edge: float = 0.0
) -> float:
    """Draw the slip into ``target`` (device pixels, ``edge`` points in from the paper's
    edge), laid out for it (``slip_layout``): ``roll``, a receipt roll's narrow column;
    else the card's. Returns the scale (1.0 unless the page is too short for it)."""
    return slip_layout.paint(painter, target, data, roll, edge)


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
    roll = slip_layout.is_roll(printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter).width())
    if roll:
        _fit_roll_length(printer, data)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed()
    try:
        # The painter's origin is the printable area's corner already.
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        margins = printer.pageLayout().margins(QPageLayout.Unit.Point)
        edge = min(margins.left(), margins.top(), margins.right())
        paint_slip(painter, QRectF(0, 0, area.width(), area.height()), data, roll=roll, edge=edge)
    finally:
        painter.end()
    return printer.outputFileName() or printer.printerName()


def _fit_roll_length(printer: QPrinter, data: SlipData) -> None:
    """A roll's page as long as the slip, where the printer takes a length of our own
    (a PDF file always does); else the roll's page as its driver gives it."""
    if not prints_to_file(printer):
        info = QPrinterInfo.printerInfo(printer.printerName())
        if info.isNull() or not info.supportsCustomPageSizes():
            return
    layout = printer.pageLayout()
    width = layout.fullRect(QPageLayout.Unit.Millimeter).width()
    margins = layout.margins(QPageLayout.Unit.Millimeter)
    length = slip_layout.roll_length(width, margins, printer.resolution(), data)
    if length <= 0:
        return
    roll = QPageSize(
        QSizeF(width, length), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch
    )
    printer.setPageLayout(
        QPageLayout(roll, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter)
    )


def use_queue_page(printer: QPrinter, info: QPrinterInfo) -> QPrinter:
    """The page the printer's queue is set up with (an 80 mm roll, A4...). Qt starts
    every QPrinter on A4 (or Letter) whatever the queue's media: on a receipt printer
    that is a page three times wider than the paper."""
    size = info.defaultPageSize()
    if not size.isValid():
        return printer
    if size.id() != QPageSize.PageSizeId.Custom and size.key() == "Custom":
        # A standard size the driver does not list (media-default=A6 on a PPD without
        # A6) would reach CUPS as a bare "media=Custom", which its filters refuse.
        log.warning(
            "printer %s: its default page %s is not its driver's", info.printerName(), size.name()
        )
        return printer
    printer.setPageSize(size)  # the margins follow the driver's printable area
    return printer


# -- where the slip goes (functions, so tests can stand in for printers and dialogs) ------
def default_printer() -> QPrinter | None:
    """The system's default printer, or None when the machine has none."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return use_queue_page(QPrinter(info, QPrinter.PrinterMode.HighResolution), info)


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
