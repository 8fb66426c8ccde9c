"""A file from before schema 4 gains the server's tables and keeps everything it held."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from care4u_desktop.adapters import sqlite_schema
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.models import AuditEntry, Device, DeviceKind
from care4u_desktop.services.accounts import LOGIN_LIMIT
from tests.fakes import make_appointment, make_notification


def write_schema_3_file(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("".join(sqlite_schema.MIGRATIONS[:3]) + "\nPRAGMA user_version = 3;")
    conn.execute(
        "INSERT INTO users (user_id, name, email, phone, password_hash) VALUES"
        " ('u1', 'Ada Lovelace', 'ada@example.com', '5551234567', 'pbkdf2:sha256:1$x$y')"
    )
    conn.execute(
        "INSERT INTO doctors (doctor_id, name, specialization, available_slots) VALUES"
        " ('doc-001', 'Sarah Johnson', 'Cardiology', '[\"09:00\", \"10:00\"]')"
    )
    conn.execute(
        "INSERT INTO appointments (appointment_id, user_id, doctor_id, date, time, status,"
        " created_at) VALUES ('A1', 'u1', 'doc-001', '2030-01-15', '10:00', 'booked', 'now')"
    )
    conn.execute(
        "INSERT INTO login_attempts (email, attempts, lock_ends, expires_at)"
        " VALUES ('ada@example.com', 2, NULL, ?)",
        (int(time.time()) + 3600,),
    )
    conn.close()


def test_schema_3_file_gains_the_server_tables_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    write_schema_3_file(path)
    store = SQLiteStore(path)

    store.add_device(Device("d1", "Lobby", DeviceKind.KIOSK, "ab" * 32, "2026-12-01T09:00Z"))
    store.append_audit(
        AuditEntry("e1", "2026-12-01T09:00Z", "device_enrolled", "cli", "", (("device_id", "d1"),))
    )

    conn = sqlite3.connect(path)
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    conn.close()
    assert version == sqlite_schema.SCHEMA_VERSION >= 4
    ada = store.find_user_by_email("ada@example.com")
    assert ada is not None and ada.name == "Ada Lovelace"
    assert store.booked_times("doc-001", "2030-01-15") == {"10:00"}
    # Two failures already counted: the third attempt is number 3.
    assert store.claim_login_attempt("ada@example.com", int(time.time()), LOGIN_LIMIT) == 3
    assert [d.device_id for d in store.list_devices()] == ["d1"]
    assert [e.targets for e in store.audit_entries()] == [(("device_id", "d1"),)]
    # The booking rules still hold on the upgraded file.
    ada, sarah = store.get_user("u1"), store.get_doctor("doc-001")
    assert ada is not None and sarah is not None
    second = make_appointment(ada, sarah, "2030-01-15", "09:00", appointment_id="A2")
    store.book(second, make_notification(second))
    assert store.booked_times("doc-001", "2030-01-15") == {"09:00", "10:00"}
