"""A reception PC's staff share one store: a data_dir IT set up for a group (setgid and
group-writable, ``chmod 2770``) is usable by every member of that group, and by nobody else;
a per-user store stays its user's alone (tests/integration/test_private_files.py).

Two real OS users (numeric ids no account holds, so nothing is added to /etc/passwd), each a
process forked from this one as root and switched to that user: the interpreter lives where
only root may read (/root/.pyenv here), so the children use what this process has already
imported rather than exec a new Python.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from care4u_desktop.composition import build_services
from care4u_desktop.config import Config
from care4u_desktop.domain.errors import DomainError
from tests import components
from tests.cli.support import run_cli

PASSWORD = "correct horse 42"
GROUP = 61_000  # the "care4u" group IT would make
ANA, BEN = 61_001, 61_002  # two receptionists in it
EVE = 61_003  # an account of the same PC outside the group

pytestmark = [
    pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs"),
    pytest.mark.slow,
]


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def as_user(uid: int, groups: list[int], work: Callable[[], None]) -> int:
    """Run ``work`` in a child process as ``uid`` (primary group its own, plus ``groups``);
    its exit code: 0 done, 3 a DomainError (the store refused), 4 anything else."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 4
        try:
            os.setgroups(groups)
            os.setgid(uid)
            os.setuid(uid)
            os.umask(0o022)  # a usual login's umask
            work()
            code = 0
        except DomainError:
            code = 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def book_as_patient(data_dir: Path, email: str, days_ahead: int) -> None:
    services = build_services(Config(data_dir=data_dir), seed_demo=True, acting_device="test")
    patient = services.accounts.find_by_email(email)
    doctor = services.booking.list_doctors()[0]
    day = date.today() + timedelta(days=days_ahead)
    while not doctor.works_on(day):
        day += timedelta(days=1)
    slot = next(s for s in services.booking.availability(doctor.doctor_id, day).slots if s.free)
    services.booking.book(patient, doctor.doctor_id, day, slot.time)


def sign_up(data_dir: Path, email: str) -> None:
    services = build_services(Config(data_dir=data_dir), seed_demo=True, acting_device="test")
    services.accounts.sign_up("Pat Shared", email, "5551234567", PASSWORD, PASSWORD)


@pytest.fixture
def base() -> Iterator[Path]:
    components.require(os.geteuid() == 0, "root (to act as two OS users)")
    # Not under pytest's tmp_path: /tmp/pytest-of-root is root's alone.
    path = Path(tempfile.mkdtemp(prefix="care4u-shared-"))
    path.chmod(0o755)
    # Everything the children will call, imported and warmed up here while root can read it.
    sign_up(path / "warm-up", "warm@example.com")
    book_as_patient(path / "warm-up", "warm@example.com", 1)
    try:
        yield path
    finally:
        import shutil

        shutil.rmtree(path)


def test_the_members_of_the_group_share_the_store_and_nobody_else_reads_it(base: Path) -> None:
    shared = base / "care4u"
    shared.mkdir()
    os.chown(shared, 0, GROUP)
    shared.chmod(0o2770)  # as docs/kiosk.md tells IT: chgrp care4u; chmod 2770

    assert as_user(ANA, [GROUP], lambda: sign_up(shared, "pat@example.com")) == 0
    assert as_user(BEN, [GROUP], lambda: book_as_patient(shared, "pat@example.com", 2)) == 0
    assert as_user(ANA, [GROUP], lambda: book_as_patient(shared, "pat@example.com", 3)) == 0
    assert as_user(EVE, [], lambda: book_as_patient(shared, "pat@example.com", 4)) != 0

    assert mode(shared) == "0o2770"  # the folder IT set up is left as it was
    files = sorted(p for p in shared.iterdir())
    assert files, "no store was written"
    for path in files:
        assert (path.name, mode(path)) == (path.name, "0o660")
        assert path.stat().st_gid == GROUP
    services = build_services(Config(data_dir=shared), seed_demo=False)
    patient = services.accounts.find_by_email("pat@example.com")
    assert len(services.store.appointments_for_user(patient.user_id)) == 2


def test_a_group_writable_folder_without_setgid_is_still_made_private(tmp_path: Path) -> None:
    """Only the setup IT does on purpose shares a store; a folder that merely came out
    group-writable (a umask of 002) is its user's alone, like any other."""
    previous = os.umask(0o002)
    try:
        data_dir = tmp_path / "data"
        data_dir.mkdir(mode=0o775)
        sign_up(data_dir, "pat@example.com")
    finally:
        os.umask(previous)
    assert mode(data_dir) == "0o700"
    assert {p.name: mode(p) for p in data_dir.iterdir()} == {
        p.name: "0o600" for p in data_dir.iterdir()
    }


MALLORY = 61_004  # an account of the same PC, in no group of the staff's


def test_a_shared_looking_folder_another_account_made_does_not_share_the_store(
    base: Path,
) -> None:
    """The machine's data_dir names a folder that does not exist yet, where anyone may create
    it (here under a sticky /tmp-like folder). Mallory creates it first, setgid with her own
    group, writable by all (so the staff's programs go on): the store must not then be made
    readable by her group."""
    parent = base / "tmp"
    parent.mkdir()
    parent.chmod(0o1777)
    planted = parent / "care4u"
    planted.mkdir()
    os.chown(planted, MALLORY, MALLORY)
    planted.chmod(0o2777)

    # Refused (3: the store said it cannot be used), nothing written: 0660 files would be
    # her group's to read, 0600 ones hers to swap for her own.
    assert as_user(ANA, [GROUP], lambda: sign_up(planted, "pat@example.com")) == 3
    admin = run_cli(planted, "doctors")  # and IT's care4u-admin, as root, says why
    assert admin.returncode == 5, admin.stderr
    assert f"{planted}: it belongs to another account (uid {MALLORY})" in admin.stderr
    assert list(planted.iterdir()) == []
