"""Fixtures of the window on ``--backend api``: a real ``care4u-server`` and the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server.support import RunningServer, enrol, running_server

from .support import open_window


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    """Over HTTPS with a private CA: the app verifies the certificate against it."""
    # A short shutdown grace: the windows still hold their kiosk connections when it stops.
    with running_server(tmp_path / "server", tls=True, args=("--shutdown-grace", "1")) as running:
        yield running


@pytest.fixture
def api_window(
    start_window: Callable[[list[str]], Any],
    server: RunningServer,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> Iterator[Any]:
    """A reception kiosk (not locked down) enrolled as a kiosk device."""
    yield open_window(start_window, monkeypatch, server, data_dir, enrol(server, "kiosk"))
