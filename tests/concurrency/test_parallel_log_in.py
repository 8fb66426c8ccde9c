"""50 wrong passwords for one account at the same moment: at most 5 are checked.

The attack: fire many log-ins at once, so that each reads "0 failures so far" before any
of them writes, and every guess is checked. The store's atomic claim of an attempt,
taken before the password is checked, must let at most ``MAX_FAILED_LOGINS`` through.
``CountingHasher`` counts the checks (it wraps a real hasher; the store is the real one).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import AccountLocked, InvalidCredentials
from care4u_desktop.domain.rules import MAX_FAILED_LOGINS
from care4u_desktop.services.accounts import AccountService
from tests.concurrency import workers
from tests.concurrency.support import Connect, run_all
from tests.fakes import CountingHasher, FakeNotifier, FixedClock

ATTEMPTS = 50
EMAIL = "rita@example.com"
PASSWORD = "correct horse 1"


def wrong_password_outcome(accounts: AccountService, n: int) -> str:
    try:
        accounts.log_in(EMAIL, f"guess number {n}")
    except (InvalidCredentials, AccountLocked) as refused:
        return type(refused).__name__
    return "logged in"


def fire_together(count: int, attempt: Callable[[int], str]) -> Counter[str]:
    ready = threading.Barrier(count, timeout=60)

    def run(n: int) -> str:
        ready.wait()
        return attempt(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return Counter(pool.map(run, range(count)))


#: What the 50 answers must be: 4 wrong passwords, the 5th locks, 45 refused unchecked.
EXPECTED = Counter({"InvalidCredentials": MAX_FAILED_LOGINS - 1, "AccountLocked": 46})


def test_50_threads_guessing_at_once_get_at_most_5_checks(connect: Connect) -> None:
    clock, hasher = FixedClock(), CountingHasher()
    AccountService(connect(), FakeNotifier(), hasher, clock).sign_up(
        "Rita Moreno", EMAIL, "555 010 2030", PASSWORD, PASSWORD
    )
    kiosks = [AccountService(connect(), FakeNotifier(), hasher, clock) for _ in range(ATTEMPTS)]

    outcomes = fire_together(ATTEMPTS, lambda n: wrong_password_outcome(kiosks[n], n))

    print(f"\n{ATTEMPTS} parallel wrong passwords: {hasher.checks} checked; {dict(outcomes)}")
    assert hasher.checks <= MAX_FAILED_LOGINS
    assert outcomes == EXPECTED
    # And the account is locked now: even the right password waits.
    with pytest.raises(AccountLocked):
        kiosks[0].log_in(EMAIL, PASSWORD)


@pytest.mark.slow
def test_50_guesses_from_10_processes_on_one_file_get_at_most_5_checks(tmp_path: Path) -> None:
    """Ten kiosks on one shared SQLite file, five guesses each, all at once."""
    path = tmp_path / "care4u.sqlite3"
    AccountService(SQLiteStore(path), FakeNotifier(), CountingHasher(), FixedClock()).sign_up(
        "Rita Moreno", EMAIL, "555 010 2030", PASSWORD, PASSWORD
    )
    processes_count, per_process = 10, ATTEMPTS // 10
    ctx = multiprocessing.get_context("spawn")
    ready, results = ctx.Barrier(processes_count), ctx.Queue()
    processes = [
        ctx.Process(
            target=workers.guess_passwords,
            args=(str(path), str(n), EMAIL, per_process, ready, results),
        )
        for n in range(processes_count)
    ]

    reports = run_all(processes, results)

    assert all(outcome == "done" for _, outcome, _ in reports), reports
    checks = sum(int(detail.split(" ")[0]) for _, _, detail in reports)
    outcomes: Counter[str] = Counter()
    for _, _, detail in reports:
        outcomes.update(detail.split(" ")[1:])
    print(f"\n{ATTEMPTS} guesses from {processes_count} processes: {checks} checked; {outcomes}")
    assert checks <= MAX_FAILED_LOGINS
    assert outcomes == EXPECTED
