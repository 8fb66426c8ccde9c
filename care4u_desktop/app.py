"""The kiosk's entry point and composition root for the GUI."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from . import __version__, logs
from .composition import build_app_services
from .config import BACKENDS, default_log_dir, load_config, parse_gui_args
from .resources import resource_path
from .ui.first_paint import AfterFirstPaint
from .ui.main_window import MainWindow

log = logging.getLogger("care4u_desktop")
SMOKE_TIMEOUT_MS = 20_000


def _application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["care4u-desktop", *argv])
    app.setApplicationName("Care4U Desktop")
    app.setOrganizationName("Care4U")
    app.setWindowIcon(QIcon(str(resource_path("icons", "care4u.svg"))))
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


class _SmokeWatch(QObject):
    """Ends the smoke test's event loop once the log-in view has painted and the store has
    answered the window's check (on its worker, while the view painted)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._paint_seen = False
        self.painted = False
        self.doctors: int | None = None
        self.store_error = ""
        window.login.installEventFilter(self)
        window.store_ready.connect(self._store_ready)
        window.store_unavailable.connect(self._store_unavailable)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._paint_seen:
            self._paint_seen = True
            QTimer.singleShot(0, self._first_paint_done)  # once this paint event is over
        return False

    def _first_paint_done(self) -> None:
        self.painted = True
        # Flushed at once: the start-up benchmark times the run to this line.
        print("care4u-desktop: first paint (the log-in view)", flush=True)
        self._quit_when_done()

    def _store_ready(self, doctors: int) -> None:
        self.doctors = doctors
        self._quit_when_done()

    def _store_unavailable(self, message: str) -> None:
        self.store_error = message
        self._quit_when_done()

    def _quit_when_done(self) -> None:
        if self.painted and (self.doctors is not None or self.store_error):
            QApplication.exit(0)  # not quit(): a locked kiosk refuses to close its window


def smoke_test(argv: Sequence[str]) -> int:
    """Start for real on a throwaway data directory, paint the login view once, exit."""
    import tempfile  # only the smoke test makes a throwaway directory

    rest = [a for a in argv if a != "--smoke-test"]
    with tempfile.TemporaryDirectory(prefix="care4u-smoke-") as data_dir:
        try:
            window = build_main_window([*rest, "--data-dir", data_dir])
            watcher = _SmokeWatch(window)
            QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: QApplication.exit(0))
            QApplication.exec()
            backend = window.services.config.backend
            on_login = window.current_view() is window.login
            window.exit_allowed = True  # a kiosk refuses to close; the smoke test is over
            window.close()
        except Exception as exc:  # the point of a smoke test is to report, not to crash
            print(f"care4u-desktop smoke test FAILED: {exc}", file=sys.stderr)
            return 1
        if not watcher.painted or not on_login:
            print(
                "care4u-desktop smoke test FAILED: the login view was not painted", file=sys.stderr
            )
            return 1
        if watcher.doctors is None:
            reason = watcher.store_error or "no answer within the time limit"
            print(f"care4u-desktop smoke test FAILED: the store: {reason}", file=sys.stderr)
            return 1
    # Flushed now, not at exit: the benchmark reports the time to this line too.
    print(
        f"care4u-desktop smoke test OK: login view painted, {watcher.doctors} doctors"
        f" on the {backend} backend",
        flush=True,
    )
    return 0


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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    start_logging(argv)
    if "--smoke-test" in argv:
        return smoke_test(argv)
    # Nothing here can fail on the store: the window checks it once it has painted, and
    # says on its log-in screen (and in the log) if it cannot be used.
    window = build_main_window(argv)
    log.info("Care4U Desktop started (backend %s)", window.services.config.backend)
    # For IT (and the package's bare-root test): the first screen really came up.
    AfterFirstPaint(window.login, lambda: log.info("log-in view shown"), fallback=False)
    return QApplication.exec()


if __name__ == "__main__":
    raise SystemExit(main())
