"""Display choices remembered per machine: text size and high contrast (QSettings).

Settings are an INI file in the user scope of organisation ``Care4U`` (a kiosk runs
under one account, so that is the machine's setting). Tests point
``QSettings.setPath(IniFormat, UserScope, ...)`` at a temporary directory.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ..private_files import tighten
from .theme import Look, TextSize

ORGANIZATION = "Care4U"
APPLICATION = "Care4U Desktop"
TEXT_SIZE_KEY = "display/text_size"
HIGH_CONTRAST_KEY = "display/high_contrast"


def open_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


class Preferences:
    """Reads and writes the machine's display choices."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or open_settings()

    def look(self) -> Look:
        raw_size = str(self._settings.value(TEXT_SIZE_KEY, TextSize.NORMAL.value))
        try:
            size = TextSize(raw_size)
        except ValueError:
            size = TextSize.NORMAL  # a hand-edited or older file: fall back quietly
        contrast = self._settings.value(HIGH_CONTRAST_KEY, False)
        high = contrast is True or str(contrast).lower() in ("true", "1", "yes")
        return Look(size, high)

    def remember(self, look: Look) -> None:
        self._settings.setValue(TEXT_SIZE_KEY, look.text_size.value)
        self._settings.setValue(HIGH_CONTRAST_KEY, look.high_contrast)
        self._settings.sync()
        # Qt writes the file with the umask's mode (usually 0644). It holds no patient's
        # data, but like every file the kiosk writes it is for its OS user alone.
        path = Path(self._settings.fileName())
        tighten(path.parent)
        tighten(path)
