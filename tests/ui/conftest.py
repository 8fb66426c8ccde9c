"""UI fixtures: display choices in a throwaway settings file, kiosk windows that can close."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def settings_dir(tmp_path: Path) -> Path:
    """Nothing a test chooses (text size, contrast) reaches the real user's settings."""
    path = tmp_path / "settings"
    path.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(path))
    return path


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write a config.toml for the next window built (``CARE4U_CONFIG`` points at it)."""

    def write(text: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("CARE4U_CONFIG", str(path))
        return path

    return write


@pytest.fixture
def kiosk_window(
    start_window: Callable[[list[str]], Any], data_dir: Path, config_file: Callable[[str], Path]
) -> Iterator[Any]:
    """A kiosk with short clocks: 1 s idle (once released), 2 s countdown, 2 s confirmation."""
    config_file("idle_seconds = 1\nidle_countdown_seconds = 2\nconfirmation_seconds = 2\n")
    win = start_window(["--kiosk", "--data-dir", str(data_dir)])
    # The idle clock is held while a test sets the scene (hashing a password takes a
    # while); tests let it run with ``release_the_clock``.
    win.kiosk.idle_timer.setInterval(600_000)
    win.kiosk.idle_timer.start()
    yield win
    win.exit_allowed = True  # let the test harness close it
    win.runner.forget_pending()
    win.runner.wait_for_done()
