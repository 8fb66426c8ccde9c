"""A kiosk says "printing" only when its printer can print, and leaves nothing queued.

Real CUPS: a private ``cupsd`` (tests/ui/cups_support.py) with a cups-pdf queue whose
PDFs land in tmp. The kiosk is the real app, driven through its screens; the printer is
stopped (``cupsdisable``), rejecting (``cupsreject``), absent, or holding every job (a
queue that takes the job and never prints it, as an unplugged printer does).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from care4u_desktop.ui import print_queue

from .cups_support import Cups, private_cups
from .support import btn, click, log_in, register, wait_idle
from .test_kiosk import book_through_the_screens
from .test_slip import read_pdf

NOT_READY = "The printer is not ready. Please write down your number or ask at reception."
NOT_READY_ES = "La impresora no está lista. Anote su número o pregunte en recepción, por favor."
TAKE_IT = "Your slip is printing. Please take it from the printer."

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cups_daemon() -> Iterator[Cups]:
    with private_cups() as cups:
        yield cups


@pytest.fixture
def cups(cups_daemon: Cups) -> Iterator[Cups]:
    """A fresh default queue ``Care4U-PDF``, enabled and accepting; no PDFs yet."""
    for pdf in cups_daemon.pdfs():
        pdf.unlink()
    cups_daemon.add_queue()
    yield cups_daemon
    cups_daemon.remove_queue()


def kiosk(start_window, data_dir, config_file, extra: str = "") -> Any:
    config_file("confirmation_seconds = 120\n" + extra)
    window = start_window(["--kiosk", "--data-dir", str(data_dir)])
    window.kiosk.idle_timer.setInterval(600_000)  # the test sets the scene at its own pace
    window.kiosk.idle_timer.start()
    return window


@pytest.fixture
def cups_kiosk(start_window, data_dir, config_file) -> Iterator[Any]:
    window = kiosk(start_window, data_dir, config_file)
    yield window
    window.exit_allowed = True
    window.runner.forget_pending()
    window.runner.wait_for_done()


def booked(qtbot, window) -> str:
    register(window)
    log_in(qtbot, window)
    book_through_the_screens(qtbot, window)
    return str(window.booking.appointment_id.text())


def said(window) -> list[str]:
    """Every message the slip banner shows from now on."""
    banner = window.booking.confirmation.slip_status
    shown: list[str] = []
    original = banner.show_message

    def show_message(text: str, kind: str = "error") -> None:
        shown.append(text)
        original(text, kind)

    banner.show_message = show_message
    return shown


def press_print(qtbot, window, shown: list[str]) -> None:
    """Press "Print slip" and wait for the last word on it (printed, or why not)."""
    click(qtbot, btn(window.booking, "printSlipButton"))
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] != "Printing your slip…", timeout=30_000)
    wait_idle(qtbot, window)


def print_button_is_back(window) -> None:
    button = btn(window.booking, "printSlipButton")
    assert (button.text(), button.isEnabled()) == ("Print slip", True)


def nothing_comes_out_later(cups: Cups) -> None:
    """Make the printer ready again: whatever was still queued would print now."""
    cups.run("lpadmin", "-p", "Care4U-PDF", "-o", "job-hold-until-default=no-hold")
    cups.run("cupsenable", "Care4U-PDF")
    cups.run("cupsaccept", "Care4U-PDF")
    time.sleep(3)
    assert cups.queued() == []
    assert cups.pdfs() == []


def test_a_ready_printer_prints_the_slip(qtbot, cups, cups_kiosk):
    window = cups_kiosk
    number = booked(qtbot, window)
    shown = said(window)

    with qtbot.waitSignal(window.booking.confirmation.slip_done, timeout=30_000) as done:
        click(qtbot, btn(window.booking, "printSlipButton"))

    assert done.args == ["Care4U-PDF"]
    assert shown == ["Printing your slip…", TAKE_IT]
    wait_idle(qtbot, window)
    print_button_is_back(window)
    (pdf,) = cups.wait_for_pdf()
    # Through PostScript and Ghostscript the text loses its Unicode map; the code scans.
    _text, codes, _size = read_pdf(pdf)
    assert codes == [number]
    assert number not in pdf.name  # the queue's job name carries no appointment number
    assert cups.queued() == []


def test_a_stopped_printer_is_not_ready_and_prints_nothing_later(qtbot, cups, cups_kiosk):
    window = cups_kiosk
    number = booked(qtbot, window)
    cups.run("cupsdisable", "Care4U-PDF")
    shown = said(window)

    press_print(qtbot, window, shown)

    assert shown == [NOT_READY]  # never "printing"
    assert cups.queued() == []
    assert window.services.store.get_appointment(number) is not None  # still booked
    shots = os.environ.get("CARE4U_SCREENSHOT_DIR")
    if shots:
        qtbot.wait(300)  # let the layout settle around the banner
        window.grab().save(str(Path(shots) / "kiosk-printer-not-ready.png"))
    nothing_comes_out_later(cups)


def test_a_printer_rejecting_jobs_is_not_ready_in_spanish_too(qtbot, cups, cups_kiosk):
    window = cups_kiosk
    window.set_language("es")
    booked(qtbot, window)
    cups.run("cupsreject", "Care4U-PDF")
    shown = said(window)

    press_print(qtbot, window, shown)

    assert shown == [NOT_READY_ES]
    assert cups.queued() == []
    assert btn(window.booking, "printSlipButton").isEnabled()
    nothing_comes_out_later(cups)


def test_no_printer_at_all_is_not_ready(qtbot, cups, cups_kiosk):
    window = cups_kiosk
    booked(qtbot, window)
    cups.remove_queue()
    shown = said(window)

    press_print(qtbot, window, shown)

    assert shown == [NOT_READY]


def test_a_job_that_stays_queued_is_cancelled_and_the_patient_told(
    qtbot, cups, cups_kiosk, monkeypatch
):
    """The queue takes the job and holds it, as one whose printer is unplugged does."""
    monkeypatch.setattr(print_queue, "JOB_DEADLINE_S", 2.0)
    window = cups_kiosk
    booked(qtbot, window)
    cups.run("lpadmin", "-p", "Care4U-PDF", "-o", "job-hold-until-default=indefinite")
    shown = said(window)

    press_print(qtbot, window, shown)

    assert shown == ["Printing your slip…", NOT_READY]
    assert cups.queued() == []
    print_button_is_back(window)
    nothing_comes_out_later(cups)


def test_auto_print_to_a_stopped_printer_says_not_ready(
    qtbot, cups, start_window, data_dir, config_file
):
    window = kiosk(start_window, data_dir, config_file, "auto_print = true\n")
    try:
        register(window)
        log_in(qtbot, window)
        cups.run("cupsdisable", "Care4U-PDF")
        shown = said(window)
        book_through_the_screens(qtbot, window)  # the slip is asked for by itself
        qtbot.waitUntil(lambda: bool(shown) and shown[-1] != "Printing your slip…", timeout=30_000)
        assert shown == [NOT_READY]
        assert cups.queued() == []
        nothing_comes_out_later(cups)
    finally:
        window.exit_allowed = True
        window.runner.forget_pending()
        window.runner.wait_for_done()


def test_log_out_cancels_a_slip_still_waiting_in_the_queue(qtbot, cups, cups_kiosk, monkeypatch):
    monkeypatch.setattr(print_queue, "JOB_DEADLINE_S", 60.0)
    window = cups_kiosk
    booked(qtbot, window)
    cups.run("lpadmin", "-p", "Care4U-PDF", "-o", "job-hold-until-default=indefinite")
    click(qtbot, btn(window.booking, "printSlipButton"))
    qtbot.waitUntil(lambda: len(cups.queued()) == 1, timeout=10_000)

    click(qtbot, btn(window.booking, "doneButton"))  # "Finish and log out"

    assert window.session is None
    assert cups.queued() == []
    window.runner.wait_for_done()
    nothing_comes_out_later(cups)
