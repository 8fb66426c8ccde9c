"""Fixtures shared by the Qt tests: the real app on a throwaway SQLite file, offscreen."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A developer's own config file must not leak into tests.
os.environ["CARE4U_CONFIG"] = os.devnull
os.environ["CARE4U_MACHINE_CONFIG"] = os.devnull  # nor this machine's (/etc/care4u/...)
# Nor may a test's start (the smoke test in a child process) write to the real log folder.
os.environ["CARE4U_LOG_DIR"] = tempfile.mkdtemp(prefix="care4u-test-logs-")
# Before any Qt import too: libcups (Qt's print support) reads CUPS_SERVER once per thread.
# Every test talks to the private scheduler the printing tests start, never to a real printer.
from tests.ui.cups_support import PRIVATE_CUPS_SOCKET

os.environ["CUPS_SERVER"] = PRIVATE_CUPS_SOCKET

import logging
import sys

import pytest

from care4u_desktop.logs import WIRE_LOGGERS


@pytest.fixture(autouse=True)
def clipboard_emptied() -> Iterator[None]:
    """What a test leaves on the clipboard must not reach the next test's window.

    The clipboard belongs to the application, which outlives every test. A kiosk counts
    text on it as a patient's (``MainWindow.has_patient_state``), so text left by an
    earlier test made the next kiosk ask "Are you still there?" over its log-in screen
    whenever its start-up check took longer than its 1 s idle clock (under load), and
    the test found the log-in button disabled under the question.
    """
    yield
    if "PySide6.QtGui" not in sys.modules:
        return  # no Qt in this test, nor in any before it: nothing was copied
    from PySide6.QtGui import QClipboard, QGuiApplication

    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        clipboard.clear(QClipboard.Mode.FindBuffer)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def start_window(qtbot) -> Iterator[Callable[[list[str]], Any]]:
    """Build the app as the executable does, and wait for its start-up store check, so a
    test's own wait for ``runner.task_finished`` is not met by that check."""
    from care4u_desktop.app import build_main_window

    def start(argv: list[str]) -> Any:
        win = build_main_window(argv)
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.runner.task_finished, timeout=10_000):
            pass  # connected before the loop runs: the check's result cannot slip past
        return win

    yield start
    # Translators are application-wide: a window left in Spanish must not hand its language
    # to the next test (a slip drawn without a window would come out in Spanish).
    from care4u_desktop.ui.i18n import SOURCE_LANGUAGE, Translations

    Translations().switch(SOURCE_LANGUAGE)


@pytest.fixture
def window(start_window, data_dir: Path) -> Iterator[object]:
    win = start_window(["--data-dir", str(data_dir)])
    yield win
    win.runner.forget_pending()
    win.runner.wait_for_done()


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """``logs.configure`` (and ``app.start_logging``) replace the root logger's handlers;
    put pytest's back after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    wire = {name: logging.getLogger(name).level for name in WIRE_LOGGERS}
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in saved[0]:
                handler.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, level in wire.items():
            logging.getLogger(name).setLevel(level)
