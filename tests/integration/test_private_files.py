"""Data at rest belongs to its OS user: the data directory 0700, every file in it 0600.

POSIX only (on Windows the per-user profile's ACLs apply: docs/kiosk.md). Each test makes
real files with the usual umask (022: what a new file gets unless the app says otherwise)
and reads their modes with os.stat after a real start.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import DB_FILENAME, SQLiteStore
from tests.cli.support import register, run_cli, weekday_ahead
from tests.fakes import make_user

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs")


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def modes(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (and the folder itself, as ".") with its mode."""
    found = {".": mode(folder)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = mode(path)
    return found


def test_a_first_start_makes_a_private_data_dir_and_private_files(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    register(data_dir, "ada@example.com", "Ada Lovelace")  # care4u-admin register
    proc = run_cli(
        data_dir, "book", "--email", "ada@example.com", "--doctor", "doc-001",
        "--date", weekday_ahead(3), "--time", "09:00",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr

    found = modes(data_dir)
    assert {DB_FILENAME, "outbox.jsonl", "subscriptions.jsonl"} <= set(found), found
    assert found == {".": "0o700", **{name: "0o600" for name in found if name != "."}}


def test_looser_files_and_folder_left_by_an_older_release_are_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    register(data_dir, "ada@example.com", "Ada Lovelace")
    data_dir.chmod(0o755)
    for path in data_dir.iterdir():
        path.chmod(0o644)
    assert modes(data_dir)[DB_FILENAME] == "0o644"

    proc = run_cli(data_dir, "doctors")  # any start that opens the store
    assert proc.returncode == 0, proc.stderr
    register(data_dir, "bob@example.com", "Bob Brown")  # and one that writes the outbox

    found = modes(data_dir)
    assert found == {".": "0o700", **{name: "0o600" for name in found if name != "."}}


def test_the_write_ahead_log_and_shared_memory_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / DB_FILENAME
    store = SQLiteStore(path)
    store.open()
    reader = sqlite3.connect(path)  # holds the -wal and -shm open, as a second kiosk would
    try:
        reader.execute("SELECT count(*) FROM users").fetchone()
        store.add_user(make_user("ada@example.com"))
        wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
        assert (mode(wal), mode(shm)) == ("0o600", "0o600")

        wal.chmod(0o644)  # as an older release (or a crash) may have left them
        shm.chmod(0o644)
        SQLiteStore(path).open()
        assert (mode(wal), mode(shm), mode(path)) == ("0o600", "0o600", "0o600")
    finally:
        reader.close()


def test_a_data_dir_given_by_the_administrator_is_made_private_too(tmp_path: Path) -> None:
    data_dir = tmp_path / "kiosk-data"
    data_dir.mkdir(mode=0o777)
    data_dir.chmod(0o777)
    (data_dir / DB_FILENAME).touch(mode=0o666)
    (data_dir / DB_FILENAME).chmod(0o666)  # an empty file: a new store

    proc = run_cli(data_dir, "doctors")

    assert proc.returncode == 0, proc.stderr
    assert "Cardiology" in proc.stdout
    assert (mode(data_dir), mode(data_dir / DB_FILENAME)) == ("0o700", "0o600")
