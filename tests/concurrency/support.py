"""Helpers shared by the concurrency tests (parent side)."""

from __future__ import annotations

import multiprocessing.process
from collections.abc import Callable
from typing import Any

from care4u_desktop.services.ports import Store

WORKERS = 16

#: Gives a worker its handle on the shared store.
Connect = Callable[[], Store]

Outcome = tuple[str, str, str]


def run_all(processes: list[multiprocessing.process.BaseProcess], results: Any) -> list[Outcome]:
    """Start every process, collect one outcome from each, and never leave one behind."""
    for process in processes:
        process.start()
    try:
        outcomes = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(timeout=60)
            assert process.exitcode == 0
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    return outcomes
