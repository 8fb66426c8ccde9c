"""The requests a patient's visit sends to the store, step by step, on each backend.

    .venv/bin/python benchmarks/request_counts.py                  # every backend, 10 doctors
    .venv/bin/python benchmarks/request_counts.py --doctors 10 2000 --booked-up-every 100

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
are not counted), or, for "api" (the kiosk on ``care4u-server``, a subprocess over
SQLite), the HTTP requests the kiosk sends. The delivery runs after the confirmation, on
its own thread: its requests are counted apart, as "deliver" (over the API it is the
server's). ``--booked-up-every 100``: one doctor in a hundred has nothing free up to the
horizon (the doctor list's worst case: at 2,000 doctors, 20 of them keep it searching
every later day).

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
from care4u_desktop.domain.rules import DEFAULT_HORIZON_DAYS  # noqa: E402

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
BACKENDS = ("sqlite", "dynamodb", "api")
EMAIL = "ada@example.com"
PASSWORD = "correct horse 12"
HORIZON = DEFAULT_HORIZON_DAYS
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


def booked_up(
    hospital: list[Doctor], every: int, today: date, horizon_days: int
) -> Iterator[tuple[str, str, str]]:
    """(doctor_id, date, time) of every time of one doctor in ``every`` (0: none), from today
    to the horizon: nothing is free for them (the doctor list's worst case)."""
    if not every:
        return
    for k, doctor in enumerate(hospital):
        if k % every:
            continue
        for offset in range(horizon_days + 1):
            day = today + timedelta(days=offset)
            if doctor.works_on(day):
                for hhmm in doctor.available_slots:
                    yield doctor.doctor_id, day.isoformat(), hhmm


def _appointment(n: int, doctor_id: str, day: str, hhmm: str) -> Any:
    from care4u_desktop.domain.models import Appointment, AppointmentStatus

    return Appointment(
        appointment_id=f"F{n:08d}",
        user_id=f"p-{doctor_id}",  # one patient per doctor: a patient books one time at once
        doctor_id=doctor_id,
        date=day,
        time=hhmm,
        status=AppointmentStatus.BOOKED,
        created_at="2020-01-01T10:00:00+00:00",
        doctor_name="Dr",
        specialization="GP",
    )


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


def _seed_sqlite(services: Any, hospital: list[Doctor], taken: list[tuple[str, str, str]]) -> None:
    import sqlite3

    store = services.store
    for start in range(0, len(hospital), 100):
        store.put_doctors(hospital[start : start + 100])
    conn = sqlite3.connect(store.path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO users (user_id, name, email, phone, password_hash) VALUES"
            " (?, 'Pat Ient', ?, '+15550000002', 'pbkdf2:sha256:1$x$y')",
            ((f"p-{d.doctor_id}", f"{d.doctor_id}@example.com") for d in hospital),
        )
        conn.executemany(
            "INSERT INTO appointments (appointment_id, user_id, doctor_id, date, time, status,"
            " created_at) VALUES (?, ?, ?, ?, ?, 'booked', '2020-01-01T10:00:00+00:00')",
            (
                (a.appointment_id, a.user_id, a.doctor_id, a.date, a.time)
                for a in (_appointment(n, *t) for n, t in enumerate(taken))
            ),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextlib.contextmanager
def dynamodb_services(counting: Counting) -> Iterator[Any]:
    from care4u_desktop.adapters import aws_clients
    from care4u_desktop.adapters.aws_provision import provision_resources
    from care4u_desktop.composition import build_app_services
    from tests.aws.support import MotoServer, aws_env

    server = MotoServer(serialize_writes=True)  # as the tests run it: moto races otherwise
    server.start()
    # moto takes seconds to Scan 2,000 doctors on a loaded machine, past the app's 5 s read
    # time-out: here a slow answer is waited for (requests are counted, not timed).
    saved_timeout, aws_clients.READ_TIMEOUT_S = aws_clients.READ_TIMEOUT_S, 300
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
        aws_clients.READ_TIMEOUT_S = saved_timeout
        server.stop()


def _seed_dynamodb(
    services: Any, hospital: list[Doctor], taken: list[tuple[str, str, str]]
) -> None:
    # Batches, not put_doctors: moto copies a whole table for each transaction, and twenty
    # of them outlast the client's time-out (see doctor_list_bench.py).
    import boto3

    from care4u_desktop.adapters import dynamodb_items as items

    store = services.store
    resource = boto3.resource("dynamodb")
    with resource.Table(store.tables.doctors).batch_writer() as out:
        for doctor in hospital:
            out.put_item(Item={"doctor_id": doctor.doctor_id, **items.doctor_fields(doctor)})
    with resource.Table(store.tables.appointments).batch_writer() as out:
        for n, (doctor_id, day, hhmm) in enumerate(taken):
            appointment = _appointment(n, doctor_id, day, hhmm)
            out.put_item(Item=items.appointment_item(appointment))
            guard = items.slot_guard_key(doctor_id, day, hhmm)
            out.put_item(Item=items.guard_item("appointment_id", guard, appointment.appointment_id))


Backend = tuple[
    Callable[[Counting], contextlib.AbstractContextManager[Any]],
    Callable[[Any, list[Doctor], list[tuple[str, str, str]]], None],
]


@contextlib.contextmanager
def api_services(counting: Counting) -> Iterator[Any]:
    """The kiosk on ``care4u-server`` (a subprocess on 127.0.0.1, over SQLite): the HTTP
    requests the kiosk sends are counted (the server's own store reads are its business,
    the same code as "sqlite")."""
    from care4u_desktop.client.composition import ApiServices
    from tests.server.support import enrol, running_server

    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o700)
        # One doctor before the start, so the server seeds no demo doctors.
        with running_server(Path(folder), backend="local", doctors=team(1)) as server:
            config = Config(
                data_dir=Path(folder) / "kiosk",
                backend="api",
                api_url=server.url,
                device_token=enrol(server, "kiosk"),
            )
            services: Any = ApiServices(config)
            client = services.client
            call = client._call

            def counted(method: str, path: str, **kwargs: Any) -> Any:
                counting.count(f"{method} {path.split('/')[2]}")
                return call(method, path, **kwargs)

            client._call = counted
            services.seeding = server.services()  # the same file, in this process
            yield services


_BACKENDS: dict[str, Backend] = {
    "sqlite": (sqlite_services, _seed_sqlite),
    "dynamodb": (dynamodb_services, _seed_dynamodb),
    "api": (api_services, _seed_sqlite),
}


# -- the visit ---------------------------------------------------------------------------------
def _wait_for_deliveries(services: Any) -> None:
    wait = getattr(services, "wait_for_deliveries", None)
    if wait is not None:
        wait()


def visit(services: Any, counting: Counting) -> None:
    """One patient's visit, step by step (the hospital is in the store already)."""
    services.accounts.sign_up("Ada Lovelace", EMAIL, "+1 555 000 0001", PASSWORD, PASSWORD)
    _wait_for_deliveries(services)
    booking, accounts = services.booking, services.accounts
    if hasattr(booking, "doctors"):  # in process; the server has read none yet
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


def request_detail(
    backend: str, doctors: int = 10, booked_up_every: int = 0
) -> dict[str, Counter[str]]:
    """Step -> the requests it sent, by kind (SQL verb or API operation)."""
    counting = Counting()
    services_on, seed = _BACKENDS[backend]
    with services_on(counting) as services:
        hospital = team(doctors)
        store_side = getattr(services, "seeding", services)
        today = store_side.config.now().date()
        taken = list(booked_up(hospital, booked_up_every, today, HORIZON))
        seed(store_side, hospital, taken)
        visit(services, counting)
    return {step: counting.made.get(step, Counter()) for step in STEPS}


def request_counts(backend: str, doctors: int = 10, booked_up_every: int = 0) -> dict[str, int]:
    """Step -> how many requests it sent to the store (and SNS), on ``backend``
    (``sqlite``; ``dynamodb``, a moto server over HTTP; ``api``, HTTP requests to
    ``care4u-server``), at ``doctors`` doctors; with ``booked_up_every`` n, one doctor in
    n has nothing free up to the booking horizon."""
    detail = request_detail(backend, doctors, booked_up_every)
    return {step: sum(made.values()) for step, made in detail.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--doctors", type=int, nargs="+", default=[10])
    parser.add_argument(
        "--booked-up-every",
        type=int,
        default=0,
        help="one doctor in N has nothing free up to the horizon (0: none)",
    )
    args = parser.parse_args(argv)
    results = {
        (backend, size): request_detail(backend, size, args.booked_up_every)
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
