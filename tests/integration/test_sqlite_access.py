"""What is particular to the SQLite file for the server's records (the behaviour all stores
share is in tests/contract): old rows do not pile up, and the audit trail is read by index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.models import AuditEntry, DeviceSession


def rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        (count,) = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    finally:
        conn.close()
    return int(count)


def plan(path: Path, sql: str, *args: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return " | ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", args))
    finally:
        conn.close()


def test_request_counts_of_windows_long_gone_are_forgotten(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    store = SQLiteStore(path)
    for minute in range(50):  # a kiosk busy for 50 minutes, two keys per request
        store.claim_request("device:lobby", minute * 60, 60, 120)
        store.claim_request("account:u1", minute * 60, 60, 60)

    # Only the windows that may still be asked about (this one and the one before) are kept.
    assert rows(path, "request_counts") <= 4
    assert store.claim_request("device:lobby", 49 * 60, 60, 1) is False  # this one: counted


def test_sessions_that_are_over_are_forgotten_when_the_next_one_starts(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    store = SQLiteStore(path)

    def session(n: int, start: int) -> DeviceSession:
        return DeviceSession(f"s{n}", "ab" * 32, "u1", "d1", start, start, 120, start + 1_800)

    store.add_session(session(1, 1_000))  # idle from 1_120
    store.add_session(session(2, 1_100))
    store.add_session(session(3, 1_200))  # s1 is over by now, s2 is not

    assert store.get_session("s1") is None
    assert store.get_session("s2") == session(2, 1_100)
    assert rows(path, "sessions") == 2


def test_the_audit_trail_is_read_by_index_for_a_time_and_for_a_user(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    store = SQLiteStore(path)
    store.append_audit(AuditEntry("e1", "2030-01-07T09:00Z", "sign_in", "d1", "u1"))
    store.open()

    by_time = plan(path, "SELECT * FROM audit WHERE at >= ? ORDER BY at, entry_id LIMIT 10", "2030")
    by_user = plan(
        path,
        "SELECT * FROM audit WHERE actor_user_id = ? AND at >= ? UNION ALL SELECT * FROM audit"
        " WHERE target_user_id = ? AND actor_user_id <> ? AND at >= ?"
        " ORDER BY at, entry_id LIMIT 10",
        "u1",
        "",
        "u1",
        "u1",
        "",
    )

    print(f"\nby time: {by_time}\nby user: {by_user}")
    assert "SEARCH audit USING INDEX audit_by_time" in by_time
    assert "audit_by_actor" in by_user and "audit_by_target_user" in by_user
