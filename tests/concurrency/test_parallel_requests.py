"""The server's rate limit under a burst: 32 requests of one device at once, limit 10.

The attack: a kiosk (or a script holding its token) fires many requests at the same
moment, so that each reads "9 so far" before any writes and all get through. The store's
count must be one atomic check-and-add, across threads and across processes (several
care4u-server workers on one SQLite file): exactly the limit is granted.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from tests.concurrency import workers
from tests.concurrency.support import Connect, run_all

LIMIT = 10


def test_32_threads_claiming_at_once_get_exactly_the_limit(connect: Connect) -> None:
    stores = [connect() for _ in range(32)]
    ready = threading.Barrier(32, timeout=60)

    def claim(n: int) -> bool:
        ready.wait()
        return stores[n].claim_request("device:lobby", 6_000, 60, LIMIT)

    with ThreadPoolExecutor(max_workers=32) as pool:
        granted = Counter(pool.map(claim, range(32)))

    assert granted == Counter({True: LIMIT, False: 32 - LIMIT})


@pytest.mark.slow
def test_32_claims_from_8_processes_on_one_file_get_exactly_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "care4u.sqlite3"
    SQLiteStore(path).open()
    processes_count, per_process = 8, 4
    ctx = multiprocessing.get_context("spawn")
    ready, results = ctx.Barrier(processes_count), ctx.Queue()
    processes = [
        ctx.Process(
            target=workers.claim_requests,
            args=(str(path), str(n), per_process, LIMIT, ready, results),
        )
        for n in range(processes_count)
    ]

    reports = run_all(processes, results)

    assert all(outcome == "done" for _, outcome, _ in reports), reports
    granted = sum(int(detail) for _, _, detail in reports)
    print(f"\n32 claims from {processes_count} processes, limit {LIMIT}: {granted} granted")
    assert granted == LIMIT
    assert SQLiteStore(path).claim_request("device:lobby", 6_000, 60, LIMIT) is False
