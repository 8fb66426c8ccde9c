"""A minimal Debian root to install the .deb into: ``debootstrap --variant=minbase``, cached.

The debootstrap result is kept as a tarball under ``$XDG_CACHE_HOME/care4u`` (default
``~/.cache/care4u``), keyed by suite, architecture and debootstrap's version, so only the
first run on a machine pays for it (CI clones are fresh; the machine's cache survives).
apt's downloaded ``.deb`` files and package lists are kept there too (bind mounts over the
root's ``/var/cache/apt/archives`` and ``/var/lib/apt/lists``), so a warm run downloads
nothing it already has.

Every command runs in a mount namespace of its own (``unshare --mount``) that mounts
``/proc``, ``/dev``, ``/sys`` and the apt cache into the root and then ``chroot``s: the
mounts end with the command, so nothing is left mounted on the host when a test fails or
is killed, and unpacked roots can be deleted with ``rm -rf``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
DEBOOTSTRAP_TIMEOUT_S = 30 * 60


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "care4u"


def host_arch() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def debootstrap_version() -> str:
    return subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "debootstrap"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def root_tarball(log: list[str]) -> Path:
    """The cached minbase root for this suite and architecture, made on first use."""
    arch = host_arch()
    name = f"debootstrap-{SUITE}-{arch}-minbase-{debootstrap_version()}.tar.gz"
    tarball = cache_dir() / name
    with _lock(cache_dir() / ".debootstrap.lock"):
        if tarball.exists():
            log.append(f"bare root: cached {tarball}")
            return tarball
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="care4u-debootstrap-", dir="/var/tmp") as tmp:
            target = Path(tmp) / "root"
            subprocess.run(
                ["debootstrap", "--variant=minbase", f"--arch={arch}", SUITE, str(target), MIRROR],
                check=True,
                capture_output=True,
                timeout=DEBOOTSTRAP_TIMEOUT_S,
            )
            # debootstrap leaves its downloads in the root; apt's own cache is kept apart.
            for deb in (target / "var/cache/apt/archives").glob("*.deb"):
                deb.unlink()
            partial = tarball.with_suffix(".partial")
            subprocess.run(
                ["tar", "--numeric-owner", "-C", str(target), "-czf", str(partial), "."],
                check=True,
            )
            partial.replace(tarball)
        log.append(f"bare root: debootstrap {SUITE} took {time.monotonic() - started:.0f} s")
        return tarball


class Root:
    """An unpacked bare root; :meth:`run` runs a command inside it."""

    def __init__(self, path: Path, apt_cache: Path) -> None:
        self.path = path
        self.apt_cache = apt_cache
        #: Host folders shown read-only inside the root, as (host path, path inside).
        self.read_only_binds: list[tuple[Path, str]] = []

    def _script(self, argv: Sequence[str], user: str | None) -> str:
        r = shlex.quote(str(self.path))
        mounts = [
            f"mount -t proc proc {r}/proc",
            f"mount --rbind /dev {r}/dev",
            f"mount -t sysfs sysfs {r}/sys",
            f"mount --bind {shlex.quote(str(self.apt_cache))}/archives {r}/var/cache/apt/archives",
            f"mount --bind {shlex.quote(str(self.apt_cache))}/lists {r}/var/lib/apt/lists",
        ]
        for host, inside in self.read_only_binds:
            target = f"{r}/{shlex.quote(inside.lstrip('/'))}"
            mounts += [
                f"mkdir -p {target}",
                f"mount --bind {shlex.quote(str(host))} {target}",
                f"mount -o remount,bind,ro {target}",
            ]
        spec = [f"--userspec={user}:{user}"] if user else []
        # --userspec sets no supplementary groups: the user's own (e.g. video) come from -G.
        if user:
            spec.append(f"--groups={user}")
        chroot = shlex.join(["chroot", *spec, str(self.path), *argv])
        return " && ".join([*mounts, f"exec {chroot}"])

    def popen(
        self,
        argv: Sequence[str],
        *,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
        **kwargs: object,
    ) -> subprocess.Popen[str]:
        """Start ``argv`` in the root, as ``user`` (root if None), with only ``env`` set."""
        environment = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
        environment.update(env or {})
        return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
            [
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                self._script(argv, user),
            ],
            env=environment,
            text=True,
            encoding="utf-8",
            errors="replace",
            **kwargs,
        )

    def run(
        self,
        argv: Sequence[str],
        *,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
    ) -> subprocess.CompletedProcess[str]:
        proc = self.popen(
            argv, user=user, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            raise AssertionError(
                f"{shlex.join(argv)} timed out after {timeout} s:\n{out}"
            ) from None
        return subprocess.CompletedProcess(list(argv), proc.returncode, out, "")

    def check(self, argv: Sequence[str], **kwargs: object) -> str:
        done = self.run(argv, **kwargs)  # type: ignore[arg-type]
        assert done.returncode == 0, f"{shlex.join(argv)} exited {done.returncode}:\n{done.stdout}"
        return done.stdout

    def copy_in(self, source: Path, dest: str) -> str:
        """Copy a host file into the root; returns its path as seen inside."""
        target = self.path / dest.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return dest


@contextlib.contextmanager
def bare_root(workdir: Path, log: list[str]) -> Iterator[Root]:
    """A fresh copy of the cached minbase root, deleted afterwards."""
    tarball = root_tarball(log)
    # The downloaded .debs and package lists (apt-get update then fetches only what changed).
    apt_cache = cache_dir() / f"apt-{SUITE}-{host_arch()}"
    for sub in ("archives/partial", "lists/partial"):
        (apt_cache / sub).mkdir(parents=True, exist_ok=True)
    path = workdir / "root"
    path.mkdir()
    try:
        subprocess.run(
            ["tar", "--numeric-owner", "-C", str(path), "-xzf", str(tarball)], check=True
        )
        shutil.copy2("/etc/resolv.conf", path / "etc/resolv.conf")
        # Keep what apt downloads (for the next run); and no fsync for every file dpkg
        # unpacks into a root that is thrown away (a third of apt-get install's time).
        (path / "etc/apt/apt.conf.d/01care4u-test").write_text(
            'Binary::apt::APT::Keep-Downloaded-Packages "true";\n'
            'DPkg::Options { "--force-unsafe-io"; };\n',
            encoding="utf-8",
        )
        yield Root(path, apt_cache)
    finally:
        shutil.rmtree(path, ignore_errors=True)
