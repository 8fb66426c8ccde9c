"""A file of schema 4 (main before issue 14) gains the query indexes and keeps its data and rules.

The schema-4 file is built with the DDL of migrations 1 to 4 as they are on main (they are
never edited once released: a newer release only appends a step).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from care4u_desktop.adapters import sqlite_schema
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import PatientAlreadyBooked, SlotTaken
from care4u_desktop.domain.models import AppointmentStatus, Doctor
from tests.fakes import make_appointment, make_notification

NEW_INDEXES = {
    "appointments_by_doctor_day": ["doctor_id", "date", "time"],
    "notifications_by_time": ["created_at"],
    "doctors_by_name": ["name"],
    "devices_by_enrolment": ["created_at", "device_id"],
    "users_by_phone": ["phone", "name"],
}


def write_schema_4_file(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("".join(sqlite_schema.MIGRATIONS[:4]) + "\nPRAGMA user_version = 4;")
    conn.executemany(
        "INSERT INTO users (user_id, name, email, phone, password_hash) VALUES"
        " (?, ?, ?, '5551234567', 'pbkdf2:sha256:1$x$y')",
        [
            ("u1", "Ada Lovelace", "ada@example.com"),
            ("u2", "Bob Byte", "bob@example.com"),
            ("u3", "Cy Young", "cy@example.com"),
        ],
    )
    conn.execute(
        "INSERT INTO doctors (doctor_id, name, specialization, available_slots) VALUES"
        " ('doc-001', 'Sarah Johnson', 'Cardiology', '[\"09:00\", \"10:00\", \"11:00\"]')"
    )
    conn.executemany(
        "INSERT INTO appointments (appointment_id, user_id, doctor_id, date, time, status,"
        " created_at) VALUES (?, ?, 'doc-001', '2030-01-15', ?, ?, ?)",
        [
            # 09:00 was booked by Bob, cancelled, then taken by Ada: both rows are kept.
            ("A1", "u2", "09:00", "cancelled", "2030-01-01T09:00:00+01:00"),
            ("A2", "u1", "09:00", "booked", "2030-01-02T09:00:00+01:00"),
            ("A3", "u2", "10:00", "checked_in", "2030-01-03T09:00:00+01:00"),
        ],
    )
    conn.executemany(
        "INSERT INTO notifications (notification_id, appointment_id, recipient, event, subject,"
        " body, created_at, sent_at) VALUES (?, ?, 'ada@example.com', 'booked', 's', 'b', ?, ?)",
        [
            ("N1", "A1", "2030-01-01T09:00:00+01:00", "2030-01-01T09:00:01+01:00"),
            ("N2", "A2", "2030-01-02T09:00:00+01:00", None),
        ],
    )
    conn.execute("INSERT INTO sessions VALUES ('s1', 'ab', 'u1', 'd1', 1000, 1000, 120, 2800)")
    conn.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("users", "doctors", "appointments", "notifications", "sessions")
        }
    finally:
        conn.close()


def indexes(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")]
        return {n: [r[2] for r in conn.execute(f"PRAGMA index_info({n})")] for n in names}
    finally:
        conn.close()


def test_schema_4_file_gains_the_indexes_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    write_schema_4_file(path)
    before = dump(path)

    SQLiteStore(path).open()

    conn = sqlite3.connect(path)
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    conn.close()
    assert version == sqlite_schema.SCHEMA_VERSION >= 5
    found = indexes(path)
    for name, columns in NEW_INDEXES.items():
        assert found.get(name) == columns, name
    assert "sessions_by_idle_end" in found  # an expression index: its column has no name
    # The rules' own indexes are still there, partial as they were.
    assert {"one_booking_per_slot", "one_booking_per_patient_time"} <= set(found)
    assert dump(path) == before


def test_the_booking_rules_hold_on_the_migrated_file(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    write_schema_4_file(path)
    store = SQLiteStore(path)
    ada, bob, cy = store.get_user("u1"), store.get_user("u2"), store.get_user("u3")
    sarah = store.get_doctor("doc-001")
    assert ada is not None and bob is not None and cy is not None and sarah is not None

    # The desk's day shows all three, the cancelled one too, in time order.
    day = store.appointments_for_doctor_day("doc-001", "2030-01-15")
    assert [(a.appointment_id, a.status) for a in day] == [
        ("A1", AppointmentStatus.CANCELLED),
        ("A2", AppointmentStatus.BOOKED),
        ("A3", AppointmentStatus.CHECKED_IN),
    ]
    assert store.booked_times("doc-001", "2030-01-15") == {"09:00", "10:00"}
    # One booking per slot: Ada's 09:00 and Bob's checked-in 10:00 keep theirs.
    for slot in ("09:00", "10:00"):
        clash = make_appointment(cy, sarah, "2030-01-15", slot)
        with pytest.raises(SlotTaken):
            store.book(clash, make_notification(clash))
    # One booking per patient and time, with another doctor too.
    store.put_doctor(Doctor("doc-002", "Lee Chen", "Dermatology", ("09:00",), (1,)))
    lee = store.get_doctor("doc-002")
    assert lee is not None
    double = make_appointment(ada, lee, "2030-01-15", "09:00")
    with pytest.raises(PatientAlreadyBooked):
        store.book(double, make_notification(double))
    # A cancelled booking frees its slot.
    cancelled_at = "2030-01-10T09:00:00+01:00"
    store.cancel("A2", cancelled_at, make_notification(day[1], created_at=cancelled_at))
    again = make_appointment(bob, sarah, "2030-01-15", "09:00")
    store.book(again, make_notification(again))
    assert store.booked_times("doc-001", "2030-01-15") == {"09:00", "10:00"}
    assert [n.notification_id for n in store.all_notifications()][-2:] == ["N2", "N1"]
    assert next(n.notification_id for n in store.pending_notifications()) == "N2"
