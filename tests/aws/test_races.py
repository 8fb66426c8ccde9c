"""Many kiosks at once, over HTTP to a moto server: one slot, one winner; one email, one account.

Each client is its own boto3 client and store, as separate kiosks would be. moto may
answer a request with HTTP 500 under concurrency; boto3's standard retries absorb those
as they would a real 500, ``RetryCounter`` counts them, and the assertions stay exact.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from care4u_desktop.adapters import dynamodb_items as items
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.domain.errors import (
    AccountLocked,
    EmailAlreadyRegistered,
    PatientAlreadyBooked,
)
from care4u_desktop.domain.rules import MAX_FAILED_LOGINS
from care4u_desktop.services.accounts import AccountService
from tests.aws.support import AwsWorld, RetryCounter
from tests.fakes import (
    CountingHasher,
    FakeNotifier,
    FastHasher,
    FixedClock,
    make_appointment,
    make_doctor,
    make_notification,
    make_user,
)

pytestmark = pytest.mark.slow

BOOKERS = 32
SIGNUPS = 16
GUESSES = 50
DAY, TIME = "2030-01-08", "09:00"


def _race(count: int, attempt: Callable[[int], object]) -> list[object]:
    """Run ``attempt(i)`` in ``count`` threads released together; each outcome or error."""
    barrier = threading.Barrier(count)
    outcomes: list[object] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = attempt(i)
        except Exception as exc:  # every outcome is inspected below
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def _kiosks(world: AwsWorld, count: int, counter: RetryCounter) -> list[DynamoDBStore]:
    # Clients are made here, one per kiosk; a boto3 session must not be shared while
    # it creates clients, a client may be used from its thread.
    stores = [world.new_store(max_attempts=10) for _ in range(count)]
    for store in stores:
        counter.attach(store._db)
    return stores


def _kinds(outcomes: list[object]) -> Counter[str]:
    return Counter("won" if o is True else type(o).__name__ for o in outcomes)


def _raw_items(world: AwsWorld, table: str) -> list[dict[str, Any]]:
    db = world.store._db
    found: list[dict[str, Any]] = []
    for page in db.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        found += [items.from_wire(i) for i in page["Items"]]
    return found


def test_32_kiosks_book_one_slot_exactly_one_wins(server_world: AwsWorld) -> None:
    world = server_world
    doctor = make_doctor("doc-001")
    world.store.put_doctor(doctor)
    patients = [make_user(f"p{i}@example.com") for i in range(BOOKERS)]
    for p in patients:
        world.store.add_user(p)
    wanted = [make_appointment(p, doctor, DAY, TIME) for p in patients]
    counter = RetryCounter()
    kiosks = _kiosks(world, BOOKERS, counter)

    def attempt(i: int) -> bool:
        # What a kiosk does: look at the free times, then book the one it saw free.
        kiosks[i].booked_times(doctor.doctor_id, DAY)
        kiosks[i].book(wanted[i], make_notification(wanted[i], patients[i].email))
        return True

    outcomes = _race(BOOKERS, attempt)

    print(f"\n32-kiosk slot race: {_kinds(outcomes)}; HTTP 5xx retried: {counter.server_errors}")
    assert _kinds(outcomes) == {"won": 1, "SlotTaken": BOOKERS - 1}
    winner = wanted[outcomes.index(True)]
    # And the stored state agrees with the answers.
    assert world.store.booked_times(doctor.doctor_id, DAY) == {TIME}
    assert world.store.appointments_for_doctor_day(doctor.doctor_id, DAY) == [winner]
    stored = [
        a
        for a in _raw_items(world, world.store.tables.appointments)
        if items.is_appointment_item(a)
    ]
    assert [a["appointment_id"] for a in stored] == [winner.appointment_id]
    slot = items.slot_guard_key(doctor.doctor_id, DAY, TIME)
    guards = {
        g["appointment_id"]: g[items.GUARD_OWNER]
        for g in _raw_items(world, world.store.tables.appointments)
        if items.is_guard_key(str(g["appointment_id"]))
    }
    assert guards[slot] == winner.appointment_id
    assert len(guards) == 2  # the slot and the winner's own time; nothing left by losers
    assert [n.appointment_id for n in world.store.pending_notifications()] == [
        winner.appointment_id
    ]


def test_one_patient_books_one_time_at_16_doctors_exactly_one_wins(
    server_world: AwsWorld,
) -> None:
    world = server_world
    patient = make_user("ada@example.com")
    world.store.add_user(patient)
    doctors = [make_doctor(f"doc-{i:03d}") for i in range(SIGNUPS)]
    for d in doctors:
        world.store.put_doctor(d)
    wanted = [make_appointment(patient, d, DAY, TIME) for d in doctors]
    counter = RetryCounter()
    kiosks = _kiosks(world, SIGNUPS, counter)

    def attempt(i: int) -> bool:
        kiosks[i].book(wanted[i], make_notification(wanted[i], patient.email))
        return True

    outcomes = _race(SIGNUPS, attempt)

    print(f"\npatient-time race: {_kinds(outcomes)}; HTTP 5xx retried: {counter.server_errors}")
    assert _kinds(outcomes) == {"won": 1, "PatientAlreadyBooked": SIGNUPS - 1}
    winner = wanted[outcomes.index(True)]
    assert world.store.appointments_for_user(patient.user_id) == [winner]
    assert isinstance(outcomes[(outcomes.index(True) + 1) % SIGNUPS], PatientAlreadyBooked)


def test_16_sign_ups_with_one_email_exactly_one_account(server_world: AwsWorld) -> None:
    world = server_world
    counter = RetryCounter()
    kiosks = _kiosks(world, SIGNUPS, counter)
    services = [AccountService(k, FakeNotifier(), FastHasher(), FixedClock()) for k in kiosks]

    def attempt(i: int) -> bool:
        # The same address, typed differently at each kiosk.
        email = "  Grace.Hopper@Example.com " if i % 2 else "grace.hopper@example.com"
        services[i].sign_up(
            f"Grace Hopper {'ABCDEFGHIJKLMNOP'[i]}", email, "555 123 4567", "long-password-1"
        )
        return True

    outcomes = _race(SIGNUPS, attempt)

    print(f"\nsign-up race: {_kinds(outcomes)}; HTTP 5xx retried: {counter.server_errors}")
    assert _kinds(outcomes) == {"won": 1, "EmailAlreadyRegistered": SIGNUPS - 1}
    assert all(isinstance(o, EmailAlreadyRegistered) for o in outcomes if o is not True)
    account = world.store.find_user_by_email("grace.hopper@example.com")
    assert account is not None
    users = [u for u in _raw_items(world, world.store.tables.users) if items.is_user_item(u)]
    assert [u["user_id"] for u in users] == [account.user_id]
    # The account that exists is the one that won, and it logs in.
    session = services[0].log_in("GRACE.HOPPER@example.com", "long-password-1")
    assert session.user.user_id == account.user_id


def test_50_kiosks_guessing_one_password_at_once_get_at_most_5_checks(
    server_world: AwsWorld,
) -> None:
    """The store's claim of an attempt is one conditional update: 50 kiosks guessing at
    once over HTTP get 5 password checks between them, then the account is locked."""
    world = server_world
    hasher, clock = CountingHasher(), FixedClock()
    AccountService(world.store, FakeNotifier(), hasher, clock).sign_up(
        "Rita Moreno", "rita@example.com", "555 010 2030", "correct horse 1"
    )
    counter = RetryCounter()
    kiosks = [
        AccountService(k, FakeNotifier(), hasher, clock) for k in _kiosks(world, GUESSES, counter)
    ]

    def attempt(i: int) -> bool:
        kiosks[i].log_in("rita@example.com", f"guess number {i}")
        return True

    outcomes = _race(GUESSES, attempt)

    print(
        f"\n{GUESSES} parallel wrong passwords over HTTP: {hasher.checks} checked;"
        f" {_kinds(outcomes)}; HTTP 5xx retried: {counter.server_errors}"
    )
    assert hasher.checks <= MAX_FAILED_LOGINS
    assert _kinds(outcomes) == {
        "InvalidCredentials": MAX_FAILED_LOGINS - 1,
        "AccountLocked": GUESSES - MAX_FAILED_LOGINS + 1,
    }
    with pytest.raises(AccountLocked):
        kiosks[0].log_in("rita@example.com", "correct horse 1")
