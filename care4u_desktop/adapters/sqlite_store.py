"""The embedded store: one SQLite file, WAL, foreign keys, rules enforced by indexes."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..domain.errors import (
    AlreadyCancelled,
    AppointmentNotFound,
    EmailAlreadyRegistered,
    PatientAlreadyBooked,
    ServiceUnavailable,
    SlotTaken,
    StatusChangeRefused,
)
from ..domain.models import (
    Appointment,
    AppointmentStatus,
    Doctor,
    Notification,
    NotificationEvent,
    Role,
    User,
)
from ..private_files import UnsafeFile, private_database, private_dir
from ..services.ports import AttemptLimit, check_doctor_batch
from .sqlite_access import SQLiteAccessRecords
from .sqlite_schema import SchemaTooNew, migrate, write_transaction

DB_FILENAME = "care4u.sqlite3"


class SQLiteStore(SQLiteAccessRecords):
    """The file is opened (created, migrated, seeded) by the first call, not by the
    constructor: the kiosk builds its services and paints its first screen without
    touching the disk, and the first call is made on a worker thread. ``open()`` does it
    at once, for callers that want a missing or broken file reported straight away.
    """

    def __init__(
        self,
        path: Path,
        busy_timeout_s: float = 10.0,
        *,
        initial_doctors: Callable[[], Iterable[Doctor]] | None = None,
    ) -> None:
        self.path = Path(path)
        self._timeout = busy_timeout_s
        #: Put into the doctors table when it is empty at opening (the demo doctors).
        self._initial_doctors = initial_doctors
        self._opened = False
        self._open_lock = threading.Lock()

    def open(self) -> None:
        """Create or migrate the file and seed an empty one; once per store, thread-safe.

        Raises ServiceUnavailable (nothing changed) when the file cannot be used; the next
        call tries again.
        """
        if self._opened:
            return
        with self._open_lock:
            if self._opened:
                return
            # Names, emails and password hashes: for this OS user only (0700, 0600).
            try:
                private_dir(self.path.parent)
            except OSError as exc:
                raise ServiceUnavailable(
                    "data_dir_unusable",
                    path=str(self.path.parent),
                    reason=str(exc.strerror or exc),
                ) from exc
            try:
                private_database(self.path)
            except UnsafeFile as exc:  # a link planted in a shared folder: named, not used
                raise ServiceUnavailable(
                    "data_dir_unusable", path=str(self.path.parent), reason=str(exc.strerror)
                ) from None  # the reason says it all; care4u-admin would repeat it
            except OSError as exc:  # a folder of that name, a read-only file...
                raise ServiceUnavailable() from exc
            with self._connection() as conn:
                _enable_wal(conn, self._timeout)
                try:
                    migrate(conn)
                except SchemaTooNew as exc:  # a file from a newer release: said plainly
                    raise ServiceUnavailable("store_too_new", version=exc.version) from exc
                if self._initial_doctors is not None:
                    _seed_if_empty(conn, self._initial_doctors)
            self._opened = True

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.open()
        with self._connection() as conn:
            yield conn

    # A connection per call: calls come from worker threads, and sqlite3 connections
    # must not be shared between threads. Opening one is far cheaper than the I/O it does.
    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise ServiceUnavailable() from exc
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise ServiceUnavailable() from exc
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn, write_transaction(conn):
            yield conn

    # -- users -----------------------------------------------------------------------------
    def add_user(self, user: User) -> None:
        try:
            with self._transaction() as conn:
                conn.execute(
                    "INSERT INTO users (user_id, name, email, phone, password_hash, role,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        user.user_id,
                        user.name,
                        user.email,
                        user.phone,
                        user.password_hash,
                        user.role.value,
                        user.created_at,
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise EmailAlreadyRegistered() from exc

    def get_user(self, user_id: str) -> User | None:
        return self._one_user("SELECT * FROM users WHERE user_id = ?", user_id)

    def get_users(self, user_ids: Sequence[str]) -> dict[str, User]:
        wanted = list(dict.fromkeys(user_ids))
        found: dict[str, User] = {}
        with self._connect() as conn:
            # In slices: a statement takes a bounded number of parameters.
            for start in range(0, len(wanted), _IN_SLICE):
                ids = wanted[start : start + _IN_SLICE]
                marks = ", ".join("?" for _ in ids)
                rows = conn.execute(f"SELECT * FROM users WHERE user_id IN ({marks})", ids)
                found.update((user.user_id, user) for user in map(_user, rows))
        return found

    def find_user_by_email(self, email: str) -> User | None:
        return self._one_user("SELECT * FROM users WHERE email = ?", email)

    def find_users_by_phone(self, phone: str) -> list[User]:
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM users WHERE phone = ? ORDER BY name", (phone,))
            return [_user(r) for r in rows]

    def _one_user(self, sql: str, arg: str) -> User | None:
        with self._connect() as conn:
            row = conn.execute(sql, (arg,)).fetchone()
        return None if row is None else _user(row)

    def replace_password_hash(self, user_id: str, old_hash: str, new_hash: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE user_id = ? AND password_hash = ?",
                (new_hash, user_id, old_hash),
            )

    # -- log-in attempts -------------------------------------------------------------------
    def claim_login_attempt(self, email: str, now_s: int, limit: AttemptLimit) -> int | None:
        # One statement decides and writes, so concurrent claims (threads or processes)
        # are counted one after another and no more than ``limit.attempts`` are granted.
        # A row whose lock ended, or that expired, starts again at 1 ("fresh").
        with self._transaction() as conn:
            conn.execute("DELETE FROM login_attempts WHERE expires_at <= ?", (now_s,))
            row = conn.execute(
                "INSERT INTO login_attempts (email, attempts, lock_ends, expires_at)"
                " VALUES (:email, 1, NULL, :expires)"
                " ON CONFLICT (email) DO UPDATE SET"
                "  attempts = CASE WHEN lock_ends <= :now THEN 1 ELSE attempts + 1 END,"
                "  lock_ends = CASE WHEN lock_ends IS NULL AND attempts + 1 >= :limit"
                "   THEN :lock_ends END,"
                "  expires_at = :expires"
                " WHERE lock_ends <= :now OR (lock_ends IS NULL AND attempts < :limit)"
                " RETURNING attempts",
                {
                    "email": email,
                    "now": now_s,
                    "limit": limit.attempts,
                    "lock_ends": now_s + limit.lock_s,
                    "expires": now_s + limit.forget_s,
                },
            ).fetchone()
        return None if row is None else int(row["attempts"])

    def clear_login_attempts(self, email: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM login_attempts WHERE email = ?", (email,))

    # -- doctors ---------------------------------------------------------------------------
    def list_doctors(self) -> list[Doctor]:
        with self._connect() as conn:
            return [_doctor(r) for r in conn.execute("SELECT * FROM doctors ORDER BY name")]

    def get_doctor(self, doctor_id: str) -> Doctor | None:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM doctors WHERE doctor_id = ?", (doctor_id,)).fetchone()
        return None if row is None else _doctor(row)

    def put_doctor(self, doctor: Doctor) -> None:
        self.put_doctors([doctor])

    def put_doctors(self, doctors: Sequence[Doctor]) -> None:
        """Insert or replace several doctors in one transaction: all of them or none."""
        check_doctor_batch(doctors)
        with self._transaction() as conn:
            _upsert_doctors(conn, doctors)

    # -- appointments ----------------------------------------------------------------------
    def booked_times(self, doctor_id: str, day: str) -> set[str]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT time FROM appointments"
                " WHERE doctor_id = ? AND date = ? AND status <> 'cancelled'",
                (doctor_id, day),
            )
            return {r["time"] for r in rows}

    def booked_times_between(
        self, doctor_ids: Sequence[str], first_day: str, last_day: str
    ) -> set[tuple[str, str, str]]:
        if not doctor_ids:
            return set()
        marks = ", ".join("?" for _ in doctor_ids)
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT doctor_id, date, time FROM appointments"
                f" WHERE doctor_id IN ({marks}) AND date BETWEEN ? AND ?"
                " AND status <> 'cancelled'",
                (*doctor_ids, first_day, last_day),
            )
            return {(r["doctor_id"], r["date"], r["time"]) for r in rows}

    def all_booked_times_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        return self._held_between(first_day, last_day, "")

    def all_booked_ahead_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        return self._held_between(first_day, last_day, " AND status = 'booked'")

    def _held_between(self, first_day: str, last_day: str, also: str) -> set[tuple[str, str, str]]:
        # One read of index appointments_held_by_day (schema 6): only these days' entries;
        # "<> 'cancelled'" stays even with ``also``: it is what lets the planner use that
        # partial index, which "= 'booked'" alone does not imply. Plain tuples, not
        # sqlite3.Row: thousands of rows at a big hospital's log-in.
        with self._connect() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None
            rows = cursor.execute(
                "SELECT doctor_id, date, time FROM appointments"
                " WHERE date BETWEEN ? AND ? AND status <> 'cancelled'" + also,
                (first_day, last_day),
            )
            return set(rows)

    def book(self, appointment: Appointment, notification: Notification) -> None:
        try:
            with self._transaction() as conn:
                conn.execute(
                    "INSERT INTO appointments (appointment_id, user_id, doctor_id, date, time,"
                    " status, created_at, doctor_name, specialization)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        appointment.appointment_id,
                        appointment.user_id,
                        appointment.doctor_id,
                        appointment.date,
                        appointment.time,
                        appointment.status.value,
                        appointment.created_at,
                        appointment.doctor_name,
                        appointment.specialization,
                    ),
                )
                _insert_notification(conn, notification)
        except sqlite3.IntegrityError as exc:
            # The message names the index's columns; user_id means the patient's own clash.
            if "appointments.user_id" in str(exc):
                raise PatientAlreadyBooked() from exc
            if "appointments.doctor_id" in str(exc):
                raise SlotTaken() from exc
            raise ServiceUnavailable() from exc

    def cancel(
        self, appointment_id: str, cancelled_at: str, notification: Notification
    ) -> Appointment:
        with self._transaction() as conn:
            row = _existing_appointment(conn, appointment_id)
            if row["status"] == AppointmentStatus.CANCELLED.value:
                raise AlreadyCancelled()
            if row["status"] != AppointmentStatus.BOOKED.value:
                raise StatusChangeRefused()
            conn.execute(
                "UPDATE appointments SET status = 'cancelled', cancelled_at = ?"
                " WHERE appointment_id = ? AND status = 'booked'",
                (cancelled_at, appointment_id),
            )
            _insert_notification(conn, notification)
        return _appointment({**dict(row), "status": AppointmentStatus.CANCELLED.value})

    def set_appointment_status(
        self, appointment_id: str, expected: AppointmentStatus, new: AppointmentStatus
    ) -> Appointment:
        with self._transaction() as conn:
            row = _existing_appointment(conn, appointment_id)
            if row["status"] != expected.value:
                raise StatusChangeRefused()
            conn.execute(
                "UPDATE appointments SET status = ? WHERE appointment_id = ? AND status = ?",
                (new.value, appointment_id, expected.value),
            )
        return _appointment({**dict(row), "status": new.value})

    def get_appointment(self, appointment_id: str) -> Appointment | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM appointments WHERE appointment_id = ?", (appointment_id,)
            ).fetchone()
        return None if row is None else _appointment(dict(row))

    def appointments_for_user(self, user_id: str) -> list[Appointment]:
        return self._appointments("user_id = ?", user_id)

    def appointments_for_doctor_day(self, doctor_id: str, day: str) -> list[Appointment]:
        return self._appointments("doctor_id = ? AND date = ?", doctor_id, day)

    def _appointments(self, where: str, *args: str) -> list[Appointment]:
        # Plain tuples in the fields' order, not sqlite3.Row made into a dict: a patient's
        # history or a desk's day of 1,000 rows read in half the time.
        with self._connect() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None
            rows = cursor.execute(
                f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE {where}"
                " ORDER BY date, time",
                args,
            )
            status = _STATUSES.__getitem__
            return [
                Appointment(a, u, d, day, hhmm, status(state), made, name, spec)
                for a, u, d, day, hhmm, state, made, name, spec in rows
            ]

    # -- notifications ---------------------------------------------------------------------
    def pending_notifications(self, limit: int = 100) -> list[Notification]:
        return self._notifications("WHERE sent_at IS NULL ORDER BY created_at", limit)

    def all_notifications(self, limit: int = 500) -> list[Notification]:
        return self._notifications("ORDER BY created_at DESC", limit)

    def _notifications(self, clause: str, limit: int) -> list[Notification]:
        with self._connect() as conn:
            rows = conn.execute(f"SELECT * FROM notifications {clause} LIMIT ?", (limit,))
            return [_notification(r) for r in rows]

    def mark_notification_sent(self, notification_id: str, sent_at: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE notifications SET sent_at = ?, attempts = attempts + 1,"
                " last_error = NULL WHERE notification_id = ?",
                (sent_at, notification_id),
            )

    def mark_notification_failed(self, notification_id: str, error: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE notifications SET attempts = attempts + 1, last_error = ?"
                " WHERE notification_id = ?",
                (error[:500], notification_id),
            )


def _upsert_doctors(conn: sqlite3.Connection, doctors: Iterable[Doctor]) -> None:
    conn.executemany(
        "INSERT INTO doctors (doctor_id, name, specialization, available_slots,"
        " working_days, days_off) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (doctor_id) DO UPDATE SET name = excluded.name,"
        " specialization = excluded.specialization,"
        " available_slots = excluded.available_slots,"
        " working_days = excluded.working_days, days_off = excluded.days_off",
        [
            (
                doctor.doctor_id,
                doctor.name,
                doctor.specialization,
                json.dumps(list(doctor.available_slots)),
                json.dumps(list(doctor.working_days)),
                json.dumps(list(doctor.days_off)),
            )
            for doctor in doctors
        ],
    )


def _seed_if_empty(conn: sqlite3.Connection, doctors: Callable[[], Iterable[Doctor]]) -> None:
    """One transaction, and the emptiness is read under its write lock: when several
    kiosks open a new file at once, one seeds it and the others find the doctors there."""
    with write_transaction(conn):
        if conn.execute("SELECT 1 FROM doctors LIMIT 1").fetchone() is None:
            _upsert_doctors(conn, doctors())


def _enable_wal(conn: sqlite3.Connection, timeout_s: float) -> None:
    """Switch the file to WAL. When several processes open a new file at once, SQLite may
    refuse the switch with "database is locked" without waiting, so try again briefly."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _existing_appointment(conn: sqlite3.Connection, appointment_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM appointments WHERE appointment_id = ?", (appointment_id,)
    ).fetchone()
    if row is None:
        raise AppointmentNotFound()
    return row  # type: ignore[no-any-return]


def _insert_notification(conn: sqlite3.Connection, n: Notification) -> None:
    conn.execute(
        "INSERT INTO notifications (notification_id, appointment_id, recipient, event,"
        " subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            n.notification_id,
            n.appointment_id,
            n.recipient,
            n.event.value,
            n.subject,
            n.body,
            n.created_at,
        ),
    )


def _user(row: sqlite3.Row) -> User:
    return User(
        user_id=row["user_id"],
        name=row["name"],
        email=row["email"],
        phone=row["phone"],
        password_hash=row["password_hash"],
        role=Role(row["role"]),
        created_at=row["created_at"],
    )


def _doctor(row: sqlite3.Row) -> Doctor:
    return Doctor(
        doctor_id=row["doctor_id"],
        name=row["name"],
        specialization=row["specialization"],
        available_slots=tuple(sorted(json.loads(row["available_slots"]))),
        working_days=tuple(json.loads(row["working_days"])),
        days_off=tuple(json.loads(row["days_off"])),
    )


#: Ids per ``IN (...)``: well under SQLite's least limit on a statement's parameters (999).
_IN_SLICE = 500
#: ``Appointment``'s fields in its order (``_appointments`` builds them from plain rows).
_APPOINTMENT_COLUMNS = (
    "appointment_id, user_id, doctor_id, date, time, status, created_at, doctor_name,"
    " specialization"
)
_STATUSES = {status.value: status for status in AppointmentStatus}


def _appointment(row: dict[str, str]) -> Appointment:
    return Appointment(
        appointment_id=row["appointment_id"],
        user_id=row["user_id"],
        doctor_id=row["doctor_id"],
        date=row["date"],
        time=row["time"],
        status=AppointmentStatus(row["status"]),
        created_at=row["created_at"],
        doctor_name=row["doctor_name"],
        specialization=row["specialization"],
    )


def _notification(row: sqlite3.Row) -> Notification:
    return Notification(
        notification_id=row["notification_id"],
        appointment_id=row["appointment_id"],
        recipient=row["recipient"],
        event=NotificationEvent(row["event"]),
        subject=row["subject"],
        body=row["body"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
        attempts=row["attempts"],
        last_error=row["last_error"],
    )
