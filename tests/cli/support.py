"""Running the real ``care4u-admin`` in a child process, as an administrator would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse 42"


def run_cli(
    data_dir: Path,
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    traceback_ok: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m care4u_desktop.cli --data-dir DATA_DIR ARGS``; stdin is a pipe.
    A traceback on stderr fails the test, unless ``traceback_ok`` (``--debug`` logs one)."""
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("CARE4U_")}
    # No user config file may leak into the test: point at one that does not exist.
    child_env["CARE4U_CONFIG"] = str(data_dir.parent / "no-such-config.toml")
    child_env["CARE4U_MACHINE_CONFIG"] = os.devnull  # nor this machine's
    # care4u-admin.log goes where the test run's logs go, not to the real log folder.
    child_env["CARE4U_LOG_DIR"] = os.environ["CARE4U_LOG_DIR"]
    child_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    child_env["PYTHONIOENCODING"] = "utf-8"
    child_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "care4u_desktop.cli", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=child_env,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert traceback_ok or "Traceback" not in proc.stderr, proc.stderr
    return proc


def ok_json(proc: subprocess.CompletedProcess[str]) -> Any:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def assert_fails(proc: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    """Exit ``code``, one clear line on stderr containing ``text``, nothing on stdout."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("care4u-admin"), lines[0]
    assert text in lines[0], lines[0]
    assert proc.stdout == ""


def register(
    data_dir: Path, email: str, name: str = "Jane Doe", role: str = "patient"
) -> dict[str, Any]:
    proc = run_cli(
        data_dir,
        "register",
        "--name",
        name,
        "--email",
        email,
        "--phone",
        "555 123 4567",
        "--role",
        role,
        "--json",
        stdin=PASSWORD + "\n",
    )
    user: dict[str, Any] = ok_json(proc)
    return user


def weekday_ahead(days: int) -> str:
    """A Monday-to-Friday date at least ``days`` ahead (keep ``days`` <= 55: horizon 60)."""
    day = date.today() + timedelta(days=days)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return day.isoformat()


def weekend_ahead(days: int) -> str:
    day = date.today() + timedelta(days=days)
    while day.isoweekday() != 7:
        day += timedelta(days=1)
    return day.isoformat()
