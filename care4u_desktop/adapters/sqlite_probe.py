"""The embedded store, looked at without writing to it: what the smoke test checks.

The smoke test may run as root, or as another OS account than the kiosk's. Opening the
store as ``SQLiteStore`` does would create it, migrate it or (WAL) leave ``-wal``/``-shm``
files owned by that account, which the kiosk's user then cannot write. So: an existing file
is read with ``mode=ro``, and with ``immutable=1`` unless both ``-wal`` and ``-shm`` are there
(a read-only connection would otherwise create them); nothing is
created, and a missing file's folder is only checked for being one this user can create.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .sqlite_schema import SCHEMA_VERSION


class StoreUnusable(Exception):
    """The store at ``path`` cannot be used, for ``reason`` (in words)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class StoreState:
    path: Path
    #: False: there is no file yet; the first start creates it (its folder is usable).
    exists: bool
    #: The file's schema version (``PRAGMA user_version``), if it exists.
    schema: int | None = None
    doctors: int | None = None

    def describe(self) -> str:
        if not self.exists:
            return f"the store {self.path} will be created at first start"
        if self.schema == 0:
            return f"the store {self.path} is empty and will be set up at first start"
        if self.schema is not None and self.schema < SCHEMA_VERSION:
            return (
                f"the store {self.path} (schema {self.schema}) will be brought up to"
                f" schema {SCHEMA_VERSION} at the next start"
            )
        return f"the store {self.path} (schema {self.schema}) opened read-only"


def inspect_sqlite_store(path: Path) -> StoreState:
    """What the kiosk would find at ``path``; raises StoreUnusable, writing nothing."""
    try:
        there = path.exists() or path.is_symlink()
    except OSError as exc:  # a folder on the way this user may not enter
        reason = f"cannot be reached by this user (uid {_uid()}): {exc.strerror}"
        raise StoreUnusable(path, reason) from exc
    if there:
        return _inspect_file(path)
    _check_can_create(path.parent)
    return StoreState(path, exists=False)


def _inspect_file(path: Path) -> StoreState:
    if path.is_dir():
        raise StoreUnusable(path, "is a folder, not a database file")
    if not os.access(path, os.R_OK):
        raise StoreUnusable(path, f"cannot be read by this user (uid {_uid()})")
    if not os.access(path, os.W_OK):
        raise StoreUnusable(path, f"is read-only for this user (uid {_uid()})")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        # SQLite writes its journal (-wal, -shm) beside the file.
        raise StoreUnusable(path, f"its folder is not writable by this user (uid {_uid()})")
    # A -wal with its -shm: a kiosk has it open (or had): read it too, through the -shm.
    # A -wal alone (a crash, then the -shm removed): SQLite would create a -shm of this
    # user's (root's, for IT's smoke test) that the kiosk then cannot write; read the main
    # file as it is, and the kiosk's next start folds the journal in.
    in_use = Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
    uri = f"file:{quote(str(path))}?mode=ro" + ("" if in_use else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise StoreUnusable(path, f"does not open: {exc}") from exc
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise StoreUnusable(
                path,
                f"was written by a newer release (schema {version}; this release reads up"
                f" to {SCHEMA_VERSION})",
            )
        (check,) = conn.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise StoreUnusable(path, f"is damaged ({check})")
        doctors = None
        if version > 0:
            (doctors,) = conn.execute("SELECT count(*) FROM doctors").fetchone()
    except sqlite3.Error as exc:  # "file is not a database", a missing table...
        raise StoreUnusable(path, str(exc)) from exc
    finally:
        conn.close()
    return StoreState(path, exists=True, schema=int(version), doctors=doctors)


def _check_can_create(folder: Path) -> None:
    """``folder`` is, or can be made, a folder this user writes in."""
    probe = folder
    try:
        while not probe.exists() and not probe.is_symlink():
            if probe.parent == probe:
                break
            probe = probe.parent
    except OSError as exc:
        reason = f"cannot be reached by this user (uid {_uid()}): {exc.strerror}"
        raise StoreUnusable(folder, reason) from exc
    if not probe.is_dir():
        what = "the data folder" if probe == folder else f"{probe}, on the way to it,"
        raise StoreUnusable(folder, f"cannot be used: {what} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        if probe == folder:
            reason = f"the data folder is not writable by this user (uid {_uid()})"
        else:
            reason = f"cannot be created: {probe} is not writable by this user (uid {_uid()})"
        raise StoreUnusable(folder, reason)


def _uid() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else os.environ.get("USERNAME", "?")
