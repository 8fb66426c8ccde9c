"""The packaged folder runs without Python: the kiosk's smoke test and ``care4u-admin``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from care4u_desktop import __version__
from tests.components import require
from tests.packaging.support import (
    ADMIN,
    APP,
    GUI_HAS_STDOUT,
    ROOT,
    clean_env,
    run,
)

pytestmark = pytest.mark.slow

DEMO_IDS = {
    d["doctor_id"] for d in json.loads((ROOT / "resources" / "demo_doctors.json").read_text())
}


def test_both_executables_share_one_folder(packaged: Path) -> None:
    assert (packaged / APP).is_file()
    assert (packaged / ADMIN).is_file()
    # One _internal for both: the libraries are not duplicated per executable.
    assert [p.name for p in packaged.iterdir() if p.is_dir()] == ["_internal"]


def smoke_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The smoke test checks the store the machine is configured with: a fresh one here,
    not the store of whoever runs the tests."""
    return clean_env({"CARE4U_DATA_DIR": str(data_dir), **extra})


def test_smoke_test_offscreen(packaged: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    proc = run(packaged / APP, "--smoke-test", env=smoke_env(data_dir), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    if GUI_HAS_STDOUT:
        ok = re.search(r"care4u-desktop smoke test OK: login view painted, (\d+) ", proc.stdout)
        assert ok, proc.stdout
        assert int(ok.group(1)) == len(DEMO_IDS)  # the demo doctors were seeded
        assert "will be created at first start" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert not data_dir.exists()  # looked at, never created


def test_smoke_test_started_from_elsewhere(packaged: Path, tmp_path: Path) -> None:
    """Resources are found next to the executable, whatever the working directory."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = smoke_env(tmp_path / "data")
    proc = run(packaged / APP, "--smoke-test", env=env, cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert list(elsewhere.iterdir()) == [], "the smoke test must leave nothing behind"


def test_smoke_test_reads_an_existing_store_without_writing(packaged: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    created = run(packaged / ADMIN, "--data-dir", str(data_dir), "doctors", env=clean_env())
    assert created.returncode == 0, created.stderr
    before = sorted(p.name for p in data_dir.iterdir())
    proc = run(packaged / APP, "--smoke-test", env=smoke_env(data_dir), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    if GUI_HAS_STDOUT:
        assert f"{len(DEMO_IDS)} doctors on the local backend; the store" in proc.stdout
        assert "opened read-only" in proc.stdout
    assert sorted(p.name for p in data_dir.iterdir()) == before  # no -wal, no -shm


def test_smoke_test_fails_on_a_store_that_is_not_one(packaged: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "care4u.sqlite3").write_bytes(b"not SQLite\n" * 500)
    proc = run(packaged / APP, "--smoke-test", env=smoke_env(data_dir), cwd=tmp_path)
    assert proc.returncode == 5, proc.stderr
    if GUI_HAS_STDOUT:
        assert "smoke test FAILED: the store" in proc.stderr
        assert "file is not a database" in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig")
def test_smoke_test_without_fonts_fails_naming_the_package(packaged: Path, tmp_path: Path) -> None:
    """The bare Debian root without a font package: the frozen app says so (exit 4)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f"<?xml version='1.0'?><fontconfig><cachedir>{tmp_path}/fc</cachedir></fontconfig>\n"
    )
    (tmp_path / "no-fonts").mkdir()
    env = smoke_env(
        tmp_path / "data", FONTCONFIG_FILE=str(conf), QT_QPA_FONTDIR=str(tmp_path / "no-fonts")
    )
    proc = run(packaged / APP, "--smoke-test", env=env, cwd=tmp_path)
    assert proc.returncode == 4, proc.stderr
    assert "FAILED: no usable font" in proc.stderr
    assert "fonts-dejavu-core" in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plug-in")
def test_smoke_test_without_a_display_is_one_line(packaged: Path, tmp_path: Path) -> None:
    env = smoke_env(tmp_path / "data", QT_QPA_PLATFORM="xcb")
    env.pop("DISPLAY", None)
    proc = run(packaged / APP, "--smoke-test", env=env, cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr  # not SIGABRT
    assert (
        'smoke test FAILED: the Qt platform plug-in "xcb" could not be loaded: no X display'
    ) in proc.stderr
    assert "This application failed to start" not in proc.stderr


def test_admin_version(packaged: Path) -> None:
    proc = run(packaged / ADMIN, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"care4u-admin {__version__}"


def test_admin_lists_demo_doctors(packaged: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    proc = run(packaged / ADMIN, "--data-dir", str(data_dir), "doctors")
    assert proc.returncode == 0, proc.stderr
    assert "Cardiology" in proc.stdout
    proc = run(packaged / ADMIN, "--data-dir", str(data_dir), "--json", "doctors")
    assert proc.returncode == 0, proc.stderr
    assert {d["doctor_id"] for d in json.loads(proc.stdout)} == DEMO_IDS
    assert (data_dir / "care4u.sqlite3").is_file()


def test_admin_usage_error_is_one_line(packaged: Path) -> None:
    proc = run(packaged / ADMIN, "no-such-command")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_aws_backend_is_bundled(packaged: Path, tmp_path: Path) -> None:
    """boto3, botocore and the kept service models load; an unreachable endpoint is exit 5."""
    env = clean_env(
        {
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",  # discard port: refused at once
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "eu-west-1",
        }
    )
    proc = run(
        packaged / ADMIN, "--backend", "aws", "--data-dir", str(tmp_path), "doctors", env=env
    )
    assert proc.returncode == 5, proc.stderr
    for broken in ("Traceback", "ModuleNotFoundError", "UnknownServiceError", "DataNotFoundError"):
        assert broken not in proc.stderr


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    if not sys.platform.startswith("linux"):
        pytest.skip("Xvfb runs on Linux")
    xvfb = shutil.which("Xvfb")
    require(xvfb is not None, "Xvfb (Debian package xvfb)")
    assert xvfb is not None
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_smoke_test_on_x11(packaged: Path, tmp_path: Path, xvfb_display: str) -> None:
    """The bundled xcb platform plug-in and its libraries load on a real X server."""
    env = smoke_env(tmp_path / "data", QT_QPA_PLATFORM="xcb", DISPLAY=xvfb_display)
    proc = run(packaged / APP, "--smoke-test", env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "smoke test OK" in proc.stdout
    assert "Could not load the Qt platform plugin" not in proc.stderr
