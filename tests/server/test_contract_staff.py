"""The /v1 contract over real HTTP, the desk: a desk device and a staff session for the
reception's use cases, an admin's for the doctor list; a kiosk is refused every one of
them, whoever is signed in, and a patient's session at a desk too."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from care4u_desktop.domain.models import Role
from tests.server.support import (
    EVERY_DAY_DOCTOR,
    RunningServer,
    add_account,
    bearer,
    book_directly,
    enrol,
    error_of,
    find_user,
    sign_in,
    sign_up,
    today,
    tomorrow,
    unique_email,
)

DAY = "2030-01-08"
#: Every staff route with a body it would take: (method, path, json).
STAFF_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", f"/v1/staff/doctors/doc-every/days/{DAY}", None),
    ("GET", "/v1/staff/free-times/next?specialization=Cardiology", None),
    ("GET", "/v1/staff/patients?query=5551234567", None),
    ("GET", "/v1/staff/patients/someone", None),
    ("POST", "/v1/staff/patients", {"name": "Omar", "email": "o@example.com", "phone": "555"}),
    (
        "POST",
        "/v1/staff/appointments",
        {"patient_id": "p", "doctor_id": "doc-every", "date": DAY, "time": "09:00"},
    ),
    ("POST", "/v1/staff/appointments/K7M2-9QXR/cancel", None),
    ("POST", "/v1/staff/appointments/K7M2-9QXR/status", {"status": "checked_in"}),
    ("GET", "/v1/staff/doctors", None),
    (
        "PUT",
        "/v1/staff/doctors/doc-x",
        {"name": "X", "specialization": "Y", "available_slots": ["09:00"]},
    ),
    ("POST", "/v1/staff/doctors/batch", {"doctors": []}),
]
ADMIN_ROUTES = STAFF_ROUTES[-3:]
ROUTE_IDS = [f"{m} {p.split('?')[0]}" for m, p, _ in STAFF_ROUTES]


@dataclass
class Desk:
    http: httpx.Client
    auth: dict[str, str]


def _desk(server: RunningServer, role: Role) -> Iterator[Desk]:
    email = unique_email(role.value)
    add_account(server, email, role)
    with server.client(enrol(server, "desk")) as http:
        answer = sign_in(http, email)
        assert answer.status_code == 201, answer.text
        yield Desk(http, bearer(answer.json()["session"]["token"]))


@pytest.fixture
def desk(server: RunningServer) -> Iterator[Desk]:
    yield from _desk(server, Role.STAFF)


@pytest.fixture
def admin(server: RunningServer) -> Iterator[Desk]:
    yield from _desk(server, Role.ADMIN)


@pytest.mark.parametrize(("method", "path", "body"), STAFF_ROUTES, ids=ROUTE_IDS)
def test_a_kiosk_is_refused_every_staff_route(
    server: RunningServer, method: str, path: str, body: dict[str, Any] | None
) -> None:
    with server.client(enrol(server, "kiosk")) as kiosk:
        token, _user = sign_up(kiosk, unique_email())
        for headers in ({}, bearer(token)):
            answer = kiosk.request(method, path, json=body, headers=headers)
            error_of(answer, 403, "desk_device_only")


@pytest.mark.parametrize(("method", "path", "body"), STAFF_ROUTES, ids=ROUTE_IDS)
def test_a_patient_at_a_desk_is_refused_every_staff_route(
    server: RunningServer, method: str, path: str, body: dict[str, Any] | None
) -> None:
    with server.client(enrol(server, "desk")) as desk:
        token, _user = sign_up(desk, unique_email())
        code = "admin_only" if (method, path, body) in ADMIN_ROUTES else "staff_only"
        error_of(desk.request(method, path, json=body, headers=bearer(token)), 403, code)
        error_of(desk.request(method, path, json=body), 401, "session_ended")


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES, ids=ROUTE_IDS[-3:])
def test_the_doctor_list_is_for_admins(
    desk: Desk, method: str, path: str, body: dict[str, Any] | None
) -> None:
    answer = desk.http.request(method, path, json=body, headers=desk.auth)
    error_of(answer, 403, "admin_only")


def test_a_doctors_day_at_the_desk_shows_each_booking_and_its_patient(
    server: RunningServer, desk: Desk
) -> None:
    day = tomorrow().isoformat()
    with server.client(enrol(server, "kiosk")) as kiosk:
        token, user = sign_up(kiosk, unique_email())
        kiosk.post(
            "/v1/appointments",
            json={"doctor_id": "doc-second", "date": day, "time": "09:00"},
            headers=bearer(token),
        ).raise_for_status()

    answer = desk.http.get(f"/v1/staff/doctors/doc-second/days/{day}", headers=desk.auth)

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"doctor", "date", "closed", "rows", "appointments", "patients"}
    rows = {r["time"]: r for r in body["rows"]}
    assert set(rows) == {"09:00", "11:00"}
    assert rows["09:00"]["patient"] == user and rows["09:00"]["clash"] is False
    assert rows["11:00"]["appointment"] is None and rows["11:00"]["patient"] is None
    assert body["patients"] == {user["user_id"]: user}
    assert [a["time"] for a in body["appointments"]] == ["09:00"]


def test_find_register_and_book_for_a_walk_in(server: RunningServer, desk: Desk) -> None:
    email = unique_email("walk-in")
    http, auth = desk.http, desk.auth
    created = http.post(
        "/v1/staff/patients",
        json={"name": "Omar Haddad", "email": email, "phone": "555 000 2222"},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    walk_in = created.json()
    assert walk_in["role"] == "patient"

    assert http.get(f"/v1/staff/patients?query={email.upper()}", headers=auth).json() == {
        "patients": [walk_in]
    }
    assert http.get(f"/v1/staff/patients/{walk_in['user_id']}", headers=auth).json() == walk_in
    error_of(http.get("/v1/staff/patients/nobody", headers=auth), 404, "user_not_found")
    again = http.post(
        "/v1/staff/patients", json={"name": "Omar", "email": email, "phone": "5550002222"},
        headers=auth,
    )  # fmt: skip
    error_of(again, 409, "email_already_registered")

    booked = http.post(
        "/v1/staff/appointments",
        json={"patient_id": walk_in["user_id"], "doctor_id": "doc-every",
              "date": tomorrow().isoformat(), "time": "15:00"},
        headers=auth,
    )  # fmt: skip
    assert booked.status_code == 201, booked.text
    assert booked.json()["user_id"] == walk_in["user_id"]
    nobody = http.post(
        "/v1/staff/appointments",
        json={"patient_id": "nobody", "doctor_id": "doc-every",
              "date": tomorrow().isoformat(), "time": "14:00"},
        headers=auth,
    )  # fmt: skip
    error_of(nobody, 404, "patient_not_registered")

    number = booked.json()["appointment_id"]
    cancelled = http.post(f"/v1/staff/appointments/{number}/cancel", headers=auth)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    error_of(
        http.post(f"/v1/staff/appointments/{number}/cancel", headers=auth), 409, "already_cancelled"
    )


def test_check_in_on_the_day_and_not_before(server: RunningServer, desk: Desk) -> None:
    email = unique_email()
    with server.client(enrol(server, "kiosk")) as kiosk:
        token, _user = sign_up(kiosk, email)
        later = kiosk.post(
            "/v1/appointments",
            json={"doctor_id": "doc-every", "date": tomorrow().isoformat(), "time": "09:00"},
            headers=bearer(token),
        ).json()["appointment_id"]
    earlier_today = book_directly(server, find_user(server, email), EVERY_DAY_DOCTOR, today(),
                                  "00:00")  # fmt: skip
    http, auth = desk.http, desk.auth

    marked = http.post(
        f"/v1/staff/appointments/{earlier_today}/status", json={"status": "checked_in"},
        headers=auth,
    )  # fmt: skip
    assert marked.status_code == 200, marked.text
    assert marked.json()["status"] == "checked_in"
    refused = http.post(
        f"/v1/staff/appointments/{later}/status", json={"status": "checked_in"}, headers=auth
    )
    error_of(refused, 409, "check_in_on_the_day")
    early = http.post(
        f"/v1/staff/appointments/{later}/status", json={"status": "no_show"}, headers=auth
    )
    assert error_of(early, 409, "no_show_before_start")["params"] == {
        "time": "09:00",
        "day": tomorrow().isoformat(),
    }
    assert (
        http.get(f"/v1/staff/doctors/doc-every/days/{tomorrow()}", headers=auth).json()[
            "appointments"
        ][0]["status"]
        == "booked"
    )
    wrong = http.post(
        f"/v1/staff/appointments/{later}/status", json={"status": "cancelled"}, headers=auth
    )
    assert "status" in error_of(wrong, 422, "invalid")["fields"]
    error_of(
        http.post("/v1/staff/appointments/NOPE/status", json={"status": "no_show"}, headers=auth),
        404,
        "appointment_not_found",
    )


def test_an_admin_keeps_the_doctor_list(server: RunningServer, admin: Desk) -> None:
    http, auth = admin.http, admin.auth
    listed = http.get("/v1/staff/doctors", headers=auth)
    assert listed.status_code == 200
    assert {"doc-every", "doc-second"} <= {d["doctor_id"] for d in listed.json()["doctors"]}

    saved = http.put(
        "/v1/staff/doctors/doc-new",
        json={"name": "Amina Okafor", "specialization": "Dermatology",
              "available_slots": ["13:00", "08:30"], "working_days": [1, 2]},
        headers=auth,
    )  # fmt: skip
    assert saved.status_code == 200, saved.text
    assert saved.json() == {
        "doctor_id": "doc-new", "name": "Amina Okafor", "specialization": "Dermatology",
        "available_slots": ["08:30", "13:00"], "working_days": [1, 2], "days_off": [],
    }  # fmt: skip
    bad = http.put(
        "/v1/staff/doctors/doc-bad",
        json={"name": "X", "specialization": "Y", "available_slots": ["25:00"]},
        headers=auth,
    )
    error_of(bad, 422, "time_malformed")

    batch = [
        {"doctor_id": f"doc-b{n}", "name": f"Doctor {n}", "specialization": "General",
         "available_slots": ["09:00"]}
        for n in range(3)
    ]  # fmt: skip
    seeded = http.post("/v1/staff/doctors/batch", json={"doctors": batch}, headers=auth)
    assert seeded.status_code == 204, seeded.text
    broken = [*batch[:2], {**batch[2], "doctor_id": "doc-b9", "working_days": [9]}]
    refused = http.post("/v1/staff/doctors/batch", json={"doctors": broken}, headers=auth)
    error_of(refused, 422, "working_days_range")
    too_many = [{**batch[0], "doctor_id": f"doc-m{n}"} for n in range(101)]
    error_of(
        http.post("/v1/staff/doctors/batch", json={"doctors": too_many}, headers=auth),
        422,
        "invalid",
    )

    ids = {d["doctor_id"] for d in http.get("/v1/staff/doctors", headers=auth).json()["doctors"]}
    assert {"doc-new", "doc-b0", "doc-b1", "doc-b2"} <= ids
    assert not ids & {"doc-bad", "doc-b9", "doc-m0"}  # nothing of a refused write


def test_the_next_free_time_of_a_specialization_in_one_request(
    server: RunningServer, desk: Desk
) -> None:
    """Cardiology is Sarah Johnson (doc-every) alone on this server. The answer is the first
    time the doctor's day shows "free" (other tests of this module book some of them)."""
    http, auth = desk.http, desk.auth

    def free_times() -> list[tuple[str, str]]:
        found = []
        for offset in range(3):
            day = (today() + timedelta(days=offset)).isoformat()
            rows = http.get(f"/v1/staff/doctors/doc-every/days/{day}", headers=auth).json()
            found += [(day, r["time"]) for r in rows["rows"] if r["state"] == "free"]
        return found

    def next_free(**query: str) -> dict[str, Any] | None:
        answer = http.get("/v1/staff/free-times/next", params=query, headers=auth)
        assert answer.status_code == 200, answer.text
        return answer.json()["free"]  # type: ignore[no-any-return]

    first = next_free(specialization="cardiology")
    assert first is not None and first["doctor"]["doctor_id"] == "doc-every"
    assert (first["date"], first["time"]) == free_times()[0]
    with server.client(enrol(server, "kiosk")) as kiosk:
        token, _user = sign_up(kiosk, unique_email())
        kiosk.post(
            "/v1/appointments",
            json={"doctor_id": "doc-every", "date": first["date"], "time": first["time"]},
            headers=bearer(token),
        ).raise_for_status()
    second = next_free(specialization="Cardiology")
    assert second is not None and (second["date"], second["time"]) == free_times()[0]
    after = {"after_doctor_id": "doc-every", "after_date": second["date"]}
    third = next_free(specialization="Cardiology", **after, after_time=second["time"])
    assert third is not None and (third["date"], third["time"]) == free_times()[1]

    assert next_free(specialization="Geriatrics") is None  # no such doctor here
    bad = http.get(
        "/v1/staff/free-times/next",
        params={"specialization": "Cardiology", **after, "after_time": "9am"},
        headers=auth,
    )
    error_of(bad, 422, "time_malformed")
