"""What a kiosk's credentials allow, used directly by someone at the kiosk.

A kiosk stands in a public waiting room: whatever it holds, someone who opens it (or copies
its files) holds too. Before ``care4u-server`` a kiosk on AWS held an IAM key with
``resources/aws/kiosk-iam-policy.json``; used directly with boto3 (on a moto server that
enforced that policy table by table) it read every patient's notifications, read password
hashes by email, made an account an admin and deleted a slot guard to double-book (the
first version of this file, commit 1ea681e, shows each). Now a kiosk holds an enrolled
KIOSK device token and, while someone uses it, that person's patient session.

Each test replays its attack with exactly that, over real HTTP on 127.0.0.1 against the
server on both backends: every route of the served OpenAPI document is called with the
kiosk's token and a patient's session, and again with no session (``walk``), plus the
requests an attacker would try for that attack. What every request got is printed
(``pytest -s``) for the closing note.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from care4u_desktop.adapters.sqlite_store import DB_FILENAME
from care4u_desktop.domain.models import AppointmentStatus, Role
from tests.server.support import (
    EVERY_DAY_DOCTOR,
    PASSWORD,
    RunningServer,
    add_account,
    bearer,
    enrol,
    running_server,
    sign_up,
    tomorrow,
)

ROOT = Path(__file__).resolve().parents[2]
SLOT = "09:00"
BOB = "bob.baker@example.com"
MALLORY = "mallory.moss@example.com"
ADMIN = "rita.admin@example.com"
#: How a stored password hash begins (werkzeug's scrypt, or the seed app's pbkdf2).
HASH = re.compile(r"\b(scrypt|pbkdf2):[^\s\"]*\$")
#: Routes anyone may call with a device token and no session.
NO_SESSION_ROUTES = {
    ("GET", "/v1/health"),
    ("POST", "/v1/accounts"),
    ("POST", "/v1/sessions"),
    ("POST", "/v1/kiosk/unlock"),
    ("GET", "/v1/doctors"),
    ("GET", "/v1/doctors/{doctor_id}/days/{date}"),
}


@dataclass
class Exchange:
    method: str
    path: str
    who: str
    status: int
    text: str

    @property
    def code(self) -> str:
        try:
            return str(json.loads(self.text)["error"]["code"])
        except (ValueError, KeyError, TypeError):
            return ""

    def line(self) -> str:
        # An answer's top-level keys, not its values: the transcript shows no token.
        try:
            body = json.loads(self.text)
        except ValueError:
            body = None
        keys = "{" + ", ".join(body) + "}" if isinstance(body, dict) else self.text[:40]
        shown = self.code or keys
        return f"{self.method:6} {self.path:52} [{self.who}] -> {self.status} {shown}"


@dataclass
class Kiosk:
    """A kiosk in the waiting room, Mallory signed in at it, and what Bob left behind."""

    server: RunningServer
    token: str
    session: str
    mallory: dict[str, Any]
    bob: dict[str, Any]
    bob_appointment: dict[str, Any]
    day: str
    #: Every request sent, in order.
    transcript: list[Exchange] = field(default_factory=list)
    #: Those of ``walk``: every documented route, with and without the session.
    walked: list[Exchange] = field(default_factory=list)

    def send(
        self, method: str, path: str, *, session: bool = True, json_body: Any = None
    ) -> Exchange:
        headers = bearer(self.session) if session else {}
        with self.server.client(self.token) as http:
            answer = http.request(method, path, json=json_body, headers=headers)
        who = "kiosk + patient session" if session else "kiosk, no session"
        exchange = Exchange(method, path, who, answer.status_code, answer.text)
        self.transcript.append(exchange)
        return exchange


BACKENDS = [
    pytest.param("local", id="local"),
    pytest.param("aws", id="aws", marks=pytest.mark.slow),
]


@pytest.fixture(scope="module", params=BACKENDS)
def kiosk(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Kiosk]:
    backend = str(request.param)
    with running_server(tmp_path_factory.mktemp(f"attacks-{backend}"), backend) as server:
        add_account(server, ADMIN, role=Role.ADMIN, name="Rita Admin")
        day = tomorrow().isoformat()
        with server.client(enrol(server, "kiosk", "kiosk by the door")) as other:
            bob_session, bob = sign_up(other, BOB, name="Bob Baker")
            booked = other.post(
                "/v1/appointments",
                json={"doctor_id": EVERY_DAY_DOCTOR.doctor_id, "date": day, "time": SLOT},
                headers=bearer(bob_session),
            )
            assert booked.status_code == 201, booked.text
        token = enrol(server, "kiosk", "kiosk in the waiting room")
        found = Kiosk(server, token, "", {}, bob, booked.json(), day)
        signed_up = found.send(
            "POST",
            "/v1/accounts",
            session=False,
            json_body={
                "name": "Mallory Moss",
                "email": MALLORY,
                "phone": "+15551112222",
                "password": PASSWORD,
            },
        )
        assert signed_up.status == 201, signed_up.text
        found.session = json.loads(signed_up.text)["session"]["token"]
        found.mallory = json.loads(signed_up.text)["user"]
        walk(found)
        yield found
        print(f"\n[{backend}] every request the kiosk made:")
        print("\n".join(e.line() for e in found.transcript))


def walk(kiosk: Kiosk) -> None:
    """Every route of the served OpenAPI document, with the kiosk's token and Mallory's
    session, then with no session; the arguments point at Bob's records."""
    with kiosk.server.client(kiosk.token) as http:
        document = http.get("/v1/openapi.json").json()
    values = {
        "doctor_id": EVERY_DAY_DOCTOR.doctor_id,
        "date": kiosk.day,
        "appointment_id": kiosk.bob_appointment["appointment_id"],
        "user_id": kiosk.bob["user_id"],
    }
    routes = [(m.upper(), p) for p, ops in document["paths"].items() for m in ops]
    # Log-out last: it ends the session the other requests use.
    routes.sort(key=lambda r: r == ("DELETE", "/v1/sessions/current"))
    for session in (False, True):
        for method, template in routes:
            path = template.format(**values)
            if template == "/v1/staff/patients" and method == "GET":
                path += f"?query={BOB}"
            body = _body(method, template, kiosk)
            kiosk.walked.append(kiosk.send(method, path, session=session, json_body=body))
    kiosk.session = sign_in_again(kiosk)


def sign_in_again(kiosk: Kiosk) -> str:
    answer = kiosk.send(
        "POST", "/v1/sessions", session=False, json_body={"email": MALLORY, "password": PASSWORD}
    )
    assert answer.status == 201, answer.text
    return str(json.loads(answer.text)["session"]["token"])


def _body(method: str, template: str, kiosk: Kiosk) -> Any:
    """A well-formed body for each route that takes one, aimed at Bob or at a role."""
    slot = {"doctor_id": EVERY_DAY_DOCTOR.doctor_id, "date": kiosk.day, "time": SLOT}
    doctor = {
        "doctor_id": EVERY_DAY_DOCTOR.doctor_id,
        "name": "Mallory's Doctor",
        "specialization": "Cardiology",
        "available_slots": [SLOT],
        "working_days": [1, 2, 3, 4, 5, 6, 7],
        "days_off": [],
    }
    bodies: dict[tuple[str, str], Any] = {
        ("POST", "/v1/accounts"): {
            "name": "Eve Walker",
            "email": "eve.walker@example.com",
            "phone": "+15553334444",
            "password": "eves-password-1",
            "role": "admin",
        },
        ("POST", "/v1/sessions"): {"email": ADMIN, "password": PASSWORD},
        ("POST", "/v1/kiosk/unlock"): {"email": BOB, "password": "a guess at it"},
        ("POST", "/v1/appointments"): slot,
        ("POST", "/v1/staff/patients"): {
            "name": "Eve Walker",
            "email": "eve.walker2@example.com",
            "phone": "+15553334445",
        },
        ("POST", "/v1/staff/appointments"): {"patient_id": kiosk.mallory["user_id"], **slot},
        ("POST", "/v1/staff/appointments/{appointment_id}/status"): {"status": "no_show"},
        ("PUT", "/v1/staff/doctors/{doctor_id}"): doctor,
        ("POST", "/v1/staff/doctors/batch"): {"doctors": [doctor]},
    }
    return bodies.get((method, template))


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from _keys(v)


def _stored_users(server: RunningServer) -> dict[str, tuple[str, str]]:
    """email -> (role, password hash), read from the store itself."""
    if server.backend == "local":
        with sqlite3.connect(server.data_dir / DB_FILENAME) as db:
            rows = db.execute("SELECT email, role, password_hash FROM users").fetchall()
        return {str(e): (str(r), str(h)) for e, r, h in rows}
    with server.store_env():
        import boto3

        pages = (
            boto3.client("dynamodb")
            .get_paginator("scan")
            .paginate(TableName=f"{server.config.table_prefix}Users")
        )
        return {
            i["email"]["S"]: (i.get("role", {}).get("S", "patient"), i["password_hash"]["S"])
            for page in pages
            for i in page["Items"]
            if "email" in i
        }


def test_a_kiosks_deployment_holds_only_a_device_token() -> None:
    """No kiosk IAM policy ships and the AWS template gives kiosks no credentials: the
    kiosk's documented deployment is the API."""
    shipped = sorted(p.name for p in (ROOT / "resources" / "aws").glob("*kiosk*"))
    template = yaml.safe_load((ROOT / "resources" / "aws" / "care4u.cfn.yaml").read_text())
    credentials = sorted(
        name
        for name, r in template["Resources"].items()
        if r["Type"] in ("AWS::IAM::User", "AWS::IAM::AccessKey")
        or (r["Type"].startswith("AWS::IAM::") and "kiosk" in name.lower())
    )
    told = sorted(
        str(p.relative_to(ROOT))
        for p in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
        if "kiosk-iam-policy" in p.read_text(encoding="utf-8")
    )
    assert (shipped, credentials, told) == ([], [], [])


def test_a_kiosks_credentials_cannot_read_other_patients_notifications(kiosk: Kiosk) -> None:
    server = kiosk.server
    with server.store_env():
        stored = server.services().store.all_notifications()
    bobs = [n for n in stored if n.recipient == BOB]
    assert bobs, "Bob's booking left a notification to find"
    guesses = [
        kiosk.send("GET", path, session=session)
        for path in ("/v1/notifications", "/v1/me/notifications", "/v1/staff/notifications")
        for session in (True, False)
    ]
    with server.client(kiosk.token) as http:
        paths = list(http.get("/v1/openapi.json").json()["paths"])

    assert [p for p in paths if "notification" in p.lower()] == []
    assert {(g.status, g.code) for g in guesses} == {(404, "not_found")}
    leaks = [
        e.line()
        for e in kiosk.transcript
        if BOB in e.text
        or "Bob Baker" in e.text
        or any(n.notification_id in e.text or n.subject in e.text for n in bobs)
    ]
    assert leaks == []


def test_a_kiosks_credentials_cannot_read_a_password_hash_by_email(kiosk: Kiosk) -> None:
    bob_hash = _stored_users(kiosk.server)[BOB][1]
    by_email = kiosk.send("GET", f"/v1/staff/patients?query={BOB}")
    by_id = kiosk.send("GET", f"/v1/staff/patients/{kiosk.bob['user_id']}")
    guessed = kiosk.send("GET", f"/v1/users/{BOB}")

    assert (by_email.status, by_email.code) == (403, "desk_device_only")
    assert (by_id.status, by_id.code) == (403, "desk_device_only")
    assert guessed.status == 404
    hashes = [
        e.line()
        for e in kiosk.transcript
        if bob_hash in e.text
        or HASH.search(e.text)
        or (e.text.startswith("{") and "password_hash" in set(_keys(json.loads(e.text))))
    ]
    assert hashes == []
    assert not any("password_hash" in e.text for e in kiosk.transcript)


def test_a_kiosks_credentials_cannot_make_an_account_an_admin(kiosk: Kiosk) -> None:
    smuggled = kiosk.send(
        "POST",
        "/v1/accounts",
        session=False,
        json_body={
            "name": "Eve Walker",
            "email": "eve.walker3@example.com",
            "phone": "+15553334446",
            "password": "eves-password-1",
            "role": "admin",
        },
    )
    admin_here = kiosk.send(
        "POST", "/v1/sessions", session=False, json_body={"email": ADMIN, "password": PASSWORD}
    )
    staff = [e for e in kiosk.walked if e.path.startswith("/v1/staff/")]

    assert (smuggled.status, smuggled.code) == (422, "invalid")
    assert (admin_here.status, admin_here.code) == (403, "desk_device_only")
    assert "session" not in json.loads(admin_here.text)
    assert staff and {(e.status, e.code) for e in staff} == {(403, "desk_device_only")}
    roles = {email: role for email, (role, _) in _stored_users(kiosk.server).items()}
    assert {e: r for e, r in roles.items() if r != Role.PATIENT.value} == {ADMIN: "admin"}
    assert roles[MALLORY] == Role.PATIENT.value


def test_a_kiosks_credentials_cannot_delete_a_slot_guard_to_double_book(kiosk: Kiosk) -> None:
    slot = {"doctor_id": EVERY_DAY_DOCTOR.doctor_id, "date": kiosk.day, "time": SLOT}
    bobs_id = kiosk.bob_appointment["appointment_id"]
    again = kiosk.send("POST", "/v1/appointments", json_body=slot)
    cancel = kiosk.send("POST", f"/v1/appointments/{bobs_id}/cancel")
    desk_cancel = kiosk.send("POST", f"/v1/staff/appointments/{bobs_id}/cancel")
    desk_book = kiosk.send(
        "POST", "/v1/staff/appointments", json_body={"patient_id": kiosk.mallory["user_id"], **slot}
    )
    guard = kiosk.send("DELETE", f"/v1/appointments/{bobs_id}")
    with kiosk.server.store_env():
        held = kiosk.server.services().store.appointments_for_doctor_day(
            EVERY_DAY_DOCTOR.doctor_id, kiosk.day
        )

    assert (again.status, again.code) == (409, "slot_taken")
    assert (cancel.status, cancel.code) == (404, "appointment_not_found")
    assert (desk_cancel.status, desk_cancel.code) == (403, "desk_device_only")
    assert (desk_book.status, desk_book.code) == (403, "desk_device_only")
    assert guard.status in (404, 405)
    assert [(a.user_id, a.time, a.status) for a in held] == [
        (kiosk.bob["user_id"], SLOT, AppointmentStatus.BOOKED)
    ]


def test_without_a_session_a_kiosk_gets_only_the_public_routes(kiosk: Kiosk) -> None:
    day_path = f"/v1/doctors/{EVERY_DAY_DOCTOR.doctor_id}/days/{kiosk.day}"
    public = {
        (m, p.replace("/{doctor_id}/days/{date}", day_path[11:])) for m, p in NO_SESSION_ROUTES
    }
    without = [e for e in kiosk.walked if e.who == "kiosk, no session"]
    refused = {
        (e.status, e.code)
        for e in without
        if (e.method, e.path) not in public
        and e.path != "/v1/openapi.json"
        and not e.path.startswith("/v1/staff/")
    }
    assert refused == {(401, "session_ended")}
    assert {(e.status, e.code) for e in without if e.path.startswith("/v1/staff/")} == {
        (403, "desk_device_only")
    }
