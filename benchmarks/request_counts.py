"""The requests a patient's visit sends to the store, step by step, on each backend.

    .venv/bin/python benchmarks/request_counts.py                  # sqlite and dynamodb
    .venv/bin/python benchmarks/request_counts.py --doctors 10 2000 --backends dynamodb

One patient's visit, as the kiosk makes it: log-in, the doctor list, Book (a doctor's
first free day), a day change, Confirm, the notification's delivery, My appointments,
Back (the doctor list again). Each step makes the calls its screen makes (the view and
method are named in ``STEPS``), on services built by the composition root as the desktop
app builds them (``composition.build_app_services``: the doctor cache, the background
delivery). The doctor list of "list" is read with a cold doctor cache (a log-in after the
cache's 30 s), the one of "Back" with a warm one.

"requests" are SQL statements run (SQLite: every statement but PRAGMA, BEGIN and COMMIT
included) or API calls sent (DynamoDB on a moto server over HTTP, and SNS and STS: counted
on the clients, one per call and per page of a paginated read; boto3's retries of a call
are not counted). The delivery runs after the confirmation, on its own thread: its
requests are counted apart, as "deliver".

``request_counts(backend)`` is what ``benchmarks/scale_bench.py`` imports; ``main`` prints
a table. Not a timed test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from care4u_desktop.config import Config  # noqa: E402
from care4u_desktop.domain.models import Doctor  # noqa: E402

#: Each step: what the kiosk's screen calls for it.
STEPS: dict[str, str] = {
    "log-in": "LoginView: Accounts.log_in",
    "list": "DoctorsView.load: Booking.doctor_summaries (cold doctor cache)",
    "Book": "BookingView.enter: Booking.bookable_range, availability(first free day)",
    "day change": "BookingView.load_day: Booking.availability(the next working day)",
    "Confirm": "BookingView._confirm: Booking.book (until the confirmation can be shown)",
    "deliver": "the notification, after the confirmation (publish, mark sent)",
    "My appointments": "AppointmentsView.load: Booking.history",
    "Back": "DoctorsView.load: Booking.doctor_summaries (warm doctor cache)",
}
BACKENDS = ("sqlite", "dynamodb")
EMAIL = "ada@example.com"
PASSWORD = "correct horse 12"
SLOTS = ("08:00", "09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00")


def team(count: int) -> list[Doctor]:
    """``count`` doctors, 8 times a day, Monday to Friday."""
    return [
        Doctor(
            f"doc-{k:05d}",
            f"Doctor {k:05d}",
            "Cardiology" if k % 2 else "Pediatrics",
            SLOTS,
            (1, 2, 3, 4, 5),
        )
        for k in range(count)
    ]


class Counting:
    """Requests counted under the step being run; those made on the delivery's thread
    under "deliver" whatever the step."""

    def __init__(self) -> None:
        self.step = ""
        self.made: dict[str, Counter[str]] = {}
        self._lock = threading.Lock()

    def count(self, what: str) -> None:
        step = "deliver" if _on_delivery_thread() else self.step
        if not step:
            return  # setting the scene
        with self._lock:
            self.made.setdefault(step, Counter())[what] += 1

    @contextlib.contextmanager
    def during(self, step: str) -> Iterator[None]:
        self.step = step
        try:
            yield
        finally:
            self.step = ""


def _on_delivery_thread() -> bool:
    return threading.current_thread().name.startswith("care4u-delivery")


# -- the backends ------------------------------------------------------------------------------
@contextlib.contextmanager
def sqlite_services(counting: Counting) -> Iterator[Any]:
    import sqlite3

    from care4u_desktop.composition import build_app_services

    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o700)
        services: Any = build_app_services(Config(data_dir=Path(folder), backend="local"))
        store = services.store
        opened = store._connection

        def trace(statement: str) -> None:
            if not statement.lstrip().upper().startswith("PRAGMA"):
                counting.count(statement.split()[0].upper())

        @contextlib.contextmanager
        def tracing() -> Iterator[sqlite3.Connection]:
            with opened() as conn:
                conn.set_trace_callback(trace)
                try:
                    yield conn
                finally:
                    conn.set_trace_callback(None)

        store._connection = tracing
        yield services


@contextlib.contextmanager
def dynamodb_services(counting: Counting) -> Iterator[Any]:
    from care4u_desktop.adapters.aws_provision import provision_resources
    from care4u_desktop.composition import build_app_services
    from tests.aws.support import MotoServer, aws_env

    server = MotoServer(serialize_writes=True)  # as the tests run it: moto races otherwise
    server.start()
    try:
        with aws_env(server.url), tempfile.TemporaryDirectory() as folder:
            prefix = f"R{uuid.uuid4().hex[:8]}_"
            config = Config(
                data_dir=Path(folder),
                backend="aws",
                table_prefix=prefix,
                topic_name=f"{prefix}Appointments",
            )
            provision_resources(config, poll_seconds=0.05)
            services: Any = build_app_services(config)
            clients = [services.store._db, services.notifier._sns, services.notifier._sts]
            for client in clients:
                client.meta.events.register(
                    "before-call", lambda model, **_: counting.count(model.name)
                )
            yield services
    finally:
        server.stop()


_BACKENDS: dict[str, Callable[[Counting], contextlib.AbstractContextManager[Any]]] = {
    "sqlite": sqlite_services,
    "dynamodb": dynamodb_services,
}


# -- the visit ---------------------------------------------------------------------------------
def _wait_for_deliveries(services: Any) -> None:
    wait = getattr(services, "wait_for_deliveries", None)
    if wait is not None:
        wait()


def visit(services: Any, counting: Counting, doctors: int) -> None:
    """Set the scene (not counted), then one patient's visit, step by step."""
    store = services.store
    hospital = team(doctors)
    for start in range(0, len(hospital), 100):
        store.put_doctors(hospital[start : start + 100])
    services.accounts.sign_up("Ada Lovelace", EMAIL, "+1 555 000 0001", PASSWORD, PASSWORD)
    _wait_for_deliveries(services)
    booking, accounts = services.booking, services.accounts
    booking.doctors.forget()  # the log-in's list reads the doctors afresh

    with counting.during("log-in"):
        session = accounts.log_in(EMAIL, PASSWORD)
    with counting.during("list"):
        summaries = booking.doctor_summaries()
    chosen = next(s for s in summaries if s.next_free is not None)
    assert chosen.next_free is not None
    doctor, first_day = chosen.doctor, chosen.next_free.date()
    with counting.during("Book"):
        booking.bookable_range()
        day = booking.availability(doctor.doctor_id, first_day)
    other = _next_working_day(doctor, first_day)
    with counting.during("day change"):
        booking.availability(doctor.doctor_id, other)
    hhmm = next(s.time for s in day.slots if s.free)
    with counting.during("Confirm"):
        booking.book(session.user, doctor.doctor_id, first_day, hhmm)
    _wait_for_deliveries(services)  # counted as "deliver" (its own thread) when deferred
    with counting.during("My appointments"):
        booking.history(session)
    with counting.during("Back"):
        booking.doctor_summaries()


def _next_working_day(doctor: Doctor, after: date) -> date:
    day = after + timedelta(days=1)
    while not doctor.works_on(day):
        day += timedelta(days=1)
    return day


def request_detail(backend: str, doctors: int = 10) -> dict[str, Counter[str]]:
    """Step -> the requests it sent, by kind (SQL verb or API operation)."""
    counting = Counting()
    with _BACKENDS[backend](counting) as services:
        visit(services, counting, doctors)
    return {step: counting.made.get(step, Counter()) for step in STEPS}


def request_counts(backend: str, doctors: int = 10) -> dict[str, int]:
    """Step -> how many requests it sent to the store (and SNS), on ``backend``
    (``sqlite`` or ``dynamodb``, a moto server over HTTP), at ``doctors`` doctors."""
    return {step: sum(made.values()) for step, made in request_detail(backend, doctors).items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--doctors", type=int, nargs="+", default=[10])
    args = parser.parse_args(argv)
    results = {
        (backend, size): request_detail(backend, size)
        for backend in args.backends
        for size in args.doctors
    }
    columns = list(results)
    print(f"{'step':18}" + "".join(f"{b + ' ' + str(n):>16}" for b, n in columns))
    for step in STEPS:
        cells = "".join(f"{sum(results[c][step].values()):>16}" for c in columns)
        print(f"{step:18}{cells}")
    total = "".join(f"{sum(sum(m.values()) for m in results[c].values()):>16}" for c in columns)
    print(f"{'total':18}{total}")
    print()
    for (backend, size), detail in results.items():
        print(f"{backend} at {size} doctors:")
        for step, made in detail.items():
            print(f"  {step:18} {dict(made)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
