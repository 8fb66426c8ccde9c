"""IT runs ``care4u-desktop --smoke-test`` (or care4u-admin) as root on a kiosk whose
machine file names the kiosk account's own log file. A log file root creates in that
account's folder must stay the account's: created root's 0600, the kiosk could never log
again (it says "no log file" on a standard error nobody reads, under cage)."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import components
from tests.cli.support import run_cli
from tests.smoke_run import smoke

REPO_ROOT = Path(__file__).resolve().parents[2]
KIOSK = 61_031  # the care4u-kiosk account
pytestmark = [pytest.mark.skipif(os.name == "nt", reason="POSIX owners"), pytest.mark.slow]


def can_append_as(uid: int, path: Path) -> bool:
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND))
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


@pytest.fixture
def base() -> Iterator[Path]:
    # Not under pytest's tmp_path: /tmp/pytest-of-root is root's alone.
    path = Path(tempfile.mkdtemp(prefix="care4u-root-run-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path)


def test_a_root_run_smoke_test_leaves_the_kiosks_log_file_the_kiosks(base: Path) -> None:
    components.require(os.geteuid() == 0, "root (IT's smoke test, and a kiosk account)")
    tmp_path = base
    home = tmp_path / "var-lib-care4u-kiosk"
    home.mkdir()
    os.chown(home, KIOSK, KIOSK)
    home.chmod(0o750)
    log_file = home / "kiosk.log"
    (tmp_path / "machine.toml").write_text(f'log_file = "{log_file}"\n', encoding="utf-8")
    proc = smoke(tmp_path, CARE4U_MACHINE_CONFIG=str(tmp_path / "machine.toml"))

    assert proc.returncode == 0, proc.stderr
    assert "smoke test OK" in log_file.read_text(encoding="utf-8")
    assert (log_file.stat().st_uid, log_file.stat().st_gid) == (KIOSK, KIOSK)
    assert can_append_as(KIOSK, log_file)


@pytest.mark.parametrize("setting", ["data_dir", "log_dir"])
def test_a_folder_everyone_shares_like_tmp_is_never_made_private(
    tmp_path: Path, setting: str
) -> None:
    """``sudo care4u-admin --data-dir /tmp`` (or a machine file's data_dir or log_dir naming
    /tmp, /var/tmp) chmodded that folder 0700: every other account's programs lost /tmp."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    scratch.chmod(0o1777)
    data_dir = scratch if setting == "data_dir" else tmp_path / "data"
    env = {"CARE4U_LOG_DIR": str(scratch)} if setting == "log_dir" else {}

    proc = run_cli(data_dir, "doctors", env=env)

    assert oct(stat.S_IMODE(scratch.stat().st_mode)) == oct(0o1777)
    if setting == "data_dir":  # no store in it either: anyone may create its files first
        assert proc.returncode == 5, proc.stderr
        assert "every account may write in" in proc.stderr, proc.stderr
    else:  # the command runs, without its log file, and says why
        assert proc.returncode == 0, proc.stderr
        assert "every account may write in" in proc.stderr, proc.stderr
