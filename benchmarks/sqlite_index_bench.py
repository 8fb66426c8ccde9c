"""The SQLite store's queries at 1,000 and at 500,000 appointments, on a file as main wrote
it (schema 4) and on the same file migrated to this release's indexes, in the same run.

    .venv/bin/python benchmarks/sqlite_index_bench.py
    .venv/bin/python benchmarks/sqlite_index_bench.py --sizes 1000 500000 --repeat 30

For each size a schema-4 file is filled (100 doctors, 8 slots a day, day after day, one in
ten bookings cancelled; 5,000 patients; one notification per booking, the latest 50
unsent) and copied. "before" reads the copy through ``SQLiteStore`` with the migration
skipped, so it runs this release's statements against main's indexes (the statements timed
here are the same on main); "after" opens the other copy normally, which migrates it (the
migration's time is printed). Each figure is the median of ``--repeat`` calls, each call
opening its connection as the store always does. The ratio is the largest size's time over
the smallest's: 1.0 is a query whose cost does not grow with the table. At the largest
size each query's ``EXPLAIN QUERY PLAN`` is printed, before and after, as the store ran it.
Not part of ``make test``; ``tests/integration/test_sqlite_query_plans.py`` is the check.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from care4u_desktop.adapters import sqlite_schema  # noqa: E402
from care4u_desktop.adapters.sqlite_store import SQLiteStore  # noqa: E402

MAIN_SCHEMA = 4
DOCTORS = 100
PATIENTS = 5_000
SLOTS = ("08:00", "09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00")
FIRST_DAY = date(2027, 1, 1)


def fill(path: Path, appointments: int) -> None:
    """A schema-4 file with ``appointments`` rows; the first day is always full."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        "".join(sqlite_schema.MIGRATIONS[:MAIN_SCHEMA]) + f"\nPRAGMA user_version = {MAIN_SCHEMA};"
    )
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO users (user_id, name, email, phone, password_hash) VALUES"
        " (?, ?, ?, ?, 'pbkdf2:sha256:1$x$y')",
        ((f"u{n}", f"Patient {n}", f"p{n}@example.com", f"+1555{n:07d}") for n in range(PATIENTS)),
    )
    slots = '["' + '", "'.join(SLOTS) + '"]'
    conn.executemany(
        "INSERT INTO doctors (doctor_id, name, specialization, available_slots, working_days)"
        " VALUES (?, ?, 'Cardiology', ?, '[1,2,3,4,5,6,7]')",
        ((f"doc-{n:03d}", f"Doctor {n:03d}", slots) for n in range(DOCTORS)),
    )

    def rows() -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        k = 0
        day = FIRST_DAY
        while k < appointments:
            for d in range(DOCTORS):
                for slot in SLOTS:
                    if k == appointments:
                        return out
                    status = "cancelled" if k % 10 == 9 else "booked"
                    created = f"{day - timedelta(days=7)}T10:{k % 60:02d}:{k % 59:02d}+01:00"
                    out.append(
                        (
                            f"A{k:07d}",
                            f"u{k % PATIENTS}",
                            f"doc-{d:03d}",
                            str(day),
                            slot,
                            status,
                            created,
                        )
                    )
                    k += 1
            day += timedelta(days=1)
        return out

    made = rows()
    conn.executemany(
        "INSERT INTO appointments (appointment_id, user_id, doctor_id, date, time, status,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        made,
    )
    conn.executemany(
        "INSERT INTO notifications (notification_id, appointment_id, recipient, event, subject,"
        " body, created_at, sent_at) VALUES (?, ?, ?, 'booked', 'Booked', 'Booked', ?, ?)",
        (
            (
                f"N{a[0][1:]}",
                a[0],
                f"p{a[1][1:]}@example.com",
                a[6],
                None if n >= len(made) - 50 else a[6],
            )
            for n, a in enumerate(made)
        ),
    )
    conn.execute("COMMIT")
    conn.close()


def as_on_main(path: Path) -> SQLiteStore:
    """The store on a schema-4 file left as it is: its migration is skipped (``open`` is
    what migrates), so every call meets main's indexes."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")  # what main's open() did besides migrating
    conn.close()
    store = SQLiteStore(path)
    store._opened = True  # the one way to keep the old file unmigrated
    return store


QUERIES: dict[str, Callable[[SQLiteStore], object]] = {
    "desk's day (appointments_for_doctor_day)": lambda s: s.appointments_for_doctor_day(
        "doc-042", str(FIRST_DAY)
    ),
    "notification list (all_notifications 500)": lambda s: s.all_notifications(500),
    "pending notifications (100)": lambda s: s.pending_notifications(100),
    "booked times of a day (booked_times)": lambda s: s.booked_times("doc-042", str(FIRST_DAY)),
    "doctor list (list_doctors)": lambda s: s.list_doctors(),
    "patients by phone (find_users_by_phone)": lambda s: s.find_users_by_phone("+15550000042"),
}


def plans(path: Path, query: Callable[[SQLiteStore], object]) -> list[str]:
    """``EXPLAIN QUERY PLAN`` of the statements ``query`` runs, as the store ran them."""
    ran: list[str] = []
    store = as_on_main(path)  # the file as it is (migrated or not); only read here
    connection = store._connection

    @contextlib.contextmanager
    def traced() -> Iterator[sqlite3.Connection]:
        with connection() as conn:
            conn.set_trace_callback(ran.append)
            yield conn

    store._connection = traced  # type: ignore[method-assign]
    query(store)
    conn = sqlite3.connect(path)
    try:
        return [
            " | ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in ran
            if sql.lstrip().upper().startswith("SELECT")
        ]
    finally:
        conn.close()


def median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # the page cache warm, as on a kiosk that has been running
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 500_000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    figures: dict[tuple[str, str, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="care4u-index-bench-") as tmp:
        for size in sizes:
            before_path = Path(tmp) / f"before-{size}.sqlite3"
            after_path = Path(tmp) / f"after-{size}.sqlite3"
            start = time.perf_counter()
            fill(before_path, size)
            shutil.copy(before_path, after_path)
            filled_s = time.perf_counter() - start
            before, after = as_on_main(before_path), SQLiteStore(after_path)
            start = time.perf_counter()
            after.open()
            migrated_s = time.perf_counter() - start
            print(
                f"{size:>9,} appointments: filled in {filled_s:.1f} s,"
                f" migrated from schema {MAIN_SCHEMA} in {migrated_s * 1000:.0f} ms"
            )
            for name, query in QUERIES.items():
                for label, store in (("before", before), ("after", after)):
                    figures[(name, label, size)] = median_ms(partial(query, store), args.repeat)
            if size == max(sizes):
                for name, query in QUERIES.items():
                    print(f"  {name}")
                    for label, path in (("before", before_path), ("after", after_path)):
                        print(f"    {label:6} {' ; '.join(plans(path, query))}")
    low, high = sizes[0], sizes[-1]
    print(f"\nmedian ms per call ({args.repeat} calls); ratio = {high:,} / {low:,}")
    header = f"{'query':44} {'':6} {f'{low:,}':>9} {f'{high:,}':>9} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for name in QUERIES:
        for label in ("before", "after"):
            a, b = figures[(name, label, low)], figures[(name, label, high)]
            shown = name if label == "before" else ""
            print(f"{shown:44} {label:6} {a:9.2f} {b:9.2f} {b / a:6.1f}x")


if __name__ == "__main__":
    main()
