"""No request for data already held (issue 14, item 4), on the embedded store: a doctor
chosen from the list the patient is looking at is not read again to show its days."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from care4u_desktop.composition import build_services
from care4u_desktop.config import Config
from care4u_desktop.domain.models import Doctor


@contextlib.contextmanager
def statements(store: object) -> Iterator[list[str]]:
    """Every SQL statement the store runs meanwhile (PRAGMAs aside), in order."""
    run: list[str] = []
    opened = store._connection  # type: ignore[attr-defined]

    @contextlib.contextmanager
    def tracing() -> Iterator[sqlite3.Connection]:
        with opened() as conn:
            conn.set_trace_callback(
                lambda s: run.append(s) if not s.lstrip().upper().startswith("PRAGMA") else None
            )
            try:
                yield conn
            finally:
                conn.set_trace_callback(None)

    store._connection = tracing  # type: ignore[attr-defined]
    try:
        yield run
    finally:
        del store._connection  # type: ignore[attr-defined]


def _working_day(doctor: Doctor, after: date) -> date:
    day = after + timedelta(days=1)
    while not doctor.works_on(day):
        day += timedelta(days=1)
    return day


def test_book_and_each_day_change_read_only_that_days_bookings(tmp_path: Path) -> None:
    services = build_services(Config(data_dir=tmp_path))  # the demo doctors
    booking = services.booking
    listed = booking.doctor_summaries()  # what the patient is looking at
    doctor = next(s.doctor for s in listed if s.next_free is not None)
    first = _working_day(doctor, date.today())
    second = _working_day(doctor, first)

    with statements(services.store) as run:
        days = [booking.availability(doctor.doctor_id, d) for d in (first, second)]

    assert [d.doctor for d in days] == [doctor, doctor]
    assert all(any(s.free for s in d.slots) for d in days)
    # One read per day shown: its taken times. The doctor is the listed one, not read again.
    assert len(run) == 2, run
    assert all("appointments" in s and "doctors" not in s for s in run), run
