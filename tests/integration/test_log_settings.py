"""Where the kiosk's log goes and what starts write it: the file a machine file names, the
first screen's line, a start with no standard error at all, care4u-admin's own file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.support import run_cli

REPO_ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs")
pytestmark = pytest.mark.slow


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARE4U_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CARE4U_CONFIG=str(tmp_path / "none.toml"),
        CARE4U_MACHINE_CONFIG=str(tmp_path / "machine.toml"),
        CARE4U_DATA_DIR=str(tmp_path / "data"),
        **extra,
    )
    return env


@posix_only
def test_a_normal_start_writes_where_the_machine_file_says_and_says_the_log_in_came_up(
    tmp_path: Path,
) -> None:
    tmp_path.chmod(0o755)
    log_file = tmp_path / "var-log-care4u" / "kiosk.log"
    (tmp_path / "machine.toml").write_text(
        f'log_file = "{log_file}"\nlog_level = "DEBUG"\n', encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "care4u_desktop"],
        env=clean_env(tmp_path),
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if log_file.exists() and "log-in view shown" in log_file.read_text("utf-8"):
                break
            time.sleep(0.1)
        text = log_file.read_text("utf-8") if log_file.exists() else ""
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "INFO care4u_desktop: log-in view shown" in text, (text, err)
    assert "Care4U Desktop 0.1.0 starting" in text
    assert (mode(log_file.parent), mode(log_file)) == ("0o700", "0o600")
    assert mode(tmp_path) == "0o755"  # a folder that was there is not the log's to change


def test_a_start_with_no_standard_error_still_writes_its_log_file(tmp_path: Path) -> None:
    """A windowed Windows executable has sys.stderr None: the file is all IT has."""
    log_file = tmp_path / "kiosk.log"
    script = (
        "import sys; sys.stderr = None\n"
        "from care4u_desktop.app import main\n"
        "raise SystemExit(main(['--smoke-test']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        env=clean_env(tmp_path, CARE4U_LOG_FILE=str(log_file)),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "smoke test OK" in proc.stdout
    assert "Care4U Desktop 0.1.0 starting" in log_file.read_text("utf-8")


@posix_only
def test_care4u_admin_logs_each_run_to_its_own_file(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    env = {"CARE4U_LOG_DIR": str(logs)}
    listed = run_cli(tmp_path / "data", "doctors", env=env)
    refused = run_cli(
        tmp_path / "data",
        "machine-config",
        "--file",
        str(tmp_path / "m.toml"),
        "--kiosk",
        "maybe",
        env=env,
    )
    assert (listed.returncode, refused.returncode) == (0, 2)
    admin_log = logs / "care4u-admin.log"
    text = admin_log.read_text("utf-8")
    assert "INFO care4u_desktop.cli.main: care4u-admin 0.1.0 doctors" in text
    assert "care4u-admin doctors: exit 0" in text
    assert "failed: --kiosk 'maybe': give 1/0, true/false or yes/no." in text
    assert "care4u-admin machine-config: exit 2" in text
    assert (mode(logs), mode(admin_log)) == ("0o700", "0o600")
    assert not (logs / "care4u-desktop.log").exists()
