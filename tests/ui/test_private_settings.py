"""The kiosk's display choices file is its OS user's alone, like the rest of its data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from care4u_desktop.ui.preferences import Preferences
from care4u_desktop.ui.theme import Look, TextSize

from .support import btn, click

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs")


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_the_settings_file_is_private_and_stays_so(qtbot, window, settings_dir) -> None:
    previous = os.umask(0o022)
    try:
        click(qtbot, btn(window.login, "textSizeExtraLarge"))  # remembered at once
        (ini,) = Path(settings_dir).rglob("*.ini")
        assert (mode(ini), mode(ini.parent)) == ("0o600", "0o700")

        ini.chmod(0o644)  # as an older release wrote it
        Preferences().remember(Look(TextSize.NORMAL, high_contrast=True))
        assert mode(ini) == "0o600"
        assert Preferences().look() == Look(TextSize.NORMAL, high_contrast=True)
    finally:
        os.umask(previous)
