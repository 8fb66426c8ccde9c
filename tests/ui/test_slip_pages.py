"""The slip is laid out for the printer's page: an 80 mm receipt roll, A6, A4.

Real CUPS (tests/ui/cups_support.py): a cups-pdf queue whose default media is the page
under test, as a receipt printer's driver sets it (a PPD whose default page is an 80 mm
roll with 72 mm printable, or the queue's ``media`` set to ``Custom.80x200mm``). The slip
goes through the app's own way to the kiosk's printer (``slip.default_printer`` and
``slip.print_on``; the first test through the kiosk's screens); each PDF is rendered
(pypdfium2) at a receipt printer's 203 dpi, its code scanned (zxingcpp) and its text
measured: every letter inside the printable area and at a readable size, the code large.
The rendered slips are saved for review under ``CARE4U_SLIP_DIR`` (default: tmp).
"""

from __future__ import annotations

import ctypes
import math
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from PySide6.QtCore import QMarginsF, QSizeF, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from care4u_desktop.domain.models import Appointment, AppointmentStatus
from care4u_desktop.ui import slip

from .cups_support import QUEUE, Cups, private_cups
from .support import btn, click
from .test_kiosk_printer import TAKE_IT, booked, kiosk, said

pytestmark = pytest.mark.slow

MM = 72 / 25.4
#: A receipt printer's resolution: the code must scan from what it can print.
THERMAL_DPI = 203
#: Below this, print is hard to read at hand's length (the card's smallest, 9 pt, measures 8.9).
READABLE_PT = 8.5
#: DejaVu Sans' capitals and digits stand 0.73 of the type size (its tall letters 0.76).
CAP_HEIGHT = 0.73
#: The code's side (its finder patterns' corners): scanners read 20 mm with ease.
CODE_MIN_MM = 30.0

APPOINTMENT = Appointment(
    appointment_id="K7M2-9QXR",
    user_id="u-1",
    doctor_id="doc-004",
    date="2026-03-16",
    time="10:30",
    status=AppointmentStatus.BOOKED,
    created_at="2026-03-01T09:00:00",
    doctor_name="Luis Fernández",
    specialization="Orthopedics",
)
#: A long name and a long hospital name: they wrap inside the page, never run off it.
PATIENT = "María Fernanda de los Ángeles García-Hernández"
HOSPITAL = "Care4U Hospitals · Hospital Universitario de la Santísima Trinidad"


def ppd_with_page(
    base: Path, target: Path, name: str, width_mm: float, length_mm: float, side_mm: float
) -> Path:
    """``base`` (the cups-pdf PPD) with one more page size, its default, written as
    printer drivers write theirs: a receipt printer's ``RP80x297`` roll with 72 mm of its
    80 printable (Epson's TM drivers), a card printer's A6."""
    w, h, side = (round(v * MM, 2) for v in (width_mm, length_mm, side_mm))
    label = f"{name}/{name} ({width_mm:g} x {length_mm:g} mm)"
    page = f'"<</PageSize[{w} {h}]/ImagingBBox null>>setpagedevice"'
    added = {
        "*DefaultPageSize:": f"*PageSize {label}: {page}",
        "*DefaultPageRegion:": f"*PageRegion {label}: {page}",
        "*DefaultImageableArea:": f'*ImageableArea {label}: "{side} 0 {round(w - side, 2)} {h}"',
        "*DefaultPaperDimension:": f'*PaperDimension {label}: "{w} {h}"',
    }
    lines = []
    for line in base.read_text().splitlines():
        key = next((k for k in added if line.startswith(k)), None)
        lines += [line] if key is None else [f"{key} {name}", added[key]]
    target.write_text("\n".join(lines) + "\n")
    return target


@dataclass(frozen=True)
class Page:
    """What a queue's default media is, and what the slip must look like on it."""

    name: str
    width_mm: float
    #: The page's length: exact for a sheet, at most this for a roll (cut to the slip).
    length_mm: float
    roll: bool
    #: The driver's side margins: nothing may be printed outside them.
    side_mm: float = 0.0
    #: The page comes from a PPD of this page size name...
    ppd_name: str = ""
    #: ... or is set on the queue as its default media.
    media: str = ""


ROLL_PPD = Page("roll-80mm-ppd", 80, 297, roll=True, side_mm=4, ppd_name="RP80x297")
ROLL_MEDIA = Page("roll-80mm-custom-media", 80, 200, roll=True, media="Custom.80x200mm")
ROLL_QT = Page("roll-80mm-qt-pdf", 80, 297, roll=True, side_mm=4)
A6 = Page("A6", 105, 148, roll=False, side_mm=3, ppd_name="A6")
A4 = Page("A4", 210, 297, roll=False)


def set_up(cups: Cups, page: Page, tmp_path: Path) -> None:
    """The queue, its default media the page: from its driver (a PPD), or set on it."""
    if page.ppd_name:
        ppd = ppd_with_page(
            cups.ppd,
            tmp_path / "page.ppd",
            page.ppd_name,
            page.width_mm,
            page.length_mm,
            page.side_mm,
        )
        cups.run("lpadmin", "-p", QUEUE, "-v", cups.device_uri, "-P", str(ppd), "-E")
        cups.run("lpadmin", "-d", QUEUE)
        return
    cups.add_queue()  # cups-pdf's own PPD: A4 by default
    if page.media:
        cups.run("lpadmin", "-p", QUEUE, "-o", f"media-default={page.media}")
        cups.run("lpadmin", "-p", QUEUE, "-o", f"PageSize={page.media}")


@pytest.fixture(scope="module")
def cups_daemon() -> Iterator[Cups]:
    with private_cups() as cups:
        yield cups


@pytest.fixture
def cups(cups_daemon: Cups) -> Iterator[Cups]:
    for pdf in cups_daemon.pdfs():
        pdf.unlink()
    yield cups_daemon
    cups_daemon.remove_queue()


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CARE4U_SLIP_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Printed:
    width_mm: float
    length_mm: float
    codes: list[str]
    code_side_mm: float
    #: Every letter's box (left, bottom, right, top) in mm from the page's bottom left.
    boxes: list[tuple[float, float, float, float]]
    #: Each line's type size, points.
    sizes: list[float]
    #: The ink's box, in mm from the page's top left: (left, top, right, bottom).
    ink: tuple[float, float, float, float]


def measure(pdf: Path, picture: Path) -> Printed:
    document = pdfium.PdfDocument(str(pdf))
    try:
        assert len(document) == 1
        page = document[0]
        width, height = page.get_size()
        text = page.get_textpage()
        boxes = []
        for index in range(pdfium_c.FPDFText_CountChars(text.raw)):
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            pdfium_c.FPDFText_GetCharBox(text.raw, index, left, right, bottom, top)
            if right.value - left.value > 0:  # a space or a generated line break: no box
                boxes.append(tuple(v.value / MM for v in (left, bottom, right, top)))
        sizes = line_sizes(text)
        bitmap = page.render(scale=THERMAL_DPI / 72, grayscale=True)
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_Grayscale8,
        ).copy()
    finally:
        document.close()
    assert image.save(str(picture))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    per_mm = THERMAL_DPI / 25.4
    side = max((abs(c.position.top_right.x - c.position.top_left.x) for c in found), default=0)
    return Printed(
        width / MM,
        height / MM,
        [c.text for c in found],
        side / per_mm,
        boxes,
        sizes,
        tuple(v / per_mm for v in ink_box(image)),
    )


def line_sizes(text: pdfium.PdfTextPage) -> list[float]:
    """Each printed line's type size, in points, from its letters' boxes: Ghostscript
    (behind CUPS) turns the fonts into pictures of 1/300 pt letters, so the size is read
    from the tallest letter of the line (every line has a capital, a digit or a tall
    letter), which stands about CAP_HEIGHT of the type size."""
    lines: dict[int, float] = {}
    for index in range(pdfium_c.FPDFText_CountChars(text.raw)):
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        pdfium_c.FPDFText_GetCharBox(text.raw, index, left, right, bottom, top)
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(text.raw, index, x, y)
        if top.value > bottom.value:
            baseline = round(y.value)
            lines[baseline] = max(lines.get(baseline, 0.0), top.value - bottom.value)
    return [tallest / CAP_HEIGHT for tallest in lines.values()]


#: Grey levels below half are ink.
_INK = bytes(1 if level < 128 else 0 for level in range(256))


def ink_box(image: QImage) -> tuple[int, int, int, int]:
    """The smallest box holding every dark pixel: (left, top, right, bottom), in pixels."""
    pixels = bytes(image.constBits())
    stride, width = image.bytesPerLine(), image.width()
    left, right, top, bottom = width, -1, -1, -1
    for y in range(image.height()):
        row = pixels[y * stride : y * stride + width].translate(_INK)
        first = row.find(1)
        if first < 0:
            continue
        top = y if top < 0 else top
        bottom = y + 1
        left, right = min(left, first), max(right, row.rfind(1) + 1)
    assert bottom > 0, "a blank page"
    return left, top, right, bottom


def slip_on(page: Page, cups: Cups, tmp_path: Path, language: str = "en") -> Printed:
    printer = slip.default_printer()
    assert printer is not None and printer.printerName() == QUEUE
    data = slip.slip_data(APPOINTMENT, PATIENT, HOSPITAL)
    slip.print_on(printer, data, doc_name=data.title)
    (pdf,) = cups.wait_for_pdf()
    shutil.copy(pdf, shots(tmp_path) / f"slip-{page.name}.pdf")
    return measure(
        pdf, shots(tmp_path) / f"slip-{page.name}{'-' + language if language != 'en' else ''}.png"
    )


def check(printed: Printed, page: Page, number: str = APPOINTMENT.appointment_id) -> None:
    assert printed.codes == [number]
    assert abs(printed.width_mm - page.width_mm) < 1, "the slip is on the printer's paper"
    if page.roll:
        assert 60 < printed.length_mm <= page.length_mm + 1, "a roll is cut to the slip"
    else:
        assert abs(printed.length_mm - page.length_mm) < 1
    assert printed.code_side_mm >= CODE_MIN_MM
    assert len(printed.boxes) > 150  # every line: the hospital down to the footer
    assert min(printed.sizes) >= READABLE_PT, f"text at {min(printed.sizes):.1f} pt"
    inside = page.side_mm - 0.2
    for left, bottom, right, top in printed.boxes:
        assert left >= inside and right <= printed.width_mm - inside
        assert bottom >= 0 and top <= printed.length_mm
    left, top, right, bottom = printed.ink
    assert left >= inside and right <= printed.width_mm - inside
    assert top > 0 and bottom < printed.length_mm


@pytest.mark.parametrize("page", [ROLL_PPD, ROLL_MEDIA, A6, A4], ids=lambda p: p.name)
def test_the_slip_fits_the_printers_page_and_its_code_scans(qapp, cups, tmp_path, page):
    set_up(cups, page, tmp_path)
    check(slip_on(page, cups, tmp_path), page)


def test_a_kiosk_on_a_receipt_printer_prints_a_roll_slip(
    qtbot, cups, tmp_path, start_window, data_dir, config_file
):
    """The whole way: a patient books at the kiosk and presses Print slip."""
    set_up(cups, ROLL_PPD, tmp_path)
    window = kiosk(start_window, data_dir, config_file)
    try:
        number = booked(qtbot, window)
        shown = said(window)
        with qtbot.waitSignal(window.booking.confirmation.slip_done, timeout=30_000):
            click(qtbot, btn(window.booking, "printSlipButton"))
        assert shown == ["Printing your slip…", TAKE_IT]
        (pdf,) = cups.wait_for_pdf()
        printed = measure(pdf, shots(tmp_path) / "slip-kiosk-roll-80mm.png")
        check(printed, ROLL_PPD, number)
    finally:
        window.exit_allowed = True
        window.runner.forget_pending()
        window.runner.wait_for_done()


def type_size(text: pdfium.PdfTextPage, index: int) -> float:
    """A letter's size on paper (points): its font's size at the scale it is drawn."""
    matrix = pdfium_c.FS_MATRIX()
    assert pdfium_c.FPDFText_GetMatrix(text.raw, index, matrix)
    return float(pdfium_c.FPDFText_GetFontSize(text.raw, index)) * math.hypot(matrix.c, matrix.d)


def roll_pdf_printer(path: Path) -> QPrinter:
    """Qt's own PDF output on an 80 mm roll's page: the text keeps its fonts (and its
    words), so sizes and words are read exactly."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    roll = QPageSize(QSizeF(80, 297), QPageSize.Unit.Millimeter, "RP80x297")
    margins = QMarginsF(4, 3, 4, 3)
    printer.setPageLayout(
        QPageLayout(roll, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter)
    )
    return printer


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_roll_the_words_keep_their_size_and_all_of_them_are_there(
    qtbot, window, tmp_path, language
):
    window.set_language(language)
    path = tmp_path / "roll.pdf"
    data = slip.slip_data(APPOINTMENT, PATIENT, HOSPITAL)
    slip.print_on(roll_pdf_printer(path), data)
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        width, length = (v / MM for v in page.get_size())
        text = page.get_textpage()
        words = " ".join(text.get_text_range().split())
        sizes = [
            type_size(text, i)
            for i in range(pdfium_c.FPDFText_CountChars(text.raw))
            if not chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)).isspace()
        ]
    finally:
        document.close()
    shutil.copy(path, shots(tmp_path) / f"slip-roll-qt-{language}.pdf")
    check(measure(path, shots(tmp_path) / f"slip-roll-qt-{language}.png"), ROLL_QT)
    assert min(sizes) > 9.99, f"{min(sizes):.1f} pt"  # the roll's smallest: 10, not scaled
    assert abs(width - 80) < 0.5 and length < 200  # the roll's width, the slip's length
    for expected in (PATIENT, "Dr. Luis Fernández", "K7M2-9QXR", "10:30", *HOSPITAL.split()):
        assert " ".join(expected.split()) in words or expected in words.replace(" ", ""), expected
    if language == "es":
        assert "Traumatología" in words and "lunes, 16 de marzo de 2026" in words


def test_a_desks_print_dialog_opens_on_the_default_printers_own_page(qtbot, cups, tmp_path):
    """The desk prints through the system print dialog: it starts on the queue's page (an
    80 mm roll), not on A4, and the slip that comes out is a roll's."""
    set_up(cups, ROLL_PPD, tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen: list[str] = []

    def press_print() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QPrintDialog)
        chosen.append(dialog.printer().printerName())
        dialog.accept()

    QTimer.singleShot(500, press_print)
    printer = slip.choose_printer(parent)
    assert chosen == [QUEUE] and printer is not None
    data = slip.slip_data(APPOINTMENT, PATIENT, HOSPITAL)
    slip.print_on(printer, data)
    (pdf,) = cups.wait_for_pdf()
    check(measure(pdf, shots(tmp_path) / "slip-desk-dialog-roll-80mm.png"), ROLL_PPD)


def test_a_default_page_the_driver_does_not_name_still_prints(qapp, cups, tmp_path):
    """cups-pdf's PPD has no A6: a queue set to A6 anyway would get a job its filters
    refuse (Qt names the page "Custom"); the slip keeps Qt's page then, and prints."""
    cups.add_queue()
    cups.run("lpadmin", "-p", QUEUE, "-o", "media-default=A6", "-o", "PageSize=A6")
    printed = slip_on(Page("A6-not-in-the-driver", 210, 297, roll=False), cups, tmp_path)
    check(printed, A4)
