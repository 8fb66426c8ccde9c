"""A file written by the first release (schema 1) is upgraded in place, losing nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from care4u_desktop.adapters import sqlite_schema
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import SlotTaken, StatusChangeRefused
from care4u_desktop.domain.models import AppointmentStatus
from tests.fakes import make_appointment, make_notification, make_user


def write_release_1_file(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(sqlite_schema.MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
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
    conn.close()


def test_release_1_file_is_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    write_release_1_file(path)

    store = SQLiteStore(path)
    store.open()

    conn = sqlite3.connect(path)
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    conn.close()
    assert version == sqlite_schema.SCHEMA_VERSION >= 2
    assert store.find_user_by_email("ada@example.com").name == "Ada Lovelace"
    assert store.get_doctor("doc-001").days_off == ()
    assert store.get_appointment("A1").status is AppointmentStatus.BOOKED
    assert store.booked_times("doc-001", "2030-01-15") == {"10:00"}
    assert [u.user_id for u in store.find_users_by_phone("5551234567")] == ["u1"]


def test_checked_in_keeps_the_slot_taken_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    write_release_1_file(path)
    store = SQLiteStore(path)

    store.set_appointment_status("A1", AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)

    assert store.booked_times("doc-001", "2030-01-15") == {"10:00"}
    other = make_user("bob@example.com")
    store.add_user(other)
    doctor = store.get_doctor("doc-001")
    clash = make_appointment(other, doctor, date="2030-01-15", time="10:00")
    with pytest.raises(SlotTaken):
        store.book(clash, make_notification(clash))
    with pytest.raises(StatusChangeRefused):
        store.set_appointment_status("A1", AppointmentStatus.BOOKED, AppointmentStatus.NO_SHOW)
