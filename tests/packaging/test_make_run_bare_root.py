"""The README's OS packages for ``make run`` are enough on a bare Debian: a fresh copy of the
cached ``debootstrap --variant=minbase`` root (``bare_root.py``) gets exactly the packages of
``.ci/apt-packages-run`` (``--no-install-recommends``, as the README says) and nothing else;
then an ordinary user there starts the kiosk's smoke test from this checkout, offscreen and
on X11 (the host's Xvfb, through its socket), with the Debian Python the list installs.

The Python packages are this test's virtualenv's, shown read-only inside the root: what is
checked is the OS side, the libraries PySide6 and Qt's plug-ins load (without
libglib2.0-0 PySide6 does not import; without one libxcb-* the X11 plug-in does not load),
not pip's download of them, which ``make run`` does anywhere.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import components
from tests.packaging.bare_root import bare_root
from tests.ui.x11 import x_display

ROOT = Path(__file__).resolve().parents[2]
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C.UTF-8"}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian only")


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A host X server (Xvfb with openbox) whose socket the root is given."""
    with x_display() as display:
        yield display.name


def test_the_readme_packages_run_the_kiosk_on_a_bare_debian(
    tmp_path: Path, xvfb: str, capsys: pytest.CaptureFixture[str]
) -> None:
    components.require(os.geteuid() == 0, "root (debootstrap, chroot and mounts)")
    for tool in ("debootstrap", "unshare"):
        components.require(shutil.which(tool) is not None, f"{tool} (Debian: debootstrap)")
    packages = (ROOT / ".ci" / "apt-packages-run").read_text(encoding="utf-8").split()
    report: list[str] = []
    with bare_root(tmp_path, report) as root:
        root.check(["apt-get", "update"], env=APT_ENV)
        step = time.monotonic()
        root.check(
            ["apt-get", "install", "-y", "--no-install-recommends", *packages],
            env=APT_ENV,
            timeout=900,
        )
        report.append(f"{len(packages)} packages installed in {time.monotonic() - step:.0f} s")
        python = f"python{sys.version_info.major}.{sys.version_info.minor}"
        components.require(
            (root.path / "usr/bin" / python).exists(),
            f"the root's Python to be {python}, like this virtualenv's",
        )
        root.read_only_binds += [
            (Path(sysconfig.get_paths()["purelib"]), "/opt/site-packages"),
            (ROOT, "/opt/care4u"),
            (Path("/tmp/.X11-unix"), "/tmp/.X11-unix"),
        ]
        root.check(["useradd", "--create-home", "alice"])
        base = {
            "HOME": "/home/alice",
            "USER": "alice",
            "LANG": "C.UTF-8",
            "PYTHONPATH": "/opt/care4u:/opt/site-packages",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        for platform, extra in (("offscreen", {}), ("xcb", {"DISPLAY": xvfb})):
            env = {**base, **extra, "QT_QPA_PLATFORM": platform}
            smoke = root.run(
                [f"/usr/bin/{python}", "-m", "care4u_desktop", "--smoke-test"],
                user="alice",
                env=env,
                timeout=120,
            )
            last = smoke.stdout.strip().splitlines()[-1:] or [""]
            report.append(f"{platform}: exit {smoke.returncode}: {last[0]}")
            assert smoke.returncode == 0, smoke.stdout
            assert "smoke test OK" in smoke.stdout, smoke.stdout
    with capsys.disabled():
        print("\n" + "\n".join(report))
