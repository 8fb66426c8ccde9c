"""A kiosk left alone at its log-in screen stops repainting: its caret rests, steady.

Weeks of uptime (issue 14): the blinking caret was most of an idle kiosk's CPU (each blink
repaints the field and the window behind it; ``benchmarks/uptime_bench.py`` measures the
CPU against the floor program). These tests wait the caret's real time (a few seconds).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLineEdit

from care4u_desktop.ui.caret import BLINK_FOR_MS

from .support import field

#: Long enough for two blinks at any usual flash time (Qt's default: 1 s a cycle).
WATCH_MS = 2_500


class PaintCounter(QObject):
    def __init__(self, widget: QLineEdit) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


class WakeCounter(QObject):
    """The app's own timers that fire (not the test's own wait: its loop's, or none)."""

    def __init__(self) -> None:
        super().__init__()
        self.fired: list[str] = []
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer and isinstance(watched, QTimer):
            owner = watched.parent()
            if owner is not None and not isinstance(owner, QEventLoop):
                self.fired.append(type(owner).__name__)
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self)


def _image(line: QLineEdit) -> QImage:
    return line.grab().toImage()


def _focused_email(qtbot, window) -> QLineEdit:
    email = field(window.login, "emailInput")
    window.activateWindow()
    email.setFocus()
    qtbot.waitUntil(email.hasFocus)
    return email


def test_an_idle_kiosk_stops_blinking_its_caret_and_blinks_again_at_a_key(qtbot, kiosk_window):
    email = _focused_email(qtbot, kiosk_window)
    counter = PaintCounter(email)
    qtbot.wait(WATCH_MS)
    assert counter.paints >= 2, "the caret does not blink while someone is there"

    qtbot.wait(BLINK_FOR_MS)  # nobody touches the kiosk
    counter.paints = 0
    wakes = WakeCounter()
    qtbot.wait(WATCH_MS)
    wakes.remove()
    assert counter.paints == 0, f"an idle kiosk repainted its caret {counter.paints} times"
    # Nor does it wake twice a second for nothing (each wake-up costs what the floor
    # program spends in a minute): the collector's look at an unchanged count slows down.
    assert len(wakes.fired) <= 1, f"an idle kiosk woke up for {wakes.fired}"

    qtbot.keyClicks(email, "ana")
    counter.paints = 0
    qtbot.wait(WATCH_MS)
    assert counter.paints >= 2, "the caret does not blink again after a key"
    assert email.text() == "ana"


def test_a_resting_caret_is_still_drawn_and_a_closed_kiosk_lets_it_blink(qtbot, kiosk_window):
    hints = QGuiApplication.styleHints()
    email = _focused_email(qtbot, kiosk_window)
    qtbot.keyClicks(email, "ana@example.com")
    qtbot.wait(BLINK_FOR_MS + 500)
    assert hints.cursorFlashTime() == 0
    at_end = _image(email)
    # Moving the caret (no input event: the kiosk stays idle) moves what is drawn: the
    # resting caret is on screen, steady, not blinked off.
    email.setCursorPosition(0)
    at_start = _image(email)
    email.setCursorPosition(len(email.text()))
    assert at_end == _image(email)
    assert at_start != at_end
    assert email.hasFocus()

    # The flash time is the application's: the next window (the desk's, a test's) blinks
    # as the platform says.
    kiosk_window.exit_allowed = True
    kiosk_window.close()
    assert hints.cursorFlashTime() == kiosk_window.kiosk.caret.flash_ms > 0
