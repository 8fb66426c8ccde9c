"""The rules of ``freeze/care4u_freeze.py``, and that the app's imports agree with them.

Fast: nothing is built. The guard that matters most is the last one: a Qt module or a
library left out of the build must not be imported by the app, or the packaged app would
fail where the source checkout works.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

import pytest

from tests.packaging.support import ROOT

sys.path.insert(0, str(ROOT / "freeze"))
import care4u_freeze as rules


@pytest.mark.parametrize(
    ("filename", "name"),
    [("libqsvg.so", "qsvg"), ("libqxcb.so", "qxcb"), ("libqcocoa.dylib", "qcocoa")],
)
def test_plugin_names_on_posix(filename: str, name: str) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX file names")
    assert rules.plugin_name(filename) == name


def test_plugin_type_from_destination() -> None:
    assert rules.plugin_type("PySide6/Qt/plugins/platforms") == "platforms"
    assert rules.plugin_type("PySide6\\plugins\\imageformats") == "imageformats"
    assert rules.plugin_type("PySide6/Qt/lib") is None
    assert rules.plugin_type("botocore/data/plugins") is None


def test_qt_plugin_rules() -> None:
    ext = {"win32": ".dll", "darwin": ".dylib"}.get(sys.platform, ".so")
    lib = "" if sys.platform == "win32" else "lib"

    def keep(kind: str, name: str) -> bool:
        return rules.keep_qt_binary(f"/x/{lib}{name}{ext}", f"PySide6/Qt/plugins/{kind}")

    assert keep("platforms", "qoffscreen")
    assert keep("platforms", "qxcb")
    assert not keep("platforms", "qeglfs")
    assert not keep("platforms", "qvnc")
    assert keep("iconengines", "qsvgicon")
    assert keep("imageformats", "qsvg")
    assert not keep("imageformats", "qjpeg")
    assert not keep("platformthemes", "qgtk3")
    assert keep("printsupport", "cupsprintersupport")  # the slip is printed
    assert not keep("tls", "qopensslbackend")
    assert not keep("qmltooling", "qmldbg_tcp")
    assert keep("styles", "qmodernwindowsstyle")  # unknown types are kept
    assert not rules.keep_qt_binary("/x/opengl32sw.dll", ".")
    assert rules.keep_qt_binary("/x/libQt6Core.so.6", "PySide6/Qt/lib")


def test_qt_translations_kept_for_shipped_languages_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "QT_LANGUAGES", frozenset({"es"}))
    dest = "PySide6/Qt/translations"
    assert rules.keep_qt_data("/x/qtbase_es.qm", dest)
    assert not rules.keep_qt_data("/x/qtbase_de.qm", dest)
    assert not rules.keep_qt_data("/x/qt_help_es.qm", dest)
    assert rules.keep_qt_data("/x/qt.conf", "PySide6/Qt")


def test_shipped_languages(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "care4u_es.ts").write_text("<TS/>")
    (tmp_path / "i18n" / "care4u_es.qm").write_bytes(b"")
    assert rules.shipped_languages(str(tmp_path)) == {"es"}
    assert rules.shipped_languages(str(tmp_path / "none")) == frozenset()


def test_aws_model_rules() -> None:
    keep = rules.keep_aws_data
    assert keep("/x/service-2.json.gz", "botocore/data/dynamodb/2012-08-10")
    assert keep("/x/service-2.json.gz", "botocore/data/sts/2011-06-15")
    assert not keep("/x/service-2.json.gz", "botocore/data/ec2/2016-11-15")
    assert not keep("/x/examples-1.json", "botocore/data/dynamodb/2012-08-10")
    assert keep("/x/endpoints.json", "botocore/data")
    assert keep("/x/cacert.pem", "botocore")
    assert keep("/x/resources-1.json", "boto3/data/dynamodb/2012-08-10")
    assert not keep("/x/resources-1.json", "boto3/data/s3/2006-03-01")


def test_tree_leaves_out_sources_and_litter(tmp_path: Path) -> None:
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "a.svg").write_text("<svg/>")
    (tmp_path / ".DS_Store").write_text("")
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "care4u_es.ts").write_text("<TS/>")
    (tmp_path / "i18n" / "care4u_es.qm").write_bytes(b"qm")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"")
    got = {(Path(src).name, Path(dest).as_posix()) for src, dest in rules.tree(str(tmp_path), "r")}
    assert got == {("a.svg", "r/icons"), ("care4u_es.qm", "r/i18n")}


def test_icons_are_derived_from_the_svg(qapp: object, tmp_path: Path) -> None:
    # ``qapp``: the session's QApplication exists first, so make_icons reuses it.
    pytest.importorskip("PySide6.QtSvg")
    import make_icons

    ico, icns, png = make_icons.make_icons(tmp_path)
    data = ico.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    assert data[6 + 16 * count : 6 + 16 * count + 8] == b"\x89PNG\r\n\x1a\n"
    data = icns.read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- the app's imports against what the build leaves out ----------------------------------------


def _app_imports() -> dict[str, list[str]]:
    """Every module the app's sources import, outside ``if TYPE_CHECKING:`` blocks."""
    found: dict[str, list[str]] = {}
    for source in sorted((ROOT / "care4u_desktop").rglob("*.py")):
        if (
            source.parent.name == "server"
        ):  # not bundled: build.spec leaves care4u_desktop.server out
            continue
        tree = ast.parse(source.read_text(encoding="utf-8"))
        type_only = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                type_only |= {id(n) for child in node.body for n in ast.walk(child)}
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                found.setdefault(name, []).append(str(source.relative_to(ROOT)))
    return found


def test_the_app_imports_no_qt_module_the_build_leaves_out() -> None:
    imports = _app_imports()
    used = {name for name in imports if name.startswith("PySide6.Qt")}
    clashes = {
        name for name in used if ".".join(name.split(".")[:2]) in set(rules.QT_MODULE_EXCLUDES)
    }
    assert not clashes, {name: imports[name] for name in clashes}


def test_the_app_imports_nothing_the_build_leaves_out() -> None:
    imports = _app_imports()
    excluded = set(rules.DEV_EXCLUDES) | set(rules.BUNDLED_NEVER_USED)
    clashes = {name for name in imports if name.split(".")[0] in excluded}
    assert not clashes, {name: imports[name] for name in clashes}
