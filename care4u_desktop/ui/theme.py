"""The look: one QSS file in resources/ and a base font large enough to read standing."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..resources import resource_path

BASE_POINT_SIZE = 16


def apply_theme(app: QApplication) -> None:
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(resource_path("theme.qss").read_text(encoding="utf-8"))
