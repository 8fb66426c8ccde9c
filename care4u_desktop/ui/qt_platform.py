"""Creating the QApplication, or saying in one line why the platform plug-in cannot load.

Left to itself, Qt prints four lines about every plug-in it knows and aborts (SIGABRT) when
the one asked for cannot start: no X display, no Wayland compositor, a library the plug-in
needs missing from the machine. A kiosk's log then holds no reason and a smoke test no exit
code. ``create_application`` catches Qt's fatal message before it aborts, works out the
cause (the plug-in's file is loaded with ``dlopen``, which names the library it lacks), and
ends the process with ``EXIT_PLATFORM`` and one line.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: The exit code of a start whose platform plug-in could not be loaded.
EXIT_PLATFORM = 3

_LOAD_FAILED = re.compile(r'Could not (?:load|find) the Qt platform plugin "([^"]*)"')
_AVAILABLE = "Available platform plugins are:"
_SONAME = re.compile(r"^(\S+\.so[.\d]*): cannot open shared object file")


def ensure_application(argv: Sequence[str], *, prefix: str) -> QApplication:
    """The running QApplication, or a new one made by ``create_application``."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    return create_application(argv, prefix=prefix)


def create_application(argv: Sequence[str], *, prefix: str) -> QApplication:
    """A new QApplication for ``argv``; if its platform plug-in cannot start, print
    ``<prefix>the Qt platform plug-in "<name>" could not be loaded: <cause>`` (and log it),
    then exit with ``EXIT_PLATFORM`` instead of Qt's abort."""
    guard = _PlatformGuard(prefix)
    previous = qInstallMessageHandler(guard)
    try:
        app = QApplication(list(argv))
    finally:
        qInstallMessageHandler(previous)
    guard.replay()  # what Qt said on the way, now that it started after all
    return app


class _PlatformGuard:
    """Qt's message handler while the QApplication is created."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._said: list[str] = []
        #: As Qt's own handler would have printed them.
        self._lines: list[str] = []

    def __call__(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind != QtMsgType.QtFatalMsg:
            # Held back: on a failure they are the cause's raw material, not a screenful.
            self._said.append(message)
            category = context.category or "default"
            self._lines.append(message if category == "default" else f"{category}: {message}")
            return
        name = _plugin_asked_for(self._said)
        line = f'{self._prefix}the Qt platform plug-in "{name}" could not be loaded: '
        line += platform_failure_cause(name, [*self._said, message])
        say_once(logging.CRITICAL, line)
        logging.shutdown()  # the log file gets the line: nothing after this runs
        os._exit(EXIT_PLATFORM)  # not Qt's abort(), and not back into Qt's constructor

    def replay(self) -> None:
        if sys.stderr is not None:
            for line in self._lines:
                print(line, file=sys.stderr)


def say_once(level: int, line: str) -> None:
    """``line`` on standard error (if there is one) as it is, and into the log files: not
    twice on the terminal, once bare and once through the log's stderr handler."""
    if sys.stderr is not None:  # a windowed Windows executable has none
        print(line, file=sys.stderr, flush=True)
    log_to_files(level, line)


def log_to_files(level: int, line: str) -> None:
    """``line`` into the log files only (a line printed anyway, kept for IT)."""
    record = log.makeRecord(log.name, level, __file__, 0, line, (), None)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler) and record.levelno >= handler.level:
            handler.handle(record)


def _plugin_asked_for(said: Sequence[str]) -> str:
    for message in said:
        found = _LOAD_FAILED.search(message)
        if found:
            return found.group(1)
    return os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0] or "(the default)"


def platform_failure_cause(
    name: str,
    said: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    load: Callable[[Path], str] | None = None,
) -> str:
    """Why plug-in ``name`` did not start, in words, from what Qt said and from loading
    its file: the library it lacks, else the display or compositor it could not reach."""
    env = dict(os.environ) if env is None else env
    if any(f'Could not find the Qt platform plugin "{name}"' in m for m in said):
        listed = [m.split(_AVAILABLE, 1)[1] for m in said if _AVAILABLE in m]
        have = listed[0].strip().rstrip(".") if listed else "none"
        return f"there is no such plug-in (these are: {have})"
    plugin = find_platform_plugin(name, env)
    if plugin is not None:
        error = (load or _dlopen_error)(plugin)
        if error:
            missing = _SONAME.match(error)
            if missing:
                from ..native_libs import debian_package

                soname = missing.group(1)
                return (
                    f"{plugin.name} needs {soname}, which is not installed"
                    f" (Debian/Ubuntu: apt-get install {debian_package(soname)})"
                )
            return f"{plugin.name} does not load: {error}"
    if name == "xcb":
        display = env.get("DISPLAY", "")
        if not display:
            return "no X display to connect to (DISPLAY is not set)"
        return f"could not connect to the X display {display!r} (is the X server running?)"
    if name.startswith("wayland"):
        socket = env.get("WAYLAND_DISPLAY", "") or "wayland-0"
        runtime = env.get("XDG_RUNTIME_DIR", "")
        return (
            f"no Wayland compositor answers on {socket!r}"
            f" (WAYLAND_DISPLAY={env.get('WAYLAND_DISPLAY', '')!r},"
            f" XDG_RUNTIME_DIR={runtime!r}; is the compositor running?)"
        )
    # Qt's own words, minus its generic advice and the list of plug-ins.
    own = [m.splitlines()[0] for m in said if m.strip()]
    return "; ".join(own) or "Qt gave no reason"


def find_platform_plugin(name: str, env: dict[str, str]) -> Path | None:
    """The file Qt loads for platform ``name``: QT_QPA_PLATFORM_PLUGIN_PATH, then each
    QT_PLUGIN_PATH entry's ``platforms``, then Qt's own plug-in folder."""
    if sys.platform == "win32":
        filename = f"q{name}.dll"
    elif sys.platform == "darwin":
        filename = f"libq{name}.dylib"
    else:
        filename = f"libq{name}.so"
    folders = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p, "platforms") for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms"))
    for folder in folders:
        if (folder / filename).is_file():
            return folder / filename
    return None


def _dlopen_error(path: Path) -> str:
    """The dynamic loader's complaint about ``path``, or "" if it loads (the process is
    about to end: loading it does no harm)."""
    # _ctypes, not ctypes.CDLL: in a PyInstaller build CDLL is wrapped, and the wrapper
    # replaces the loader's message (which names the missing library) with its own.
    import _ctypes

    try:
        if sys.platform == "win32":
            _ctypes.LoadLibrary(str(path))
        else:
            _ctypes.dlopen(str(path), os.RTLD_NOW | os.RTLD_LOCAL)
    except OSError as exc:
        return str(exc).removeprefix(f"{path}: ")
    return ""
