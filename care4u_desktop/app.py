"""The kiosk's entry point and composition root for the GUI."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from . import __version__, logs
from .composition import build_app_services
from .config import BACKENDS, default_log_dir, load_config, parse_gui_args
from .resources import resource_path
from .ui import accessible
from .ui.first_paint import AfterFirstPaint
from .ui.main_window import MainWindow
from .ui.qt_platform import ensure_application

log = logging.getLogger("care4u_desktop")


def _application(argv: Sequence[str]) -> QApplication:
    # One line and exit 3, not Qt's abort, if the platform plug-in cannot start.
    app = ensure_application(["care4u-desktop", *argv], prefix="care4u-desktop: ")
    app.setApplicationName("Care4U Desktop")
    app.setOrganizationName("Care4U")
    app.setWindowIcon(QIcon(str(resource_path("icons", "care4u.svg"))))
    # Before any widget: what screen readers are told where Qt's own words are wrong.
    accessible.install()
    return app


def build_main_window(argv: Sequence[str]) -> MainWindow:
    """Build the whole app from the executable's arguments, shown, without an event loop.

    QA scripts drive the returned window with pytest-qt; ``main`` runs the loop.
    """
    args = parse_gui_args(argv)
    _application(argv)
    # No I/O yet: the store (or the server) is first asked once the log-in has painted.
    services = build_app_services(load_config(args, backends=BACKENDS))
    window = MainWindow(services)
    window.check_store_after_first_paint()
    if services.config.kiosk:
        window.showFullScreen()
    else:
        window.show()
    return window


def start_logging(argv: Sequence[str]) -> Path | None:
    """Every start logs to standard error (when there is one) and to the kiosk's log file
    (``log_file``, or ``care4u-desktop.log`` in ``log_dir``), private to its OS user, at
    ``log_level``; returns the file, or None if it cannot be used."""
    config = load_config(parse_gui_args(argv), backends=BACKENDS)
    if config.log_file is not None:
        log_file = logs.open_log_at(config.log_file)
    else:
        log_file = logs.open_log_file(config.log_dir or default_log_dir())
    # sys.stderr is None in a windowed Windows executable: the file alone then.
    level = logging.getLevelNamesMapping()[config.log_level]
    logs.configure(level, stream=sys.stderr, log_file=log_file)
    log.info("Care4U Desktop %s starting", __version__)
    return log_file


def _check_search_words() -> None:
    from .services import search_words

    search_words.problem()  # logs the reason once, if there is one


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    start_logging(argv)
    if "--smoke-test" in argv:
        from .smoke import smoke_test  # care4u_desktop/smoke.py: what it checks, and why

        return smoke_test(argv)
    # Nothing here can fail on the store: the window checks it once it has painted, and
    # says on its log-in screen (and in the log) if it cannot be used.
    window = build_main_window(argv)
    log.info("Care4U Desktop started (backend %s)", window.services.config.backend)
    # For IT (and the package's bare-root test): the first screen really came up.
    AfterFirstPaint(window.login, lambda: log.info("log-in view shown"), fallback=False)
    # A broken word list is said at start-up, in the log, not at the first search.
    AfterFirstPaint(window.login, _check_search_words)
    return QApplication.exec()


if __name__ == "__main__":
    raise SystemExit(main())
