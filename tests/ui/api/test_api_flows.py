"""A patient's path through the real window on ``--backend api``, against a real server:
sign up, log in, book, lose a race to another kiosk, cancel, log out; and a session the
server has ended sends the window back to the log-in screen."""

from __future__ import annotations

import re

from care4u_desktop.domain.models import AppointmentStatus

from ..support import btn, click, text_of, wait_idle
from ..test_booking_flows import SLOT_TAKEN, open_booking, slot
from ..test_screenshots import make_shooter, shot_dir
from .support import (
    log_in_as,
    patient_through_the_api,
    sign_up_on_screen,
    stored_appointments,
    tomorrow,
)

DOCTOR = "doc-every"


def test_sign_up_then_book_through_the_api(qtbot, api_window, server, tmp_path):
    window = api_window
    sign_up_on_screen(qtbot, window, "maria@example.com")
    assert window.current_view() is window.doctors
    assert window.session.token  # the server's bearer token, held for this patient
    assert "Welcome, Maria Garcia" in window.doctors.banner.text()
    day = tomorrow()
    open_booking(qtbot, window, "Sarah Johnson", day)
    first, last = window.services.booking.bookable_range()
    assert first <= day <= last  # the server's range, from its doctor list

    click(qtbot, slot(window, "10:00"))
    with qtbot.waitSignal(window.booking.booked, timeout=15_000):
        click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)

    number = text_of(window.booking, "appointmentId")
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", number)
    assert "Dr. Sarah Johnson" in text_of(window.booking, "appointmentDetails")
    make_shooter(qtbot, window, shot_dir(tmp_path), "-api")("5-confirmation")
    [stored] = stored_appointments(server, DOCTOR, day)
    assert (stored.appointment_id, stored.time) == (number, "10:00")
    assert stored.user_id == window.session.user.user_id


def test_a_slot_another_kiosk_takes_first_is_refused_and_shown_taken(qtbot, api_window, server):
    window = api_window
    kiosk = window.services.config.device_token
    other = patient_through_the_api(server, kiosk, "omar@example.com")
    patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    log_in_as(qtbot, window, "maria@example.com")
    day = tomorrow()
    open_booking(qtbot, window, "Sarah Johnson", day)
    click(qtbot, slot(window, "11:00"))

    with server.client(kiosk, other) as http:  # another kiosk books it first
        answer = http.post(
            "/v1/appointments", json={"doctor_id": DOCTOR, "date": day.isoformat(), "time": "11:00"}
        )
        assert answer.status_code == 201
    click(qtbot, btn(window.booking, "confirmBookingButton"))
    wait_idle(qtbot, window)

    assert window.booking.banner.text() == SLOT_TAKEN
    assert not slot(window, "11:00").isEnabled()
    assert [a.user_id for a in stored_appointments(server, DOCTOR, day)] == [
        answer.json()["user_id"]
    ]


def test_a_patient_cancels_through_the_api(qtbot, api_window, server):
    window = api_window
    kiosk = window.services.config.device_token
    token = patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    day = tomorrow()
    with server.client(kiosk, token) as http:
        booked = http.post(
            "/v1/appointments", json={"doctor_id": DOCTOR, "date": day.isoformat(), "time": "09:00"}
        ).json()
    log_in_as(qtbot, window, "maria@example.com")
    click(qtbot, btn(window.doctors, "myAppointmentsButton"))
    wait_idle(qtbot, window)
    view = window.appointments
    assert view.model.rowCount() == 1
    view.table.selectRow(0)
    click(qtbot, btn(view, "cancelAppointmentButton"))
    click(qtbot, btn(view, "confirmCancelButton"))
    wait_idle(qtbot, window)

    assert "is cancelled" in view.banner.text()
    [stored] = stored_appointments(server, DOCTOR, day)
    assert stored.appointment_id == booked["appointment_id"]
    assert stored.status is AppointmentStatus.CANCELLED


def test_after_log_out_the_old_session_token_is_refused(qtbot, api_window, server):
    window = api_window
    kiosk = window.services.config.device_token
    patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    log_in_as(qtbot, window, "maria@example.com")
    token = window.session.token
    with server.client(kiosk, token) as http:
        assert http.get("/v1/me/appointments").status_code == 200

    click(qtbot, btn(window.doctors, "logoutButton"))
    # The screen is wiped at once; the server is told on a worker.
    assert window.current_view() is window.login and window.session is None
    wait_idle(qtbot, window)

    with server.client(kiosk, token) as http:
        answer = http.get("/v1/me/appointments")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "session_ended"


def test_a_session_the_server_ended_sends_the_window_back_to_log_in(
    qtbot, api_window, server, tmp_path
):
    window = api_window
    kiosk = window.services.config.device_token
    patient_through_the_api(server, kiosk, "maria@example.com", "Maria Garcia")
    log_in_as(qtbot, window, "maria@example.com")
    assert window.current_view() is window.doctors
    with server.client(kiosk, window.session.token) as http:  # ended elsewhere
        assert http.delete("/v1/sessions/current").status_code == 204

    click(qtbot, btn(window.doctors, "myAppointmentsButton"))
    wait_idle(qtbot, window)

    assert window.current_view() is window.login
    assert window.session is None
    assert window.login.banner.text() == "Your session has ended. Please log in again."
    assert window.user_label.text() == ""
    make_shooter(qtbot, window, shot_dir(tmp_path), "-api-session-ended")("1-login")
