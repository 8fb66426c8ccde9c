"""16 people sign up with one email address at the same moment: exactly one account."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from care4u_desktop.adapters import sqlite_schema
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import EmailAlreadyRegistered
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.ports import Store
from tests.concurrency import workers
from tests.concurrency.support import WORKERS, Connect, Outcome, run_all
from tests.fakes import FakeNotifier, FastHasher, FixedClock

EMAIL = "ada@example.com"


def typed_email(n: int) -> str:
    """The same address as different people type it: case and stray spaces vary."""
    variants = [EMAIL, " Ada@Example.com", "ADA@EXAMPLE.COM ", "ada@Example.COM"]
    return variants[n % len(variants)]


def patient_name(n: int) -> str:
    return f"Patient {chr(ord('A') + n)}"  # names are letters only


def assert_one_account(store: Store, outcomes: list[Outcome]) -> None:
    counts = Counter(outcome for _, outcome, _ in outcomes)
    assert counts == {"won": 1, "EmailAlreadyRegistered": WORKERS - 1}, [
        o for o in outcomes if o[1] == "error"
    ]
    (_, _, user_id) = next(o for o in outcomes if o[1] == "won")
    user = store.find_user_by_email(EMAIL)
    assert user is not None and user.user_id == user_id


def test_threads_sign_up_one_email_one_wins(connect: Connect) -> None:
    notifier, clock = FakeNotifier(), FixedClock()
    ready = threading.Barrier(WORKERS, timeout=30)

    def attempt(n: int) -> Outcome:
        accounts = AccountService(connect(), notifier, FastHasher(), clock)
        ready.wait()
        try:
            result = accounts.sign_up(patient_name(n), typed_email(n), "5551234567", "password1")
        except EmailAlreadyRegistered:
            return (str(n), "EmailAlreadyRegistered", "")
        return (str(n), "won", result.session.user.user_id)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(attempt, range(WORKERS)))

    assert_one_account(connect(), outcomes)
    assert notifier.subscribed == [EMAIL]


@pytest.mark.slow
def test_processes_on_a_new_file_sign_up_one_email_one_wins(tmp_path: Path) -> None:
    """The file does not exist yet: the 16 processes also create and migrate it together."""
    path = tmp_path / "care4u.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    opened, ready, results = ctx.Barrier(WORKERS), ctx.Barrier(WORKERS), ctx.Queue()
    processes = [
        ctx.Process(
            target=workers.sign_up_same_email,
            args=(str(path), str(n), patient_name(n), typed_email(n), opened, ready, results),
        )
        for n in range(WORKERS)
    ]

    outcomes = run_all(processes, results)

    assert_one_account(SQLiteStore(path), outcomes)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (1,)
        assert conn.execute("PRAGMA user_version").fetchone() == (sqlite_schema.SCHEMA_VERSION,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()
