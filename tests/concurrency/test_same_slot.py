"""16 patients try the same doctor, day and time at the same moment: exactly one gets it."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import SlotTaken
from care4u_desktop.domain.models import AppointmentStatus, User
from care4u_desktop.services.notifications import NotificationService
from care4u_desktop.services.ports import Store
from tests.concurrency import workers
from tests.concurrency.support import WORKERS, Connect, run_all
from tests.fakes import FakeNotifier, FixedClock, make_doctor, make_user
from tests.wiring import booking_service

TUESDAY = date(2030, 1, 8)  # the fixed clock reads Monday 2030-01-07 10:30


def set_up(store: Store) -> list[User]:
    store.put_doctor(make_doctor("doc-001", name="Sarah Johnson"))
    patients = [make_user(f"patient{n:02d}@example.com") for n in range(WORKERS)]
    for patient in patients:
        store.add_user(patient)
    return patients


def assert_one_winner(store: Store, outcomes: list[tuple[str, str, str]]) -> None:
    assert Counter(outcome for _, outcome, _ in outcomes) == {"won": 1, "SlotTaken": WORKERS - 1}, [
        o for o in outcomes if o[1] == "error"
    ]
    (winner, _, appointment_id) = next(o for o in outcomes if o[1] == "won")
    day = store.appointments_for_doctor_day("doc-001", TUESDAY.isoformat())
    assert [(a.appointment_id, a.user_id, a.status) for a in day] == [
        (appointment_id, winner, AppointmentStatus.BOOKED)
    ]
    assert store.booked_times("doc-001", TUESDAY.isoformat()) == {"09:00"}
    # The losers left no notification behind.
    assert [n.appointment_id for n in store.all_notifications()] == [appointment_id]


def test_threads_book_the_same_slot_one_wins(connect: Connect) -> None:
    patients = set_up(connect())
    notifier, clock = FakeNotifier(), FixedClock()
    ready = threading.Barrier(WORKERS, timeout=30)

    def attempt(patient: User) -> tuple[str, str, str]:
        store = connect()
        booking = booking_service(store, NotificationService(store, notifier, clock), clock)
        ready.wait()
        try:
            appointment = booking.book(patient, "doc-001", TUESDAY, "09:00")
        except SlotTaken:
            return (patient.user_id, "SlotTaken", "")
        return (patient.user_id, "won", appointment.appointment_id)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(attempt, patients))

    assert_one_winner(connect(), outcomes)
    assert len(notifier.published) == 1


@pytest.mark.slow
def test_processes_book_the_same_slot_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    store = SQLiteStore(path)
    patients = set_up(store)
    ctx = multiprocessing.get_context("spawn")
    ready, results = ctx.Barrier(WORKERS), ctx.Queue()
    processes = [
        ctx.Process(
            target=workers.book_same_slot,
            args=(str(path), p.user_id, "doc-001", TUESDAY.isoformat(), "09:00", ready, results),
        )
        for p in patients
    ]

    outcomes = run_all(processes, results)

    assert_one_winner(store, outcomes)
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT status, count(*) FROM appointments GROUP BY status").fetchall()
    finally:
        conn.close()
    assert rows == [("booked", 1)]
