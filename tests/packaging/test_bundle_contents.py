"""What the packaged folder holds: the app's resources, the Qt it loads, and nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.packaging.support import ADMIN, APP, ROOT

pytestmark = pytest.mark.slow

sys.path.insert(0, str(ROOT / "freeze"))
import care4u_freeze as rules  # noqa: E402


def _internal(packaged: Path) -> Path:
    return packaged / "_internal"


def _rel_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _pyside_dir(packaged: Path) -> Path:
    pyside = _internal(packaged) / "PySide6"
    return pyside if sys.platform == "win32" else pyside / "Qt"


def _bundled_modules(packaged: Path) -> set[str]:
    from PyInstaller.archive.readers import pkg_archive_contents

    names: set[str] = set()
    for exe in (APP, ADMIN):
        names.update(pkg_archive_contents(str(packaged / exe)))
    return names


def test_every_resource_is_bundled(packaged: Path) -> None:
    source = ROOT / "resources"
    expected = {
        p.relative_to(source).as_posix()
        for p in source.rglob("*")
        if p.is_file() and p.suffix != ".ts" and not p.name.startswith(".")
    }
    bundled = _rel_files(_internal(packaged) / "resources")
    assert expected <= bundled
    assert {"theme.qss", "icons/care4u.svg", "demo_doctors.json"} <= bundled


def test_compiled_translations_are_bundled(packaged: Path) -> None:
    languages = rules.shipped_languages(str(ROOT / "resources"))
    if not languages:
        pytest.skip("the app ships no translations yet")
    bundled = _rel_files(_internal(packaged) / "resources")
    assert {f"i18n/care4u_{code}.qm" for code in languages} <= bundled
    assert not any(name.endswith(".ts") for name in bundled)


def test_qt_plugins_are_the_ones_the_app_loads(packaged: Path) -> None:
    plugins = _pyside_dir(packaged) / "plugins"
    found = {
        (p.parent.name, rules.plugin_name(p.name))
        for p in plugins.rglob("*")
        if p.is_file() and p.suffix in (".so", ".dll", ".dylib")
    }
    kinds = {kind for kind, _ in found}
    assert ("platforms", "qoffscreen") in found
    native = {"linux": "qxcb", "win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform)
    if native:
        assert ("platforms", native) in found
    assert ("iconengines", "qsvgicon") in found  # the window icon is an SVG
    assert ("imageformats", "qsvg") in found
    assert not kinds & rules.DROP_PLUGIN_TYPES
    for kind, name in found:
        keep = rules.KEEP_PLUGINS.get(kind)
        assert keep is None or name in keep, f"{kind}/{name} should have been left out"


def test_unused_qt_modules_are_left_out(packaged: Path) -> None:
    files = _rel_files(_internal(packaged))
    # Neither their libraries (libQt6Qml.so, Qt6Qml.dll, QtQml.framework) ...
    for unused in ("Qml", "Quick", "WebEngine", "Multimedia", "3D", "Pdf", "Designer"):
        hits = [f for f in files if f"Qt6{unused}" in f or f"Qt{unused}" in Path(f).name]
        assert not hits, f"Qt {unused} is bundled: {hits[:5]}"
    # ... nor the Python modules of any excluded Qt module.
    extensions = {
        Path(f).name.split(".")[0]
        for f in files
        if f.startswith("PySide6/Qt") and f.count("/") == 1
    }
    excluded = {name.split(".", 1)[1] for name in rules.QT_MODULE_EXCLUDES}
    assert not extensions & excluded


def test_qt_translations_only_for_shipped_languages(packaged: Path) -> None:
    translations = _pyside_dir(packaged) / "translations"
    found = {p.name for p in translations.glob("*.qm")} if translations.is_dir() else set()
    allowed = {f"qtbase_{code}.qm" for code in rules.shipped_languages(str(ROOT / "resources"))}
    assert found <= allowed


def test_only_the_aws_models_the_app_uses(packaged: Path) -> None:
    data = _internal(packaged) / "botocore" / "data"
    services = {p.name for p in data.iterdir() if p.is_dir()}
    assert services == set(rules.AWS_SERVICES)
    assert (data / "endpoints.json").is_file()
    assert not list(data.rglob("examples-1.json"))


def test_no_test_or_dev_tooling(packaged: Path) -> None:
    modules = _bundled_modules(packaged)
    tops = {name.split(".")[0] for name in modules}
    for tool in ("pytest", "_pytest", "pytestqt", "moto", "hypothesis", "mypy", "ruff", "IPython"):
        assert tool not in tops, f"{tool} is bundled"
    # (multiprocessing stays: boto3's s3transfer imports it at module level. Its run-time
    # hook does not: see test_no_multiprocessing_hook_at_start_up.)
    for tool in ("tkinter", "unittest", "pydoc", "cryptography"):
        assert tool not in tops, f"{tool} is bundled"
    assert "care4u_desktop.app" in modules
    assert not any(name.startswith("tests") for name in tops)


def test_no_web_server_in_the_kiosk_bundle(packaged: Path) -> None:
    """The kiosk is a client of care4u-server: it carries the urllib3 client, never the
    server's web stack (installed with pip where the server runs)."""
    modules = _bundled_modules(packaged)
    tops = {name.split(".")[0] for name in modules}
    for stack in ("fastapi", "starlette", "uvicorn", "mangum", "pydantic", "httpx", "anyio"):
        assert stack not in tops, f"{stack} is bundled"
    assert not [n for n in modules if n.startswith("care4u_desktop.server")]
    assert "care4u_desktop.client.http" in modules


def test_no_multiprocessing_hook_at_start_up(packaged: Path) -> None:
    """PyInstaller's multiprocessing hook would import it at every start; ours does nothing."""
    from PyInstaller.archive.readers import pkg_archive_contents

    for exe in (APP, ADMIN):
        scripts = set(pkg_archive_contents(str(packaged / exe)))
        assert "pyi_rth_multiprocessing" not in scripts, exe
        assert "pyi_rth_care4u_multiprocessing" in scripts, exe


def test_the_admin_executable_carries_no_qt(packaged: Path) -> None:
    """care4u-admin shares the folder but loads no Qt: its archive holds no PySide6 code."""
    from PyInstaller.archive.readers import pkg_archive_contents

    names = pkg_archive_contents(str(packaged / ADMIN))
    assert "care4u_desktop.cli.main" in names
    assert not [n for n in names if n.startswith(("PySide6", "shiboken6", "care4u_desktop.ui"))]
