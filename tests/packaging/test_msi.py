"""The Windows installer, checked on Linux: freeze/windows/care4u.wxs and the harvest of
freeze/windows/msi.py built with msitools' wixl from a stand-in folder, then read back
with msiinfo / msiextract as Windows Installer would read the package.

What this cannot show (nothing here runs Windows): that msiexec installs it, that WiX 3's
light accepts it (its ICE validation), the scheduling details where wixl differs from WiX 3
(docs/packaging.md, "Windows installer (MSI)").
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.components import require

ROOT = Path(__file__).resolve().parents[2]
# freeze/ is scripts, not a package: load the builder by its path, under a name of its own.
_spec = importlib.util.spec_from_file_location("care4u_msi", ROOT / "freeze" / "windows" / "msi.py")
assert _spec is not None and _spec.loader is not None
msi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(msi)

# Care4U Desktop's identity for Windows Installer. Changing it makes every new version
# install beside the old one instead of replacing it: this literal is here to stop that.
UPGRADE_CODE = "{6D1C3B0E-8F2A-4C57-9E43-2B7A5D0C9F18}"
# The command part A's care4u-admin implements (spec: empty value = leave unchanged).
MACHINE_CONFIG = 'machine-config --backend "[BACKEND]" --api-url "[API_URL]" --kiosk "[KIOSK]"'
# Custom action type bits (Windows Installer SDK, "Custom Action Types").
EXE_FROM_INSTALLED_FILE = 18  # msidbCustomActionTypeExe + msidbCustomActionTypeSourceFile
IN_SCRIPT = 0x400  # deferred: runs in the install script, after the files are in place
NO_IMPERSONATE = 0x800  # as LocalSystem, so it may write %ProgramData%
CONTINUE = 0x40  # "ignore the exit code": must NOT be set (exit 2 fails the install)

pytestmark = [
    pytest.mark.slow,
    # wixl and msitools are Debian's; on Windows the workflow builds the MSI with WiX 3 and
    # installs it for real instead (freeze/windows/check_msi.ps1).
    pytest.mark.skipif(sys.platform != "linux", reason="checked on Linux with wixl"),
]

STAND_IN = {
    "care4u-desktop.exe": b"MZ kiosk",
    "care4u-admin.exe": b"MZ admin",
    "_internal/python311.dll": b"python",
    "_internal/PySide6/plugins/platforms/qwindows.dll": b"qt platform",
    "_internal/resources/demo doctors (es).json": b"{}",
    "_internal/resources/i18n/care4u_es.qm": b"\x3c\xb8\x64\x18",
    "_internal/base_library.zip": bytes(range(256)) * 64,
}


def _tables(package: Path, *names: str) -> dict[str, list[dict[str, str]]]:
    """Rows of each table, by column name, as ``msiinfo export`` prints them."""
    tables = {}
    for name in names:
        text = subprocess.run(
            ["msiinfo", "export", str(package), name],
            cwd=package.parent,  # binary columns (the Icon table) are written out there
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = text.split("\r\n") if "\r\n" in text else text.splitlines()
        columns = lines[0].split("\t")
        # Lines 2 and 3 are the column types and the table's name and keys.
        tables[name] = [
            dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:] if line
        ]
    return tables


def _stand_in(folder: Path) -> Path:
    for relative, data in STAND_IN.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require(shutil.which("wixl") is not None, "wixl (Debian package wixl)")
    require(shutil.which("msiinfo") is not None, "msiinfo (Debian package msitools)")
    work = tmp_path_factory.mktemp("msi")
    folder = _stand_in(work / "care4u-desktop")
    icon = work / "care4u.ico"
    icon.write_bytes(b"\x00\x00\x01\x00")
    first = msi.build(folder, work / "out" / "a.msi", icon, "wixl", "0.1.0")
    second = msi.build(folder, work / "out" / "b.msi", icon, "wixl", "0.2.0")
    return first, second


def test_the_package_installs_the_whole_folder_per_machine(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    package, _ = built
    subprocess.run(
        ["msiextract", "-C", str(tmp_path), str(package)],
        check=True,
        capture_output=True,
    )
    installed = tmp_path / "Care4U Desktop"
    found = {
        p.relative_to(installed).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in installed.rglob("*")
        if p.is_file()
    }
    assert found == {k: hashlib.sha256(v).hexdigest() for k, v in STAND_IN.items()}

    t = _tables(package, "Property", "Directory", "Icon")
    props = {row["Property"]: row["Value"] for row in t["Property"]}
    assert props["ALLUSERS"] == "1"  # per machine
    assert props["ProductName"] == "Care4U Desktop"
    assert props["Manufacturer"] == "Care4U"  # the publisher in Apps and features
    assert props["ProductVersion"] == "0.1.0"
    # The uninstall entry's icon is one the package carries.
    assert props["ARPPRODUCTICON"] in {row["Name"] for row in t["Icon"]}
    dirs = {row["Directory"]: row for row in t["Directory"]}
    assert dirs["INSTALLDIR"]["Directory_Parent"] == "ProgramFiles64Folder"
    assert dirs["INSTALLDIR"]["DefaultDir"].split("|")[-1] == "Care4U Desktop"


def test_a_new_version_replaces_the_old_one(built: tuple[Path, Path]) -> None:
    old, new = built
    old_t = _tables(old, "Property", "Upgrade", "Component", "InstallExecuteSequence")
    new_t = _tables(new, "Property", "Upgrade", "Component")
    old_props = {row["Property"]: row["Value"] for row in old_t["Property"]}
    new_props = {row["Property"]: row["Value"] for row in new_t["Property"]}
    assert old_props["UpgradeCode"] == new_props["UpgradeCode"] == UPGRADE_CODE
    assert old_props["ProductCode"] != new_props["ProductCode"]  # a major upgrade
    assert new_props["ProductVersion"] == "0.2.0"
    # Installed products with that UpgradeCode and an older version are found and removed;
    # a newer one is only detected (the install then stops: no downgrade).
    rows = {row["ActionProperty"]: row for row in new_t["Upgrade"]}
    older, newer = rows["WIX_UPGRADE_DETECTED"], rows["WIX_DOWNGRADE_DETECTED"]
    assert older["UpgradeCode"] == newer["UpgradeCode"] == UPGRADE_CODE
    assert older["VersionMax"] == newer["VersionMin"] == "0.2.0"
    assert not int(older["Attributes"]) & 2  # msidbUpgradeAttributesOnlyDetect
    assert int(newer["Attributes"]) & 2
    assert "RemoveExistingProducts" in {r["Action"] for r in old_t["InstallExecuteSequence"]}
    # The same file keeps its component GUID from one version to the next.
    assert {r["Component"]: r["ComponentId"] for r in old_t["Component"]} == {
        r["Component"]: r["ComponentId"] for r in new_t["Component"]
    }


def test_the_start_menu_entry_starts_the_kiosk(built: tuple[Path, Path]) -> None:
    package, _ = built
    t = _tables(package, "Shortcut", "Component", "Registry")
    (shortcut,) = t["Shortcut"]
    assert shortcut["Directory_"] == "ProgramMenuFolder"  # the all-users Start menu
    assert shortcut["Name"].split("|")[-1] == "Care4U Desktop"
    assert shortcut["Target"] == "[INSTALLDIR]care4u-desktop.exe"
    component = next(r for r in t["Component"] if r["Component"] == shortcut["Component_"])
    key = next(r for r in t["Registry"] if r["Registry"] == component["KeyPath"])
    assert key["Root"] == "1"  # HKCU, as ICE38 and ICE43 require of a Start-menu shortcut


def test_the_properties_go_to_care4u_admin_machine_config(built: tuple[Path, Path]) -> None:
    package, _ = built
    t = _tables(package, "CustomAction", "InstallExecuteSequence", "File", "Component")
    (action,) = t["CustomAction"]
    kind = int(action["Type"])
    assert kind & 0x3F == EXE_FROM_INSTALLED_FILE
    assert kind & IN_SCRIPT and kind & NO_IMPERSONATE
    assert not kind & CONTINUE, "a bad value (exit 2) must fail the install"
    assert action["Target"] == MACHINE_CONFIG
    file = next(r for r in t["File"] if r["File"] == action["Source"])
    assert file["FileName"].split("|")[-1] == "care4u-admin.exe"
    assert (
        next(r for r in t["Component"] if r["Component"] == file["Component_"])["Directory_"]
        == "INSTALLDIR"
    )
    sequence = {r["Action"]: r for r in t["InstallExecuteSequence"]}
    step = sequence[action["Action"]]
    assert int(sequence["InstallFiles"]["Sequence"]) < int(step["Sequence"])
    assert int(step["Sequence"]) < int(sequence["InstallFinalize"]["Sequence"])
    assert step["Condition"].replace(" ", "") == 'NOT(REMOVE~="ALL")'  # not on uninstall


def test_a_version_windows_installer_cannot_order_is_refused() -> None:
    assert msi.msi_version("1.2") == "1.2.0"
    for bad in ("0.2.0rc1", "1.0.0+local", "256.0.0"):
        with pytest.raises(SystemExit, match="msi: version"):
            msi.msi_version(bad)


def test_a_folder_without_the_executables_is_refused(tmp_path: Path) -> None:
    (tmp_path / "_internal").mkdir()
    with pytest.raises(SystemExit, match=r"no care4u-desktop\.exe, care4u-admin\.exe"):
        msi.harvest(tmp_path, tmp_path)


def _as_windows_installer_runs_it(target: str, properties: dict[str, str]) -> list[str]:
    """The custom action's arguments once Windows Installer has formatted its command line
    ([NAME] -> the property's value, empty when unset) and the program has split it.

    The split is CommandLineToArgvW's for what such a line holds: double-quoted runs, no
    backslash before a quote.
    """
    line = re.sub(r"\[([A-Z_]+)\]", lambda m: properties.get(m.group(1), ""), target)
    return [
        m.group(1) if m.group(1) is not None else m.group(2)
        for m in re.finditer(r'"([^"]*)"|(\S+)', line)
    ]


def test_the_installed_care4u_admin_takes_the_msi_command_line(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    # The contract between the package and part A's command, through the real CLI: the
    # properties IT passes land in the machine file; a repair passing none changes nothing;
    # a bad value exits 2 (msiexec then fails and rolls back) and writes nothing.
    package, _ = built
    (action,) = _tables(package, "CustomAction")["CustomAction"]
    machine_file = tmp_path / "ProgramData" / "Care4U" / "config.toml"
    env = {**os.environ, "CARE4U_MACHINE_CONFIG": str(machine_file), "PYTHONPATH": str(ROOT)}

    def care4u_admin(**properties: str) -> subprocess.CompletedProcess[str]:
        args = _as_windows_installer_runs_it(action["Target"], properties)
        return subprocess.run(
            [sys.executable, "-m", "care4u_desktop.cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def settings() -> dict[str, object]:
        with machine_file.open("rb") as fh:
            return tomllib.load(fh)

    done = care4u_admin(BACKEND="api", API_URL="https://care4u.example.org", KIOSK="1")
    assert done.returncode == 0, done.stderr
    expected = {"backend": "api", "api_url": "https://care4u.example.org", "kiosk": True}
    assert settings() == expected

    repair = care4u_admin()  # msiexec /fa, or Group Policy reapplying the package
    assert repair.returncode == 0, repair.stderr
    assert settings() == expected

    before = machine_file.read_bytes()
    bad = care4u_admin(BACKEND="api", API_URL="http://care4u.example.org", KIOSK="1")
    assert bad.returncode == 2
    assert "'http://care4u.example.org'" in bad.stderr  # the bad value, named
    assert machine_file.read_bytes() == before


# Rights that let an account change a folder's contents or its ACL (winnt.h): write or append
# data, write (extended) attributes, delete a child, delete, write the DACL or the owner, and
# the generic all / write rights.
_CHANGING = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000
_SDDL_RIGHTS = {"FA": 0x1F01FF, "FR": 0x120089, "FX": 0x1200A0, "FW": 0x120116, "GA": 0x10000000}
# Everyone, Builtin Users, Authenticated Users, Interactive: any account that logs on.
_ORDINARY = {"WD", "BU", "AU", "IU"}


def test_the_machine_config_folder_is_the_administrators_own(
    built: tuple[Path, Path],
) -> None:
    # ProgramData lets every account create folders and files in it: without a folder of
    # its own, any user could create Care4U\config.toml first and steer every account's kiosk.
    package, _ = built
    t = _tables(package, "Directory", "CreateFolder", "FeatureComponents", "InstallExecuteSequence")
    dirs = {row["Directory"]: row for row in t["Directory"]}
    folders = [d for d, row in dirs.items() if row["Directory_Parent"] == "CommonAppDataFolder"]
    assert folders, "the package makes no folder of its own in %ProgramData%"
    (folder,) = folders
    assert dirs[folder]["DefaultDir"].split("|")[-1] == "Care4U"
    (created,) = [row for row in t["CreateFolder"] if row["Directory_"] == folder]
    assert created["Component_"] in {row["Component_"] for row in t["FeatureComponents"]}
    sequence = {r["Action"]: int(r["Sequence"]) for r in t["InstallExecuteSequence"]}
    assert sequence["CreateFolders"] < sequence["WriteMachineConfig"]  # made before it is written

    # Its ACL is in the WiX 3 build only (wixl has no MsiLockPermissionsEx): read the source.
    ns = {"w": msi.WIX_NS}
    source = ET.parse(msi.WXS).getroot()
    component = source.find(f".//w:Component[@Id='{created['Component_']}']", ns)
    assert component is not None and component.get("Permanent") == "yes"  # uninstall keeps it
    (permission,) = component.iterfind(".//w:PermissionEx", ns)
    sddl = permission.get("Sddl", "")
    assert sddl.startswith("D:P"), "protected: nothing inherited from ProgramData"
    aces = re.findall(r"\((A|D);([^;]*);([^;]*);;;([A-Z]{2}|S-[\d-]+)\)", sddl)
    assert "".join(f"({a};{f};{r};;;{s})" for a, f, r, s in aces) == sddl[sddl.index("(") :]
    rights = {
        sid: int(r, 16) if r.startswith("0x") else _SDDL_RIGHTS[r]
        for kind, _, r, sid in aces
        if kind == "A"
    }
    assert rights["SY"] == rights["BA"] == _SDDL_RIGHTS["FA"]  # SYSTEM and Administrators
    assert rights.get("BU", 0) & 0x1  # Users read the config (every account's kiosk does)
    for sid in _ORDINARY & rights.keys():
        assert not rights[sid] & _CHANGING, f"{sid} may change the machine config"
