"""The smoke test's Qt side (``care4u_desktop/smoke.py`` decides what passes): run the event
loop until the log-in view has painted and the window's store check has answered, then
say what was seen."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from .first_paint import AfterFirstPaint
from .font_check import FontProblem, undrawable_text
from .main_window import MainWindow


@dataclass(frozen=True)
class SmokeRun:
    """What one run of the window showed."""

    painted: bool
    #: The log-in view was the one on screen (not a message or another view).
    on_login: bool
    #: The doctors the store check counted; None when it failed or did not answer.
    doctors: int | None
    store_error: str
    #: Text of the log-in view no installed font can draw; None when all of it can.
    fonts: FontProblem | None


class SmokeWatch(QObject):
    """Ends the event loop once the log-in view has painted and the store has answered the
    window's check (on its worker, while the view painted)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.painted = False
        self.doctors: int | None = None
        self.store_error = ""
        AfterFirstPaint(window.login, self._first_paint_done, fallback=False)
        window.store_ready.connect(self._store_ready)
        window.store_unavailable.connect(self._store_unavailable)

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


def watch_window(window: MainWindow, timeout_ms: int) -> SmokeRun:
    """Run the loop until ``window`` has painted and checked its store (or ``timeout_ms``),
    then close it."""
    watcher = SmokeWatch(window)
    QTimer.singleShot(timeout_ms, lambda: QApplication.exit(0))
    QApplication.exec()
    run = SmokeRun(
        painted=watcher.painted,
        on_login=window.current_view() is window.login,
        doctors=watcher.doctors,
        store_error=watcher.store_error,
        fonts=undrawable_text(window) if watcher.painted else None,
    )
    window.exit_allowed = True  # a kiosk refuses to close; the smoke test is over
    window.close()
    return run
