"""UI languages: Qt translators at run time, lupdate/lrelease at build time.

English is the source language (every string in the code is English); its catalogue
``care4u_en.ts`` holds only the plural forms ("1 second", "2 seconds"). Every language
has a Qt Linguist source ``resources/i18n/care4u_<code>.ts``, compiled to
``care4u_<code>.qm`` beside it by ``python -m care4u_desktop.ui.i18n compile`` (the
packaging build calls it before PyInstaller). A source checkout compiles a missing or
stale ``.qm`` on first use, with the ``lrelease`` that PySide6 ships.

    python -m care4u_desktop.ui.i18n update    # refresh the .ts files from the code
    python -m care4u_desktop.ui.i18n compile   # .ts -> .qm (build step)
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..resources import from_checkout, resources_dir

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
#: Code -> the language's own name, as the selector shows it (never translated).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
CATALOGUE = "care4u"


_current = SOURCE_LANGUAGE


def current_language() -> str:
    """The language the UI is showing now."""
    return _current


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def ts_path(code: str) -> Path:
    return i18n_dir() / f"{CATALOGUE}_{code}.ts"


def qm_path(code: str) -> Path:
    return i18n_dir() / f"{CATALOGUE}_{code}.qm"


def _qt_tool(name: str) -> Path:
    import PySide6

    exe = Path(PySide6.__file__).resolve().parent / (name + (".exe" if os_is_windows() else ""))
    if not exe.exists():
        raise FileNotFoundError(f"{name} is not in this PySide6 installation ({exe})")
    return exe


def os_is_windows() -> bool:
    return sys.platform == "win32"


def compile_catalogue(code: str) -> Path:
    """lrelease one language; raises CalledProcessError on a broken .ts.

    The .qm is written beside and renamed into place: a translator that has the old file
    mapped into memory keeps reading the old file, never a half-written one.
    """
    import subprocess  # here and below: the app itself only loads catalogues, at start-up

    source, target = ts_path(code), qm_path(code)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        subprocess.run(
            [str(_qt_tool("lrelease")), "-silent", str(source), "-qm", str(partial)],
            check=True,
            capture_output=True,
        )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def compile_all() -> list[Path]:
    return [compile_catalogue(code) for code in LANGUAGES]


def update_sources(codes: Sequence[str] | None = None, ts_dir: Path | None = None) -> list[Path]:
    """lupdate: collect every tr()/translate() string of the UI into the .ts files."""
    import subprocess

    ui_dir = Path(__file__).resolve().parent
    sources = sorted(str(p) for p in ui_dir.rglob("*.py"))
    written = []
    for code in codes or list(LANGUAGES):
        target = (ts_dir or i18n_dir()) / f"{CATALOGUE}_{code}.ts"
        plural_only = ["-pluralonly"] if code == SOURCE_LANGUAGE else []
        subprocess.run(
            [
                str(_qt_tool("lupdate")),
                "-silent",
                *plural_only,
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                SOURCE_LANGUAGE,
                "-target-language",
                code,
                *sources,
                "-ts",
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        written.append(target)
    return written


def _usable_qm(code: str) -> Path | None:
    qm, ts = qm_path(code), ts_path(code)
    stale = ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime)
    # Only a checkout's: an installed wheel's files have arbitrary times and are read-only.
    if stale and from_checkout():
        import subprocess

        try:
            compile_catalogue(code)
        except (OSError, subprocess.CalledProcessError) as exc:
            log.warning("could not compile %s: %s", ts.name, exc)
    return qm if qm.exists() else None


#: The translators this module installed; one set for the whole application.
_installed: list[QTranslator] = []


class Translations:
    """Switches the application's language (translators are application-wide)."""

    @property
    def language(self) -> str:
        return _current

    def switch(self, code: str) -> bool:
        """Install ``code``'s catalogue (and Qt's own, for dialogs); False if unavailable."""
        global _current
        if code not in LANGUAGES:
            log.warning("unknown language %r; staying with %s", code, _current)
            return False
        app = QCoreApplication.instance()
        if app is None:
            return False
        for translator in _installed:
            app.removeTranslator(translator)
            translator.deleteLater()
        _installed.clear()
        ok = True
        ours = QTranslator(app)
        qm = _usable_qm(code)
        if qm is not None and ours.load(str(qm)):
            app.installTranslator(ours)
            _installed.append(ours)
        elif code != SOURCE_LANGUAGE:
            log.warning("no compiled translations for %s; showing English", code)
            ok = False
        if ok and code != SOURCE_LANGUAGE:
            qt_own = QTranslator(app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt_own.load(f"qtbase_{code}", qt_dir):
                app.installTranslator(qt_own)
                _installed.append(qt_own)
        _current = code if ok else SOURCE_LANGUAGE
        QLocale.setDefault(QLocale(_current))
        return ok


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["compile"]:
        for path in compile_all():
            print(f"compiled {path}")
        return 0
    if args == ["update"]:
        for path in update_sources():
            print(f"updated {path}")
        return 0
    print("usage: python -m care4u_desktop.ui.i18n compile|update", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
