"""A kiosk left alone at its log-in screen stops repainting: its caret rests, steady.

Weeks of uptime (issue 14): the blinking caret was most of an idle kiosk's CPU (each blink
repaints the field and the window behind it; ``benchmarks/uptime_bench.py`` measures the
CPU against the floor program). These tests wait the caret's real time (a few seconds).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QLineEdit

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
    qtbot.wait(WATCH_MS)
    assert counter.paints == 0, f"an idle kiosk repainted its caret {counter.paints} times"

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
