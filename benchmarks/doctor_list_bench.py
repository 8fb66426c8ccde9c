"""The patient's doctor list (every doctor with its next free time, shown at each log-in,
Done and Back) at 10 and at 2,000 doctors, the old way and this release's, in one run.

    .venv/bin/python benchmarks/doctor_list_bench.py
    .venv/bin/python benchmarks/doctor_list_bench.py --sizes 10 2000 --repeat 15 --no-dynamodb
    .venv/bin/python benchmarks/doctor_list_bench.py --dynamodb-before-at-every-size

Each size gets the same hospital, scaled: doctors with 8 times a day (most Monday to
Friday, one in seven Tuesdays and Thursdays), the clock at Monday 10:30; a third of the
doctors have today's remaining times taken, a third half of them. Each size runs twice:
with nobody booked up ("sqlite", "dynamodb") and with one doctor in a hundred, the first
included, booked through the whole 60-day horizon ("-1%": nothing free for them, the
worst case: at 2,000 doctors more than ``FEW_WAITING`` doctors are left without a time,
so every doctor's bookings are read up to the horizon; at 10 the one is read alone). On
SQLite each doctor also has 20 past days of history (one booking in ten cancelled), so the
file is as long as a hospital's.

"before" is the previous ``doctor_summaries``: ``next_free`` per doctor, day by day, one
store read per doctor and day (it is still ``BookingService.next_free``). "after" is
``BookingService.doctor_summaries``. Each starts from a cold doctor cache, as a log-in after
the cache's 30 s does. "log-in + list" adds the password check (scrypt, as shipped) the
list follows at log-in. Figures are medians of ``--repeat`` runs; "requests" are SQL
statements run (SQLite) or API calls sent (DynamoDB, counted on the client). The ratio is
the largest size's time over the smallest's.

DynamoDB runs on a moto server on 127.0.0.1 over HTTP (the future bookings only, no
history, written with ``batch_writer``). moto answers an index Query by walking the whole
table, which DynamoDB does not (it reads one partition), so its times grow with the table
where DynamoDB's would not; the request counts are what DynamoDB would be sent. The old way
at 2,000 doctors sends thousands of requests (minutes on moto): it runs only at the
smallest size unless ``--dynamodb-before-at-every-size``; "log-in + list" too (the list
alone is what differs). The filter's figure is the real ``DoctorFilterProxy`` (Qt
offscreen, no view) on the SQLite list. Not a timed test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from care4u_desktop.adapters.passwords import WerkzeugHasher  # noqa: E402
from care4u_desktop.adapters.sqlite_store import SQLiteStore  # noqa: E402
from care4u_desktop.domain import rules  # noqa: E402
from care4u_desktop.domain.models import Doctor, DoctorSummary, Notification, User  # noqa: E402
from care4u_desktop.services.accounts import AccountService  # noqa: E402
from care4u_desktop.services.booking import BookingService  # noqa: E402
from care4u_desktop.services.doctors import DoctorCatalogue  # noqa: E402
from care4u_desktop.services.notifications import NotificationService  # noqa: E402

NOW = datetime(2030, 1, 7, 10, 30, tzinfo=timezone(timedelta(hours=1)))  # a Monday
TODAY = NOW.date()
SLOTS = ("08:00", "09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00")
HISTORY_DAYS = 20
#: (one doctor in how many is booked up through the horizon, 0: none; the label's suffix)
SCENARIOS = ((0, ""), (100, "-1%"))
PASSWORD = "correct horse battery"
EMAIL = "ada@example.com"


class _Notifier:
    def subscribe(self, recipient: str) -> None:
        pass

    def publish(self, notification: Notification) -> None:
        pass


def doctors(count: int) -> list[Doctor]:
    return [
        Doctor(
            f"doc-{k:05d}",
            f"Doctor {k:05d}",
            "Cardiology" if k % 2 else "Pediatrics",
            SLOTS,
            (2, 4) if k % 7 == 6 else (1, 2, 3, 4, 5),
        )
        for k in range(count)
    ]


def patient_of(doctor_id: str) -> str:
    return f"p-{doctor_id}"


def future_bookings(team: list[Doctor], booked_up_every: int) -> Iterator[tuple[str, str, str]]:
    """(doctor_id, date, time) of the bookings from today on (see the module's text)."""
    later_today = [t for t in SLOTS if rules.slot_start(TODAY, t, NOW) > NOW]
    for k, doctor in enumerate(team):
        if booked_up_every and k % booked_up_every == 0:
            for offset in range(rules.DEFAULT_HORIZON_DAYS + 1):
                day = TODAY + timedelta(days=offset)
                if doctor.works_on(day):
                    for hhmm in SLOTS:
                        yield doctor.doctor_id, day.isoformat(), hhmm
        elif k % 3 == 0:
            for hhmm in later_today:
                yield doctor.doctor_id, TODAY.isoformat(), hhmm
        elif k % 3 == 1:
            for hhmm in later_today[::2]:
                yield doctor.doctor_id, TODAY.isoformat(), hhmm


def services(store: Any) -> tuple[BookingService, AccountService]:
    clock: Callable[[], datetime] = lambda: NOW  # noqa: E731
    notifications = NotificationService(store, _Notifier(), clock)
    booking = BookingService(
        appointments=store,
        users=store,
        doctors=DoctorCatalogue(store),
        notifications=notifications,
        clock=clock,
    )
    return booking, AccountService(store, _Notifier(), WerkzeugHasher(), clock)


def before(store: Any) -> list[DoctorSummary]:
    """The previous ``doctor_summaries``: one doctor, one day, one store read at a time."""
    booking, _ = services(store)
    return [DoctorSummary(d, booking.next_free(d)) for d in booking.list_doctors()]


def after(store: Any) -> list[DoctorSummary]:
    booking, _ = services(store)
    return booking.doctor_summaries()


def log_in_and_list(store: Any) -> list[DoctorSummary]:
    booking, accounts = services(store)
    accounts.log_in(EMAIL, PASSWORD)
    return booking.doctor_summaries()


# -- SQLite ----------------------------------------------------------------------------------
def sqlite_store(folder: Path, team: list[Doctor], user: User, booked_up: int) -> SQLiteStore:
    store = SQLiteStore(folder / "care4u.sqlite3")
    store.open()
    store.add_user(user)
    for start in range(0, len(team), 100):
        store.put_doctors(team[start : start + 100])
    # One patient per doctor (the rule allows a patient one booking at a time).
    rows = [
        (f"F{n:08d}", patient_of(doctor_id), doctor_id, day, hhmm, "booked")
        for n, (doctor_id, day, hhmm) in enumerate(future_bookings(team, booked_up))
    ]
    for doctor in team:
        for back in range(1, HISTORY_DAYS + 1):
            day = (TODAY - timedelta(days=back)).isoformat()
            for hhmm in SLOTS[::2]:
                status = "cancelled" if len(rows) % 10 == 9 else "booked"
                rows.append(
                    (
                        f"H{len(rows):08d}",
                        patient_of(doctor.doctor_id),
                        doctor.doctor_id,
                        day,
                        hhmm,
                        status,
                    )
                )
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO users (user_id, name, email, phone, password_hash) VALUES"
        " (?, 'Pat Ient', ?, '+15550000002', 'pbkdf2:sha256:1$x$y')",
        ((patient_of(d.doctor_id), f"{d.doctor_id}@example.com") for d in team),
    )
    conn.executemany(
        "INSERT INTO appointments (appointment_id, user_id, doctor_id, date, time, status,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, '2029-12-01T10:00:00+01:00')",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()
    return store


@contextlib.contextmanager
def sql_counted(store: SQLiteStore) -> Iterator[Counter[str]]:
    made: Counter[str] = Counter()
    opened = store._connection

    def trace(statement: str) -> None:
        if not statement.lstrip().upper().startswith("PRAGMA"):
            made[statement.split()[0].upper()] += 1

    @contextlib.contextmanager
    def tracing() -> Iterator[sqlite3.Connection]:
        with opened() as conn:
            conn.set_trace_callback(trace)
            yield conn

    store._connection = tracing  # type: ignore[method-assign]
    try:
        yield made
    finally:
        del store._connection


# -- DynamoDB on a moto server ---------------------------------------------------------------
def dynamodb_store(team: list[Doctor], user: User, booked_up: int) -> Any:
    import boto3
    from botocore.config import Config as BotoConfig

    from care4u_desktop.adapters import dynamodb_items as items
    from care4u_desktop.adapters.aws_provision import ensure_tables
    from care4u_desktop.adapters.dynamodb_store import DynamoDBStore

    prefix = f"L{uuid.uuid4().hex[:8]}_"
    # moto takes seconds for a Scan or an index Query of a big table on a loaded machine:
    # a long read timeout and no retries, so a slow answer is timed, not resent.
    db = boto3.client("dynamodb", config=BotoConfig(read_timeout=300, retries={"max_attempts": 1}))
    ensure_tables(db, prefix, poll_seconds=0.05)
    store = DynamoDBStore(db, prefix)
    store.add_user(user)
    # Written in batches, not through put_doctors: moto copies a whole table for each
    # transaction, and 20 of them on a loaded machine outlast the client's timeout.
    with boto3.resource("dynamodb").Table(store.tables.doctors).batch_writer() as doctors_out:
        for doctor in team:
            doctors_out.put_item(
                Item={"doctor_id": doctor.doctor_id, **items.doctor_fields(doctor)}
            )
    table = boto3.resource("dynamodb").Table(store.tables.appointments)
    with table.batch_writer() as batch:
        for n, (doctor_id, day, hhmm) in enumerate(future_bookings(team, booked_up)):
            batch.put_item(
                Item={
                    "appointment_id": f"F{n:08d}",
                    "user_id": patient_of(doctor_id),
                    "doctor_id": doctor_id,
                    "date": day,
                    "time": hhmm,
                    "status": "booked",
                    "created_at": "2029-12-01T10:00:00+01:00",
                    "doctor_name": "Dr",
                    "specialization": "GP",
                }
            )
            batch.put_item(
                Item=items.guard_item(
                    "appointment_id", items.slot_guard_key(doctor_id, day, hhmm), f"F{n:08d}"
                )
            )
    return store


@contextlib.contextmanager
def api_counted(store: Any) -> Iterator[Counter[str]]:
    made: Counter[str] = Counter()

    def call(model: Any, **_: Any) -> None:
        made[model.name] += 1

    store._db.meta.events.register("before-call.dynamodb", call)
    try:
        yield made
    finally:
        store._db.meta.events.unregister("before-call.dynamodb", call)


# -- filtering (the list's model and proxy, no window) ----------------------------------------
def filter_ms_per_keystroke(summaries: list[DoctorSummary], repeat: int) -> float:
    """Typing "cardiology" then clearing it in the real ``DoctorFilterProxy`` (Qt offscreen,
    no view: the filter's own work per keystroke, not painting): the median keystroke."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from care4u_desktop.ui.models import DoctorFilterProxy, DoctorTableModel

    _app = QCoreApplication.instance() or QCoreApplication([])
    model = DoctorTableModel()
    model.set_doctors(summaries, NOW)
    proxy = DoctorFilterProxy()
    proxy.setSourceModel(model)
    word = "cardiology"
    texts = [word[:n] for n in range(1, len(word) + 1)] + [word[:n] for n in range(9, -1, -1)]
    samples = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            proxy.set_filter(text, "")
            proxy.rowCount()
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


# -- measuring -------------------------------------------------------------------------------
def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm: the file's pages, the connection, first-call costs
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def requests_of(
    counting: contextlib.AbstractContextManager[Counter[str]], run: Callable[[], object]
) -> Counter[str]:
    with counting as made:
        run()
    return made


Row = tuple[str, str, int, float, Counter[str]]


def measure(
    backend: str,
    size: int,
    store: Any,
    repeat: int,
    runs: dict[str, Callable[[Any], list[DoctorSummary]]],
    counting: Callable[[Any], contextlib.AbstractContextManager[Counter[str]]],
) -> list[Row]:
    rows = []
    reference = None
    for label, run in runs.items():
        made = requests_of(counting(store), partial(run, store))
        result = run(store)
        times = {s.doctor.doctor_id: s.next_free for s in result}
        if reference is None:
            reference = times
        elif times != reference:
            raise SystemExit(f"{backend} {size}: {label} disagrees with {next(iter(runs))}")
        rows.append((backend, label, size, median_ms(partial(run, store), repeat), made))
        print(
            f"  {backend:12} {label:14} {size:6,} doctors  {rows[-1][3]:9.2f} ms  "
            f"{sum(made.values()):6,} requests {dict(made)}",
            flush=True,
        )
    return rows


def table(rows: list[Row]) -> None:
    print(
        "\nbackend  way            "
        + "".join(f"{'':>2}{s:>6,} doctors" for s in _sizes(rows))
        + "   ratio   requests (smallest -> largest)"
    )
    keys = dict.fromkeys((b, w) for b, w, *_ in rows)
    for backend, way in keys:
        mine = [r for r in rows if (r[0], r[1]) == (backend, way)]
        by_size = {r[2]: r for r in mine}
        cells = "".join(
            f"{by_size[s][3]:11.2f} ms" if s in by_size else f"{'-':>14}" for s in _sizes(rows)
        )
        first, last = mine[0], mine[-1]
        ratio = f"{last[3] / first[3]:6.2f}x" if len(mine) > 1 else "      -"
        counts = " -> ".join(f"{sum(r[4].values()):,}" for r in mine)
        print(f"{backend:12} {way:14}{cells}  {ratio}   {counts}")


def _sizes(rows: list[Row]) -> list[int]:
    return sorted({r[2] for r in rows})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 2000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-dynamodb", action="store_true")
    parser.add_argument("--dynamodb-repeat", type=int, default=1)
    parser.add_argument("--dynamodb-before-at-every-size", action="store_true")
    args = parser.parse_args(argv)
    hasher = WerkzeugHasher()
    user = User(rules.new_id(), "Ada Lovelace", EMAIL, "+15550000001", hasher.hash(PASSWORD))
    runs: dict[str, Callable[[Any], list[DoctorSummary]]] = {
        "before": before,
        "after": after,
        "log-in + list": log_in_and_list,
    }
    rows: list[Row] = []
    filtering: dict[int, float] = {}
    print("SQLite (a file; medians of", args.repeat, "runs)")
    for booked_up, name in () if args.no_sqlite else SCENARIOS:
        for size in args.sizes:
            team = doctors(size)
            with tempfile.TemporaryDirectory() as folder:
                os.chmod(folder, 0o700)
                store = sqlite_store(Path(folder), team, user, booked_up)
                rows += measure(f"sqlite{name}", size, store, args.repeat, runs, sql_counted)
                if not name:
                    filtering[size] = filter_ms_per_keystroke(after(store), 3)
    if not args.no_dynamodb:
        from tests.aws.support import MotoServer

        server = MotoServer(serialize_writes=True)  # as the tests run it: moto races otherwise
        server.start()
        os.environ.update(
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY="bench",
            AWS_DEFAULT_REGION="eu-west-1",
            AWS_ENDPOINT_URL=server.url,
        )
        print("DynamoDB (moto server over HTTP; medians of", args.dynamodb_repeat, "runs)")
        try:
            for booked_up, name in SCENARIOS:
                for size in args.sizes:
                    store = dynamodb_store(doctors(size), user, booked_up)
                    chosen = dict(runs)
                    if size != min(args.sizes):
                        # Minutes each on moto: the list alone is timed at the larger sizes.
                        del chosen["log-in + list"]
                        if not args.dynamodb_before_at_every_size:
                            del chosen["before"]
                    rows += measure(
                        f"dynamodb{name}", size, store, args.dynamodb_repeat, chosen, api_counted
                    )
        finally:
            server.stop()
    table(rows)
    if filtering:
        print(
            "\nfilter, median keystroke: "
            + ", ".join(f"{ms:.2f} ms at {size:,} doctors" for size, ms in filtering.items())
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
