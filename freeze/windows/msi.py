"""Build the Windows Installer package of the one-folder app.

    python freeze/windows/msi.py [--folder dist/care4u-desktop] [--out-dir dist]
                                 [--icon care4u.ico] [--toolset auto|wix3|wixl]

writes ``dist/care4u-desktop-<version>-x64.msi`` from ``freeze/windows/care4u.wxs`` and a
second source generated here, ``files.wxs``, that lists every file of the folder.

Why a generator and not ``heat``: WiX 3's heat makes random component GUIDs unless told
otherwise and is gone from WiX 4+, msitools' ``wixl-heat`` exists only on Linux, and each
writes its own layout; this script is the one harvester for both toolsets, so the package
the Linux test inspects is the package CI builds on Windows. Component GUIDs are derived
from the file's place in the folder (uuid5), so a file keeps its GUID across versions.

Toolsets: ``wix3`` (candle + light of WiX 3.14, preinstalled on GitHub's windows-2022
runner: ``%WIX%\\bin``) on Windows; ``wixl`` (Debian's package ``wixl``) elsewhere.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WXS = HERE / "care4u.wxs"
WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
# Fixed forever, like the UpgradeCode: the component GUIDs derive from it.
COMPONENT_NAMESPACE = uuid.UUID("b049fd15-c27b-467a-883b-00652a976d64")
# Files the main source refers to by Id (the Start-menu shortcut, the custom action).
FIXED_IDS = {"care4u-desktop.exe": "care4u_desktop.exe", "care4u-admin.exe": "care4u_admin.exe"}


def msi_version(version: str) -> str:
    """The package's version as Windows Installer compares it: major.minor.build.

    Windows Installer orders only those three numbers (major and minor up to 255, build
    up to 65535); a pre-release such as ``0.2.0rc1`` cannot be ordered, so it is refused
    rather than shipped with a version an upgrade would misread.
    """
    match = re.fullmatch(r"(\d+)\.(\d+)(?:\.(\d+))?", version)
    if not match:
        raise SystemExit(
            f"msi: version {version!r} is not major.minor[.build]; Windows Installer "
            "cannot order pre-release or local versions"
        )
    major, minor, build = (int(part or 0) for part in match.groups())
    if major > 255 or minor > 255 or build > 65535:
        raise SystemExit(f"msi: version {version!r} is out of Windows Installer's range")
    return f"{major}.{minor}.{build}"


def package_version() -> str:
    """``care4u_desktop.__version__`` of this checkout, read without importing the app."""
    text = (ROOT / "care4u_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("msi: no __version__ in care4u_desktop/__init__.py")
    return match.group(1)


def _ident(prefix: str, relative: str) -> str:
    # Identifiers: letters, digits, '_' and '.', at most 72 characters; a path may hold others.
    return prefix + hashlib.sha1(relative.encode("utf-8")).hexdigest()[:24]


def harvest(folder: Path, base: Path | None = None) -> str:
    """``files.wxs``: a ComponentGroup "AppFiles" with one component per file under INSTALLDIR.

    File sources are absolute, or relative to ``base`` where the toolset runs (wixl takes no
    absolute ones; on Windows a relative path cannot cross drives).
    """
    missing = [name for name in FIXED_IDS if not (folder / name).is_file()]
    if missing:
        raise SystemExit(f"msi: {folder} has no {', '.join(missing)}: is it the one-folder build?")
    ET.register_namespace("", WIX_NS)

    def tag(name: str) -> str:
        return f"{{{WIX_NS}}}{name}"

    wix = ET.Element(tag("Wix"))
    fragment = ET.SubElement(wix, tag("Fragment"))
    install_dir = ET.SubElement(fragment, tag("DirectoryRef"), Id="INSTALLDIR")
    group = ET.SubElement(ET.SubElement(wix, tag("Fragment")), tag("ComponentGroup"), Id="AppFiles")

    def add(directory: Path, parent: ET.Element) -> None:
        for entry in sorted(directory.iterdir(), key=lambda p: p.name):
            relative = entry.relative_to(folder).as_posix()
            if entry.is_dir():
                child = ET.SubElement(
                    parent, tag("Directory"), Id=_ident("d_", relative), Name=entry.name
                )
                add(entry, child)
                continue
            component = ET.SubElement(
                parent,
                tag("Component"),
                Id=_ident("c_", relative),
                # Same place in the folder, same GUID: Windows Installer's rule for components.
                Guid=str(uuid.uuid5(COMPONENT_NAMESPACE, relative.lower())).upper(),
                Win64="yes",
            )
            ET.SubElement(
                component,
                tag("File"),
                Id=FIXED_IDS.get(relative, _ident("f_", relative)),
                Name=entry.name,
                Source=os.path.relpath(entry, base) if base else str(entry.resolve()),
                KeyPath="yes",
            )
            ET.SubElement(group, tag("ComponentRef"), Id=component.get("Id", ""))
        if directory != folder and not any(directory.iterdir()):
            # An empty folder is created all the same, as the app may expect it.
            relative = directory.relative_to(folder).as_posix() + "/"
            component = ET.SubElement(
                parent,
                tag("Component"),
                Id=_ident("c_", relative),
                Guid=str(uuid.uuid5(COMPONENT_NAMESPACE, relative.lower())).upper(),
                Win64="yes",
            )
            ET.SubElement(component, tag("CreateFolder"))
            ET.SubElement(group, tag("ComponentRef"), Id=component.get("Id", ""))

    add(folder, install_dir)
    ET.indent(wix)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(wix, encoding="unicode") + "\n"


def _wix3_bin() -> Path:
    # The WiX 3 installer sets WIX to its folder (C:\Program Files (x86)\WiX Toolset v3.14\).
    candle = shutil.which("candle")
    for bin_dir in (Path(os.environ.get("WIX", "")) / "bin", Path(candle or "").parent):
        if (bin_dir / "candle.exe").is_file():
            return bin_dir
    raise SystemExit(
        "msi: WiX Toolset 3 not found (no %WIX%\\bin\\candle.exe): GitHub's windows-2022 runner "
        "has it; elsewhere install WiX 3.14"
    )


def build(folder: Path, out: Path, icon: Path, toolset: str, version: str) -> Path:
    work = out.parent / (out.stem + ".wix")
    work.mkdir(parents=True, exist_ok=True)
    files = work / "files.wxs"
    if toolset == "auto":
        toolset = "wix3" if sys.platform == "win32" else "wixl"
    files.write_text(harvest(folder, work if toolset == "wixl" else None), encoding="utf-8")
    shutil.copyfile(icon, work / "care4u.ico")
    variables = {"Version": msi_version(version), "IconFile": "care4u.ico", "Toolset": toolset}
    if toolset == "wixl":
        defines = [arg for name, value in variables.items() for arg in ("-D", f"{name}={value}")]
        wixl = shutil.which("wixl")
        if wixl is None:
            raise SystemExit("msi: wixl not found (Debian: apt-get install wixl)")
        commands = [[wixl, "--arch", "x64", *defines, "-o", str(out), str(WXS), str(files)]]
    else:
        defines = [f"-d{name}={value}" for name, value in variables.items()]
        bin_dir = _wix3_bin()
        objects = [work / "care4u.wixobj", work / "files.wixobj"]
        commands = [
            [
                str(bin_dir / "candle.exe"),
                "-nologo",
                "-arch",
                "x64",
                *defines,
                "-out",
                f"{work}{os.sep}",
                str(WXS),
                str(files),
            ],
            [
                str(bin_dir / "light.exe"),
                "-nologo",
                "-spdb",
                "-out",
                str(out),
                *(str(o) for o in objects),
            ],
        ]
    out.unlink(missing_ok=True)
    for command in commands:
        result = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(
                f"msi: {Path(command[0]).name} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "dist" / "care4u-desktop")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "dist", help="where the .msi goes")
    parser.add_argument("--icon", type=Path, help="default: the build's care4u.ico, or made now")
    parser.add_argument("--toolset", choices=("auto", "wix3", "wixl"), default="auto")
    parser.add_argument("--version", default=None, help="default: care4u_desktop.__version__")
    parser.add_argument(
        "--print-version", action="store_true", help="print the package's version and exit"
    )
    args = parser.parse_args(argv)
    version = args.version or package_version()
    if args.print_version:  # the release job checks the tag against it
        print(version)
        return 0
    out = args.out_dir / f"care4u-desktop-{msi_version(version)}-x64.msi"
    icon = args.icon or ROOT / "build" / "build" / "icons" / "care4u.ico"
    if not icon.is_file():
        # The same icon as the executables', derived from the SVG (needs PySide6).
        subprocess.run(
            [sys.executable, str(HERE.parent / "make_icons.py"), str(icon.parent)], check=True
        )
    built = build(args.folder.resolve(), out.resolve(), icon, args.toolset, version)
    print(f"msi: {built} ({built.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
