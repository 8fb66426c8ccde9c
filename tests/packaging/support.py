"""Build the packaged app once per source state, and run its executables.

The packaged tests run against ``build/packaging-test/<fingerprint>/dist/care4u-desktop``,
where the fingerprint hashes everything that goes into the build (the app's code and
resources, ``build.spec``, ``freeze/``, ``pyproject.toml``, PyInstaller's and Python's
versions). A folder for the current fingerprint is reused; otherwise it is built, under a
lock, so two test sessions in one checkout never build at once or delete a folder the
other is running. ``make dist`` output in ``dist/`` is never touched.

``CARE4U_PACKAGED_DIR=/path/to/care4u-desktop`` tests an existing folder instead (CI runs
the tests against the folder it is about to upload).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_ROOT = ROOT / "build" / "packaging-test"
EXE = ".exe" if sys.platform == "win32" else ""
APP = f"care4u-desktop{EXE}"
ADMIN = f"care4u-admin{EXE}"
BUILD_TIMEOUT_S = 30 * 60
RUN_TIMEOUT_S = 120
#: Windowed executables on Windows have no standard streams: only their exit code counts.
GUI_HAS_STDOUT = sys.platform != "win32"

_INPUTS = ("care4u_desktop", "resources", "freeze", "build.spec", "pyproject.toml")
#: Files the build derives from others (compiled translations), or caches.
_DERIVED = (".qm", ".pyc")
#: The installers' sources (the .deb, MSI and .pkg are made from the folder, not into it):
#: editing them must not rebuild the folder.
_INSTALLERS = ("freeze/deb.py", "freeze/linux", "freeze/windows", "freeze/macos")


def _input_files() -> Iterator[Path]:
    for name in _INPUTS:
        path = ROOT / name
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts and file.suffix not in _DERIVED:
                relative = file.relative_to(ROOT).as_posix()
                if not any(relative == i or relative.startswith(i + "/") for i in _INSTALLERS):
                    yield file


def fingerprint() -> str:
    import PyInstaller

    digest = hashlib.sha256()
    digest.update(f"{PyInstaller.__version__} {platform.python_version()}".encode())
    for file in _input_files():
        digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as fh:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            while True:
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ~10 s; keep waiting
                    continue
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _prune(keep: Path) -> None:
    """Keep the two newest builds (a concurrent session may still run the older one)."""
    builds = sorted(
        (p for p in BUILD_ROOT.iterdir() if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[1:]:
        shutil.rmtree(old, ignore_errors=True)


def packaged_dir() -> Path:
    """The packaged folder for the current sources, built if there is none yet."""
    given = os.environ.get("CARE4U_PACKAGED_DIR")
    if given:
        return Path(given).resolve()
    fp = fingerprint()
    home = BUILD_ROOT / fp
    folder = home / "dist" / "care4u-desktop"
    done = home / "complete"
    with _lock(BUILD_ROOT / ".lock"):
        if not done.exists():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir(parents=True)
            log = home / "build.log"
            env = {k: v for k, v in os.environ.items() if k != "ONEFILE"}
            with log.open("w", encoding="utf-8") as out:
                proc = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "PyInstaller",
                        "--noconfirm",
                        "--log-level",
                        "WARN",
                        "--distpath",
                        str(home / "dist"),
                        "--workpath",
                        str(home / "work"),
                        str(ROOT / "build.spec"),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=BUILD_TIMEOUT_S,
                    check=False,
                )
            if proc.returncode != 0:
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
                raise RuntimeError(
                    f"pyinstaller build.spec failed ({proc.returncode}); see {log}:\n"
                    + "\n".join(tail)
                )
            shutil.rmtree(home / "work", ignore_errors=True)  # only the folder is needed
            done.write_text(fp, encoding="utf-8")
        _prune(home)
    return folder


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a packaged run: offscreen, no developer config, no AWS settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "CARE4U_", "QT_", "PYTHON")) and k != "ONEFILE"
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CARE4U_CONFIG"] = os.devnull
    # boto3's default chain must find nothing of the developer's.
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update(extra or {})
    return env


def run(
    exe: Path, *args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        env=dict(env) if env is not None else clean_env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
