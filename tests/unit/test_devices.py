"""Enrolled devices and their sessions, on the fakes: tokens shown once, stored as hashes,
refused when made up, revoked, expired or used from another device."""

from __future__ import annotations

from datetime import timedelta

import pytest

from care4u_desktop.domain.errors import DeviceNotFound, NotAuthenticated, ValidationError
from care4u_desktop.domain.models import DeviceKind, User
from care4u_desktop.services.audit import AuditLog
from care4u_desktop.services.devices import DeviceService
from care4u_desktop.services.sessions import SessionLengths, SessionPolicy, SessionService
from tests.fakes import FixedClock, InMemoryStore


@pytest.fixture
def devices(store: InMemoryStore, clock: FixedClock) -> DeviceService:
    return DeviceService(
        devices=store, clock=clock, audit=AuditLog(store, clock, default_device="cli")
    )


@pytest.fixture
def sessions(store: InMemoryStore, clock: FixedClock) -> SessionService:
    policy = SessionPolicy(
        kiosk=SessionLengths(idle_s=120, absolute_s=1800),
        desk=SessionLengths(idle_s=3600, absolute_s=12 * 3600),
    )
    return SessionService(sessions=store, users=store, clock=clock, policy=policy)


def test_an_enrolled_device_is_known_by_its_token_and_only_a_hash_is_stored(
    devices: DeviceService, store: InMemoryStore
) -> None:
    enrolment = devices.enrol("  Lobby   kiosk 1 ", "kiosk")

    device_id, secret = enrolment.token.split(".")
    assert device_id == enrolment.device.device_id
    assert len(secret) >= 40
    stored = store.get_device(device_id)
    assert stored is not None and stored.name == "Lobby kiosk 1"
    assert stored.kind is DeviceKind.KIOSK
    assert secret not in repr(stored) and enrolment.token not in repr(enrolment)
    assert devices.authenticate(enrolment.token) == stored
    assert devices.list() == [stored]


@pytest.mark.parametrize(
    "token",
    ["", "nonsense", "dev-x.y", ".abc", "abc.", "é" * 20, "a." + "b" * 300],
)
def test_a_made_up_token_is_refused(devices: DeviceService, token: str) -> None:
    devices.enrol("Desk", "desk")
    with pytest.raises(NotAuthenticated) as caught:
        devices.authenticate(token)
    assert caught.value.code == "device_not_enrolled"


def test_the_right_id_with_a_wrong_secret_is_refused(devices: DeviceService) -> None:
    token = devices.enrol("Desk", "desk").token
    device_id, secret = token.split(".")
    with pytest.raises(NotAuthenticated):
        devices.authenticate(f"{device_id}.{secret[:-1]}A" if secret[-1] != "A" else "B")


def test_a_revoked_device_is_refused_and_the_trail_says_who(
    devices: DeviceService, store: InMemoryStore, clock: FixedClock
) -> None:
    enrolment = devices.enrol("Lobby", "kiosk")
    clock.advance(minutes=5)

    revoked = devices.revoke(enrolment.device.device_id)

    assert revoked.revoked_at == clock.now.isoformat(timespec="seconds")
    with pytest.raises(NotAuthenticated):
        devices.authenticate(enrolment.token)
    trail = [(e.action, e.device_id, e.targets) for e in store.audit_entries()]
    target = (("device_id", enrolment.device.device_id),)
    assert trail == [("device_enrolled", "cli", target), ("device_revoked", "cli", target)]


def test_revoking_an_unknown_device_says_so(devices: DeviceService) -> None:
    with pytest.raises(DeviceNotFound):
        devices.revoke("dev-nobody")


@pytest.mark.parametrize(("name", "kind"), [("", "kiosk"), ("   ", "desk"), ("Desk", "tablet")])
def test_a_device_needs_a_name_and_a_kind(
    devices: DeviceService, store: InMemoryStore, name: str, kind: str
) -> None:
    with pytest.raises(ValidationError):
        devices.enrol(name, kind)
    assert store.list_devices() == []


# -- sessions ------------------------------------------------------------------------------------
def test_a_session_works_on_its_device_only(
    devices: DeviceService, sessions: SessionService, ada: User
) -> None:
    kiosk = devices.enrol("Lobby", "kiosk").device
    other = devices.enrol("Lobby 2", "kiosk").device

    opened = sessions.open(ada, kiosk)

    assert opened.idle_seconds == 120
    assert sessions.resolve(opened.session.token, kiosk).user == ada
    with pytest.raises(NotAuthenticated) as caught:
        sessions.resolve(opened.session.token, other)
    assert caught.value.code == "session_ended"


def test_a_kiosk_session_ends_after_its_idle_time_and_requests_keep_it_alive(
    devices: DeviceService, sessions: SessionService, clock: FixedClock, ada: User
) -> None:
    kiosk = devices.enrol("Lobby", "kiosk").device
    token = sessions.open(ada, kiosk).session.token

    for _ in range(5):  # ten minutes of use, a request every 100 s
        clock.advance(seconds=100)
        sessions.resolve(token, kiosk)
    clock.advance(seconds=120)

    with pytest.raises(NotAuthenticated):
        sessions.resolve(token, kiosk)


def test_a_kiosk_session_ends_at_its_absolute_end_however_busy(
    devices: DeviceService, sessions: SessionService, clock: FixedClock, ada: User
) -> None:
    kiosk = devices.enrol("Lobby", "kiosk").device
    opened = sessions.open(ada, kiosk)
    assert opened.expires_at == clock.now.replace(microsecond=0) + timedelta(minutes=30)
    for _ in range(29):
        clock.advance(seconds=60)
        sessions.resolve(opened.session.token, kiosk)
    clock.advance(seconds=60)  # 30 minutes after sign-in

    with pytest.raises(NotAuthenticated):
        sessions.resolve(opened.session.token, kiosk)


def test_a_desk_session_lasts_a_shift_with_pauses(
    devices: DeviceService, sessions: SessionService, clock: FixedClock, receptionist: User
) -> None:
    desk = devices.enrol("Reception", "desk").device
    opened = sessions.open(receptionist, desk)
    assert opened.idle_seconds == 3600

    clock.advance(minutes=50)  # a lunch break
    assert sessions.resolve(opened.session.token, desk).is_staff


def test_a_closed_session_is_refused(
    devices: DeviceService, sessions: SessionService, ada: User, store: InMemoryStore
) -> None:
    kiosk = devices.enrol("Lobby", "kiosk").device
    session = sessions.resolve(sessions.open(ada, kiosk).session.token, kiosk)

    sessions.close(session)

    with pytest.raises(NotAuthenticated):
        sessions.resolve(session.token, kiosk)


def test_a_session_token_with_a_wrong_secret_is_refused(
    devices: DeviceService, sessions: SessionService, ada: User
) -> None:
    kiosk = devices.enrol("Lobby", "kiosk").device
    session_id = sessions.open(ada, kiosk).session.token.split(".")[0]
    with pytest.raises(NotAuthenticated):
        sessions.resolve(f"{session_id}.guessed-secret", kiosk)


def test_the_store_keeps_only_a_hash_of_the_session_secret(
    devices: DeviceService, sessions: SessionService, ada: User, store: InMemoryStore
) -> None:
    kiosk = devices.enrol("Lobby", "kiosk").device
    token = sessions.open(ada, kiosk).session.token
    session_id, secret = token.split(".")

    record = store.get_session(session_id)
    assert record is not None and secret not in repr(record)
    assert record.device_id == kiosk.device_id and record.user_id == ada.user_id


class CountingTouches(InMemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.touched: list[int] = []

    def touch_session(self, session_id: str, last_seen_s: int) -> None:
        self.touched.append(last_seen_s)
        super().touch_session(session_id, last_seen_s)


def test_a_burst_of_requests_writes_the_session_once(clock: FixedClock, ada: User) -> None:
    store = CountingTouches()
    store.add_user(ada)
    kiosk = DeviceService(devices=store, clock=clock).enrol("Lobby", "kiosk").device
    sessions = SessionService(sessions=store, users=store, clock=clock)
    token = sessions.open(ada, kiosk).session.token

    for _ in range(10):  # ten requests in two seconds
        clock.advance(seconds=0.2)
        sessions.resolve(token, kiosk)
    clock.advance(seconds=5)
    sessions.resolve(token, kiosk)

    assert store.touched == [int(clock.now.timestamp())]
