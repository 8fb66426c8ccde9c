"""The build stops, naming the plug-in, the library and the Debian package, when a bundled
binary needs a library the build machine lacks (issue 12, item 6): PyInstaller only warns,
and a build on a machine without libxcb-icccm4 shipped a folder that started nowhere on X11.

Fast: real ELF files, compiled here, checked with the rules' own function; nothing is built.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.components import require
from tests.packaging.support import ROOT

sys.path.insert(0, str(ROOT / "freeze"))
import care4u_freeze as rules

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF and ldd")

PLATFORMS = "PySide6/Qt/plugins/platforms"


def compile_so(folder: Path, name: str, source: str, *link: str) -> Path:
    """A shared library from C ``source``, without the C library (no headers needed)."""
    gcc = shutil.which("gcc")
    require(gcc is not None, "gcc (Debian package gcc)")
    assert gcc is not None
    (folder / f"{name}.c").write_text(source, encoding="utf-8")
    out = folder / name
    subprocess.run(
        [
            gcc,
            "-shared",
            "-fPIC",
            "-nostdlib",
            "-o",
            str(out),
            str(folder / f"{name}.c"),
            f"-Wl,-soname,{name}",
            *link,
        ],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture
def plugin_and_its_library(tmp_path: Path) -> tuple[Path, Path]:
    """``libqkiosk.so``, a stand-in platform plug-in linked against ``libcare4u-kiosk.so.1``."""
    lib = compile_so(tmp_path, "libcare4u-kiosk.so.1", "int kiosk_screen(void) { return 1; }\n")
    plugin = compile_so(
        tmp_path,
        "libqkiosk.so",
        "int kiosk_screen(void);\nint start(void) { return kiosk_screen(); }\n",
        str(lib),
        f"-Wl,-rpath,{tmp_path}",
    )
    return plugin, lib


def test_a_plug_in_whose_library_is_gone_stops_the_build(
    plugin_and_its_library: tuple[Path, Path],
) -> None:
    plugin, lib = plugin_and_its_library
    toc = [(f"{PLATFORMS}/libqkiosk.so", str(plugin), "BINARY")]
    rules.check_bundled_libraries(toc)  # its library is there: the build goes on

    lib.unlink()  # as on a build machine without that package
    with pytest.raises(SystemExit) as stopped:
        rules.check_bundled_libraries(toc)
    message = str(stopped.value)
    assert message.startswith("The build stops:")
    assert (
        f'  the Qt platforms plug-in "kiosk" ({PLATFORMS}/libqkiosk.so) needs'
        " libcare4u-kiosk.so.1: apt-get install libcare4u-kiosk1"
    ) in message.splitlines()


def test_a_library_bundled_beside_it_is_not_missing(
    plugin_and_its_library: tuple[Path, Path],
) -> None:
    """PyInstaller found and bundled it (from another folder): ldd not finding it from the
    plug-in's source folder is no reason to stop."""
    plugin, lib = plugin_and_its_library
    kept = lib.with_name("kept-" + lib.name)
    lib.rename(kept)
    rules.check_bundled_libraries(
        [
            (f"{PLATFORMS}/libqkiosk.so", str(plugin), "BINARY"),
            ("libcare4u-kiosk.so.1", str(kept), "BINARY"),
        ]
    )


def test_the_platform_plug_ins_bundled_today_pass_on_this_machine() -> None:
    """No false alarm on the real thing: Qt's offscreen, xcb and wayland plug-ins (their Qt
    libraries found through their RUNPATH, the system's through the loader)."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms")
    toc = [
        (f"{PLATFORMS}/{name}", str(folder / name), "BINARY")
        for name in ("libqoffscreen.so", "libqxcb.so", "libqwayland.so")
    ]
    assert all(Path(src).is_file() for _dest, src, _kind in toc)
    rules.check_bundled_libraries(toc)
