"""What goes into a frozen Care4U build, and what is left out: one set of rules.

``build.spec`` (the product) and ``benchmarks/packaging/floor.spec`` (the floor it is measured
against) both use these rules, so the benchmark compares like with like: the floor gets the
same trimmed Qt, and what the ratios show is what Care4U itself adds.

The rules are applied in the hooks under ``freeze/hooks`` (they override PyInstaller's own
hooks of the same name), *before* PyInstaller's binary-dependency analysis, so a plug-in that
is left out also leaves out the libraries only it needed (GTK for the gtk3 theme, EGL/KMS for
eglfs, OpenSSL for the TLS backends...).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import PurePath

# --- Python modules --------------------------------------------------------------------------

#: Test and development tooling: in the virtualenv, never imported by the app at run time.
#: ``mypy_boto3_*`` are imported only under ``TYPE_CHECKING`` (PyInstaller still sees them).
DEV_EXCLUDES = [
    "_pytest",
    "pytest",
    "pytestqt",
    "pluggy",
    "iniconfig",
    "hypothesis",
    "moto",
    "responses",
    "mypy",
    "mypyc",
    "mypy_extensions",
    "mypy_boto3_dynamodb",
    "mypy_boto3_sns",
    "mypy_boto3_sqs",
    "mypy_boto3_sts",
    "mypy_boto3_cloudformation",
    "boto3_stubs",
    "botocore_stubs",
    "ruff",
    "IPython",
    "jedi",
    "pip",
    "setuptools",
    "pkg_resources",
    "distutils",
    "wheel",
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "test",
    "doctest",
    "pydoc",
    "pydoc_data",
    # werkzeug.serving imports these lazily for ad-hoc TLS; the app only hashes passwords.
    "cryptography",
    "OpenSSL",
    # moto's dependency tree, in case anything reaches for it.
    "flask",
    "jinja2",
    "docker",
    "pydantic",
    "pydantic_core",
    # care4u-server's web stack (the `server` extra) and its test client: the kiosk and
    # care4u-admin reach the server over urllib3 and never serve HTTP themselves.
    "fastapi",
    "starlette",
    "uvicorn",
    "mangum",
    "httpx",
    "httpcore",
    "trustme",
    "yaml",
    "numpy",
    "PIL",
]

#: Qt for Python modules the app never imports (it uses QtCore, QtGui, QtWidgets, and
#: QtPrintSupport for the slip; the SVG icon is drawn by the ``qsvgicon`` plug-in).
#: ``tests/packaging`` checks the sources import none of these: remove a module from this
#: list before using it.
QT_MODULE_EXCLUDES = [
    f"PySide6.{name}"
    for name in (
        "QtNetwork",
        "QtDBus",
        "QtQml",
        "QtQmlFeatures",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickTest",
        "QtQuickWidgets",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebChannel",
        "QtWebSockets",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtSpatialAudio",
        "Qt3DCore",
        "Qt3DRender",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DAnimation",
        "Qt3DExtras",
        "QtPdf",
        "QtPdfWidgets",
        "QtCharts",
        "QtDataVisualization",
        "QtGraphs",
        "QtDesigner",
        "QtUiTools",
        "QtHelp",
        "QtTest",
        "QtSql",
        "QtXml",
        "QtConcurrent",
        "QtLabsStyleKit",
        "QtSvgWidgets",
        "QtBluetooth",
        "QtPositioning",
        "QtLocation",
        "QtSerialPort",
        "QtSensors",
        "QtTextToSpeech",
        "QtRemoteObjects",
        "QtScxml",
        "QtStateMachine",
        "QtHttpServer",
        "QtNetworkAuth",
        "QtNfc",
    )
]

EXCLUDES = DEV_EXCLUDES + QT_MODULE_EXCLUDES

#: Bundled only because a dependency imports them (boto3 -> s3transfer -> multiprocessing),
#: never used by the app: their PyInstaller run-time hooks, which would run at every start,
#: are replaced by no-ops (freeze/hooks/rthooks.dat). ``tests/packaging`` keeps it true.
BUNDLED_NEVER_USED = ["multiprocessing"]

# --- Qt plug-ins, translations, extra libraries ---------------------------------------------

#: Plug-in types the app never loads: whole directories left out.
DROP_PLUGIN_TYPES = frozenset(
    {
        "generic",  # evdev/tuio input, for eglfs/linuxfb only
        "egldeviceintegrations",  # eglfs only
        "networkinformation",  # QtNetwork
        "tls",  # QtNetwork
        "bearer",
        "qmltooling",
        "designer",
        "sqldrivers",
        "vectorimageformats",  # Lottie for Qt Quick
        "wayland-graphics-integration-server",  # compositor side
        "position",
        "multimedia",
        "texttospeech",
        "sensors",
        "webview",
    }
)

#: For these types only the named plug-ins are kept (names without ``lib`` and suffix).
KEEP_PLUGINS: dict[str, frozenset[str]] = {
    # offscreen (smoke test, CI), xcb and wayland (Linux desktops), windows, cocoa.
    "platforms": frozenset({"qoffscreen", "qxcb", "qwayland", "qwindows", "qcocoa"}),
    # The only image the app shows is its SVG icon.
    "imageformats": frozenset({"qsvg"}),
    "iconengines": frozenset({"qsvgicon"}),
    # The look is the app's own style sheet; the gtk3 theme would drag in all of GTK.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "wayland-shell-integration": frozenset({"xdg-shell", "fullscreen-shell-v1"}),
}

#: Windows only: ANGLE and the software OpenGL renderer, for OpenGL/Quick; widgets paint
#: with the raster engine.
DROP_EXTRA_BINARIES = ("opengl32sw", "d3dcompiler_", "libegl", "libglesv2")


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def plugin_name(filename: str) -> str:
    """``libqsvg.so`` / ``qsvg.dll`` / ``libqsvg.dylib`` -> ``qsvg``."""
    stem = PurePath(filename).name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") and sys.platform != "win32" else stem


def plugin_type(dest_dir: str) -> str | None:
    """The plug-in type of a destination such as ``PySide6/Qt/plugins/platforms``."""
    parts = _posix(dest_dir).split("/")
    if "plugins" in parts and parts[0] == "PySide6":
        i = parts.index("plugins")
        if i + 1 < len(parts):
            return parts[i + 1]
    return None


def keep_qt_binary(src: str, dest_dir: str) -> bool:
    kind = plugin_type(dest_dir)
    if kind is None:
        name = PurePath(src).name.lower()
        return not name.startswith(DROP_EXTRA_BINARIES)
    if kind in DROP_PLUGIN_TYPES:
        return False
    keep = KEEP_PLUGINS.get(kind)
    return keep is None or plugin_name(src) in keep


#: Languages whose Qt translations (``qtbase_<code>.qm``, for Qt's own dialog buttons) are
#: kept; every other Qt translation is left out. Set by the spec before its Analysis.
QT_LANGUAGES: frozenset[str] = frozenset()


def shipped_languages(resources: str) -> frozenset[str]:
    """The UI languages the app ships: ``resources/i18n/care4u_<code>.ts``."""
    i18n = PurePath(resources, "i18n")
    if not os.path.isdir(i18n):
        return frozenset()
    return frozenset(
        name[len("care4u_") : -len(".ts")]
        for name in os.listdir(i18n)
        if name.startswith("care4u_") and name.endswith(".ts")
    )


def keep_qt_data(src: str, dest_dir: str) -> bool:
    if "translations" not in _posix(dest_dir).split("/"):
        return True
    return PurePath(src).name in {f"qtbase_{code}.qm" for code in QT_LANGUAGES}


def trim_qt(
    hiddenimports: Iterable[str],
    binaries: Iterable[tuple[str, str]],
    datas: Iterable[tuple[str, str]],
) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    excluded = set(QT_MODULE_EXCLUDES)
    return (
        [m for m in hiddenimports if m not in excluded],
        [(s, d) for s, d in binaries if keep_qt_binary(s, d)],
        [(s, d) for s, d in datas if keep_qt_data(s, d)],
    )


def qt_hook(hook_file: str) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """PyInstaller's own hook for a PySide6 module, trimmed by the rules above."""
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    return trim_qt(*add_qt6_dependencies(hook_file))


#: System libraries that must come from the machine the app runs on, never from the build
#: machine: CUPS (the ``cups`` print plug-in) has to match the local print system, and it
#: would drag in GnuTLS, Kerberos, Avahi... The plug-in loads the system's copy; on a machine
#: without CUPS, Qt just lists no printers and the slip can still be saved as a PDF.
LINUX_SYSTEM_LIBRARIES = (r"libcups\.so(\..*)?",)


def exclude_system_libraries() -> None:
    """Extend PyInstaller's list of libraries it never collects (call before Analysis)."""
    if not sys.platform.startswith("linux"):
        return
    from PyInstaller.depend import dylib

    dylib.exclude_list = dylib.MatchList({*dylib._excludes, *LINUX_SYSTEM_LIBRARIES})


Toc = list[tuple[str, str, str]]


def drop_system_library_closures(binaries: Toc) -> Toc:
    """Linux: drop the libraries collected only because a system library above needs them.

    PyInstaller's ``ldd``-based analysis lists whole dependency closures, so leaving out
    ``libcups`` still collects GnuTLS, Kerberos and the rest; this takes them out again
    unless something else the app loads needs them too.
    """
    if not sys.platform.startswith("linux"):
        return binaries
    from PyInstaller.depend import bindepend

    system = re.compile("|".join(LINUX_SYSTEM_LIBRARIES))

    @functools.cache
    def imports(path: str) -> tuple[str, ...]:
        # Each call runs ldd: once per library, not once per loop below.
        return tuple(p for _name, p in bindepend.get_imports(path) if p)

    def closure(path: str) -> set[str]:
        return {os.path.basename(p) for p in imports(path)}

    libraries = [src for _dest, src, kind in binaries if kind in ("BINARY", "EXTENSION")]
    of_system: set[str] = set()  # the closures of the system libraries
    users = set()  # the collected files that link one
    for src in libraries:
        roots = [p for p in imports(src) if system.match(os.path.basename(p))]
        for root in roots:
            of_system |= closure(root)
        if roots:
            users.add(src)
    needed: set[str] = set()  # what everything else links
    for src in libraries:
        if src not in users and os.path.basename(src) not in of_system:
            needed |= closure(src)
    drop = of_system - needed
    return [entry for entry in binaries if os.path.basename(entry[0]) not in drop]


# --- the build machine's libraries ------------------------------------------------------------

_NOT_FOUND = re.compile(r"^\s*(\S+) => not found\s*$", re.MULTILINE)


def ldd_missing(path: str) -> list[str]:
    """The libraries ``path`` needs that the dynamic loader cannot find on this machine
    (``ldd``'s ``not found`` lines); [] for a file that is not a dynamic ELF."""
    import subprocess

    proc = subprocess.run(
        ["ldd", path],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    return _NOT_FOUND.findall(proc.stdout)


def describe_bundled(dest: str) -> str:
    """``PySide6/Qt/plugins/platforms/libqxcb.so`` -> ``the Qt platforms plug-in "xcb"
    (PySide6/Qt/plugins/platforms/libqxcb.so)``; other files by their place in the bundle."""
    kind = plugin_type(os.path.dirname(dest))
    if kind is None:
        return dest
    name = plugin_name(os.path.basename(dest))
    if kind == "platforms" and name.startswith("q"):
        name = name[1:]
    return f'the Qt {kind} plug-in "{name}" ({_posix(dest)})'


def check_bundled_libraries(
    binaries: Iterable[tuple[str, str, str]],
    missing: Callable[[str], list[str]] = ldd_missing,
) -> None:
    """Linux: SystemExit, naming each bundled binary, the library it needs that this
    machine lacks and the Debian package that has it, when there is one.

    PyInstaller only warns ("Library not found: could not resolve ...") and ships a folder
    in which that plug-in cannot load: a build on a machine without libxcb-icccm4 started
    nowhere on X11. A library that is bundled itself (found by PyInstaller beside another)
    is not missing."""
    if not sys.platform.startswith("linux"):
        return
    from care4u_desktop.native_libs import debian_package  # build.spec puts it on sys.path

    entries = [(dest, src) for dest, src, kind in binaries if kind in ("BINARY", "EXTENSION")]
    bundled = {os.path.basename(dest) for dest, _src in entries}
    problems = []
    for dest, src in sorted(set(entries)):
        for soname in missing(src):
            if soname not in bundled:
                problems.append(
                    f"  {describe_bundled(dest)} needs {soname}:"
                    f" apt-get install {debian_package(soname)}"
                )
    if problems:
        raise SystemExit(
            "The build stops: these bundled files need libraries this machine does not"
            " have, and the app would not start where they are loaded:\n"
            + "\n".join(problems)
            + "\nInstall them (Debian/Ubuntu package names above) and build again."
        )


# --- boto3 / botocore -------------------------------------------------------------------------

#: botocore ships ~30 MB of models for ~450 services. The AWS backend calls DynamoDB and SNS
#: (and STS to check who it is); the default credential chain may call STS (assume-role, web
#: identity), SSO / SSO-OIDC (SSO profiles) and Sign-In (``aws login``). Nothing else is kept.
AWS_SERVICES = frozenset({"dynamodb", "sns", "sts", "sso", "sso-oidc", "signin"})
#: Docs-only files botocore never reads at run time.
AWS_DOC_FILES = ("examples-1.json",)


def keep_aws_data(src: str, dest_dir: str) -> bool:
    parts = _posix(dest_dir).split("/")
    if PurePath(src).name in AWS_DOC_FILES:
        return False
    if len(parts) >= 3 and parts[0] in ("botocore", "boto3") and parts[1] == "data":
        return parts[2] in AWS_SERVICES
    return True  # data/*.json (endpoints, partitions, retry, defaults), cacert.pem


def aws_hook(package: str) -> list[tuple[str, str]]:
    from PyInstaller.utils.hooks import collect_data_files

    return [(s, d) for s, d in collect_data_files(package) if keep_aws_data(s, d)]


# --- files --------------------------------------------------------------------------------------

_JUNK = (".DS_Store", "Thumbs.db", "desktop.ini")
#: Sources whose compiled form is what the app reads (Qt Linguist .ts -> .qm).
_SOURCES_ONLY = (".ts",)


def tree(src: str, dest: str) -> list[tuple[str, str]]:
    """Every file under ``src`` as PyInstaller ``datas``, minus caches and OS litter."""
    out = []
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        rel = os.path.relpath(dirpath, src)
        for name in sorted(filenames):
            if (
                name.startswith(".")
                or name in _JUNK
                or name.endswith((".pyc", "~", *_SOURCES_ONLY))
            ):
                continue
            out.append((os.path.join(dirpath, name), os.path.normpath(os.path.join(dest, rel))))
    return out
