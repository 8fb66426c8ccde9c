"""The .deb on a bare Debian: built, installed with apt into a minbase root, run there.

One test, because each step needs the one before and the root is costly (see
``bare_root.py`` for the cache): ``make package``'s builder makes the .deb from the packaged
folder, a fresh copy of the cached ``debootstrap --variant=minbase`` root gets it with
``apt-get install ./care4u-desktop_....deb`` (so only its Depends and Recommends are there),
and then, as an ordinary user, ``care4u-desktop --smoke-test`` and ``care4u-admin doctors``
run, and the kiosk session's own command (``cage -- care4u-desktop --kiosk``, as the kiosk
user, on cage's headless backend) runs until the log-in view is shown.

Linux (Debian) as root only; ``make test-deb`` runs it alone. With
``CARE4U_KIOSK_SCREENSHOT=path.png`` it also installs grim into the root *after* the checks
and saves the kiosk's first screen there (docs/screenshots/kiosk-session-cage.png).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import components
from tests.packaging.bare_root import Root, bare_root

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "freeze"))
KIOSK_USER = "care4u-kiosk"
KIOSK_HOME = f"/var/lib/{KIOSK_USER}"
FIRST_SCREEN_TIMEOUT_S = 60
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C.UTF-8"}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian package")


def _user_env(user: str, home: str, **extra: str) -> dict[str, str]:
    return {"HOME": home, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8", **extra}


def _wait_for_first_screen(root: Root, cage: subprocess.Popen[str]) -> str:
    """The kiosk's log line that its log-in view was painted (in the kiosk user's home)."""
    deadline = time.monotonic() + FIRST_SCREEN_TIMEOUT_S
    home = root.path / KIOSK_HOME.lstrip("/")
    while time.monotonic() < deadline:
        if cage.poll() is not None:
            out = cage.stdout.read() if cage.stdout else ""
            raise AssertionError(f"cage ended ({cage.returncode}) before the first screen:\n{out}")
        for log in home.rglob("*.log"):
            text = log.read_text(encoding="utf-8", errors="replace")
            if "log-in view shown" in text:
                return f"{log.relative_to(root.path)}: " + next(
                    line for line in text.splitlines() if "log-in view shown" in line
                )
        time.sleep(0.5)
    raise AssertionError(f"no 'log-in view shown' in {KIOSK_HOME} after {FIRST_SCREEN_TIMEOUT_S} s")


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + FIRST_SCREEN_TIMEOUT_S
    while not path.exists():
        assert time.monotonic() < deadline, f"no {path} after {FIRST_SCREEN_TIMEOUT_S} s"
        time.sleep(0.5)


def _screenshot(root: Root, runtime: dict[str, str], target: Path) -> None:
    """grim, installed only now (the checks ran without it), saves cage's output."""
    root.check(["apt-get", "install", "-y", "--no-install-recommends", "grim"], env=APT_ENV)
    # cage (wlroots) names its socket wayland-0 in the kiosk user's runtime folder.
    client = {**runtime, "WAYLAND_DISPLAY": "wayland-0"}
    root.check(["grim", "/tmp/kiosk.png"], user=KIOSK_USER, env=client)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root.path / "tmp/kiosk.png", target)


def _no_font_fails_the_smoke_test(root: Root, env: dict[str, str], report: list[str]) -> None:
    """Without its font package the machine can draw no text: the smoke test says so (exit 4)
    rather than OK over a screen of empty boxes; with the font back it passes again."""
    root.check(["dpkg", "--remove", "--force-depends", "fonts-dejavu-core"], env=APT_ENV)
    assert not list((root.path / "usr/share/fonts").rglob("*.ttf")), "a font is left"
    smoke = root.run(["care4u-desktop", "--smoke-test"], user="nurse", env=env)
    report.append(
        f"smoke test without fonts-dejavu-core ({smoke.returncode}): {smoke.stdout.strip()}"
    )
    assert smoke.returncode == 4, smoke.stdout
    assert "FAILED: no usable font" in smoke.stdout, smoke.stdout
    root.check(["apt-get", "install", "-y", "fonts-dejavu-core"], env=APT_ENV)
    assert root.run(["care4u-desktop", "--smoke-test"], user="nurse", env=env).returncode == 0


def _data_survives_reinstall_and_purge(root: Root, package: str, report: list[str]) -> None:
    """The stores the users made stay through a reinstall (the maintainer scripts' upgrade
    path: prerm upgrade, postinst configure with the old version) and a purge."""
    stores = [
        "/home/nurse/.local/share/Care4U/care4u.sqlite3",
        f"{KIOSK_HOME}/.local/share/Care4U/care4u.sqlite3",
    ]
    before = {path: (root.path / path.lstrip("/")).read_bytes() for path in stores}
    root.check(["dpkg", "-i", package], env=APT_ENV)
    root.check(["apt-get", "purge", "-y", "care4u-desktop"], env=APT_ENV)
    assert not (root.path / "opt/care4u-desktop").exists()
    for path, data in before.items():
        assert (root.path / path.lstrip("/")).read_bytes() == data, f"{path} changed or gone"
    report.append(f"reinstall and purge: {len(stores)} stores kept, /opt/care4u-desktop gone")


def test_deb_installs_and_runs_on_a_bare_debian(
    packaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    components.require(os.geteuid() == 0, "root (debootstrap, chroot and mounts)")
    for tool in ("debootstrap", "dpkg-shlibdeps", "unshare"):
        components.require(
            shutil.which(tool) is not None, f"{tool} (Debian: debootstrap, dpkg-dev)"
        )
    import deb

    report: list[str] = []
    started = time.monotonic()
    package = deb.build(packaged, tmp_path / "out", tmp_path / "work")
    report.append(f"package: {package.name}, {package.stat().st_size / 1e6:.1f} MB")
    depends = subprocess.run(
        ["dpkg-deb", "--field", str(package), "Depends", "Recommends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    report.append(depends.strip())
    report.append(f"built in {time.monotonic() - started:.0f} s")

    with bare_root(tmp_path, report) as root:
        step = time.monotonic()
        inside = root.copy_in(package, f"/tmp/{package.name}")
        root.check(["apt-get", "update"], env=APT_ENV)
        out = root.check(["apt-get", "install", "-y", inside], env=APT_ENV, timeout=900)
        report.append(
            f"apt-get install in {time.monotonic() - step:.0f} s: "
            + next((line for line in out.splitlines() if "newly installed" in line), "?")
        )
        assert "care4u-desktop" in root.check(["dpkg-query", "-W", "care4u-desktop"])
        for command in ("care4u-desktop", "care4u-admin"):  # on PATH, inside the root
            root.check(["sh", "-c", f'test -x "$(command -v {command})"'])
        assert "care4u-kiosk" in root.check(["getent", "passwd", KIOSK_USER])
        # The account patients use holds no group: not "input" (every keyboard, any time),
        # nor "video"; logind gives its session the seat (docs/packaging.md, Kiosk session).
        assert root.check(["id", "-nG", KIOSK_USER]).split() == [KIOSK_USER]
        for path in (
            "usr/share/applications/care4u-desktop.desktop",
            "usr/share/icons/hicolor/scalable/apps/care4u.svg",
            "usr/share/icons/hicolor/256x256/apps/care4u.png",
            "lib/systemd/system/care4u-kiosk.service",
        ):
            assert (root.path / path).is_file(), path
        # Installed, not turned on: nothing in a .wants folder names it.
        assert not list((root.path / "etc/systemd/system").glob("*.wants/care4u-kiosk.service"))

        # An ordinary user, as a nurse at a reception PC would be.
        root.check(["useradd", "--create-home", "nurse"])
        nurse = _user_env("nurse", "/home/nurse", QT_QPA_PLATFORM="offscreen")
        smoke = root.run(["care4u-desktop", "--smoke-test"], user="nurse", env=nurse)
        report.append(f"smoke test ({smoke.returncode}): {smoke.stdout.strip()}")
        assert smoke.returncode == 0, smoke.stdout
        assert "smoke test OK" in smoke.stdout
        doctors = root.run(["care4u-admin", "doctors"], user="nurse", env=nurse)
        assert doctors.returncode == 0, doctors.stdout
        assert doctors.stdout.count("\n") >= 3, doctors.stdout  # the demo doctors, listed
        report.append("care4u-admin doctors:\n" + doctors.stdout.rstrip())

        # The kiosk session's command, as the unit runs it, on cage's headless backend.
        uid = root.check(["id", "-u", KIOSK_USER]).strip()
        runtime_dir = f"/run/user/{uid}"
        root.check(["install", "-d", "-m", "0700", "-o", KIOSK_USER, runtime_dir])
        runtime = _user_env(
            KIOSK_USER,
            KIOSK_HOME,
            XDG_RUNTIME_DIR=runtime_dir,
            WLR_BACKENDS="headless",
            WLR_RENDERER="pixman",
            WLR_LIBINPUT_NO_DEVICES="1",
        )
        step = time.monotonic()
        cage = root.popen(
            ["cage", "--", "care4u-desktop", "--kiosk"],
            user=KIOSK_USER,
            env={**runtime, "QT_QPA_PLATFORM": "wayland"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            shown = _wait_for_first_screen(root, cage)
            # The store is opened on a worker once the log-in view has painted: on a busy
            # machine that is after the line above; stopping cage first left no store.
            _wait_for(root.path / KIOSK_HOME.lstrip("/") / ".local/share/Care4U/care4u.sqlite3")
            report.append(
                f"kiosk under cage, first screen in {time.monotonic() - step:.1f} s: {shown}"
            )
            target = os.environ.get("CARE4U_KIOSK_SCREENSHOT")
            if target:
                _screenshot(root, runtime, Path(target).resolve())
                report.append(f"screenshot: {target}")
        finally:
            cage.terminate()
            try:
                cage.wait(timeout=10)
            except subprocess.TimeoutExpired:
                cage.kill()
                cage.wait()
        _no_font_fails_the_smoke_test(root, nurse, report)
        _data_survives_reinstall_and_purge(root, inside, report)
    report.append(f"total {time.monotonic() - started:.0f} s")
    with capsys.disabled():
        print("\n" + "\n".join(report))
