"""The workflows audited as an attacker would read them, by zizmor (PyPI ``zizmor``, a test
extra; offline: no GitHub API): actions pinned to a commit (a moved tag must not run new
code in the job that publishes the release), no checkout token left in .git/config for the
later steps, no cache a run could poison under the installers. And the hospital's signing
certificates never sign a pull request's code, which nobody has reviewed yet."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.components import require

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="audited once, on Linux")
ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
SIGNING_GATES = ("WINDOWS_SIGNING", "MACOS_SIGNING", "MACOS_NOTARIZING")


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    beside = Path(sys.executable).with_name("zizmor")  # the venv's, when not on PATH
    found = str(beside) if beside.is_file() else shutil.which("zizmor")
    require(found is not None, "zizmor (pip install -e '.[test]')")
    assert found is not None
    proc = subprocess.run(
        [found, "--offline", "--no-progress", "--format", "plain", str(WORKFLOW.parent)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings" in proc.stdout, proc.stdout


def test_signing_never_runs_for_a_pull_request() -> None:
    """A branch of this repository opened as a pull request gets the secrets: the gates that
    the signing steps test must be false for it, whatever secrets are configured."""
    env = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["package"]["env"]
    for gate in SIGNING_GATES:
        assert "github.event_name != 'pull_request'" in env[gate], (gate, env[gate])
