"""Folders and files only their OS user can read: patients' names, emails, phone numbers
and password hashes live in them.

On POSIX a folder the app keeps data in is 0700 and each file in it 0600, whatever the
umask: created so, and tightened when found looser (a file from an older release, a
folder an administrator made). On Windows these calls change nothing: the folders are in
the user's profile (``%LOCALAPPDATA%``), whose ACLs already keep other users out
(docs/kiosk.md, "Who can read the data").
"""

from __future__ import annotations

import io
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_POSIX = os.name != "nt"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) if need be; make it its owner's alone.

    Parents keep the mode the umask gives them: they may be shared folders like
    ``~/.local/share``. Raises OSError when the folder cannot be created."""
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            if not path.is_dir():  # a file of that name: not ours to change
                raise
            # else another process (the CLI, a second window) made it just now
    tighten(path)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it is missing, 0600 from its first byte; tighten it if it
    exists."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    os.close(fd)
    tighten(path)
    return path


def private_database(path: Path) -> Path:
    """A SQLite file as ``private_file``, and its ``-wal`` and ``-shm`` files tightened if
    an older release (or a crash) left them looser; new ones get the file's own mode."""
    private_file(path)
    for suffix in ("-wal", "-shm"):
        tighten(path.with_name(path.name + suffix))
    return path


def open_private_append(path: Path) -> io.TextIOWrapper:
    """``path`` opened to append UTF-8 text, created 0600 (or tightened)."""
    fd = os.open(Path(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        tighten(Path(path), fd=fd)
        return os.fdopen(fd, "a", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def tighten(path: Path, *, fd: int | None = None) -> None:
    """Take every group and other permission off ``path`` (if it exists; POSIX only).

    A folder or file the user can use but not chmod (someone else's) is left as it is,
    with a warning in the log: refusing to start would help nobody."""
    if not _POSIX:
        return
    try:
        st = os.fstat(fd) if fd is not None else os.stat(path)
    except FileNotFoundError:
        return
    current = stat.S_IMODE(st.st_mode)
    if not current & 0o077:
        return
    try:
        if fd is not None:
            os.fchmod(fd, current & ~0o077)
        else:
            os.chmod(path, current & ~0o077)
    except PermissionError:
        log.warning("%s is readable by other users and cannot be made private", path)
