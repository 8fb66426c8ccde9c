"""Build the Debian package of the one-folder build: ``make package``.

    python freeze/deb.py [--folder DIR] [--out DIR]

writes ``dist/care4u-desktop_<version>_<arch>.deb`` with Debian's own tools:

- the folder (``--folder``; by default the build of the current sources that the packaged
  tests use, ``build/packaging-test/<fingerprint>/``, made if there is none, so an unchanged
  checkout is never built twice) under ``/opt/care4u-desktop``;
- ``/usr/bin/care4u-desktop`` and ``/usr/bin/care4u-admin``, symlinks into it (the
  bootloader finds its ``_internal`` through ``/proc/self/exe``, the link's target);
- the menu entry, the icon (SVG and a 256 px PNG drawn from it), the kiosk session's unit,
  the maintainer scripts (``freeze/linux/``);
- ``Depends``: what ``dpkg-shlibdeps`` finds for the bundled ELF files' libraries that are not
  bundled (libGL, libEGL, libcups, wayland...), plus what no ELF file names (:data:`EXTRA_DEPENDS`);
- ``dpkg-deb --build --root-owner-group`` (every file root's, whoever builds).

Debian only (dpkg-dev); see docs/packaging.md, "Linux package".
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "freeze" / "linux"
PACKAGE = "care4u-desktop"
PREFIX = "opt/care4u-desktop"

#: Needed at run time although no ELF file names them (checked on a bare root):
#: - fonts-dejavu-core: a font to draw with; a minimal Debian has none, and every text is
#:   then an empty box (the smoke test fails: "no usable font");
#: - fontconfig-config: the configuration, /etc/fonts, that the bundled libfontconfig reads
#:   (libfontconfig1 would bring it, but that library is bundled, not depended on); without
#:   it fontconfig says "Cannot load default config file" and runs on built-in defaults;
#: - passwd: useradd and usermod, for the kiosk user in postinst (not Essential).
EXTRA_DEPENDS = ("fontconfig-config", "fonts-dejavu-core", "passwd")
#: cage runs the kiosk session (care4u-kiosk.service). A Recommends, not a Depends: apt installs
#: it by default, so a kiosk gets it, while a reception desk that only uses the app from
#: its own desktop can leave it out (--no-install-recommends) and the unit stays unused.
#: xwayland with it: Debian 12's cage (0.1.4) exits at start ("Cannot find Xwayland binary")
#: without it, yet does not depend on it; the kiosk itself talks Wayland (seen on the bare root).
RECOMMENDS = ("cage", "xwayland")


def debian_version(version: str) -> str:
    """PEP 440 to Debian: pre-releases sort before the release (``1.0rc1`` -> ``1.0~rc1``)."""
    return re.sub(r"\.?(dev|a|b|rc)(\d*)", r"~\1\2", version)


def run(*argv: str | Path, cwd: Path | None = None) -> str:
    proc = subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"{Path(str(argv[0])).name} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def default_folder() -> Path:
    """The one-folder build of the current sources, shared with tests/packaging."""
    sys.path.insert(0, str(ROOT))
    from tests.packaging.support import packaged_dir

    return packaged_dir()


def shlib_depends(stage: Path, work: Path) -> str:
    """``dpkg-shlibdeps`` over every bundled ELF file: the Depends of what is not bundled."""
    elves = sorted(p for p in (stage / PREFIX).rglob("*") if is_elf(p))
    # Bundled libraries resolve inside the package (its own folders are private, so
    # dpkg-shlibdeps needs no dependency information for them); the rest on the system.
    # -l takes the folders as installed (dpkg-shlibdeps looks for them in the package root).
    lib_dirs = sorted({"/" + str(p.parent.relative_to(stage)) for p in elves if ".so" in p.name})
    (work / "debian").mkdir(parents=True, exist_ok=True)
    (work / "debian" / "control").write_text(
        f"Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n", encoding="utf-8"
    )
    out = run(
        "dpkg-shlibdeps",
        "-O",
        "--warnings=1",
        *(f"-l{d}" for d in lib_dirs),
        *(f"-e{p}" for p in elves),
        cwd=work,
    )
    match = re.search(r"^shlibs:Depends=(.*)$", out, re.MULTILINE)
    if not match:
        raise SystemExit(f"dpkg-shlibdeps printed no shlibs:Depends:\n{out}")
    return match.group(1).strip()


def stage_files(folder: Path, stage: Path, work: Path, version: str) -> None:
    shutil.copytree(folder, stage / PREFIX, symlinks=True)
    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for exe in ("care4u-desktop", "care4u-admin"):
        (bin_dir / exe).symlink_to(f"/{PREFIX}/{exe}")
    apps = stage / "usr/share/applications"
    apps.mkdir(parents=True)
    shutil.copy(LINUX / "care4u-desktop.desktop", apps / "care4u-desktop.desktop")
    icons = stage / "usr/share/icons/hicolor"
    (icons / "scalable/apps").mkdir(parents=True)
    shutil.copy(ROOT / "resources/icons/care4u.svg", icons / "scalable/apps/care4u.svg")
    # The 256 px PNG is drawn from the SVG like the executables' icons (one source).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, str(ROOT / "freeze/make_icons.py"), str(work / "icons")],
        check=True,
        env=env,
        capture_output=True,
    )
    (icons / "256x256/apps").mkdir(parents=True)
    shutil.copy(work / "icons/care4u.png", icons / "256x256/apps/care4u.png")
    units = stage / "lib/systemd/system"
    units.mkdir(parents=True)
    shutil.copy(LINUX / "care4u-kiosk.service", units / "care4u-kiosk.service")
    doc = stage / f"usr/share/doc/{PACKAGE}"
    doc.mkdir(parents=True)
    shutil.copy(LINUX / "copyright", doc / "copyright")
    shutil.copy(LINUX / "README.Debian", doc / "README.Debian")
    (doc / "changelog.gz").write_bytes(_changelog(version))
    for path in stage.rglob("*"):  # 0755 / 0644 whatever the builder's umask
        if not path.is_symlink():
            # Libraries are mapped, not run (PyInstaller leaves them executable).
            executable = path.is_dir() or (path.stat().st_mode & 0o111 and ".so" not in path.name)
            path.chmod(0o755 if executable else 0o644)


def _changelog(version: str) -> bytes:
    """A one-entry Debian changelog: the package is built from the app's own history."""
    import email.utils
    import gzip

    text = (
        f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
        f"  * Care4U Desktop {version}; the project's history is in its git log.\n\n"
        f" -- Care4U <it@care4u.invalid>  {email.utils.formatdate(usegmt=False)}\n"
    )
    return gzip.compress(text.encode(), compresslevel=9, mtime=0)


def write_control(stage: Path, version: str, arch: str, depends: str) -> None:
    debian = stage / "DEBIAN"
    for script in ("postinst", "prerm", "postrm"):
        shutil.copy(LINUX / script, debian / script)
        (debian / script).chmod(0o755)
    size_kib = sum(p.lstat().st_size for p in stage.rglob("*") if not p.is_dir()) // 1024
    control = (
        (LINUX / "control.in")
        .read_text(encoding="utf-8")
        .replace("@VERSION@", version)
        .replace("@ARCH@", arch)
        .replace("@INSTALLED_SIZE@", str(size_kib))
        .replace("@DEPENDS@", depends)
        .replace("@RECOMMENDS@", ", ".join(RECOMMENDS))
    )
    (debian / "control").write_text(control, encoding="utf-8")


def build(folder: Path, out_dir: Path, work: Path) -> Path:
    from care4u_desktop import __version__

    if not (folder / "care4u-desktop").is_file():
        raise SystemExit(f"no one-folder build at {folder} (make dist)")
    version = debian_version(__version__)
    arch = run("dpkg", "--print-architecture").strip()
    shutil.rmtree(work, ignore_errors=True)
    stage = work / "root"
    (stage / "DEBIAN").mkdir(parents=True)  # dpkg-shlibdeps finds the package root by it
    stage_files(folder, stage, work, version)
    started = time.monotonic()
    shlibs = shlib_depends(stage, work)
    print(f"dpkg-shlibdeps: {time.monotonic() - started:.0f} s", file=sys.stderr)
    depends = ", ".join([shlibs, *EXTRA_DEPENDS])
    write_control(stage, version, arch, depends)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    started = time.monotonic()
    # gzip: 7 s for ~55 MB, where xz takes ~80 s for ~42 MB (zstd, ~1 s, is not accepted by
    # Debian's archive tools and lintian, which a hospital's own apt repository may use).
    run("dpkg-deb", "--build", "--root-owner-group", "-Zgzip", stage, deb)
    print(f"dpkg-deb: {time.monotonic() - started:.0f} s", file=sys.stderr)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deb.py", description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="the one-folder build (default: built)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the .deb goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    folder = args.folder.resolve() if args.folder else default_folder()
    deb = build(folder, args.out.resolve(), args.work.resolve())
    print(deb)
    print(run("dpkg-deb", "--field", deb, "Version", "Installed-Size", "Depends", "Recommends"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
