"""The /v1 contract over real HTTP, a patient's booking: doctors, a day's times, book, the
history, cancel. Each test runs on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.server.support import (
    RunningServer,
    bearer,
    enrol,
    error_of,
    sign_up,
    tomorrow,
    unique_email,
)


@pytest.fixture
def patient(server: RunningServer) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """A kiosk's client and the bearer header of a patient signed up on it."""
    with server.client(enrol(server, "kiosk")) as http:
        token, _user = sign_up(http, unique_email())
        yield http, bearer(token)


def book(http: httpx.Client, auth: dict[str, str], time: str, doctor: str = "doc-every",
         day: str | None = None) -> httpx.Response:  # fmt: skip
    day = day or tomorrow().isoformat()
    return http.post(
        "/v1/appointments", json={"doctor_id": doctor, "date": day, "time": time}, headers=auth
    )


def test_the_doctors_with_their_next_free_time(server: RunningServer) -> None:
    with server.client(enrol(server, "kiosk")) as http:
        answer = http.get("/v1/doctors")
    assert answer.status_code == 200
    body = answer.json()
    first, last = body["bookable"]["first"], body["bookable"]["last"]
    assert first < last
    doctors = {d["doctor_id"]: d for d in body["doctors"]}
    assert set(doctors) == {"doc-every", "doc-second"}
    every = doctors["doc-every"]
    assert set(every) == {
        "doctor_id", "name", "specialization", "available_slots", "working_days", "days_off",
        "next_free",
    }  # fmt: skip
    assert every["name"] == "Sarah Johnson" and every["available_slots"][0] == "09:00"
    assert every["next_free"] is not None and every["next_free"][10] == "T"


def test_a_days_times_and_a_closed_day(server: RunningServer) -> None:
    day = tomorrow().isoformat()
    with server.client(enrol(server, "kiosk")) as http:
        answer = http.get(f"/v1/doctors/doc-second/days/{day}")
        assert answer.status_code == 200
        body = answer.json()
        assert body["date"] == day and body["closed"] is None
        assert body["doctor"]["doctor_id"] == "doc-second"
        assert [s["time"] for s in body["slots"]] == ["09:00", "11:00"]
        assert set(body["slots"][0]) == {"time", "free", "reason"}

        far = (tomorrow() + timedelta(days=400)).isoformat()
        closed = http.get(f"/v1/doctors/doc-second/days/{far}").json()
        assert closed["slots"] == []
        assert closed["closed"]["code"] == "beyond_horizon" and closed["closed"]["message"]

        error_of(http.get(f"/v1/doctors/doc-nobody/days/{day}"), 404, "doctor_not_found")
        bad = error_of(http.get("/v1/doctors/doc-second/days/31-12-2030"), 422, "date_malformed")
        assert bad["field"] == "date"


def test_book_then_the_slot_is_taken_for_everyone(
    server: RunningServer, patient: tuple[httpx.Client, dict[str, str]]
) -> None:
    http, auth = patient
    answer = book(http, auth, "10:00")
    assert answer.status_code == 201, answer.text
    booked = answer.json()
    assert set(booked) == {
        "appointment_id", "user_id", "doctor_id", "date", "time", "status", "created_at",
        "doctor_name", "specialization",
    }  # fmt: skip
    assert (booked["doctor_id"], booked["time"], booked["status"]) == ("doc-every", "10:00",
                                                                       "booked")  # fmt: skip

    with server.client(enrol(server, "kiosk")) as other:
        token, _user = sign_up(other, unique_email())
        error_of(book(other, bearer(token), "10:00"), 409, "slot_taken")
        day = other.get(f"/v1/doctors/doc-every/days/{tomorrow().isoformat()}").json()
        assert {"time": "10:00", "free": False, "reason": "taken"} in day["slots"]


def test_one_patient_cannot_be_in_two_places_at_once(
    patient: tuple[httpx.Client, dict[str, str]],
) -> None:
    http, auth = patient
    assert book(http, auth, "11:00").status_code == 201
    error_of(book(http, auth, "11:00", doctor="doc-second"), 409, "patient_already_booked")


@pytest.mark.parametrize(
    ("time", "day", "doctor", "status", "code"),
    [
        ("12:34", None, "doc-every", 422, "no_such_time"),
        ("9am", None, "doc-every", 422, "time_malformed"),
        ("09:00", "2020-01-01", "doc-every", 422, "day_passed"),
        ("09:00", "soon", "doc-every", 422, "date_malformed"),
        ("09:00", None, "doc-nobody", 404, "doctor_not_found"),
    ],
)
def test_a_booking_that_cannot_be_made_says_why(
    patient: tuple[httpx.Client, dict[str, str]],
    time: str,
    day: str | None,
    doctor: str,
    status: int,
    code: str,
) -> None:
    http, auth = patient
    error_of(book(http, auth, time, doctor=doctor, day=day), status, code)


def test_booking_needs_a_session(server: RunningServer) -> None:
    with server.client(enrol(server, "kiosk")) as http:
        error_of(book(http, {}, "09:00"), 401, "session_ended")


def test_my_appointments_and_cancel_my_own(
    patient: tuple[httpx.Client, dict[str, str]],
) -> None:
    http, auth = patient
    booked = book(http, auth, "14:00").json()

    mine: dict[str, Any] = http.get("/v1/me/appointments", headers=auth).json()
    assert [a["appointment_id"] for a in mine["upcoming"]] == [booked["appointment_id"]]
    assert mine["past"] == []

    number = booked["appointment_id"]
    cancelled = http.post(f"/v1/appointments/{number.lower()}/cancel", headers=auth)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    error_of(http.post(f"/v1/appointments/{number}/cancel", headers=auth), 409, "already_cancelled")
    mine = http.get("/v1/me/appointments", headers=auth).json()
    assert mine["upcoming"] == [] and mine["past"][0]["status"] == "cancelled"


def test_another_patients_appointment_is_not_found(
    server: RunningServer, patient: tuple[httpx.Client, dict[str, str]]
) -> None:
    http, auth = patient
    booked = book(http, auth, "15:00").json()
    with server.client(enrol(server, "kiosk")) as other:
        token, _user = sign_up(other, unique_email())
        path = f"/v1/appointments/{booked['appointment_id']}/cancel"
        error_of(other.post(path, headers=bearer(token)), 404, "appointment_not_found")
        error_of(
            other.post("/v1/appointments/NOPE-NOPE/cancel", headers=bearer(token)),
            404,
            "appointment_not_found",
        )
    still = http.get("/v1/me/appointments", headers=auth).json()["upcoming"]
    assert [a["status"] for a in still] == ["booked"]
