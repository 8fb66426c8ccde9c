"""Folders and files only their OS user can read: patients' names, emails, phone numbers
and password hashes live in them.

On POSIX a folder the app keeps data in is 0700 and each file in it 0600, whatever the
umask: created so, and tightened when found looser (a file from an older release, a
folder an administrator made). On Windows these calls change nothing: the folders are in
the user's profile (``%LOCALAPPDATA%``), whose ACLs already keep other users out
(docs/kiosk.md, "Who can read the data").

A shared folder is the exception: one IT made setgid and group-writable (``chgrp care4u;
chmod 2770``) so that a reception PC's staff, each their own OS user, share one store. Its
mode is left as IT set it (but for any world access, taken off), and each file made in it
is 0660: read and written by the folder's group, which setgid gives it, and nobody else.

A data or log file is never opened or chmodded through a link (``UnsafeFile``): anyone who can
write the folder (a group member, in a shared one) could plant ``care4u.sqlite3-wal ->
/etc/passwd`` and have a root-run care4u-admin chmod or write that file. The kernel's
``fs.protected_symlinks`` guards only sticky folders such as /tmp (and is off in many
containers); ``fs.protected_hardlinks`` does not stop a link to a file the planter owns.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SHARED_FILE_MODE = 0o660
_POSIX = os.name != "nt"
# Not on Windows, where the folders are in the user's own profile. O_NONBLOCK: a planted
# FIFO must not hang the kiosk's start (its open would wait for a reader).
_NO_LINKS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class UnsafeFile(OSError):
    """A data or log file that is a link (symbolic or hard) or not a plain file: left alone."""

    def __init__(self, path: Path, what: str) -> None:
        reason = (
            f"{Path(path).name} {what}; it was not opened nor changed (another account may have"
            " put it there: remove it)"
        )
        super().__init__(errno.EPERM, reason, str(path))


def _open_own(path: Path, flags: int, mode: int = 0o600) -> int:
    """``os.open`` of ``path`` itself, never through a link; UnsafeFile otherwise."""
    try:
        fd = os.open(path, flags | _NO_LINKS, mode)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO):  # ENXIO: a FIFO
            raise UnsafeFile(path, _what(path)) from exc
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(path, "is not a plain file")
        if _POSIX and st.st_nlink > 1:
            raise UnsafeFile(path, "is a hard link to another file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _what(path: Path) -> str:
    return "is a symbolic link" if os.path.islink(path) else "is not a plain file"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) if need be; make it its owner's alone.

    Parents keep the mode the umask gives them: they may be shared folders like
    ``~/.local/share``. A shared folder (``is_shared_dir``) only loses any world access.
    Raises OSError when the folder cannot be created."""
    path = Path(path)
    _refuse_a_folder_others_control(path)
    if is_shared_dir(path):
        tighten(path, shared=True)
        return path
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


def is_shared_dir(path: Path) -> bool:
    """Whether ``path`` is a folder IT set up for a group to share: setgid, group-writable,
    owned by root (or by this account). Another account's such folder is not one: whoever
    made it chose its group, and would read every file made 0660 in it."""
    if not _POSIX:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    wanted = stat.S_ISGID | stat.S_IWGRP
    return (
        stat.S_ISDIR(st.st_mode)
        and st.st_mode & wanted == wanted
        and st.st_uid in (0, os.geteuid())
    )


def _refuse_a_folder_others_control(path: Path) -> None:
    """OSError, changing nothing, if ``path`` is a folder that is not the app's to keep
    private files in:

    - a sticky one every account writes in (/tmp, /var/tmp): made 0700 by a root-run
      care4u-admin, every other program of the machine lost it; and anyone may create the
      store's file names there first;
    - another account's that others may write in (e.g. created first where the machine's
      data_dir was to be): its owner could swap the store's files for its own."""
    if not _POSIX:
        return
    try:
        st = os.stat(path)
    except OSError:
        return
    if not stat.S_ISDIR(st.st_mode):
        return
    if st.st_mode & stat.S_ISVTX and st.st_mode & 0o002:
        raise OSError(
            errno.EPERM,
            "every account may write in it (like /tmp); give the store or the log a folder"
            " of its own",
            str(path),
        )
    if st.st_uid not in (0, os.geteuid()) and st.st_mode & 0o022:
        raise OSError(
            errno.EPERM,
            f"it belongs to another account (uid {st.st_uid}) and others may write in it;"
            " a shared data folder is root's: install -d -o root -g GROUP -m 2770",
            str(path),
        )


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it is missing, 0600 from its first byte (0660 in a shared
    folder); tighten it if it exists."""
    path = Path(path)
    shared = is_shared_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    fd = _open_own(path, flags, SHARED_FILE_MODE if shared else PRIVATE_FILE_MODE)
    try:
        tighten(path, fd=fd, shared=shared)
    finally:
        os.close(fd)
    return path


def private_database(path: Path) -> Path:
    """A SQLite file as ``private_file``, and its ``-wal`` and ``-shm`` files tightened if
    an older release (or a crash) left them looser; new ones get the file's own mode."""
    private_file(path)
    shared = is_shared_dir(path.parent)
    for suffix in ("-wal", "-shm"):
        # SQLite opens these through a link too: refused here, before it does.
        journal = path.with_name(path.name + suffix)
        try:
            fd = _open_own(journal, os.O_RDONLY)
        except FileNotFoundError:
            continue
        except PermissionError:  # another member's, not readable: SQLite will say so
            if os.path.islink(journal):
                raise UnsafeFile(journal, "is a symbolic link") from None
            continue
        try:
            tighten(journal, fd=fd, shared=shared)
        finally:
            os.close(fd)
    return path


def open_private_append(path: Path) -> io.TextIOWrapper:
    """``path`` opened to append UTF-8 text, created 0600 (0660 in a shared folder), or
    tightened; root's in another account's folder is given to that account."""
    shared = is_shared_dir(Path(path).parent)
    mode = SHARED_FILE_MODE if shared else PRIVATE_FILE_MODE
    fd = _open_own(Path(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, mode)
    try:
        _keep_for_folder_owner(Path(path), fd, shared=shared)
        tighten(Path(path), fd=fd, shared=shared)
        return os.fdopen(fd, "a", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def _keep_for_folder_owner(path: Path, fd: int, *, shared: bool) -> None:
    """Root (IT's smoke test, a sudo care4u-admin) appending to a log in another account's
    folder (the kiosk's ``log_file``) gives a file it made there to that account: root's
    0600 file would keep the kiosk from ever logging again. Through ``fd``, never a name."""
    if not _POSIX or os.geteuid() != 0:
        return
    folder = os.stat(path.parent)
    if folder.st_uid == 0 or os.fstat(fd).st_uid != 0:
        return
    os.fchown(fd, folder.st_uid, -1 if shared else folder.st_gid)  # setgid gave the group


def tighten(path: Path, *, fd: int | None = None, shared: bool = False) -> None:
    """Take every group and other permission off ``path`` (if it exists; POSIX only).

    ``shared``: in a shared folder, take only the others' permissions off; a file gets its
    group's read and write (the umask took them), a folder keeps the group's as IT set them.

    A folder or file the user can use but not chmod (someone else's) is left as it is,
    with a warning in the log: refusing to start would help nobody."""
    if not _POSIX:
        return
    try:
        st = os.fstat(fd) if fd is not None else os.stat(path)
    except FileNotFoundError:
        return
    current = stat.S_IMODE(st.st_mode)
    wanted = current & ~0o077
    if shared:
        wanted = current & ~0o007
        if not stat.S_ISDIR(st.st_mode):
            wanted |= stat.S_IRGRP | stat.S_IWGRP
    if wanted == current:
        return
    try:
        if fd is not None:
            os.fchmod(fd, wanted)
        else:
            os.chmod(path, wanted)
    except PermissionError:
        if current & ~wanted:  # looser than it should be: say so
            log.warning("%s is readable by other users and cannot be made private", path)
        else:  # a shared file another member made without group write: theirs to fix
            log.warning("%s is not writable by its group and cannot be made so", path)
