"""The macOS package's parts that can run off a Mac: the postinstall that puts care4u-admin
on PATH (run here with sh against a stand-in volume, as Installer runs it with $3), and the
distribution productbuild reads. pkgbuild, productbuild, codesign and notarytool run only
on the macOS runners (.github/workflows/build.yml); nothing here shows that they work.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MACOS = ROOT / "freeze" / "macos"
APP_ADMIN = "/Applications/Care4U Desktop.app/Contents/MacOS/care4u-admin"

# POSIX sh and symlinks; the macOS runners install the real package instead.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs sh and symlinks")


def _postinstall(volume: Path) -> subprocess.CompletedProcess[str]:
    # Installer's arguments: the package path, the install location, the target volume.
    return subprocess.run(
        ["sh", str(MACOS / "postinstall"), "/tmp/care4u.pkg", "/", str(volume)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_postinstall_puts_care4u_admin_on_path_and_can_run_again(tmp_path: Path) -> None:
    link = tmp_path / "usr" / "local" / "bin" / "care4u-admin"
    for _ in range(2):  # an upgrade runs it again over the link it made
        result = _postinstall(tmp_path)
        assert result.returncode == 0, result.stderr
        assert link.is_symlink()
        assert os.readlink(link) == APP_ADMIN  # the path on the booted system, not the volume


def test_postinstall_leaves_someone_elses_care4u_admin_alone(tmp_path: Path) -> None:
    other = tmp_path / "usr" / "local" / "bin" / "care4u-admin"
    other.parent.mkdir(parents=True)
    other.write_text("#!/bin/sh\n# pip's entry point\n", encoding="utf-8")
    result = _postinstall(tmp_path)
    assert result.returncode == 0  # never fail the install over it
    assert not other.is_symlink()
    assert "pip's entry point" in other.read_text(encoding="utf-8")
    assert "left as it is" in result.stdout


def test_the_distribution_installs_for_the_machine_on_one_architecture() -> None:
    template = (MACOS / "distribution.xml.in").read_text(encoding="utf-8")
    script = (MACOS / "build_pkg.sh").read_text(encoding="utf-8")
    # Every field the template has is one build_pkg.sh fills.
    assert set(re.findall(r"@([A-Z_]+)@", template)) == set(re.findall(r"s/@([A-Z_]+)@/", script))
    doc = ET.fromstring(template)
    options = doc.find("options")
    assert options is not None and options.get("hostArchitectures") == "@ARCH@"
    domains = doc.find("domains")
    assert domains is not None
    assert (domains.get("enable_localSystem"), domains.get("enable_currentUserHome")) == (
        "true",
        "false",
    )
    identifier = re.search(r"^identifier=(\S+)$", script, re.MULTILINE)
    assert identifier is not None
    refs = {ref.get("id") for ref in doc.iter("pkg-ref")}
    assert refs == {identifier.group(1)}
