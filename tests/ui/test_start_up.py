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

PROBE = """
import json, sys
import PySide6.QtCore as core
from care4u_desktop.app import main
code = main(["--smoke-test"])
print(json.dumps({"code": code, "qt_namespace": "Qt" in vars(core),
                  "modules": sorted(sys.modules)}))
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
    # PySide6 builds all 93 enums of its Qt namespace on first use (widgets.set_enum_property).
    assert result["qt_namespace"] is False
