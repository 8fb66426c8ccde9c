"""The "Are you still there?" question over the whole window, not a separate OS dialog.

It covers and disables everything under it (mouse and keyboard), counts down, and offers
one big "I'm still here" button; "Log out now" is the quiet alternative.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ..widgets import button, describe, label
from .base import card


class IdlePrompt(QWidget):
    still_here = Signal()
    log_out_now = Signal()

    def __init__(self, parent: QWidget, covered: QWidget) -> None:
        """``covered``: what the question covers and disables while it is open."""
        super().__init__(parent)
        self.setObjectName("idlePrompt")
        self._host = parent
        self._covered = covered
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._seconds = 0
        frame, box = card()
        frame.setProperty("kind", "dialog")
        frame.setMaximumWidth(900)
        self.title = label("", "title", "idleTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label("", "subtitle", "idleMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = label("", "countdown", "idleCountdown")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still_here_button = button("stillHereButton")
        self.still_here_button.setMinimumHeight(96)
        self.log_out_button = button("idleLogoutButton", "secondary")
        for widget in (self.title, self.message, self.count):
            box.addWidget(widget)
        box.addSpacing(12)
        box.addWidget(self.still_here_button)
        box.addWidget(self.log_out_button)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(frame, 8)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

        self.still_here_button.clicked.connect(self.still_here)
        self.log_out_button.clicked.connect(self.log_out_now)
        parent.installEventFilter(self)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        describe(
            self.still_here_button,
            self.tr("I'm still here"),
            self.tr("Keep going where you were"),
        )
        describe(
            self.log_out_button,
            self.tr("Log out now"),
            self.tr("Log out and clear the screen for the next person"),
        )
        self._show_seconds()

    def _show_seconds(self) -> None:
        self.message.setText(
            self.tr(
                "For your privacy, you will be logged out in %n second(s) "
                "and everything on the screen will be cleared.",
                "",
                self._seconds,
            )
        )
        self.count.setText(str(self._seconds))
        self.count.setAccessibleName(self.message.text())

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self._show_seconds()

    def open(self, seconds: int) -> None:
        self.set_seconds(seconds)
        self.setGeometry(self._host.rect())
        self._covered.setEnabled(False)  # nothing under the question takes input
        self.show()
        self.raise_()
        self.still_here_button.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        self._covered.setEnabled(True)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Keep covering the whole window when it is resized.
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._host.rect())
        return False
