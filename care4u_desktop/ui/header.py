"""The window's header: the hospital's name, who is logged in, and a kiosk's way out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from .widgets import button, label


@dataclass(frozen=True)
class Header:
    #: A plain QWidget, not a subclass: the style sheet paints a QWidget's background only.
    widget: QWidget
    user_label: QLabel
    #: For staff: small, in the corner, shown only on a kiosk's log-in screen.
    staff_button: QPushButton


def build_header(hospital_name: str) -> Header:
    widget = QWidget()
    widget.setObjectName("header")
    row = QHBoxLayout(widget)
    # Thin: on a short screen with the largest text every line counts (tests/ui/test_layout_fit.py).
    row.setContentsMargins(40, 6, 40, 6)
    row.addWidget(label(hospital_name, "brand"), 1)
    user_label = label("", "header-user", "currentUser")
    row.addWidget(user_label)
    staff_button = button("staffExitButton", "secondary")
    staff_button.setVisible(False)
    row.addWidget(staff_button)
    return Header(widget, user_label, staff_button)
