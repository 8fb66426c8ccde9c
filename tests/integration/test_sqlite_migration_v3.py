"""A file from before schema 3 keeps its users' failure counts and locks, now per email."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from care4u_desktop.adapters import sqlite_schema
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.services.accounts import LOGIN_LIMIT


def write_schema_2_file(path: Path, locked_until: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        sqlite_schema.MIGRATIONS[0] + sqlite_schema.MIGRATIONS[1] + "\nPRAGMA user_version = 2;"
    )
    for user_id, email, failed, locked in [
        ("u1", "ada@example.com", 3, None),
        ("u2", "bob@example.com", 0, locked_until),
        ("u3", "cy@example.com", 0, None),
    ]:
        conn.execute(
            "INSERT INTO users (user_id, name, email, phone, password_hash, failed_logins,"
            " locked_until) VALUES (?, 'Someone', ?, '5551234567', 'pbkdf2:sha256:1$x$y', ?, ?)",
            (user_id, email, failed, locked),
        )
    conn.close()


def test_counts_and_locks_are_carried_into_schema_3(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    now = int(time.time())
    # Locked by the old release until ten minutes from now, in its own format.
    locked_until = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now + 600))
    write_schema_2_file(path, locked_until)
    store = SQLiteStore(path)

    claims = {
        email: [store.claim_login_attempt(email, now, LOGIN_LIMIT) for _ in range(3)]
        for email in ("ada@example.com", "bob@example.com", "cy@example.com")
    }

    assert claims == {
        "ada@example.com": [4, 5, None],  # three failures already counted
        "bob@example.com": [None, None, None],  # still locked
        "cy@example.com": [1, 2, 3],
    }
    assert store.claim_login_attempt("bob@example.com", now + 600, LOGIN_LIMIT) == 1
    assert store.find_user_by_email("bob@example.com").user_id == "u2"
