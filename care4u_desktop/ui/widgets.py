"""Small building blocks the views share: labelled fields, banners, kiosk buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


def button(text: str, name: str, role: str = "primary") -> QPushButton:
    """``role`` picks the look in theme.qss: primary, secondary or slot."""
    btn = QPushButton(text)
    btn.setObjectName(name)
    btn.setProperty("role", role)
    btn.setAccessibleName(text)
    btn.setCursor(Qt.CursorShape.PointingHandCursor)
    btn.setAutoDefault(False)
    return btn


def label(text: str = "", kind: str = "body", name: str | None = None) -> QLabel:
    """``kind`` picks the look in theme.qss: title, subtitle, body, hint, field-error."""
    lbl = QLabel(text)
    lbl.setProperty("kind", kind)
    lbl.setWordWrap(True)
    if name:
        lbl.setObjectName(name)
    return lbl


class Banner(QLabel):
    """A message across the top of a view: ``error``, ``info`` or ``success``."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setProperty("kind", "banner")
        self.setAccessibleName("Message")
        self.hide()

    def show_message(self, text: str, tone: str = "error") -> None:
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


class Field(QWidget):
    """A label, an input and the error message that belongs to it, stacked."""

    def __init__(
        self, caption: str, name: str, *, password: bool = False, placeholder: str = ""
    ) -> None:
        super().__init__()
        self.caption = label(caption, "field-label")
        self.input = QLineEdit()
        self.input.setObjectName(name)
        self.input.setAccessibleName(caption)
        self.input.setPlaceholderText(placeholder)
        if password:
            self.input.setEchoMode(QLineEdit.EchoMode.Password)
        self.caption.setBuddy(self.input)
        base = name.removesuffix("Input")
        self.error = label("", "field-error", f"{base}Error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.caption)
        layout.addWidget(self.input)
        layout.addWidget(self.error)
        self.input.textEdited.connect(self.clear_error)

    def text(self) -> str:
        return self.input.text()

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.input.setProperty("invalid", True)
        self._repolish()
        self.input.setAccessibleDescription(message)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()
        self.input.setProperty("invalid", False)
        self._repolish()
        self.input.setAccessibleDescription("")

    def reset(self) -> None:
        self.input.clear()
        self.clear_error()

    def _repolish(self) -> None:
        self.input.style().unpolish(self.input)
        self.input.style().polish(self.input)


def centered(content: QWidget, max_width: int = 720) -> QWidget:
    """Hold ``content`` in the middle of a wide kiosk screen at a readable width."""
    content.setMaximumWidth(max_width)
    content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.addStretch(1)
    row.addWidget(content, 100)
    row.addStretch(1)
    return holder
