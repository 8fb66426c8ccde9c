"""Work that waits for a screen's first paint: the screen comes first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Calls ``then`` once, just after ``widget``'s first paint (or after ``FALLBACK_MS``
    if nothing paints it, e.g. a window started minimised)."""

    FALLBACK_MS = 1_000

    def __init__(self, widget: QWidget, then: Callable[[], None], *, fallback: bool = True) -> None:
        """``fallback=False``: only a real paint calls ``then`` (a log line saying so)."""
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        if fallback:
            # With ``self`` as context: no call once the widget (and this filter) is gone.
            QTimer.singleShot(self.FALLBACK_MS, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._call)  # once this paint event is over
        return False

    def _call(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._widget.removeEventFilter(self)
            self.deleteLater()
            then()
