"""An unknown email and a wrong password: the same words and the same time, locked or not.

Otherwise the log-in screen tells anyone which emails have an account: by its message, or
by answering an unknown email at once while a real one waits for its hash check. Real
scrypt (``WerkzeugHasher``) on a real SQLite file; medians of 30 answers each. The
assertion allows 0.5x to 2x, which a difference of one hash check (scrypt against
nothing: a hundredfold) can never hide in, and a busy machine cannot fake.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from care4u_desktop.adapters.passwords import WerkzeugHasher
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import AccountLocked, DomainError, InvalidCredentials
from care4u_desktop.domain.rules import MAX_FAILED_LOGINS
from care4u_desktop.services.accounts import AccountService
from tests.fakes import FakeNotifier, FixedClock

pytestmark = pytest.mark.slow

ROUNDS = 30
KNOWN = "rita@example.com"
PASSWORD = "correct horse 1"

Answer = tuple[float, type[DomainError], str]


def answer(attempt: Callable[[], object]) -> Answer:
    """How long the log-in took to refuse, and what it said."""
    start = time.perf_counter()
    try:
        attempt()
    except (InvalidCredentials, AccountLocked) as refused:
        return time.perf_counter() - start, type(refused), refused.message
    raise AssertionError("the log-in was accepted")


def compare(label: str, wrong: list[Answer], unknown: list[Answer]) -> float:
    """Print the medians and return their ratio (unknown / wrong)."""
    wrong_s = statistics.median(t for t, _, _ in wrong)
    unknown_s = statistics.median(t for t, _, _ in unknown)
    ratio = unknown_s / wrong_s
    print(
        f"\n{label}: median of {ROUNDS} wrong-password answers {wrong_s * 1000:.1f} ms,"
        f" unknown-email answers {unknown_s * 1000:.1f} ms (ratio {ratio:.2f})"
    )
    return ratio


def words(answers: list[Answer]) -> set[tuple[type[DomainError], str]]:
    return {(kind, message) for _, kind, message in answers}


def test_unknown_email_and_wrong_password_read_and_take_the_same(tmp_path: Path) -> None:
    clock = FixedClock()
    accounts = AccountService(
        SQLiteStore(tmp_path / "care4u.sqlite3"), FakeNotifier(), WerkzeugHasher(), clock
    )
    accounts.sign_up("Rita Moreno", KNOWN, "555 010 2030", PASSWORD, PASSWORD)
    accounts.log_in(KNOWN, PASSWORD)  # werkzeug imported, the file open: nothing to warm

    # Before the lock: each unknown email is a fresh one; the known account is let in
    # (untimed) before its failures reach the lock.
    wrong: list[Answer] = []
    unknown: list[Answer] = []
    for n in range(ROUNDS):
        if n % (MAX_FAILED_LOGINS - 1) == 0:
            accounts.log_in(KNOWN, PASSWORD)
        wrong.append(answer(lambda: accounts.log_in(KNOWN, "not my password")))
        unknown.append(answer(lambda n=n: accounts.log_in(f"nobody{n}@example.com", PASSWORD)))
    assert 0.5 <= compare("before the lock", wrong, unknown) <= 2.0
    assert words(wrong) == words(unknown) == {(InvalidCredentials, InvalidCredentials().message)}

    # After the lock: the known account and one unknown email, both tried too often.
    for _ in range(MAX_FAILED_LOGINS):
        answer(lambda: accounts.log_in(KNOWN, "not my password"))
        answer(lambda: accounts.log_in("nobody@example.com", PASSWORD))
    wrong = [answer(lambda: accounts.log_in(KNOWN, "not my password")) for _ in range(ROUNDS)]
    unknown = [
        answer(lambda: accounts.log_in("nobody@example.com", PASSWORD)) for _ in range(ROUNDS)
    ]
    assert 0.5 <= compare("after the lock", wrong, unknown) <= 2.0
    assert words(wrong) == words(unknown) == {(AccountLocked, AccountLocked().message)}
