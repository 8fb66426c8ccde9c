"""The window on ``--backend api`` when the server cannot answer: the same clear words as a
store that cannot be reached, never a frozen window, and a booking whose answer is lost is
read back so the patient is told what is stored (the answer dropped by a TCP relay)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from care4u_desktop.domain.errors import BookingNotMade, ServiceUnavailable
from tests.lossy_proxy import LossyProxy
from tests.server.support import RunningServer, enrol, free_port, revoke, running_server, stop

from ..support import btn, click, field, text_of, type_into, wait_idle
from ..test_booking_flows import open_booking, slot
from ..test_lost_answers import UNCONFIRMED
from ..test_screenshots import make_shooter, shot_dir
from .support import (
    log_in_as,
    open_window,
    patient_through_the_api,
    stored_appointments,
    tomorrow,
)

NOT_RESPONDING = ServiceUnavailable().message  # the words of a store that cannot be reached
DOCTOR = "doc-every"


@pytest.fixture
def plain_server(tmp_path: Path) -> Iterator[RunningServer]:
    """Plain HTTP on loopback: a relay in between sees where each request starts."""
    with running_server(tmp_path / "server") as running:
        yield running


def test_a_server_that_cannot_be_reached_is_said_like_an_unreachable_store(
    qtbot, start_window, monkeypatch, data_dir, tmp_path
):
    monkeypatch.setenv("CARE4U_DEVICE_TOKEN", "dev-kiosk.made-up-for-this-test")
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    window = start_window(["--backend", "api", "--api-url", nobody, "--data-dir", str(data_dir)])

    banner = window.login.banner
    assert window.current_view() is window.login
    assert banner.isVisible() and banner.text() == NOT_RESPONDING
    make_shooter(qtbot, window, shot_dir(tmp_path), "-api-unreachable")("1-login")

    log_in_as(qtbot, window, "maria@example.com")
    assert text_of(window.login, "loginError") == NOT_RESPONDING
    assert "Traceback" not in text_of(window.login, "loginError")


def test_a_server_that_never_answers_leaves_the_window_usable(
    qtbot, start_window, monkeypatch, data_dir, config_file
):
    # Accepts connections (the kernel does) and never says a word.
    silent = socket.create_server(("127.0.0.1", 0))
    config_file("api_read_timeout_seconds = 1\n")
    monkeypatch.setenv("CARE4U_DEVICE_TOKEN", "dev-kiosk.made-up-for-this-test")
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    try:
        from care4u_desktop.app import build_main_window

        window = build_main_window(
            ["--backend", "api", "--api-url", url, "--data-dir", str(data_dir)]
        )
        qtbot.addWidget(window)
        started = time.monotonic()
        qtbot.waitUntil(lambda: window.runner.pending == 1, timeout=5_000)  # the check waits
        type_into(qtbot, field(window.login, "emailInput"), "maria@example.com")
        assert field(window.login, "emailInput").text() == "maria@example.com"
        assert time.monotonic() - started < 1.0  # typed while the server kept silent
        qtbot.waitUntil(lambda: window.login.banner.text() == NOT_RESPONDING, timeout=15_000)
    finally:
        silent.close()


def test_the_server_stopping_mid_visit_says_so_and_books_nothing(qtbot, api_window, server):
    window = api_window
    patient_through_the_api(server, window.services.config.device_token, "maria@example.com")
    log_in_as(qtbot, window, "maria@example.com")
    day = tomorrow()
    open_booking(qtbot, window, "Sarah Johnson", day)
    click(qtbot, slot(window, "10:00"))
    stop(server.process)

    click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)

    # Nothing could be sent: surely not booked, and the patient is told so.
    assert window.booking.banner.text() == BookingNotMade().message
    assert window.booking.pages.currentIndex() == 0
    assert stored_appointments(server, DOCTOR, day) == []


def lose_the_next_booking_answer(
    qtbot, start_window, monkeypatch, data_dir, server: RunningServer, *, then_refuse: bool
):
    proxy = LossyProxy(int(server.url.rsplit(":", 1)[1]))
    window = open_window(
        start_window, monkeypatch, server, data_dir, enrol(server, "kiosk"), url=proxy.url
    )
    patient_through_the_api(
        server, window.services.config.device_token, "maria@example.com", "Maria Garcia"
    )
    log_in_as(qtbot, window, "maria@example.com")
    open_booking(qtbot, window, "Sarah Johnson", tomorrow())
    click(qtbot, slot(window, "10:00"))
    proxy.lose_answer_to(b"POST /v1/appointments ", then_refuse=then_refuse)
    click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)
    assert proxy.answer_lost.is_set()  # the server answered; the app never heard it
    proxy.close()
    return window


def test_a_booking_whose_answer_is_lost_is_read_back_and_shown_with_its_number(
    qtbot, start_window, monkeypatch, data_dir, plain_server, tmp_path
):
    window = lose_the_next_booking_answer(
        qtbot, start_window, monkeypatch, data_dir, plain_server, then_refuse=False
    )
    [stored] = stored_appointments(plain_server, DOCTOR, tomorrow())
    assert window.booking.pages.currentIndex() == 1  # the confirmation
    assert text_of(window.booking, "appointmentId") == stored.appointment_id
    make_shooter(qtbot, window, shot_dir(tmp_path), "-api-answer-lost")("5-confirmation")


def test_a_booking_whose_answer_is_lost_with_the_server_gone_is_never_said_not_made(
    qtbot, start_window, monkeypatch, data_dir, plain_server
):
    window = lose_the_next_booking_answer(
        qtbot, start_window, monkeypatch, data_dir, plain_server, then_refuse=True
    )
    assert window.booking.banner.text() == UNCONFIRMED
    assert window.booking.pages.currentIndex() == 0
    # It was stored: "not booked" would have sent the patient home without knowing.
    assert len(stored_appointments(plain_server, DOCTOR, tomorrow())) == 1


def test_a_revoked_device_says_so_on_the_log_in_screen(start_window, monkeypatch, data_dir, server):
    token = enrol(server, "kiosk")
    revoke(server, token)
    window = open_window(start_window, monkeypatch, server, data_dir, token)
    assert window.login.banner.text() == (
        "This machine is not enrolled with the booking system. Please ask at reception."
    )
