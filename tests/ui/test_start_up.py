"""What the first paint costs: only the log-in view and what it needs (docs/packaging.md).

The start-up budget is measured by ``benchmarks/package_bench.py``; these tests keep the
work it found unnecessary from creeping back onto the start path, in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

#: Imported on first use, never for the log-in screen: the other views, the kiosk lock-down,
#: the AWS backend, password hashing, and standard modules only some calls need.
NOT_AT_START_UP = [
    "care4u_desktop.ui.views.signup",
    "care4u_desktop.ui.views.doctors",
    "care4u_desktop.ui.views.booking",
    "care4u_desktop.ui.views.appointments",
    "care4u_desktop.ui.views.kiosk_exit",
    "care4u_desktop.ui.views.staff_desk",
    "care4u_desktop.ui.kiosk",
    "care4u_desktop.ui.privacy",
    "care4u_desktop.ui.slip",
    "care4u_desktop.services.booking",
    "care4u_desktop.services.notifications",
    "care4u_desktop.services.staff",
    "boto3",
    "werkzeug",
    "secrets",
    "uuid",
    "subprocess",
    "tomllib",
    "zoneinfo",
    "multiprocessing",
]

#: Not even loaded when the log-in view has painted: the store check, on a worker, loads them
#: just after (the service layer, SQLite, the domain model).
NOT_AT_FIRST_PAINT = [
    "care4u_desktop.domain.models",
    "care4u_desktop.services.accounts",
    "care4u_desktop.adapters.sqlite_store",
    "care4u_desktop.adapters.local_notifier",
    "sqlite3",
    "json",
]

PROBE = """
import sys
import PySide6.QtCore as core
from care4u_desktop import app
from care4u_desktop.ui import smoke_watch
at_first_paint = []
report = smoke_watch.SmokeWatch._first_paint_done
def snapshot(watch):
    at_first_paint.extend(sys.modules)
    report(watch)
smoke_watch.SmokeWatch._first_paint_done = snapshot
code = app.main(["--smoke-test"])
import json  # only now: it is one of the modules the first paint must not need
print(json.dumps({"code": code, "qt_namespace": "Qt" in vars(core),
                  "modules": sorted(sys.modules), "at_first_paint": at_first_paint}))
"""


def test_the_smoke_test_paints_the_log_in_with_nothing_else_loaded(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["CARE4U_CONFIG"] = str(tmp_path / "none.toml")  # no file: defaults
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    ok_line, result_line = lines[-2:]
    assert ok_line.startswith("care4u-desktop smoke test OK: login view painted, 10 doctors")
    # The benchmark's start-to-first-paint mark comes first, as soon as the view painted.
    assert "care4u-desktop: first paint (the log-in view)" in lines[:-2]
    result = json.loads(result_line)
    assert result["code"] == 0
    loaded = set(result["modules"])
    assert [name for name in NOT_AT_START_UP if name in loaded] == []
    at_first_paint = set(result["at_first_paint"])
    assert at_first_paint and "care4u_desktop.ui.views.login" in at_first_paint
    assert [name for name in NOT_AT_FIRST_PAINT if name in at_first_paint] == []
    # PySide6 builds all 93 enums of its Qt namespace on first use (widgets.set_enum_property).
    assert result["qt_namespace"] is False


def test_the_smoke_test_checks_a_locked_kiosk_too(tmp_path: Path) -> None:
    """A kiosk refuses to close its window; the smoke test must still end (it hung once)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["CARE4U_CONFIG"] = str(tmp_path / "none.toml")
    proc = subprocess.run(
        [sys.executable, "-m", "care4u_desktop", "--smoke-test", "--kiosk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "care4u-desktop smoke test OK: login view painted, 10 doctors" in proc.stdout
