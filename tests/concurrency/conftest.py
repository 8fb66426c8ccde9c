"""Ways for concurrent workers to reach one shared store.

``WORKER_STORES`` maps a name to a function that takes ``tmp_path`` and returns a
"connect" function; each worker thread calls it once to get its own handle on the same
underlying data (for a shared in-process object it may return the same instance). Add a
backend by adding an entry; the thread tests are parametrized over this dict.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from tests.concurrency.support import Connect
from tests.fakes import InMemoryStore


def _sqlite_per_worker(tmp_path: Path) -> Connect:
    """Like separate kiosks on one file: every worker opens its own store."""
    path = tmp_path / "care4u.sqlite3"
    SQLiteStore(path).open()
    return lambda: SQLiteStore(path)


def _sqlite_shared(tmp_path: Path) -> Connect:
    """Like one app's worker threads: one store object used from every thread."""
    store = SQLiteStore(tmp_path / "care4u.sqlite3")
    return lambda: store


def _memory_shared(tmp_path: Path) -> Connect:
    store = InMemoryStore()
    return lambda: store


WORKER_STORES: dict[str, Callable[[Path], Connect]] = {
    "sqlite-per-worker": _sqlite_per_worker,
    "sqlite-shared": _sqlite_shared,
    "memory": _memory_shared,
}


@pytest.fixture(params=list(WORKER_STORES))
def connect(request: pytest.FixtureRequest, tmp_path: Path) -> Connect:
    return WORKER_STORES[request.param](tmp_path)
