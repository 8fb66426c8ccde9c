"""Rate limits over the request counter, and the audit trail the services write."""

from __future__ import annotations

from datetime import date

import pytest

from care4u_desktop.domain.errors import (
    AccountLocked,
    InvalidCredentials,
    PermissionDenied,
    ServiceUnavailable,
    TryAgainLater,
)
from care4u_desktop.domain.models import (
    AppointmentStatus,
    AuditEntry,
    Device,
    DeviceKind,
    Role,
    User,
)
from care4u_desktop.services.accounts import AccountService, Session
from care4u_desktop.services.audit import AuditLog, acting_device
from care4u_desktop.services.limits import RateLimiter, RateLimits
from care4u_desktop.services.notifications import NotificationService
from tests.fakes import FakeNotifier, FastHasher, FixedClock, InMemoryStore, make_user
from tests.wiring import booking_service, staff_service

PASSWORD = "correct horse battery"
TUESDAY = date(2030, 1, 8)


def _device(kind: DeviceKind) -> Device:
    return Device(f"dev-{kind.value}", "a device", kind, "hash", "2030-01-01T00:00:00+01:00")


# -- limits ---------------------------------------------------------------------------------------
def test_a_kiosk_gets_its_limit_per_window_then_waits_for_the_next(
    store: InMemoryStore, clock: FixedClock
) -> None:
    limiter = RateLimiter(store, clock, RateLimits(kiosk=3, desk=5, window_s=60))
    kiosk = _device(DeviceKind.KIOSK)
    clock.set(clock.now.replace(second=15))  # 45 s before the minute's window ends

    for _ in range(3):
        limiter.device_request(kiosk)
    with pytest.raises(TryAgainLater) as caught:
        limiter.device_request(kiosk)

    assert caught.value.seconds == 45
    limiter.device_request(_device(DeviceKind.DESK))  # another device has its own count
    clock.advance(seconds=45)
    limiter.device_request(kiosk)  # a new window


def test_accounts_and_sign_in_attempts_are_counted_apart(
    store: InMemoryStore, clock: FixedClock
) -> None:
    limiter = RateLimiter(store, clock, RateLimits(account=2, sign_in=1))
    kiosk = _device(DeviceKind.KIOSK)
    limiter.sign_in_attempt(kiosk)
    with pytest.raises(TryAgainLater):
        limiter.sign_in_attempt(kiosk)
    limiter.account_request("u1")
    limiter.account_request("u1")
    with pytest.raises(TryAgainLater):
        limiter.account_request("u1")
    limiter.account_request("u2")
    limiter.device_request(kiosk)


# -- audit ----------------------------------------------------------------------------------------
@pytest.fixture
def trail(store: InMemoryStore, clock: FixedClock) -> AuditLog:
    return AuditLog(store, clock, default_device="local:test-host")


@pytest.fixture
def audited(store: InMemoryStore, clock: FixedClock, trail: AuditLog) -> AccountService:
    return AccountService(store, FakeNotifier(), FastHasher(), clock, audit=trail)


def entries(store: InMemoryStore) -> list[tuple[str, str, str, dict[str, str], str]]:
    return [
        (e.action, e.device_id, e.actor_user_id, dict(e.targets), e.outcome)
        for e in store.audit_entries()
    ]


def test_sign_up_sign_in_failures_and_sign_out_are_recorded_by_ids(
    audited: AccountService, store: InMemoryStore
) -> None:
    user = audited.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD).session.user
    uid = user.user_id
    with pytest.raises(InvalidCredentials):
        audited.log_in("ada@example.com", "wrong password")
    with pytest.raises(InvalidCredentials):
        audited.log_in("nobody@example.com", "wrong password")
    with acting_device("dev-lobby"):
        session = audited.log_in("ada@example.com", PASSWORD)
    audited.log_out(session)

    host = "local:test-host"
    assert entries(store) == [
        ("sign_up", host, uid, {"user_id": uid}, "ok"),
        ("sign_in_failed", host, "", {"user_id": uid}, "invalid_credentials"),
        ("sign_in_failed", host, "", {}, "invalid_credentials"),  # nobody named
        ("sign_in", "dev-lobby", uid, {"user_id": uid}, "ok"),
        ("sign_out", host, uid, {"user_id": uid}, "ok"),
    ]
    text = repr(store.audit_entries())
    assert "ada@example.com" not in text and "nobody" not in text and PASSWORD not in text


def test_a_lock_is_recorded_as_a_failed_sign_in(
    audited: AccountService, store: InMemoryStore
) -> None:
    audited.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD)
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            audited.log_in("ada@example.com", "wrong")
    with pytest.raises(AccountLocked):
        audited.log_in("ada@example.com", "wrong")
    with pytest.raises(AccountLocked):
        audited.log_in("ada@example.com", PASSWORD)

    outcomes = [e.outcome for e in store.audit_entries() if e.action == "sign_in_failed"]
    assert outcomes == ["invalid_credentials"] * 4 + ["account_locked"] * 2


def test_a_staff_account_on_a_patients_only_device_gets_no_session(
    audited: AccountService, store: InMemoryStore
) -> None:
    rita = make_user(
        "desk@care4u.example", password_hash=FastHasher().hash(PASSWORD), role=Role.STAFF
    )
    store.add_user(rita)

    with pytest.raises(PermissionDenied) as caught:
        audited.log_in("desk@care4u.example", PASSWORD, patients_only=True)

    assert caught.value.code == "desk_device_only"
    assert [(e.action, e.outcome) for e in store.audit_entries()] == [
        ("sign_in_failed", "desk_device_only")
    ]
    assert audited.log_in("desk@care4u.example", PASSWORD).is_staff  # at a desk


def test_the_desk_and_booking_record_who_did_what(
    store: InMemoryStore,
    clock: FixedClock,
    trail: AuditLog,
    audited: AccountService,
    sarah: object,
    receptionist: User,
    ada: User,
) -> None:
    notifications = NotificationService(store, FakeNotifier(), clock)
    booking = booking_service(store, notifications, clock, audit=trail)
    staff = staff_service(store, audited, booking, clock, audit=trail)
    desk = Session(receptionist)

    mine = booking.book(ada, "doc-001", TUESDAY, "09:00")
    theirs = staff.book_for(desk, ada.user_id, "doc-001", TUESDAY, "10:00")
    booking.cancel(Session(ada), mine.appointment_id)
    clock.set(clock.now.replace(day=8))
    staff.mark(desk, theirs.appointment_id, AppointmentStatus.CHECKED_IN)
    walk_in = staff.register_walk_in(desk, "Bob Marley", "bob@example.com", "5550001111")

    rid, aid = receptionist.user_id, ada.user_id
    got = [(e.action, e.actor_user_id, dict(e.targets)) for e in store.audit_entries()]
    assert got == [
        (
            "booking",
            aid,
            {"appointment_id": mine.appointment_id, "user_id": aid, "doctor_id": "doc-001"},
        ),
        (
            "booking",
            rid,
            {"appointment_id": theirs.appointment_id, "user_id": aid, "doctor_id": "doc-001"},
        ),
        (
            "cancellation",
            aid,
            {"appointment_id": mine.appointment_id, "user_id": aid, "doctor_id": "doc-001"},
        ),
        (
            "check_in",
            rid,
            {"appointment_id": theirs.appointment_id, "user_id": aid, "doctor_id": "doc-001"},
        ),
        ("walk_in_registered", rid, {"user_id": walk_in.user_id}),
    ]


class _FailingAudit(InMemoryStore):
    def append_audit(self, entry: AuditEntry) -> None:
        raise ServiceUnavailable()


def test_a_trail_that_cannot_be_written_never_fails_the_use_case(
    clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    store = _FailingAudit()
    accounts = AccountService(
        store, FakeNotifier(), FastHasher(), clock, audit=AuditLog(store, clock)
    )

    result = accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD)

    assert store.find_user_by_email("ada@example.com") == result.session.user
    assert "could not append the audit entry sign_up" in caplog.text
    assert "ada@" not in caplog.text


def test_an_unknown_action_or_a_free_text_target_is_a_bug(trail: AuditLog) -> None:
    with pytest.raises(ValueError):
        trail.record("looked_around")
    with pytest.raises(ValueError):
        trail.record("sign_in", email="ada@example.com")
