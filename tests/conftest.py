"""Fixtures shared by the Qt tests: the real app on a throwaway SQLite file, offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A developer's own config file must not leak into tests.
os.environ["CARE4U_CONFIG"] = os.devnull

import pytest


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def window(qtbot, data_dir: Path) -> Iterator[object]:
    from care4u_desktop.app import build_main_window

    win = build_main_window(["--data-dir", str(data_dir)])
    qtbot.addWidget(win)
    yield win
    win.runner.forget_pending()
    win.runner.wait_for_done()
