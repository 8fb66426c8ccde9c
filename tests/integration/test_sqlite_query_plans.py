"""Every statement the SQLite store runs reads an index, not the whole table (issue 14).

The statements are not listed here by hand: a store whose connections record what they
execute (``sqlite3``'s trace callback, parameters bound in) is driven through every public
method, and each recorded statement is asked for its ``EXPLAIN QUERY PLAN`` on the same file.
A method added to the store without an entry in ``EXERCISES`` fails
``test_every_store_method_is_exercised``, so a new query cannot escape the check.

The file is filled first (thousands of appointments, notifications, audit entries) with the
mix of statuses a hospital has. The store runs no ANALYZE, so SQLite plans without
``sqlite_stat1`` and the plan does not depend on the row counts; the second run of each
check ANALYZEs the filled file, so the plans also hold where statistics exist.
"""

from __future__ import annotations

import contextlib
import inspect
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from care4u_desktop.adapters import sqlite_schema
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.models import (
    Appointment,
    AppointmentStatus,
    AuditEntry,
    Device,
    DeviceKind,
    DeviceSession,
    Doctor,
    Notification,
    NotificationEvent,
)
from care4u_desktop.services.ports import AttemptLimit
from tests.fakes import make_user

DOCTORS = 30
DAYS = 40
SLOTS = ("08:00", "09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00")
USERS = 1_000
FIRST_DAY = 1  # 2030-01-01 onwards
#: Schema 4, the one on main when these indexes were added: files of it must be migrated.
CURRENT_MAIN_SCHEMA = 4

#: The scans that are the answer itself, by the method that runs them: everything else must
#: SEARCH, and nothing may be sorted in a temporary b-tree. Each of these reads only rows it
#: returns (or, with LIMIT, stops at the limit).
ALLOWED_SCANS: dict[str, str] = {
    # Every doctor is the answer, read in name order (no sort of the whole table).
    "list_doctors": r"SCAN doctors USING INDEX doctors_by_name",
    # Every device is the answer (a hospital enrols tens), in enrolment order.
    "list_devices": r"SCAN devices USING INDEX devices_by_enrolment",
    # The latest ``limit`` notifications, walked newest first and stopped at the limit.
    "all_notifications": r"SCAN notifications USING INDEX notifications_by_time",
    # The partial index holds the unsent notifications only: each row walked is an answer.
    "pending_notifications": r"SCAN notifications USING INDEX notifications_pending",
    # Seeding asks whether there is any doctor at all: LIMIT 1 stops at the first row.
    "open": r"SCAN doctors( USING COVERING INDEX \w+)?",
}
#: SQLite's catalogue (a row per table and index): it reads it whole to prepare anything.
CATALOGUE = re.compile(r"SCAN (sqlite_schema|sqlite_master)\b")


@dataclass
class Filled:
    """Ids in the filled file, for realistic parameters."""

    doctor_id: str
    busy_day: str
    free_slot: tuple[str, str]
    patient_id: str
    patient_email: str
    booked_ids: list[str]
    pending_notification_id: str
    device_id: str
    session_id: str


class TracedStore(SQLiteStore):
    """The real store; its connections also record each statement they run."""

    def __init__(self, path: Path, initial_doctors: Callable[[], list[Doctor]]) -> None:
        super().__init__(path, initial_doctors=initial_doctors)
        self.statements: list[str] = []

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with super()._connection() as conn:
            conn.set_trace_callback(self.statements.append)
            yield conn


def day(n: int) -> str:
    return f"2030-01-{n:02d}" if n <= 31 else f"2030-02-{n - 31:02d}"


def fill(path: Path) -> Filled:
    """Thousands of rows of each kind, written straight into the file in one transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO users (user_id, name, email, phone, password_hash, role, created_at)"
        " VALUES (?, ?, ?, ?, 'pbkdf2:sha256:1$x$y', ?, '2029-12-01T09:00:00+01:00')",
        [
            (f"u{n}", f"Patient {n}", f"p{n}@example.com", f"+1555{n:07d}", "patient")
            for n in range(USERS)
        ],
    )
    conn.executemany(
        "INSERT INTO doctors (doctor_id, name, specialization, available_slots, working_days)"
        " VALUES (?, ?, 'Cardiology', ?, '[1,2,3,4,5,6,7]')",
        [
            (f"doc-{n:03d}", f"Doctor {n:03d}", str(list(SLOTS)).replace("'", '"'))
            for n in range(DOCTORS)
        ],
    )
    appointments: list[tuple[str, ...]] = []
    notifications: list[tuple[str | None, ...]] = []
    statuses = ("booked",) * 6 + ("cancelled", "checked_in", "no_show")
    for d in range(DOCTORS):
        for n in range(FIRST_DAY, FIRST_DAY + DAYS):
            for s, slot in enumerate(SLOTS):
                k = len(appointments)
                if (d + n + s) % 5 == 0:  # a fifth of the slots stay free
                    continue
                appointment_id = f"A{k:06d}"
                status = statuses[k % len(statuses)]
                appointments.append(
                    (
                        appointment_id,
                        f"u{(k * 7) % USERS}",
                        f"doc-{d:03d}",
                        day(n),
                        slot,
                        status,
                        f"2029-12-{1 + k % 28:02d}T10:00:00+01:00",
                        f"Doctor {d:03d}",
                    )
                )
                notifications.append(
                    (
                        f"N{k:06d}",
                        appointment_id,
                        f"p{(k * 7) % USERS}@example.com",
                        f"2029-12-{1 + k % 28:02d}T10:00:{k % 60:02d}+01:00",
                        None if k % 50 == 0 else "2029-12-29T10:00:00+01:00",
                    )
                )
    conn.executemany(
        "INSERT INTO appointments (appointment_id, user_id, doctor_id, date, time, status,"
        " created_at, doctor_name, specialization) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Cardiology')",
        appointments,
    )
    conn.executemany(
        "INSERT INTO notifications (notification_id, appointment_id, recipient, event, subject,"
        " body, created_at, sent_at) VALUES (?, ?, ?, 'booked', 'Booked', 'Booked', ?, ?)",
        notifications,
    )
    conn.executemany(
        "INSERT INTO devices (device_id, name, kind, token_hash, created_at) VALUES"
        " (?, ?, 'kiosk', 'ab', ?)",
        [(f"d{n}", f"Kiosk {n}", f"2029-11-{1 + n:02d}T09:00:00+01:00") for n in range(20)],
    )
    conn.executemany(
        "INSERT INTO sessions VALUES (?, 'ab', ?, 'd1', ?, ?, 600, ?)",
        [(f"s{n}", f"u{n}", 1_000 + n, 1_000 + n, 30_000 + n) for n in range(500)],
    )
    conn.executemany(
        "INSERT INTO request_counts VALUES (?, ?, 3, ?)",
        [(f"device:d{n % 20}", 60 * (n // 20), 60 * (n // 20) + 120) for n in range(500)],
    )
    conn.executemany(
        "INSERT INTO login_attempts VALUES (?, 2, NULL, ?)",
        [(f"p{n}@example.com", 10_000 + n) for n in range(300)],
    )
    conn.executemany(
        "INSERT INTO audit VALUES (?, ?, 'booked', 'd1', ?, ?, '[]', 'ok')",
        [
            (
                f"e{n:05d}",
                f"2029-12-{1 + n % 28:02d}T09:{n % 60:02d}:00+01:00",
                f"u{n % USERS}",
                f"u{(n * 3) % USERS}",
            )
            for n in range(5_000)
        ],
    )
    conn.execute("COMMIT")
    conn.close()
    booked = [a[0] for a in appointments if a[5] == "booked" and a[2] == "doc-000"]
    free = next(
        (day(n), slot)
        for n in range(FIRST_DAY, FIRST_DAY + DAYS)
        for s, slot in enumerate(SLOTS)
        if (0 + n + s) % 5 == 0
    )
    return Filled(
        doctor_id="doc-000",
        busy_day=day(10),
        free_slot=free,
        patient_id="u7",
        patient_email="p7@example.com",
        booked_ids=booked,
        pending_notification_id="N000050",
        device_id="d3",
        session_id="s10",
    )


def doctor(n: int) -> Doctor:
    return Doctor(f"doc-{n:03d}", f"Doctor {n:03d}", "Cardiology", SLOTS, (1, 2, 3, 4, 5))


LIMIT = AttemptLimit(attempts=5, lock_s=900, forget_s=86_400)


def _book(store: SQLiteStore, f: Filled) -> None:
    when, slot = f.free_slot
    appointment = Appointment(
        "A-new",
        f.patient_id,
        f.doctor_id,
        when,
        slot,
        AppointmentStatus.BOOKED,
        "2029-12-30T10:00:00+01:00",
        "Doctor 000",
        "Cardiology",
    )
    store.book(appointment, _note("A-new", NotificationEvent.BOOKED))


def _note(appointment_id: str, event: NotificationEvent) -> Notification:
    return Notification(
        f"N-{appointment_id}-{event.value}",
        appointment_id,
        "p7@example.com",
        event,
        "Subject",
        "Body",
        "2029-12-30T10:00:00+01:00",
    )


#: Each public method of the store, called as the services call it.
EXERCISES: dict[str, Callable[[SQLiteStore, Filled], object]] = {
    "open": lambda s, f: s.open(),
    "add_user": lambda s, f: s.add_user(make_user("new@example.com")),
    "get_user": lambda s, f: s.get_user(f.patient_id),
    "get_users": lambda s, f: s.get_users([f.patient_id, "nobody"]),
    "find_user_by_email": lambda s, f: s.find_user_by_email(f.patient_email),
    "find_users_by_phone": lambda s, f: s.find_users_by_phone("+15550000007"),
    "replace_password_hash": lambda s, f: s.replace_password_hash(
        f.patient_id, "pbkdf2:sha256:1$x$y", "pbkdf2:sha256:2$x$z"
    ),
    "claim_login_attempt": lambda s, f: s.claim_login_attempt(f.patient_email, 10_100, LIMIT),
    "clear_login_attempts": lambda s, f: s.clear_login_attempts(f.patient_email),
    "list_doctors": lambda s, f: s.list_doctors(),
    "get_doctor": lambda s, f: s.get_doctor(f.doctor_id),
    "put_doctor": lambda s, f: s.put_doctor(doctor(1)),
    "put_doctors": lambda s, f: s.put_doctors([doctor(2), doctor(3)]),
    "booked_times": lambda s, f: s.booked_times(f.doctor_id, f.busy_day),
    "booked_times_between": lambda s, f: s.booked_times_between(
        [f"doc-{n:03d}" for n in range(DOCTORS)], day(5), day(19)
    ),
    "all_booked_times_between": lambda s, f: s.all_booked_times_between(day(5), day(6)),
    "all_booked_ahead_between": lambda s, f: s.all_booked_ahead_between(day(7), day(20)),
    "book": _book,
    "cancel": lambda s, f: s.cancel(
        f.booked_ids[0],
        "2029-12-30T11:00:00+01:00",
        _note(f.booked_ids[0], NotificationEvent.CANCELLED),
    ),
    "set_appointment_status": lambda s, f: s.set_appointment_status(
        f.booked_ids[1], AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN
    ),
    "get_appointment": lambda s, f: s.get_appointment(f.booked_ids[2]),
    "appointments_for_user": lambda s, f: s.appointments_for_user(f.patient_id),
    "appointments_for_doctor_day": lambda s, f: s.appointments_for_doctor_day(
        f.doctor_id, f.busy_day
    ),
    "pending_notifications": lambda s, f: s.pending_notifications(100),
    "all_notifications": lambda s, f: s.all_notifications(500),
    "mark_notification_sent": lambda s, f: s.mark_notification_sent(
        f.pending_notification_id, "2029-12-30T10:00:01+01:00"
    ),
    "mark_notification_failed": lambda s, f: s.mark_notification_failed(
        f.pending_notification_id, "SNS said no"
    ),
    "add_device": lambda s, f: s.add_device(
        Device("d-new", "Lobby", DeviceKind.KIOSK, "ab" * 32, "2029-12-30T09:00:00+01:00")
    ),
    "get_device": lambda s, f: s.get_device(f.device_id),
    "list_devices": lambda s, f: s.list_devices(),
    "revoke_device": lambda s, f: s.revoke_device(f.device_id, "2029-12-30T09:00:00+01:00"),
    "add_session": lambda s, f: s.add_session(
        DeviceSession("s-new", "ab" * 32, "u1", "d1", 2_000, 2_000, 600, 30_000)
    ),
    "get_session": lambda s, f: s.get_session(f.session_id),
    "touch_session": lambda s, f: s.touch_session(f.session_id, 2_100),
    "delete_session": lambda s, f: s.delete_session(f.session_id),
    "claim_request": lambda s, f: s.claim_request("device:d1", 6_000, 60, 120),
    "append_audit": lambda s, f: s.append_audit(
        AuditEntry("e-new", "2029-12-30T09:00:00+01:00", "booked", "d1", "u1", (("user_id", "u7"),))
    ),
    "audit_entries": lambda s, f: (
        s.audit_entries(since="2029-12-20", limit=100),
        s.audit_entries(user_id="u7", limit=100),
    ),
}

READS_AND_WRITES = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH)\b", re.I)


def store_methods() -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(SQLiteStore, inspect.isfunction)
        if not name.startswith("_")
    }


def test_every_store_method_is_exercised() -> None:
    assert store_methods() == set(EXERCISES), "add the new method to EXERCISES"


def current_main_file(path: Path) -> None:
    """A file as the release on main writes it (schema 4), before any of its rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        "".join(sqlite_schema.MIGRATIONS[:CURRENT_MAIN_SCHEMA])
        + f"\nPRAGMA user_version = {CURRENT_MAIN_SCHEMA};"
    )
    conn.close()


def plans(path: Path, statements: list[str]) -> Iterator[tuple[str, list[str]]]:
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            if READS_AND_WRITES.match(sql):
                yield sql, [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    finally:
        conn.close()


def problems(method: str, plan: list[str]) -> list[str]:
    """The plan's lines that read a whole table (or sort one) the method has no need to."""
    allowed = ALLOWED_SCANS.get(method)
    return [
        line
        for line in plan
        if (
            line.startswith("SCAN ")
            and not (allowed and re.fullmatch(allowed, line))
            and not CATALOGUE.match(line)
        )
        or "TEMP B-TREE" in line
    ]


@pytest.mark.parametrize("analyzed", [False, True], ids=["no-statistics", "analyzed"])
@pytest.mark.parametrize("origin", ["migrated-from-main", "new-file"])
def test_every_statement_the_store_runs_searches_an_index(
    tmp_path: Path, origin: str, analyzed: bool
) -> None:
    path = tmp_path / "care4u.sqlite3"
    if origin == "migrated-from-main":
        current_main_file(path)  # filled as main's schema, then opened by this release
    else:
        SQLiteStore(path).open()
    filled = fill(path)
    if analyzed:
        conn = sqlite3.connect(path)
        conn.execute("ANALYZE")
        conn.close()
    # initial_doctors: so that open() also runs the seeding's check, as the kiosk's does.
    store = TracedStore(path, initial_doctors=lambda: [doctor(99)])

    report: list[str] = []
    ran = 0
    for method, exercise in EXERCISES.items():
        store.statements.clear()
        exercise(store, filled)
        for sql, plan in plans(path, store.statements):
            ran += 1
            bad = problems(method, plan)
            if bad:
                report.append(f"{method}: {' '.join(sql.split())}\n    plan: {' | '.join(plan)}")
    print(f"\n{ran} statements planned ({origin}, {'analyzed' if analyzed else 'no statistics'})")
    assert ran >= len(EXERCISES)
    assert not report, "statements that read a whole table:\n" + "\n".join(report)
