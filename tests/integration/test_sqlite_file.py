"""What only the SQLite store has: a real file, WAL, a versioned schema, migrations."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from care4u_desktop.adapters import sqlite_schema
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import DomainError, EmailAlreadyRegistered, ServiceUnavailable
from tests.fakes import make_appointment, make_doctor, make_notification, make_user


def pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def columns(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()


def fill(store: SQLiteStore) -> dict[str, str]:
    """One of everything; returns the ids."""
    user = make_user("ada@example.com")
    doctor = make_doctor("doc-001")
    store.add_user(user)
    store.put_doctor(doctor)
    appointment = make_appointment(user, doctor, "2030-01-08", "09:00")
    note = make_notification(appointment, user.email)
    store.book(appointment, note)
    return {"user": user.user_id, "appointment": appointment.appointment_id}


def test_first_start_creates_the_file_and_any_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "care4u.sqlite3"

    SQLiteStore(path).open()

    assert path.is_file()
    assert {"users", "doctors", "appointments", "notifications"} <= tables(path)


def test_file_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    SQLiteStore(path).open()
    assert pragma(path, "journal_mode") == "wal"


def test_schema_version_is_recorded_in_user_version(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    SQLiteStore(path).open()
    assert pragma(path, "user_version") == sqlite_schema.SCHEMA_VERSION >= 1


def test_an_empty_version_0_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    sqlite3.connect(path).close()  # exists, zero bytes, user_version 0
    assert path.stat().st_size == 0

    store = SQLiteStore(path)
    store.open()

    assert pragma(path, "user_version") == sqlite_schema.SCHEMA_VERSION
    store.add_user(make_user("ada@example.com"))
    assert store.find_user_by_email("ada@example.com") is not None


def test_reopening_an_existing_file_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    ids = fill(SQLiteStore(path))

    reopened = SQLiteStore(path)

    user = reopened.find_user_by_email("ada@example.com")
    assert user is not None and user.user_id == ids["user"]
    assert reopened.get_doctor("doc-001") is not None
    appointment = reopened.get_appointment(ids["appointment"])
    assert appointment is not None and appointment.user_id == ids["user"]
    assert len(reopened.pending_notifications()) == 1
    assert pragma(path, "user_version") == sqlite_schema.SCHEMA_VERSION
    with pytest.raises(EmailAlreadyRegistered):
        reopened.add_user(make_user("ada@example.com"))


def test_two_stores_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    kiosk, desk = SQLiteStore(path), SQLiteStore(path)

    kiosk.add_user(make_user("ada@example.com"))

    assert desk.find_user_by_email("ada@example.com") is not None


NEXT_RELEASE_STEP = """
    -- 2: patients may choose a language for their messages.
    ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
    CREATE INDEX users_by_language ON users (language);
"""


def release_with(monkeypatch: pytest.MonkeyPatch, step: str) -> int:
    """Pretend a later release appended a migration step; returns its schema version."""
    monkeypatch.setattr(sqlite_schema, "MIGRATIONS", [*sqlite_schema.MIGRATIONS, step])
    monkeypatch.setattr(sqlite_schema, "SCHEMA_VERSION", len(sqlite_schema.MIGRATIONS))
    return sqlite_schema.SCHEMA_VERSION


def test_migrating_an_older_file_keeps_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "care4u.sqlite3"
    ids = fill(SQLiteStore(path))  # written by this release
    old_version = pragma(path, "user_version")
    new_version = release_with(monkeypatch, NEXT_RELEASE_STEP)

    store = SQLiteStore(path)  # opened by the next one
    store.open()

    assert pragma(path, "user_version") == new_version == old_version + 1
    assert "language" in columns(path, "users")
    user = store.find_user_by_email("ada@example.com")
    assert user is not None and user.user_id == ids["user"]
    assert store.get_appointment(ids["appointment"]) is not None
    assert len(store.pending_notifications()) == 1
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT language FROM users").fetchall() == [("en",)]
    finally:
        conn.close()


def test_a_new_file_runs_every_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "care4u.sqlite3"
    version = release_with(monkeypatch, NEXT_RELEASE_STEP)

    SQLiteStore(path).open()

    assert pragma(path, "user_version") == version
    assert "language" in columns(path, "users")


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "care4u.sqlite3"
    ids = fill(SQLiteStore(path))
    old_version = pragma(path, "user_version")
    release_with(
        monkeypatch,
        "ALTER TABLE users ADD COLUMN language TEXT;\nALTER TABLE no_such_table ADD COLUMN x;",
    )

    with pytest.raises(ServiceUnavailable):
        SQLiteStore(path).open()

    assert pragma(path, "user_version") == old_version
    assert "language" not in columns(path, "users")
    monkeypatch.undo()
    store = SQLiteStore(path)
    assert store.get_user(ids["user"]) is not None


def test_a_file_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    fill(SQLiteStore(path))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()

    with pytest.raises(ServiceUnavailable, match="newer"):
        SQLiteStore(path).open()

    assert pragma(path, "user_version") == 99


def test_double_booking_is_guarded_by_unique_partial_indexes(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    SQLiteStore(path).open()
    conn = sqlite3.connect(path)
    try:
        indexes = {
            name: sql
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
    finally:
        conn.close()
    slot, patient = indexes["one_booking_per_slot"], indexes["one_booking_per_patient_time"]
    assert "UNIQUE" in slot and "(doctor_id, date, time)" in slot and "<> 'cancelled'" in slot
    assert (
        "UNIQUE" in patient and "(user_id, date, time)" in patient and "<> 'cancelled'" in patient
    )


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "care4u.sqlite3")
    store.add_user(user := make_user("ada@example.com"))
    ghost = make_appointment(user, make_doctor("doc-ghost"))  # never stored

    with pytest.raises(DomainError):
        store.book(ghost, make_notification(ghost))

    assert store.get_appointment(ghost.appointment_id) is None
    assert store.all_notifications() == []


def test_an_unopenable_file_is_service_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ServiceUnavailable) as caught:
        SQLiteStore(tmp_path).open()  # a directory, not a database file
    assert caught.value.message == ServiceUnavailable().message  # "not responding"


def test_several_doctors_are_stored_in_one_transaction_all_or_none(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "care4u.sqlite3")
    first = make_doctor("doc-a", name="Ada Lovelace")
    second = make_doctor("doc-b", name="Alan Turing")
    store.put_doctors([first, second])
    assert [d.doctor_id for d in store.list_doctors()] == ["doc-a", "doc-b"]

    # A row the schema refuses (no name) takes the whole batch with it.
    renamed = dataclasses.replace(first, name="Ada King")
    broken = dataclasses.replace(make_doctor("doc-c"), name=None)
    with pytest.raises(sqlite3.IntegrityError):
        store.put_doctors([renamed, broken])
    assert [d.name for d in store.list_doctors()] == ["Ada Lovelace", "Alan Turing"]


def test_a_new_store_touches_no_disk_until_its_first_call(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "care4u.sqlite3"
    store = SQLiteStore(path)
    assert not path.parent.exists()
    assert store.list_doctors() == []
    assert pragma(path, "user_version") == sqlite_schema.SCHEMA_VERSION


def test_initial_doctors_go_into_an_empty_store_only(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    demo = [make_doctor("doc-a", name="Ada Lovelace"), make_doctor("doc-b", name="Alan Turing")]
    first = SQLiteStore(path, initial_doctors=lambda: demo)
    assert [d.name for d in first.list_doctors()] == ["Ada Lovelace", "Alan Turing"]
    first.put_doctors([dataclasses.replace(demo[0], name="Ada King")])

    # The next start finds doctors there and leaves them as reception left them.
    again = SQLiteStore(path, initial_doctors=lambda: demo)
    assert [d.name for d in again.list_doctors()] == ["Ada King", "Alan Turing"]


def test_a_directory_that_cannot_be_made_is_service_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = SQLiteStore(blocker / "care4u.sqlite3")
    with pytest.raises(ServiceUnavailable, match="Cannot use the data directory"):
        store.list_doctors()
