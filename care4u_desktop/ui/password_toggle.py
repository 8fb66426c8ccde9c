"""The "Show password" button beside a password field.

A real push button (a Tab stop, Enter and Space press it, 48 px or more) whose name says
what pressing it does: "Show password", then "Hide password". The password is hidden again
whenever its field is reset (a log-in, a log-out, the kiosk's idle wipe), so the next
person never starts with it shown. Shown, it still goes nowhere else: no text can be
selected in it, so none is copied to the clipboard or to X11's selection; its words are
never part of a name, a description or a log line.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QPushButton


class PasswordToggle(QObject):
    def __init__(self, edit: QLineEdit, toggle: QPushButton) -> None:
        super().__init__(toggle)
        self.edit = edit
        self.button = toggle
        toggle.clicked.connect(self.flip)
        edit.selectionChanged.connect(self._no_selection)
        self.retranslate()

    @property
    def shown(self) -> bool:
        return self.edit.echoMode() == QLineEdit.EchoMode.Normal

    def flip(self) -> None:
        self.set_shown(not self.shown)

    def set_shown(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        if self.edit.echoMode() != mode:
            self.edit.deselect()
            self.edit.setEchoMode(mode)
        self.retranslate()

    def hide_password(self) -> None:
        self.set_shown(False)

    def _no_selection(self) -> None:
        # A password field (hidden) copies nothing; shown, it would: keep nothing selected.
        if self.shown and self.edit.hasSelectedText():
            self.edit.deselect()

    def retranslate(self) -> None:
        if self.shown:
            text, name = self.tr("Hide"), self.tr("Hide password")
            description = self.tr("Hide the password again")
        else:
            text, name = self.tr("Show"), self.tr("Show password")
            description = self.tr("Show the password as typed, to check it")
        self.button.setText(text)
        self.button.setAccessibleName(name)
        self.button.setAccessibleDescription(description)
        self.button.setToolTip(name)
