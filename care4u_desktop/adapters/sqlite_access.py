"""The embedded store's server records: devices, sessions, request counts, the audit trail.

A mixin of ``SQLiteStore`` (schema 4), kept apart so the booking store stays readable; it
uses the store's own connection and transaction helpers, so the same file, locks and
``ServiceUnavailable`` mapping apply.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from ..domain.errors import DeviceNotFound, ServiceUnavailable
from ..domain.models import AuditEntry, Device, DeviceKind, DeviceSession


class SQLiteAccessRecords:
    """``DeviceStore``, ``SessionStore``, ``RequestCounter`` and ``AuditStore`` on SQLite."""

    if TYPE_CHECKING:

        def _connect(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    # -- devices ---------------------------------------------------------------------------
    def add_device(self, device: Device) -> None:
        try:
            with self._transaction() as conn:
                conn.execute(
                    "INSERT INTO devices (device_id, name, kind, token_hash, created_at,"
                    " revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        device.device_id,
                        device.name,
                        device.kind.value,
                        device.token_hash,
                        device.created_at,
                        device.revoked_at,
                    ),
                )
        except sqlite3.IntegrityError as exc:  # ids are random: a repeat is a bug
            raise ServiceUnavailable() from exc

    def get_device(self, device_id: str) -> Device | None:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM devices WHERE device_id = ?", (device_id,)).fetchone()
        return None if row is None else _device(row)

    def list_devices(self) -> list[Device]:
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM devices ORDER BY created_at, device_id")
            return [_device(r) for r in rows]

    def revoke_device(self, device_id: str, revoked_at: str) -> Device:
        # COALESCE keeps the first revocation's time: revoking again changes nothing.
        with self._transaction() as conn:
            row = conn.execute(
                "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?)"
                " WHERE device_id = ? RETURNING *",
                (revoked_at, device_id),
            ).fetchone()
        if row is None:
            raise DeviceNotFound()
        return _device(row)

    # -- sessions --------------------------------------------------------------------------
    def add_session(self, session: DeviceSession) -> None:
        try:
            with self._transaction() as conn:
                # Sessions over by the new one's start are of no use to anyone: forget them
                # here, so the table holds only what a server could still accept.
                conn.execute(
                    "DELETE FROM sessions WHERE expires_s <= :now OR last_seen_s + idle_s <= :now",
                    {"now": session.created_s},
                )
                conn.execute(
                    "INSERT INTO sessions (session_id, token_hash, user_id, device_id,"
                    " created_s, last_seen_s, idle_s, expires_s)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        session.session_id,
                        session.token_hash,
                        session.user_id,
                        session.device_id,
                        session.created_s,
                        session.last_seen_s,
                        session.idle_s,
                        session.expires_s,
                    ),
                )
        except sqlite3.IntegrityError as exc:  # ids are random: a repeat is a bug
            raise ServiceUnavailable() from exc

    def get_session(self, session_id: str) -> DeviceSession | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM sessions WHERE session_id = ?", (session_id,)
            ).fetchone()
        return None if row is None else _session(row)

    def touch_session(self, session_id: str, last_seen_s: int) -> None:
        # The condition is in the statement: two requests racing never move it back.
        with self._transaction() as conn:
            conn.execute(
                "UPDATE sessions SET last_seen_s = ? WHERE session_id = ? AND last_seen_s < ?",
                (last_seen_s, session_id, last_seen_s),
            )

    def delete_session(self, session_id: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))

    # -- request counts --------------------------------------------------------------------
    def claim_request(self, key: str, window_start_s: int, window_s: int, limit: int) -> bool:
        if limit < 1:
            return False
        # One statement counts and checks under the write lock (BEGIN IMMEDIATE), so
        # processes sharing the file never grant more than ``limit``; a full window's row is
        # left alone (the WHERE refuses the update) and nothing is returned.
        with self._transaction() as conn:
            conn.execute("DELETE FROM request_counts WHERE forget_at <= ?", (window_start_s,))
            row = conn.execute(
                "INSERT INTO request_counts (key, window_start, count, forget_at)"
                " VALUES (:key, :start, 1, :forget)"
                " ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1"
                " WHERE count < :limit"
                " RETURNING count",
                {
                    "key": key,
                    "start": window_start_s,
                    "forget": window_start_s + 2 * window_s,
                    "limit": limit,
                },
            ).fetchone()
        return row is not None

    # -- audit -----------------------------------------------------------------------------
    def append_audit(self, entry: AuditEntry) -> None:
        # OR IGNORE: an entry written again (a retry whose first answer was lost) stays one.
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO audit (entry_id, at, action, device_id, actor_user_id,"
                " target_user_id, targets, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.entry_id,
                    entry.at,
                    entry.action,
                    entry.device_id,
                    entry.actor_user_id,
                    target_user(entry),
                    json.dumps([list(pair) for pair in entry.targets]),
                    entry.outcome,
                ),
            )

    def audit_entries(
        self, *, since: str | None = None, user_id: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        since = since or ""
        if user_id is None:
            sql, args = "SELECT * FROM audit WHERE at >= ?", [since]
        else:
            # The user's entries as actor, then as target (not also actor: those are in the
            # first part), each read in order from its index and merged up to the limit.
            # An OR of the two would fetch every one of them and sort them before the limit.
            sql = (
                "SELECT * FROM audit WHERE actor_user_id = ? AND at >= ?"
                " UNION ALL SELECT * FROM audit"
                " WHERE target_user_id = ? AND actor_user_id <> ? AND at >= ?"
            )
            args = [user_id, since, user_id, user_id, since]
        with self._connect() as conn:
            rows = conn.execute(f"{sql} ORDER BY at, entry_id LIMIT ?", (*args, max(limit, 0)))
            return [_audit_entry(r) for r in rows]


def target_user(entry: AuditEntry) -> str:
    """The user an entry was about (its ``user_id`` target), or "" when none: an entry has at
    most one target of each kind (``AuditLog.record`` takes them as keywords)."""
    return next((value for kind, value in entry.targets if kind == "user_id"), "")


def _device(row: sqlite3.Row) -> Device:
    return Device(
        device_id=row["device_id"],
        name=row["name"],
        kind=DeviceKind(row["kind"]),
        token_hash=row["token_hash"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
    )


def _session(row: sqlite3.Row) -> DeviceSession:
    return DeviceSession(
        session_id=row["session_id"],
        token_hash=row["token_hash"],
        user_id=row["user_id"],
        device_id=row["device_id"],
        created_s=row["created_s"],
        last_seen_s=row["last_seen_s"],
        idle_s=row["idle_s"],
        expires_s=row["expires_s"],
    )


def _audit_entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        entry_id=row["entry_id"],
        at=row["at"],
        action=row["action"],
        device_id=row["device_id"],
        actor_user_id=row["actor_user_id"],
        targets=tuple((kind, value) for kind, value in json.loads(row["targets"])),
        outcome=row["outcome"],
    )
