"""``pip install .`` (not editable) gives a working app: the wheel carries resources/, and
the installed copy finds them with the checkout nowhere in sight.

One wheel, built offline from a copy of the sources (nothing of the checkout's build/ or
egg-info is read or written), installed into a throwaway target; then care4u-admin, the
kiosk's smoke test and the server's files run from that install alone."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from care4u_desktop.ui import i18n

REPO_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_the_wheel_carries_the_resources_and_an_install_of_it_runs_anywhere(
    tmp_path: Path,
) -> None:
    i18n.compile_all()  # what `make dist` does first: the Spanish catalogue ships compiled
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*.partial")
    for name in ("care4u_desktop", "resources"):
        shutil.copytree(REPO_ROOT / name, src / name, ignore=ignore)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARE4U_")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    pip = [sys.executable, "-m", "pip"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", "out", "."], src, env)

    (wheel,) = (src / "out").glob("care4u_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        str(p.relative_to(REPO_ROOT / "resources")).replace(os.sep, "/")
        for p in (REPO_ROOT / "resources").rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    assert {"demo_doctors.json", "i18n/care4u_es.qm", "aws/care4u.cfn.yaml"} <= shipped
    missing = sorted(n for n in shipped if f"care4u_desktop/_resources/{n}" not in names)
    assert missing == []
    # Every package of the checkout is in pyproject.toml's list (it is not found).
    packages = {
        ".".join(p.parent.relative_to(REPO_ROOT).parts)
        for p in (REPO_ROOT / "care4u_desktop").rglob("__init__.py")
    }
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(project["tool"]["setuptools"]["packages"])
    assert packages - listed == set()
    assert {f"{p.replace('.', '/')}/__init__.py" for p in packages} <= names

    target = tmp_path / "site"
    run([*pip, "install", "--no-deps", "-q", "--target", str(target), str(wheel)], tmp_path, env)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env.update(
        PYTHONPATH=str(target),  # before the venv's (editable) copy of the checkout
        QT_QPA_PLATFORM="offscreen",
        CARE4U_CONFIG=os.devnull,
        CARE4U_MACHINE_CONFIG=os.devnull,
        CARE4U_LOG_DIR=str(tmp_path / "logs"),
        CARE4U_DATA_DIR=str(tmp_path / "data"),
    )
    where = run(
        [
            sys.executable,
            "-c",
            "import care4u_desktop, care4u_desktop.resources as r;"
            "print(repr((care4u_desktop.__file__, str(r.resources_dir()), r.from_checkout())))",
        ],
        elsewhere,
        env,
    )
    module, resources, from_checkout = ast.literal_eval(where.stdout.strip())
    assert Path(module).is_relative_to(target)
    assert Path(resources) == target / "care4u_desktop" / "_resources"
    assert from_checkout is False

    seeded = run([sys.executable, "-m", "care4u_desktop.cli", "seed-doctors"], elsewhere, env)
    listed_doctors = run(
        [sys.executable, "-m", "care4u_desktop.cli", "--json", "doctors"], elsewhere, env
    )
    assert "10" in seeded.stdout and listed_doctors.stdout.count('"doctor_id"') == 10
    smoke = run([sys.executable, "-m", "care4u_desktop", "--smoke-test"], elsewhere, env)
    assert "smoke test OK: login view painted, 10 doctors" in smoke.stdout
