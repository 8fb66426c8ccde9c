"""The server's records on every store: devices, sessions, request counts, the audit trail.

Only the ``Store`` protocol is used; the ``store`` fixture (see conftest) runs each test on
every registered store (SQLite file, DynamoDB on moto in-process and over HTTP, the fake).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from moto import mock_aws

from care4u_desktop.adapters.aws_clients import dynamodb_client
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.errors import DeviceNotFound, ServiceUnavailable
from care4u_desktop.domain.models import AuditEntry, Device, DeviceKind, DeviceSession
from care4u_desktop.services.ports import Store
from tests.aws.support import aws_env, unique_prefix
from tests.fakes import InMemoryStore


def make_device(device_id: str, *, created_at: str = "2026-12-01T09:00:00+00:00") -> Device:
    return Device(
        device_id=device_id,
        name=f"Kiosk {device_id}",
        kind=DeviceKind.KIOSK,
        token_hash="ab" * 32,
        created_at=created_at,
    )


def make_session(
    session_id: str, *, last_seen_s: int = 1_000, device_id: str = "dev-1"
) -> DeviceSession:
    return DeviceSession(
        session_id=session_id,
        token_hash="cd" * 32,
        user_id="user-1",
        device_id=device_id,
        created_s=1_000,
        last_seen_s=last_seen_s,
        idle_s=120,
        expires_s=1_000 + 1_800,
    )


def entry(
    entry_id: str,
    at: str,
    *,
    action: str = "booking",
    actor: str = "",
    targets: tuple[tuple[str, str], ...] = (),
    outcome: str = "ok",
) -> AuditEntry:
    return AuditEntry(
        entry_id=entry_id,
        at=at,
        action=action,
        device_id="dev-1",
        actor_user_id=actor,
        targets=targets,
        outcome=outcome,
    )


# -- devices -----------------------------------------------------------------------------------


def test_an_added_device_is_found_and_listed_oldest_first(store: Store) -> None:
    desk = Device("dev-2", "Front desk", DeviceKind.DESK, "ef" * 32, "2026-12-01T08:00:00+00:00")
    kiosk = make_device("dev-1")
    store.add_device(kiosk)
    store.add_device(desk)

    assert store.get_device("dev-1") == kiosk
    assert store.get_device("dev-2") == desk
    assert store.list_devices() == [desk, kiosk]
    assert store.get_device("dev-9") is None


def test_revoking_twice_keeps_the_first_time(store: Store) -> None:
    store.add_device(make_device("dev-1"))

    first = store.revoke_device("dev-1", "2026-12-01T10:00:00+00:00")
    again = store.revoke_device("dev-1", "2026-12-01T11:00:00+00:00")

    assert first.revoked_at == again.revoked_at == "2026-12-01T10:00:00+00:00"
    assert not first.active
    assert store.get_device("dev-1") == first
    assert store.list_devices() == [first]


def test_revoking_an_unknown_device_is_device_not_found_and_creates_nothing(store: Store) -> None:
    with pytest.raises(DeviceNotFound):
        store.revoke_device("dev-404", "2026-12-01T10:00:00+00:00")

    assert store.get_device("dev-404") is None
    assert store.list_devices() == []


# -- sessions ----------------------------------------------------------------------------------


def test_an_added_session_is_found_by_id(store: Store) -> None:
    session = make_session("ses-1")
    store.add_session(session)

    assert store.get_session("ses-1") == session
    assert store.get_session("ses-2") is None


def test_touch_moves_last_seen_forward_never_back(store: Store) -> None:
    store.add_session(make_session("ses-1", last_seen_s=1_000))

    store.touch_session("ses-1", 1_050)
    store.touch_session("ses-1", 1_020)  # an older request answered late

    found = store.get_session("ses-1")
    assert found is not None and found.last_seen_s == 1_050
    assert not found.over_at(1_050 + 119)


def test_touching_a_gone_session_does_not_bring_it_back(store: Store) -> None:
    store.add_session(make_session("ses-1"))
    store.delete_session("ses-1")

    store.touch_session("ses-1", 2_000)
    store.touch_session("ses-unknown", 2_000)

    assert store.get_session("ses-1") is None
    assert store.get_session("ses-unknown") is None


def test_deleting_a_session_twice_is_fine_and_spares_the_others(store: Store) -> None:
    store.add_session(make_session("ses-1"))
    store.add_session(make_session("ses-2"))

    store.delete_session("ses-1")
    store.delete_session("ses-1")

    assert store.get_session("ses-1") is None
    assert store.get_session("ses-2") == make_session("ses-2")


# -- request counts ----------------------------------------------------------------------------


def test_requests_are_granted_up_to_the_limit_then_refused(store: Store) -> None:
    answers = [store.claim_request("device:dev-1", 6_000, 60, 3) for _ in range(5)]

    assert answers == [True, True, True, False, False]


def test_a_refused_request_is_not_counted(store: Store) -> None:
    assert [store.claim_request("k", 6_000, 60, 2) for _ in range(4)] == [True, True, False, False]

    # Had the refusals counted, a higher limit for the same window would still refuse.
    assert store.claim_request("k", 6_000, 60, 3) is True
    assert store.claim_request("k", 6_000, 60, 3) is False


def test_a_new_window_and_another_key_start_fresh(store: Store) -> None:
    assert [store.claim_request("k", 6_000, 60, 2) for _ in range(3)] == [True, True, False]

    assert store.claim_request("k", 6_060, 60, 2) is True
    assert store.claim_request("other", 6_000, 60, 2) is True
    # Much later (old windows may be forgotten meanwhile): fresh again.
    assert [store.claim_request("k", 96_000, 60, 2) for _ in range(3)] == [True, True, False]


def test_a_limit_of_zero_grants_nothing(store: Store) -> None:
    assert store.claim_request("k", 6_000, 60, 0) is False
    assert store.claim_request("k", 6_000, 60, 1) is True


def test_32_threads_claiming_at_once_with_limit_10_get_exactly_10(store: Store) -> None:
    ready = threading.Barrier(32, timeout=60)

    def claim(_: int) -> bool:
        ready.wait()
        return store.claim_request("account:user-1", 6_000, 60, 10)

    with ThreadPoolExecutor(max_workers=32) as pool:
        answers = Counter(pool.map(claim, range(32)))

    assert answers == Counter({True: 10, False: 22})
    assert store.claim_request("account:user-1", 6_000, 60, 10) is False


# -- audit -------------------------------------------------------------------------------------


def test_audit_entries_come_back_oldest_first_with_their_targets(store: Store) -> None:
    later = entry(
        "e2",
        "2026-12-02T09:00:00+00:00",
        action="check_in",
        actor="staff-1",
        targets=(("appointment_id", "A1"), ("user_id", "pat-1")),
    )
    earlier = entry(
        "e1",
        "2026-12-01T23:59:59+00:00",
        action="sign_in_failed",
        outcome="invalid_credentials",
    )
    store.append_audit(later)
    store.append_audit(earlier)

    assert store.audit_entries() == [earlier, later]


def test_audit_since_keeps_entries_at_or_after_it(store: Store) -> None:
    times = ["2026-11-30T12:00:00+00:00", "2026-12-01T08:00:00+00:00", "2026-12-01T09:00:00+00:00"]
    for n, at in enumerate(times):
        store.append_audit(entry(f"e{n}", at, actor="u1"))

    found = store.audit_entries(since="2026-12-01T08:00:00+00:00")

    assert [e.entry_id for e in found] == ["e1", "e2"]
    assert [e.entry_id for e in store.audit_entries(since="2026-12-02")] == []
    assert [e.entry_id for e in store.audit_entries(since="2026-11-01")] == ["e0", "e1", "e2"]


def test_audit_by_user_finds_them_as_actor_and_as_target_once_each(store: Store) -> None:
    store.append_audit(entry("e1", "2026-12-01T08:00:00+00:00", action="sign_in", actor="pat-1"))
    store.append_audit(
        entry(
            "e2",
            "2026-12-01T09:00:00+00:00",
            action="check_in",
            actor="staff-1",
            targets=(("appointment_id", "A1"), ("user_id", "pat-1")),
        )
    )
    store.append_audit(
        entry(
            "e3",
            "2026-12-01T10:00:00+00:00",
            action="sign_up",
            actor="pat-1",
            targets=(("user_id", "pat-1"),),
        )
    )
    store.append_audit(entry("e4", "2026-12-01T11:00:00+00:00", action="sign_in", actor="pat-2"))

    assert [e.entry_id for e in store.audit_entries(user_id="pat-1")] == ["e1", "e2", "e3"]
    assert [e.entry_id for e in store.audit_entries(user_id="staff-1")] == ["e2"]
    later = store.audit_entries(user_id="pat-1", since="2026-12-01T09:30")
    assert [e.entry_id for e in later] == ["e3"]
    assert store.audit_entries(user_id="nobody") == []


def test_audit_limit_keeps_the_oldest(store: Store) -> None:
    for day in range(1, 6):
        store.append_audit(entry(f"e{day}", f"2026-12-0{day}T08:00:00+00:00", actor="u1"))

    assert [e.entry_id for e in store.audit_entries(limit=3)] == ["e1", "e2", "e3"]
    assert [e.entry_id for e in store.audit_entries(user_id="u1", limit=2)] == ["e1", "e2"]
    assert [e.entry_id for e in store.audit_entries(since="2026-12-03", limit=2)] == ["e3", "e4"]


def test_an_audit_entry_written_twice_is_kept_once(store: Store) -> None:
    first = entry("e1", "2026-12-01T08:00:00+00:00", actor="u1")
    store.append_audit(first)
    store.append_audit(first)  # a retry after a lost answer

    assert store.audit_entries() == [first]


# -- a store that cannot be reached ------------------------------------------------------------


@contextmanager
def _sqlite_file_broken(tmp_path: Path) -> Iterator[Store]:
    """Opened, then its file overwritten by something that is not a database (a failing
    disk, a sync tool): every call meets ``file is not a database``."""
    path = tmp_path / "care4u.sqlite3"
    store = SQLiteStore(path, busy_timeout_s=0.5)
    store.open()
    for leftover in tmp_path.glob("care4u.sqlite3-*"):
        leftover.unlink()
    path.write_bytes(b"not a database " * 512)
    yield store


@contextmanager
def _memory_down(tmp_path: Path) -> Iterator[Store]:
    store = InMemoryStore()
    store.unavailable.add("*")
    yield store


@contextmanager
def _dynamodb_endpoint_down(tmp_path: Path) -> Iterator[Store]:
    with aws_env("http://127.0.0.1:9"):  # the discard port: nothing listens
        yield DynamoDBStore(dynamodb_client(max_attempts=1), unique_prefix())


@contextmanager
def _dynamodb_tables_missing(tmp_path: Path) -> Iterator[Store]:
    with aws_env(), mock_aws():
        yield DynamoDBStore(dynamodb_client(), "NeverProvisioned_")


UNREACHABLE: dict[str, Callable[[Path], AbstractContextManager[Store]]] = {
    "sqlite-broken-file": _sqlite_file_broken,
    "memory-down": _memory_down,
    "dynamodb-endpoint-down": _dynamodb_endpoint_down,
    "dynamodb-tables-missing": _dynamodb_tables_missing,
}

CALLS: dict[str, Callable[[Store], object]] = {
    "add_device": lambda s: s.add_device(make_device("dev-1")),
    "get_device": lambda s: s.get_device("dev-1"),
    "list_devices": lambda s: s.list_devices(),
    "revoke_device": lambda s: s.revoke_device("dev-1", "2026-12-01T10:00:00+00:00"),
    "add_session": lambda s: s.add_session(make_session("ses-1")),
    "get_session": lambda s: s.get_session("ses-1"),
    "touch_session": lambda s: s.touch_session("ses-1", 2_000),
    "delete_session": lambda s: s.delete_session("ses-1"),
    "claim_request": lambda s: s.claim_request("k", 6_000, 60, 10),
    "append_audit": lambda s: s.append_audit(entry("e1", "2026-12-01T08:00:00+00:00")),
    "audit_entries": lambda s: s.audit_entries(),
    "audit_entries_by_user": lambda s: s.audit_entries(user_id="u1", since="2026-12-01"),
}


@pytest.mark.parametrize("where", list(UNREACHABLE))
def test_a_store_that_cannot_be_reached_is_service_unavailable(where: str, tmp_path: Path) -> None:
    with UNREACHABLE[where](tmp_path) as store:
        answers = {}
        for name, call in CALLS.items():
            try:
                answers[name] = repr(call(store))
            except ServiceUnavailable as exc:
                answers[name] = exc.code

    assert answers == dict.fromkeys(CALLS, ServiceUnavailable().code)
