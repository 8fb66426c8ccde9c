"""What each spawned process runs. A module of its own so ``spawn`` can import it cheaply.

Every worker reports exactly one ``(who, outcome, detail)`` tuple on the queue, whatever
happens, and aborts the barriers if it cannot reach them, so the parent never hangs.
"""

from __future__ import annotations

import threading
import traceback
from datetime import date
from pathlib import Path
from typing import Any

from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import (
    AccountLocked,
    EmailAlreadyRegistered,
    InvalidCredentials,
    SlotTaken,
)
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.notifications import NotificationService
from tests.fakes import MONDAY_1030, CountingHasher, FakeNotifier, FastHasher, fixed_clock
from tests.wiring import booking_service

BARRIER_TIMEOUT_S = 60.0


def book_same_slot(
    db_path: str,
    user_id: str,
    doctor_id: str,
    day: str,
    hhmm: str,
    ready: Any,
    results: Any,
) -> None:
    """Open a store, wait for the others, book the slot."""
    try:
        store = SQLiteStore(Path(db_path))
        clock = fixed_clock(MONDAY_1030)
        booking = booking_service(store, NotificationService(store, FakeNotifier(), clock), clock)
        patient = store.get_user(user_id)
        assert patient is not None, f"patient {user_id} missing"
        ready.wait(BARRIER_TIMEOUT_S)
        try:
            appointment = booking.book(patient, doctor_id, date.fromisoformat(day), hhmm)
        except SlotTaken:
            results.put((user_id, "SlotTaken", ""))
        else:
            results.put((user_id, "won", appointment.appointment_id))
    except BaseException:
        ready.abort()
        results.put((user_id, "error", traceback.format_exc()))


def sign_up_same_email(
    db_path: str, who: str, name: str, email: str, opened: Any, ready: Any, results: Any
) -> None:
    """Open the (new) file together with the others, then sign up together."""
    try:
        opened.wait(BARRIER_TIMEOUT_S)
        store = SQLiteStore(Path(db_path))
        accounts = AccountService(store, FakeNotifier(), FastHasher(), fixed_clock(MONDAY_1030))
        ready.wait(BARRIER_TIMEOUT_S)
        try:
            result = accounts.sign_up(name, email, "5551234567", "password1", None)
        except EmailAlreadyRegistered:
            results.put((who, "EmailAlreadyRegistered", ""))
        else:
            results.put((who, "won", result.session.user.user_id))
    except BaseException:
        opened.abort()
        ready.abort()
        results.put((who, "error", traceback.format_exc()))


def guess_passwords(
    db_path: str, who: str, email: str, guesses: int, ready: Any, results: Any
) -> None:
    """Open the shared file, wait for the other processes, then guess ``guesses`` wrong
    passwords at once from as many threads. Reports ``"<checks> <outcome> <outcome> ..."``."""
    try:
        hasher = CountingHasher()
        accounts = AccountService(
            SQLiteStore(Path(db_path)), FakeNotifier(), hasher, fixed_clock(MONDAY_1030)
        )
        accounts.find_by_email(email)  # the file is open before the race starts
        together = threading.Barrier(guesses, timeout=BARRIER_TIMEOUT_S)
        outcomes: list[str] = []

        def guess(n: int) -> None:
            together.wait()
            try:
                accounts.log_in(email, f"guess {who}-{n}")
                outcomes.append("logged-in")
            except (InvalidCredentials, AccountLocked) as refused:
                outcomes.append(type(refused).__name__)

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
        ready.wait(BARRIER_TIMEOUT_S)
        for t in threads:
            t.start()
        for t in threads:
            t.join(BARRIER_TIMEOUT_S)
        results.put((who, "done", " ".join([str(hasher.checks), *outcomes])))
    except BaseException:
        ready.abort()
        results.put((who, "error", traceback.format_exc()))


def claim_requests(
    db_path: str, who: str, claims: int, limit: int, ready: Any, results: Any
) -> None:
    """Open the shared file, wait for the other processes, then claim ``claims`` requests of
    one key and window at once from as many threads. Reports the granted count."""
    try:
        store = SQLiteStore(Path(db_path))
        store.open()
        together = threading.Barrier(claims, timeout=BARRIER_TIMEOUT_S)
        granted: list[bool] = []

        def claim() -> None:
            together.wait()
            granted.append(store.claim_request("device:lobby", 6_000, 60, limit))

        threads = [threading.Thread(target=claim) for _ in range(claims)]
        ready.wait(BARRIER_TIMEOUT_S)
        for t in threads:
            t.start()
        for t in threads:
            t.join(BARRIER_TIMEOUT_S)
        results.put((who, "done", str(sum(granted))))
    except BaseException:
        ready.abort()
        results.put((who, "error", traceback.format_exc()))
