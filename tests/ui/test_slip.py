"""The printable slip: rendered back from its PDF, read as text, its QR code scanned."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from care4u_desktop.domain.models import Appointment, AppointmentStatus
from care4u_desktop.ui import slip

from .support import btn, click, log_in, register
from .test_kiosk import book_through_the_screens

APPOINTMENT = Appointment(
    appointment_id="K7M2-9QXR",
    user_id="u-1",
    doctor_id="doc-001",
    date="2026-03-16",
    time="10:00",
    status=AppointmentStatus.BOOKED,
    created_at="2026-03-01T09:00:00",
    doctor_name="Sarah Johnson",
    specialization="Cardiology",
)


def read_pdf(path: Path, picture: Path | None = None) -> tuple[str, list[str], tuple[float, float]]:
    """The first page's text, the QR codes found on it, and its size in points.

    ``picture``: also save the rendered page there (the reviewed screenshot of the slip).
    """
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        bitmap = page.render(scale=300 / 72, grayscale=True)
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_Grayscale8,
        )
        if picture is not None:
            assert image.save(str(picture))
        codes = [
            code.text
            for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        ]
        return " ".join(text.split()), codes, page.get_size()
    finally:
        document.close()


def test_the_slip_pdf_carries_every_detail_and_a_scannable_code(qapp, tmp_path):
    data = slip.slip_data(APPOINTMENT, "María García", "Care4U Hospitals")
    path = slip.write_pdf(tmp_path / data.file_name, data)

    shots = os.environ.get("CARE4U_SCREENSHOT_DIR")
    picture = Path(shots) / "9-slip.png" if shots else None
    text, codes, (width, height) = read_pdf(path, picture)
    assert codes == ["K7M2-9QXR"]
    for expected in (
        "Care4U Hospitals",
        "K7M2-9QXR",
        "María García",
        "Dr. Sarah Johnson",
        "Cardiology",
        "Monday 16 March 2026",
        "10:00",
    ):
        assert expected in text, expected
    assert abs(width - 297.6) < 1 and abs(height - 419.5) < 1  # A6 in points


def test_the_slip_speaks_the_patients_language(qtbot, window, tmp_path):
    window.set_language("es")
    data = slip.slip_data(APPOINTMENT, "María García", "Care4U Hospitals")
    text, codes, _size = read_pdf(slip.write_pdf(tmp_path / "es.pdf", data))
    assert codes == ["K7M2-9QXR"]
    assert "Paciente María García" in text
    assert "Cardiología" in text
    assert "lunes, 16 de marzo de 2026" in text


def test_a_desk_saves_the_slip_as_a_pdf_from_the_confirmation(qtbot, window, tmp_path, monkeypatch):
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    number = window.booking.appointment_id.text()
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(slip, "choose_pdf_path", lambda parent, suggested: target)

    confirmation = window.booking.confirmation
    with qtbot.waitSignal(confirmation.slip_done, timeout=10_000) as done:
        click(qtbot, btn(window.booking, "saveSlipButton"))
    assert done.args == [str(target)]
    text, codes, _size = read_pdf(target)
    assert codes == [number]
    assert "Maria Garcia" in text and number in text
    assert confirmation.slip_status.text() == f"Slip saved to {target}"


def pdf_printer(path: Path) -> QPrinter:
    """A stand-in for a real printer: Qt prints to a PDF file instead."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_a_desk_prints_through_the_print_dialog(qtbot, window, tmp_path, monkeypatch):
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    printed = tmp_path / "printed.pdf"
    asked = []

    def dialog(parent):
        asked.append(parent)
        return pdf_printer(printed)

    monkeypatch.setattr(slip, "choose_printer", dialog)
    with qtbot.waitSignal(window.booking.confirmation.slip_done, timeout=10_000):
        click(qtbot, btn(window.booking, "printSlipButton"))
    assert asked == [window]
    assert read_pdf(printed)[1] == [window.booking.appointment_id.text()]


@pytest.fixture
def auto_printing_kiosk(start_window, data_dir, config_file, tmp_path, monkeypatch):
    config_file("auto_print = true\nconfirmation_seconds = 30\n")
    printed = tmp_path / "kiosk-printer.pdf"
    monkeypatch.setattr(slip, "default_printer", lambda: pdf_printer(printed))
    monkeypatch.setattr(slip, "choose_printer", lambda parent: pytest.fail("no dialog on a kiosk"))
    window = start_window(["--kiosk", "--data-dir", str(data_dir)])
    window.printed = printed
    yield window
    window.exit_allowed = True
    window.runner.forget_pending()
    window.runner.wait_for_done()


def test_a_kiosk_with_auto_print_prints_each_booking_by_itself(qtbot, auto_printing_kiosk):
    window = auto_printing_kiosk
    register(window)
    log_in(qtbot, window)
    with qtbot.waitSignal(window.booking.confirmation.slip_done, timeout=10_000):
        book_through_the_screens(qtbot, window)
    number = window.booking.appointment_id.text()
    text, codes, _size = read_pdf(window.printed)
    assert codes == [number]
    assert "Maria Garcia" in text
    assert "Please take it from the printer" in window.booking.confirmation.slip_status.text()


def test_a_kiosk_without_a_printer_says_so_plainly(qtbot, kiosk_window, monkeypatch):
    window = kiosk_window
    monkeypatch.setattr(slip, "default_printer", lambda: None)
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    with qtbot.waitSignal(window.booking.confirmation.slip_failed, timeout=5_000):
        click(qtbot, btn(window.booking, "printSlipButton"))
    status = window.booking.confirmation.slip_status
    assert status.isVisible()
    assert status.text() == (
        "The printer is not ready. Please write down your number or ask at reception."
    )


# Qt reports the refused output file itself; that warning is the point of this test.
@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_fails_leaves_the_booking_and_says_so(qtbot, window, monkeypatch):
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    monkeypatch.setattr(slip, "choose_printer", lambda parent: pdf_printer(Path("/")))
    with qtbot.waitSignal(window.booking.confirmation.slip_failed, timeout=10_000):
        click(qtbot, btn(window.booking, "printSlipButton"))
    assert window.booking.confirmation.slip_status.text() == (
        "The slip could not be printed. Your appointment is still booked."
    )
    number = window.booking.appointment_id.text()
    assert window.services.store.get_appointment(number) is not None
