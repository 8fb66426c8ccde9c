"""50 simulated kiosks against ``care4u-server`` on loopback, next to the same work done
directly on the store, in the same run.

    .venv/bin/python benchmarks/server_bench.py                   # local: one SQLite file
    .venv/bin/python benchmarks/server_bench.py --backend aws     # DynamoDB on a moto server
    .venv/bin/python benchmarks/server_bench.py --kiosks 50 --rounds 10
    make bench-server BENCH_ARGS="--backend aws"

Each simulated kiosk is a thread with its own HTTP connection (httpx) and its own enrolled
kiosk device. It signs one patient up (``POST /v1/accounts``, untimed: that is password
hashing), then ``--rounds`` times books a slot of its own (``POST /v1/appointments``) and
cancels it (``POST /v1/appointments/{id}/cancel``); all kiosks start together (a barrier).
Each kiosk has a slot no other kiosk uses, so the figures are the cost of the work, not of
conflicts (the race tests cover those).

The baseline, in the same run: as many threads, each a patient made beforehand, doing the
same rounds through ``BookingService`` on the same store the server uses (the same SQLite
file, or the same tables on the same moto server), on another day so neither run meets
the other's bookings. It is what a kiosk did before the server: the service in its own
process, the store behind it. Both runs go through the same clock, notifier and store.

Printed: bookings per second (completed bookings / wall time of the whole run, cancels
included), p50 and p99 of one booking's latency (milliseconds), the same for the cancel,
and the ratio server / direct. On AWS both runs meet the moto server's serialised writes
(``tests/aws/support.py``), so the ratio there says what the HTTP hop adds on top of a
slow store. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from care4u_desktop.domain.models import Doctor, Role, User  # noqa: E402
from care4u_desktop.services.ports import Store  # noqa: E402

DOCTORS = 10
SLOTS = tuple(f"{h:02d}:{m:02d}" for h in range(8, 18) for m in (0, 30))  # 20 a day
EVERY_DAY = (1, 2, 3, 4, 5, 6, 7)


@dataclass
class Timings:
    """One run's figures."""

    name: str
    wall_s: float = 0.0
    book_ms: list[float] = field(default_factory=list)
    cancel_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def bookings_per_s(self) -> float:
        return len(self.book_ms) / self.wall_s if self.wall_s else 0.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def kiosk_slot(n: int) -> tuple[str, str]:
    """Kiosk ``n``'s own (doctor, time): no two kiosks share one."""
    return f"bench-doc-{n % DOCTORS:02d}", SLOTS[n // DOCTORS]


def doctors() -> list[Doctor]:
    return [
        Doctor(
            doctor_id=f"bench-doc-{i:02d}",
            name=f"Doctor {i:02d}",
            specialization="General Practice",
            available_slots=SLOTS,
            working_days=EVERY_DAY,
        )
        for i in range(DOCTORS)
    ]


def run_threads(n: int, work: Callable[[int, threading.Barrier], None]) -> float:
    """Run ``work(i, barrier)`` in ``n`` threads; the wall time from the barrier's release."""
    started: list[float] = []
    barrier = threading.Barrier(n + 1, action=lambda: started.append(time.perf_counter()))
    threads = [threading.Thread(target=work, args=(i, barrier)) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait()
    for t in threads:
        t.join()
    return time.perf_counter() - started[0]


# -- the baseline: BookingService on the store, in this process ------------------------------
def direct_run(
    new_store: Callable[[], Store],
    clock: Callable[[], datetime],
    kiosks: int,
    rounds: int,
    day: date,
) -> Timings:
    from care4u_desktop.domain.rules import new_id
    from care4u_desktop.services.booking import BookingService
    from care4u_desktop.services.doctors import DoctorCatalogue
    from care4u_desktop.services.notifications import NotificationService
    from care4u_desktop.services.accounts import Session

    from tests.fakes import FakeNotifier

    timings = Timings("direct (BookingService on the store)")
    lock = threading.Lock()
    setup = new_store()
    patients = []
    for n in range(kiosks):
        user = User(
            user_id=new_id(),
            name=f"Direct Patient {n:02d}",
            email=f"direct{n:02d}-{time.time_ns()}@example.com",
            phone="",
            password_hash="pbkdf2:sha256:1000$unused$00",
            role=Role.PATIENT,
            created_at=clock().isoformat(timespec="seconds"),
        )
        setup.add_user(user)
        patients.append(user)

    def work(n: int, barrier: threading.Barrier) -> None:
        store = new_store()  # each kiosk its own connection/client, as each kiosk had
        booking = BookingService(
            appointments=store,
            users=store,
            doctors=DoctorCatalogue(store),
            notifications=NotificationService(store, FakeNotifier(), clock),
            clock=clock,
        )
        doctor_id, hhmm = kiosk_slot(n)
        session = Session(patients[n])
        barrier.wait()
        for _ in range(rounds):
            try:
                t0 = time.perf_counter()
                appointment = booking.book(patients[n], doctor_id, day, hhmm)
                t1 = time.perf_counter()
                booking.cancel(session, appointment.appointment_id)
                t2 = time.perf_counter()
            except Exception as exc:  # noqa: BLE001 - counted and printed, the run goes on
                with lock:
                    timings.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            with lock:
                timings.book_ms.append((t1 - t0) * 1000)
                timings.cancel_ms.append((t2 - t1) * 1000)

    timings.wall_s = run_threads(kiosks, work)
    return timings


# -- the server: kiosks over HTTP ------------------------------------------------------------
def server_run(url: str, tokens: list[str], rounds: int, day: date) -> Timings:
    timings = Timings("care4u-server (HTTP, loopback)")
    lock = threading.Lock()
    sessions: dict[int, str] = {}
    clients = [httpx.Client(base_url=url, headers={"X-Device-Token": t}) for t in tokens]
    stamp = time.time_ns()
    for n, client in enumerate(clients):  # each kiosk signs its patient up (untimed)
        answer = client.post(
            "/v1/accounts",
            json={
                "name": f"Server Patient {n:02d}",
                "email": f"server{n:02d}-{stamp}@example.com",
                "phone": "",
                "password": f"bench-password-{n:02d}",
            },
        )
        answer.raise_for_status()
        sessions[n] = answer.json()["session"]["token"]

    def work(n: int, barrier: threading.Barrier) -> None:
        client = clients[n]
        auth = {"Authorization": f"Bearer {sessions[n]}"}
        doctor_id, hhmm = kiosk_slot(n)
        slot = {"doctor_id": doctor_id, "date": day.isoformat(), "time": hhmm}
        barrier.wait()
        for _ in range(rounds):
            t0 = time.perf_counter()
            booked = client.post("/v1/appointments", json=slot, headers=auth)
            t1 = time.perf_counter()
            if booked.status_code != 201:
                with lock:
                    timings.errors.append(f"book {booked.status_code} {booked.text[:120]}")
                continue
            appointment_id = booked.json()["appointment_id"]
            cancelled = client.post(f"/v1/appointments/{appointment_id}/cancel", headers=auth)
            t2 = time.perf_counter()
            with lock:
                timings.book_ms.append((t1 - t0) * 1000)
                if cancelled.status_code == 200:
                    timings.cancel_ms.append((t2 - t1) * 1000)
                else:
                    timings.errors.append(f"cancel {cancelled.status_code} {cancelled.text[:120]}")

    try:
        timings.wall_s = run_threads(len(clients), work)
    finally:
        for client in clients:
            client.close()
    return timings


# -- the table -------------------------------------------------------------------------------
def table(direct: Timings, server: Timings, header: str) -> str:
    rows = [
        (
            "",
            "bookings/s",
            "book p50 ms",
            "book p99 ms",
            "cancel p50 ms",
            "cancel p99 ms",
            "errors",
        ),
    ]
    for t in (direct, server):
        rows.append(
            (
                t.name,
                f"{t.bookings_per_s:.1f}",
                f"{pct(t.book_ms, 50):.1f}",
                f"{pct(t.book_ms, 99):.1f}",
                f"{pct(t.cancel_ms, 50):.1f}",
                f"{pct(t.cancel_ms, 99):.1f}",
                str(len(t.errors)),
            )
        )

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}x" if b else "-"

    rows.append(
        (
            "ratio server / direct",
            ratio(server.bookings_per_s, direct.bookings_per_s),
            ratio(pct(server.book_ms, 50), pct(direct.book_ms, 50)),
            ratio(pct(server.book_ms, 99), pct(direct.book_ms, 99)),
            ratio(pct(server.cancel_ms, 50), pct(direct.cancel_ms, 50)),
            ratio(pct(server.cancel_ms, 99), pct(direct.cancel_ms, 99)),
            "",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [header]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    return "\n".join(lines)
