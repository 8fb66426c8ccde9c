"""The text caret blinks while someone is at the kiosk and rests, steady, once nobody is.

A blinking caret repaints its field twice a second, and with the style sheet's rounded,
see-through fields every blink repaints the window behind the field too: left alone at
its log-in screen, the kiosk spent most of its idle CPU on the caret (issue 14; measured
by ``benchmarks/uptime_bench.py``). GNOME does the same with its cursor-blink-timeout:
the caret blinks for a while after the last input, to catch the eye, then stays on. The
caret never disappears: a flash time of 0 is Qt's "do not blink", drawn steadily.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

#: How long the caret blinks after the last input (GNOME's cursor-blink-timeout is 10 s).
BLINK_FOR_MS = 10_000

#: The platform's flash time, read once before any caret rested: the setting is the
#: application's, so a second window built while another's caret rests would read 0.
_platform_flash_ms: int | None = None


def platform_flash_ms() -> int:
    """The flash time (a full on-off cycle, ms) the desktop gave the application."""
    global _platform_flash_ms
    if _platform_flash_ms is None:
        _platform_flash_ms = QGuiApplication.styleHints().cursorFlashTime()
    return _platform_flash_ms


class CaretRest(QObject):
    """Stops the application's caret blinking ``BLINK_FOR_MS`` after the last ``activity``;
    the next ``activity`` makes it blink again at the platform's own rate."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        hints = QGuiApplication.styleHints()
        self._hints = hints
        self.flash_ms = flash_ms = platform_flash_ms()
        self.resting = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(BLINK_FOR_MS)
        self.timer.timeout.connect(self.rest)
        # A window deleted without closing (a locked kiosk refuses to close) must not leave
        # every later window's caret steady. Not a method of this object: it is gone then.
        self.destroyed.connect(lambda: hints.setCursorFlashTime(flash_ms))

    def start(self) -> None:
        self.timer.start()

    def activity(self) -> None:
        """Input: blink again (if resting) and for another ``BLINK_FOR_MS``. Called for
        every input event (mouse moves too): a restarted timer, nothing else, unless the
        caret was resting."""
        if self.resting:
            self.resting = False
            self._hints.setCursorFlashTime(self.flash_ms)
        self.timer.start()

    def rest(self) -> None:
        if self.flash_ms > 0:
            self.resting = True
            self._hints.setCursorFlashTime(0)

    def stop(self) -> None:
        """The kiosk closes: the application's caret is left as the platform had it."""
        self.timer.stop()
        if self.resting:
            self.resting = False
            self._hints.setCursorFlashTime(self.flash_ms)
