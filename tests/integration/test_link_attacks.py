"""A member of the shared store's group (or anyone who can write a log folder) plants a
link where the app will create or tighten a file; IT then runs care4u-admin as root.

The app opens its data and log files itself and chmods them (0600, or 0660 in a shared
folder): followed through a symbolic link, a root-run care4u-admin would chmod, and append to,
any file of the machine (here a stand-in for /etc/passwd). The kernel's
``fs.protected_symlinks`` only guards sticky world-writable folders such as /tmp, not a
``chmod 2770`` group folder, and it is off in many containers.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.support import run_cli

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX links and modes")

PASSWD = "root:x:0:0:root:/root:/bin/bash\n"
MEMBER = 61_011  # a receptionist in the care4u group, who plants the link


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def victim(tmp_path: Path) -> Iterator[Path]:
    """A file of root's that nobody in the group may change (a stand-in for /etc/passwd)."""
    etc = tmp_path / "etc"
    etc.mkdir()
    path = etc / "passwd"
    path.write_text(PASSWD)
    path.chmod(0o644)
    yield path


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A data folder as IT shares it (docs: chgrp care4u; chmod 2770)."""
    path = tmp_path / "care4u"
    path.mkdir()
    path.chmod(0o2770)
    return path


def plant_link(link: Path, target: Path) -> None:
    link.symlink_to(target)
    if os.geteuid() == 0:  # as the group member would have made it
        os.lchown(link, MEMBER, -1)


def assert_untouched(victim: Path) -> None:
    assert (oct(mode(victim)), victim.read_text()) == (oct(0o644), PASSWD)


def test_a_store_file_linked_elsewhere_is_neither_chmodded_nor_opened(
    shared: Path, victim: Path
) -> None:
    plant_link(shared / "care4u.sqlite3", victim)

    proc = run_cli(shared, "doctors")

    assert_untouched(victim)
    assert proc.returncode != 0
    assert "care4u.sqlite3" in proc.stderr and "link" in proc.stderr, proc.stderr


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_journal_linked_elsewhere_is_neither_chmodded_nor_written(
    shared: Path, victim: Path, suffix: str
) -> None:
    assert run_cli(shared, "doctors").returncode == 0  # the store, as the staff use it
    assert not (shared / f"care4u.sqlite3{suffix}").exists()  # closed cleanly: no journal left
    plant_link(shared / f"care4u.sqlite3{suffix}", victim)

    proc = run_cli(shared, "doctors")

    assert_untouched(victim)
    assert proc.returncode != 0
    assert f"care4u.sqlite3{suffix}" in proc.stderr and "link" in proc.stderr, proc.stderr


def test_a_hard_link_in_the_shared_folder_is_not_chmodded(shared: Path, victim: Path) -> None:
    """fs.protected_hardlinks stops most of these; a file the member owns elsewhere (or a
    kernel with it off) still must not have its mode changed through the store's name."""
    os.link(victim, shared / "care4u.sqlite3")

    proc = run_cli(shared, "doctors")

    assert_untouched(victim)
    assert proc.returncode != 0


def test_care4u_admins_log_linked_elsewhere_is_neither_chmodded_nor_appended(
    tmp_path: Path, shared: Path, victim: Path
) -> None:
    """log_file in a folder the kiosk and the staff share: care4u-admin writes its own
    care4u-admin.log beside it."""
    plant_link(shared / "care4u-admin.log", victim)

    proc = run_cli(
        tmp_path / "data", "doctors", env={"CARE4U_LOG_FILE": str(shared / "care4u-desktop.log")}
    )

    assert_untouched(victim)
    assert proc.returncode == 0, proc.stderr  # the command itself still runs, without a log
    assert "care4u-admin.log" in proc.stderr and "link" in proc.stderr, proc.stderr
