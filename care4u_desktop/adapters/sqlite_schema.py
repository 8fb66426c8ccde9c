"""The embedded store's schema, as an ordered list of migrations.

``PRAGMA user_version`` records how many have run; a newer release appends a step and
older files are brought forward in place, keeping their data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

MIGRATIONS: list[str] = [
    # 1: the first release.
    """
    CREATE TABLE users (
        user_id       TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        email         TEXT NOT NULL UNIQUE,
        phone         TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL DEFAULT 'patient'
                      CHECK (role IN ('patient', 'staff', 'admin')),
        created_at    TEXT NOT NULL DEFAULT '',
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until  TEXT
    );
    CREATE TABLE doctors (
        doctor_id       TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        specialization  TEXT NOT NULL,
        available_slots TEXT NOT NULL,          -- JSON list of "HH:MM"
        working_days    TEXT NOT NULL DEFAULT '[]'  -- JSON list of ISO weekdays
    );
    CREATE TABLE appointments (
        appointment_id TEXT PRIMARY KEY,
        user_id        TEXT NOT NULL REFERENCES users(user_id),
        doctor_id      TEXT NOT NULL REFERENCES doctors(doctor_id),
        date           TEXT NOT NULL,
        time           TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
        created_at     TEXT NOT NULL,
        cancelled_at   TEXT,
        doctor_name    TEXT NOT NULL DEFAULT '',
        specialization TEXT NOT NULL DEFAULT ''
    );
    -- The double-booking rules live here, so they hold under any concurrency.
    CREATE UNIQUE INDEX one_booking_per_slot
        ON appointments (doctor_id, date, time) WHERE status = 'booked';
    CREATE UNIQUE INDEX one_booking_per_patient_time
        ON appointments (user_id, date, time) WHERE status = 'booked';
    CREATE INDEX appointments_by_user ON appointments (user_id, date, time);
    CREATE TABLE notifications (
        notification_id TEXT PRIMARY KEY,
        appointment_id  TEXT NOT NULL,
        recipient       TEXT NOT NULL,
        event           TEXT NOT NULL,
        subject         TEXT NOT NULL,
        body            TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        sent_at         TEXT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT
    );
    CREATE INDEX notifications_pending ON notifications (created_at) WHERE sent_at IS NULL;
    """,
    # 2: staff desk. Check-in and no-show statuses (they keep the slot taken), doctors'
    # days off, patient search by phone. SQLite cannot alter a CHECK constraint, so the
    # appointments table is rebuilt; every row is copied across.
    """
    CREATE TABLE appointments_v2 (
        appointment_id TEXT PRIMARY KEY,
        user_id        TEXT NOT NULL REFERENCES users(user_id),
        doctor_id      TEXT NOT NULL REFERENCES doctors(doctor_id),
        date           TEXT NOT NULL,
        time           TEXT NOT NULL,
        status         TEXT NOT NULL
                       CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
        created_at     TEXT NOT NULL,
        cancelled_at   TEXT,
        doctor_name    TEXT NOT NULL DEFAULT '',
        specialization TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO appointments_v2 SELECT * FROM appointments;
    DROP TABLE appointments;
    ALTER TABLE appointments_v2 RENAME TO appointments;
    CREATE UNIQUE INDEX one_booking_per_slot
        ON appointments (doctor_id, date, time) WHERE status <> 'cancelled';
    CREATE UNIQUE INDEX one_booking_per_patient_time
        ON appointments (user_id, date, time) WHERE status <> 'cancelled';
    CREATE INDEX appointments_by_user ON appointments (user_id, date, time);
    ALTER TABLE doctors ADD COLUMN days_off TEXT NOT NULL DEFAULT '[]';
    CREATE INDEX users_by_phone ON users (phone);
    """,
    # 3: log-in attempts counted per email, known or not, so an unknown email is refused
    # in the same words after as many tries (see SQLiteStore.claim_login_attempt). Times
    # are Unix seconds. The users' own failed_logins/locked_until are no longer used; a
    # count or lock they hold is carried over (5 is the attempt limit these were kept for).
    """
    CREATE TABLE login_attempts (
        email      TEXT PRIMARY KEY,
        attempts   INTEGER NOT NULL,
        lock_ends  INTEGER,
        expires_at INTEGER NOT NULL
    );
    CREATE INDEX login_attempts_by_expiry ON login_attempts (expires_at);
    INSERT INTO login_attempts (email, attempts, lock_ends, expires_at)
        SELECT email,
               CASE WHEN locked_until IS NULL THEN failed_logins ELSE 5 END,
               CAST(strftime('%s', locked_until) AS INTEGER),
               MAX(CAST(strftime('%s', 'now') AS INTEGER),
                   COALESCE(CAST(strftime('%s', locked_until) AS INTEGER), 0)) + 86400
        FROM users WHERE failed_logins > 0 OR locked_until IS NOT NULL;
    """,
    # 4: care4u-server. Enrolled devices, their people's sessions (Unix seconds), the rate
    # limits' request counts per fixed window, and the audit trail. Sessions name their
    # device and user without a foreign key: a session outlives neither in practice, and
    # every store answers the same for one whose device is gone (the server refuses it).
    # An audit entry's user is its actor or its target (``user_id`` among its targets):
    # one index each, so ``care4u-admin audit --user`` reads both without a scan.
    """
    CREATE TABLE devices (
        device_id  TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('kiosk', 'desk')),
        token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE TABLE sessions (
        session_id  TEXT PRIMARY KEY,
        token_hash  TEXT NOT NULL,
        user_id     TEXT NOT NULL,
        device_id   TEXT NOT NULL,
        created_s   INTEGER NOT NULL,
        last_seen_s INTEGER NOT NULL,
        idle_s      INTEGER NOT NULL,
        expires_s   INTEGER NOT NULL
    );
    CREATE INDEX sessions_by_expiry ON sessions (expires_s);
    CREATE TABLE request_counts (
        key          TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        forget_at    INTEGER NOT NULL,
        PRIMARY KEY (key, window_start)
    ) WITHOUT ROWID;
    CREATE INDEX request_counts_by_expiry ON request_counts (forget_at);
    CREATE TABLE audit (
        entry_id       TEXT PRIMARY KEY,
        at             TEXT NOT NULL,
        action         TEXT NOT NULL,
        device_id      TEXT NOT NULL,
        actor_user_id  TEXT NOT NULL,
        target_user_id TEXT NOT NULL,
        targets        TEXT NOT NULL,           -- JSON list of [kind, id]
        outcome        TEXT NOT NULL
    );
    CREATE INDEX audit_by_time ON audit (at, entry_id);
    CREATE INDEX audit_by_actor ON audit (actor_user_id, at, entry_id);
    CREATE INDEX audit_by_target_user ON audit (target_user_id, at, entry_id);
    """,
    # 5: an index for every query (tests/integration/test_sqlite_query_plans.py). The
    # rules' indexes are partial (a cancelled booking frees its slot), so SQLite can use
    # them only for a query that says ``status <> 'cancelled'``: the desk's day, which shows
    # cancelled bookings too, read the whole table. Lists come in their index's order, not
    # sorted whole; a session's idle end has its expression index so the clean-up's OR is
    # two searches; a phone's patients come by name from their index.
    """
    CREATE INDEX appointments_by_doctor_day ON appointments (doctor_id, date, time);
    CREATE INDEX notifications_by_time ON notifications (created_at);
    CREATE INDEX doctors_by_name ON doctors (name);
    CREATE INDEX devices_by_enrolment ON devices (created_at, device_id);
    CREATE INDEX sessions_by_idle_end ON sessions (last_seen_s + idle_s);
    DROP INDEX users_by_phone;
    CREATE INDEX users_by_phone ON users (phone, name);
    """,
    # 6: the patient's doctor list reads every doctor's taken times over a few days in one
    # query (``all_booked_times_between``): without doctor_id it needs an index leading on
    # the date. Partial like the rules' (only what holds a slot) and covering, so the read
    # touches only the days asked for, never the history.
    """
    CREATE INDEX appointments_held_by_day ON appointments (date, doctor_id, time)
        WHERE status <> 'cancelled';
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE (the write lock, taken now) ... COMMIT, or ROLLBACK on any error.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file up to ``SCHEMA_VERSION``; returns the version it started at.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Several processes may
    open a new file at once, so the version is read again under the write lock: only the
    first one migrates, the others find the work done.
    """
    if _version(conn) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    with write_transaction(conn):
        start = _version(conn)
        for version in range(start, SCHEMA_VERSION):
            # Not executescript: it would commit first and give up the lock.
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        if _has_statistics(conn):
            # The store never runs ANALYZE, but someone may have: statistics of the old
            # indexes only would make the planner prefer them to the new ones it has none
            # for (tests/integration/test_sqlite_query_plans.py, "analyzed").
            conn.execute("ANALYZE")
    return start


def _has_statistics(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).fetchone()
        is not None
    )


class SchemaTooNew(RuntimeError):
    """The file was written by a newer release (``version`` is its schema)."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(
            f"This data file was written by a newer Care4U (schema {version}); please upgrade."
        )


def _version(conn: sqlite3.Connection) -> int:
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(int(version))
    return int(version)


def _statements(script: str) -> list[str]:
    """Split a migration into single statements (SQLite's own tokenizer finds the ends)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    if any(line.strip() and not line.strip().startswith("--") for line in pending.splitlines()):
        raise ValueError(f"Unterminated statement in a migration: {pending.strip()[:60]!r}")
    return statements
