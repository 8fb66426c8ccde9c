"""The booking rules under concurrency, held by the server over real HTTP, on both backends.

32 patients, each signed in at a kiosk of their own, ask for the same slot at the same
moment (threads released together by a barrier, each connection already open); 32
sign-ups of one email likewise. The store is then read directly: one booking, one
account. The counts per status are printed (``pytest -s``) for the closing note.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from care4u_desktop.adapters.sqlite_store import DB_FILENAME
from care4u_desktop.domain.models import AppointmentStatus
from tests.server.support import EVERY_DAY_DOCTOR, RunningServer, bearer, enrol, sign_up, tomorrow

RACERS = 32


def person(n: int) -> str:
    """A name of letters only (as the sign-up rules want) that tells racer ``n`` apart."""
    return "Racer " + chr(ord("A") + n // 26) + chr(ord("a") + n % 26)


def at_once(
    clients: list[httpx.Client], request: Callable[[int, httpx.Client], httpx.Response]
) -> list[httpx.Response]:
    """``request(i, clients[i])`` in one thread each, all released at the same moment."""
    for http in clients:  # connect first, so the requests leave together
        assert http.get("/v1/health").status_code == 200
    start = threading.Barrier(len(clients), timeout=60)

    def run(i: int) -> httpx.Response:
        start.wait()
        return request(i, clients[i])

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(run, range(len(clients))))


def tally(answers: list[httpx.Response]) -> Counter[tuple[int, str]]:
    """(status, error code or "") -> how many."""
    return Counter(
        (a.status_code, a.json()["error"]["code"] if a.status_code >= 400 else "") for a in answers
    )


def test_32_patients_book_the_same_slot_over_http_one_gets_it(server: RunningServer) -> None:
    clients = [server.client(enrol(server, "kiosk", f"kiosk {n:02d}")) for n in range(RACERS)]
    try:
        tokens = [
            sign_up(http, f"racer{n:02d}@example.com", name=person(n))[0]
            for n, http in enumerate(clients)
        ]
        day = tomorrow().isoformat()
        slot = {"doctor_id": EVERY_DAY_DOCTOR.doctor_id, "date": day, "time": "09:00"}

        answers = at_once(
            clients,
            lambda i, http: http.post("/v1/appointments", json=slot, headers=bearer(tokens[i])),
        )
    finally:
        for http in clients:
            http.close()

    counts = tally(answers)
    print(f"\n[{server.backend}] {RACERS} bookings of one slot over HTTP: {dict(counts)}")
    assert counts == {(201, ""): 1, (409, "slot_taken"): RACERS - 1}
    winner = next(a.json() for a in answers if a.status_code == 201)
    with server.store_env():
        held = server.services().store.appointments_for_doctor_day(EVERY_DAY_DOCTOR.doctor_id, day)
    assert [(a.appointment_id, a.user_id, a.time, a.status) for a in held] == [
        (winner["appointment_id"], winner["user_id"], "09:00", AppointmentStatus.BOOKED)
    ]


def test_32_sign_ups_of_one_email_over_http_one_account(server: RunningServer) -> None:
    clients = [server.client(enrol(server, "kiosk", f"kiosk {n:02d}")) for n in range(RACERS)]
    email = "same.person@example.com"
    try:
        answers = at_once(
            clients,
            lambda i, http: http.post(
                "/v1/accounts",
                json={
                    "name": person(i),
                    "email": email,
                    "phone": "+15551234567",
                    "password": f"password-number-{i:02d}",
                },
            ),
        )
    finally:
        for http in clients:
            http.close()

    counts = tally(answers)
    print(f"\n[{server.backend}] {RACERS} sign-ups of one email over HTTP: {dict(counts)}")
    assert counts == {(201, ""): 1, (409, "email_already_registered"): RACERS - 1}
    winner = next(a.json()["user"] for a in answers if a.status_code == 201)
    assert stored_accounts_with_email(server, email) == [(winner["user_id"], winner["name"])]


def stored_accounts_with_email(server: RunningServer, email: str) -> list[tuple[str, str]]:
    """Every stored account with ``email``, read from the store itself (not its indexes)."""
    if server.backend == "local":
        with sqlite3.connect(Path(server.data_dir) / DB_FILENAME) as db:
            rows = db.execute("SELECT user_id, name FROM users WHERE email = ?", (email,))
            return sorted((str(u), str(n)) for u, n in rows)
    with server.store_env():
        import boto3

        pages = (
            boto3.client("dynamodb")
            .get_paginator("scan")
            .paginate(
                TableName=f"{server.config.table_prefix}Users",
                FilterExpression="email = :e",
                ExpressionAttributeValues={":e": {"S": email}},
            )
        )
        return sorted((i["user_id"]["S"], i["name"]["S"]) for page in pages for i in page["Items"])
