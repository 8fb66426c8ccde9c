"""``care4u-desktop --smoke-test`` notices what would stop a kiosk (issue 12, item 6): no
usable font, a platform plug-in that cannot load, a store that cannot be used. Each test
starts the real app in a child process, as IT (and the packaged tests) would run it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from care4u_desktop.adapters.sqlite_schema import SCHEMA_VERSION
from care4u_desktop.adapters.sqlite_store import DB_FILENAME, SQLiteStore
from care4u_desktop.composition import load_doctor_file
from care4u_desktop.domain.models import Doctor
from care4u_desktop.resources import resource_path
from tests.components import require
from tests.smoke_run import smoke

pytestmark = pytest.mark.slow

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's Qt plug-ins")
DEMO_DOCTORS = 10
#: Qt's own lines when a platform plug-in fails: the smoke test says one line instead.
QT_ABORT_LINES = ("This application failed to start", "Available platform plugins", "Reinstalling")


def failure_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The one line that says why; nothing on stdout claims success."""
    assert "smoke test OK" not in proc.stdout
    lines = [line for line in proc.stderr.splitlines() if "smoke test FAILED" in line]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


# -- fonts ---------------------------------------------------------------------------------


@linux_only
def test_no_font_installed_fails_and_says_what_to_install(tmp_path: Path) -> None:
    """As on a Debian root without a font package: fontconfig knows no font file. The
    log-in view painted (every text an empty box) and the smoke test used to say OK."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    (tmp_path / "no-fonts").mkdir()
    proc = smoke(tmp_path, FONTCONFIG_FILE=str(conf), QT_QPA_FONTDIR=str(tmp_path / "no-fonts"))

    assert proc.returncode == 4, proc.stderr
    line = failure_line(proc)
    assert "FAILED: no usable font" in line
    assert "Qt found no font file" in line and "'Care4U Hospitals'" in line
    assert "apt-get install fonts-dejavu-core" in line
    assert "FAILED: no usable font" in (tmp_path / "logs" / "care4u-desktop.log").read_text()


# -- the platform plug-in -------------------------------------------------------------------


@linux_only
def test_xcb_without_a_display_is_one_line_and_exit_3_not_an_abort(tmp_path: Path) -> None:
    proc = smoke(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY="")
    assert proc.returncode == 3, proc.stderr  # it was -6 (SIGABRT) with Qt's five lines
    line = failure_line(proc)
    assert line == (
        'care4u-desktop smoke test FAILED: the Qt platform plug-in "xcb" could not be'
        " loaded: no X display to connect to (DISPLAY is not set)"
    )
    for qt_line in QT_ABORT_LINES:
        assert qt_line not in proc.stderr
    # IT finds the reason in the log file too (a windowed kiosk has no terminal).
    assert line in (tmp_path / "logs" / "care4u-desktop.log").read_text()


@linux_only
def test_wayland_without_a_compositor(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    proc = smoke(
        tmp_path, QT_QPA_PLATFORM="wayland", WAYLAND_DISPLAY="", XDG_RUNTIME_DIR=str(runtime)
    )
    assert proc.returncode == 3, proc.stderr
    line = failure_line(proc)
    assert 'the Qt platform plug-in "wayland" could not be loaded: no Wayland compositor' in line
    assert str(runtime) in line
    for qt_line in QT_ABORT_LINES:
        assert qt_line not in proc.stderr


@linux_only
def test_a_plug_in_whose_library_is_missing_names_it_and_its_package(tmp_path: Path) -> None:
    """The issue's machine without libxcb-icccm4: here a copy of Qt's xcb plug-in that asks
    for a version of that library no machine has (same file, one name changed)."""
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms")
    original = (plugins / "libqxcb.so").read_bytes()
    needed = b"libxcb-icccm.so.4\0"
    assert original.count(needed) == 1
    folder = tmp_path / "platforms"
    folder.mkdir()
    (folder / "libqxcb.so").write_bytes(original.replace(needed, b"libxcb-icccm.so.9\0"))

    proc = smoke(
        tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY="", QT_QPA_PLATFORM_PLUGIN_PATH=str(folder)
    )
    assert proc.returncode == 3, proc.stderr
    assert failure_line(proc) == (
        'care4u-desktop smoke test FAILED: the Qt platform plug-in "xcb" could not be loaded:'
        " libqxcb.so needs libxcb-icccm.so.9, which is not installed"
        " (Debian/Ubuntu: apt-get install libxcb-icccm9)"
    )


# -- the store this machine will use ----------------------------------------------------------


def make_store(data_dir: Path, extra: int = 0) -> Path:
    """A real store as the kiosk leaves it: the demo doctors and ``extra`` more."""
    store = SQLiteStore(
        data_dir / DB_FILENAME,
        initial_doctors=lambda: load_doctor_file(resource_path("demo_doctors.json")),
    )
    store.open()  # created and seeded now, as at a kiosk's first start
    for n in range(extra):
        store.put_doctor(Doctor(f"doc-x{n}", f"Extra {n}", "Cardiology", ("09:00",)))
    return data_dir / DB_FILENAME


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {
        p.name: (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_uid) for p in folder.iterdir()
    }


def test_an_existing_store_is_counted_read_only_and_left_as_it_was(tmp_path: Path) -> None:
    db = make_store(tmp_path / "data", extra=2)
    before = snapshot(db.parent)

    proc = smoke(tmp_path)
    assert proc.returncode == 0, proc.stderr
    # The machine's own store, not a throwaway one with the demo doctors.
    assert (
        "care4u-desktop smoke test OK: login view painted, 12 doctors on the local backend;"
        f" the store {db} (schema {SCHEMA_VERSION}) opened read-only"
    ) in proc.stdout
    # Not written, not given -wal/-shm files (owned by whoever ran the smoke test).
    assert snapshot(db.parent) == before


def test_a_store_in_use_is_read_with_its_journal(tmp_path: Path) -> None:
    """A kiosk has the store open (WAL): a doctor added just now is in the -wal file only."""
    db = make_store(tmp_path / "data")
    holder = sqlite3.connect(db)  # keeps the -wal file from being folded in and removed
    try:
        holder.execute("SELECT count(*) FROM doctors").fetchone()
        SQLiteStore(db).put_doctor(Doctor("doc-new", "New Doctor", "Cardiology", ("09:00",)))
        assert Path(f"{db}-wal").stat().st_size > 0
        names = sorted(p.name for p in db.parent.iterdir())

        proc = smoke(tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert f"{DEMO_DOCTORS + 1} doctors on the local backend" in proc.stdout
        assert sorted(p.name for p in db.parent.iterdir()) == names
    finally:
        holder.close()


def test_a_journal_left_by_a_crash_is_not_given_a_shm_file(tmp_path: Path) -> None:
    """The kiosk was killed (power cut) with bookings still in its -wal, and its -shm is gone
    (a clean-up script, a copy of the folder). SQLite's read-only connection made a new -shm,
    owned by whoever ran the smoke test (root: the kiosk then cannot open its store)."""
    db = make_store(tmp_path / "data")
    crash = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute(\"UPDATE doctors SET name = 'Dr Crash' WHERE rowid = 1\"); c.commit()\n"
        "os._exit(0)  # no checkpoint: the change stays in the -wal file\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(db)], check=True, timeout=60)
    Path(f"{db}-shm").unlink()
    assert Path(f"{db}-wal").stat().st_size > 0
    before = snapshot(db.parent)

    proc = smoke(tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert f"{DEMO_DOCTORS} doctors on the local backend" in proc.stdout
    assert snapshot(db.parent) == before  # no -shm of the smoke test's user


def test_no_store_yet_checks_its_folder_and_creates_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "var" / "care4u"
    proc = smoke(tmp_path, CARE4U_DATA_DIR=str(data_dir))
    assert proc.returncode == 0, proc.stderr
    assert (
        f"{DEMO_DOCTORS} doctors on the local backend; the store {data_dir / DB_FILENAME}"
        " will be created at first start"
    ) in proc.stdout
    assert not (tmp_path / "var").exists()


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("garbage", "file is not a database"),
        (
            "newer",
            f"was written by a newer release (schema 99; this release reads up to"
            f" {SCHEMA_VERSION})",
        ),
        ("folder", "is a folder, not a database file"),
        ("data_dir_is_a_file", "cannot be used: the data folder is a file, not a folder"),
    ],
)
def test_a_store_that_cannot_be_used_fails_naming_it(
    tmp_path: Path, setup: str, reason: str
) -> None:
    data_dir = tmp_path / "data"
    db = data_dir / DB_FILENAME
    if setup == "data_dir_is_a_file":
        data_dir.write_text("not a folder\n")
        where = data_dir
    else:
        data_dir.mkdir()
        where = db
        if setup == "garbage":
            db.write_bytes(b"this is not SQLite\n" * 300)
        elif setup == "folder":
            db.mkdir()
        else:
            make_store(data_dir)
            with sqlite3.connect(db) as conn:
                conn.execute("PRAGMA user_version = 99")
            conn.close()
    before = snapshot(data_dir) if data_dir.is_dir() else None

    proc = smoke(tmp_path)
    assert proc.returncode == 5, proc.stderr
    assert failure_line(proc) == f"care4u-desktop smoke test FAILED: the store {where}: {reason}"
    assert (snapshot(data_dir) if data_dir.is_dir() else None) == before


@pytest.fixture
def tmp_path_for_all() -> Iterator[Path]:
    """A temporary folder other OS users can reach (pytest's own are under a 0700 folder)."""
    with tempfile.TemporaryDirectory(prefix="care4u-smoke-") as name:
        path = Path(name)
        path.chmod(0o755)
        yield path


@linux_only
def test_a_store_another_account_cannot_write_fails_for_it(tmp_path_for_all: Path) -> None:
    """The kiosk's account runs the smoke test on a store that only root can write."""
    tmp_path = tmp_path_for_all
    require(hasattr(os, "geteuid") and os.geteuid() == 0, "root, to run as another OS user")
    import pwd

    nobody = pwd.getpwnam("nobody")
    as_nobody = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    python, python_path = _python_for(as_nobody)
    db = make_store(tmp_path / "data")
    db.parent.chmod(0o755)
    db.chmod(0o644)  # readable by all, writable by root only
    tmp_path.chmod(0o755)
    logs = tmp_path / "logs"
    logs.mkdir()
    os.chown(logs, nobody.pw_uid, nobody.pw_gid)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARE4U_", "QT_"))}
    env.update(
        HOME=str(logs),
        QT_QPA_PLATFORM="offscreen",
        CARE4U_CONFIG=str(tmp_path / "none.toml"),
        CARE4U_LOG_DIR=str(logs),
        CARE4U_DATA_DIR=str(db.parent),
    )
    if python_path:
        env["PYTHONPATH"] = python_path
    proc = subprocess.run(
        [python, "-m", "care4u_desktop", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **as_nobody,
        cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert proc.returncode == 5, proc.stderr
    assert failure_line(proc) == (
        f"care4u-desktop smoke test FAILED: the store {db}: is read-only for this user"
        f" (uid {nobody.pw_uid})"
    )


def _python_for(as_user: dict[str, Any]) -> tuple[str, str]:
    """An interpreter ``as_user`` can run, with this venv's packages: the venv's own, or
    (when it lives under a 0700 /root, as on CI) the system's Python of the same version
    given the venv's site-packages and this checkout on PYTHONPATH."""
    candidates = [(sys.executable, "")]
    system = shutil.which(
        f"python{sys.version_info.major}.{sys.version_info.minor}", path="/usr/bin"
    )
    if system:
        repo = str(Path(__file__).resolve().parents[2])
        candidates.append((system, os.pathsep.join([repo, sysconfig.get_paths()["purelib"]])))
    for python, python_path in candidates:
        env = {**os.environ, "PYTHONPATH": python_path} if python_path else None
        try:
            subprocess.run(
                [python, "-c", "import PySide6.QtWidgets, care4u_desktop"],
                check=True,
                timeout=60,
                env=env,
                capture_output=True,
                **as_user,
            )
        except (PermissionError, subprocess.CalledProcessError):
            continue
        return python, python_path
    require(False, "a Python with PySide6 that an unprivileged user can run")
    raise AssertionError  # require() has failed or skipped
