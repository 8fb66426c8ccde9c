"""In-memory stand-ins for the ports, plus builders and a fixed clock.

``InMemoryStore`` is meant to behave exactly like the real stores: same ordering, same
domain errors for the same conflicts, every guarded write all-or-nothing. The contract
suite (``tests/contract``) runs against it next to the real stores to keep it honest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from care4u_desktop.domain.errors import (
    AlreadyCancelled,
    AppointmentNotFound,
    DeviceNotFound,
    EmailAlreadyRegistered,
    PatientAlreadyBooked,
    ServiceUnavailable,
    SlotTaken,
    StatusChangeRefused,
)
from care4u_desktop.domain.models import (
    Appointment,
    AppointmentStatus,
    AuditEntry,
    Device,
    DeviceSession,
    Doctor,
    Notification,
    NotificationEvent,
    Role,
    User,
)
from care4u_desktop.services.ports import AttemptLimit, check_doctor_batch

if TYPE_CHECKING:
    from care4u_desktop.adapters.store_ports import implements

HOSPITAL_TZ = ZoneInfo("Europe/Berlin")
#: A Monday morning, in the hospital's time zone.
MONDAY_1030 = datetime(2030, 1, 7, 10, 30, tzinfo=HOSPITAL_TZ)


# -- clock -------------------------------------------------------------------------------------
class FixedClock:
    """A clock that only moves when a test moves it. Call it to read the time."""

    def __init__(self, now: datetime = MONDAY_1030) -> None:
        if now.tzinfo is None:
            raise ValueError("the hospital clock is time-zone aware")
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now


class FakeMonotonic:
    """A monotonic clock in seconds (like ``time.monotonic``) that a test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fixed_clock(now: datetime = MONDAY_1030) -> Callable[[], datetime]:
    """A plain function returning one fixed, time-zone aware moment."""
    return lambda: now


# -- hasher ------------------------------------------------------------------------------------
class FastHasher:
    """werkzeug with few pbkdf2 rounds: real hashes, test speed."""

    def hash(self, password: str) -> str:
        from werkzeug.security import generate_password_hash

        return generate_password_hash(password, method="pbkdf2:sha256:1000")

    def verify(self, password_hash: str, password: str) -> bool:
        from werkzeug.security import check_password_hash

        return check_password_hash(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith("pbkdf2:sha256:1000$")


class CountingHasher:
    """A real hasher that counts the passwords it checked, from any number of threads.

    It only observes: hashing and checking are the wrapped hasher's own.
    """

    def __init__(self, inner: FastHasher | None = None) -> None:
        self._inner = inner or FastHasher()
        self._lock = threading.Lock()
        self.checks = 0
        #: The hashes checked against, in order.
        self.checked: list[str] = []

    def hash(self, password: str) -> str:
        return self._inner.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        with self._lock:
            self.checks += 1
            self.checked.append(password_hash)
        return self._inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._inner.needs_rehash(password_hash)


# -- notifier ----------------------------------------------------------------------------------
@dataclass
class FakeNotifier:
    """Records what it was asked to send. Set ``failing`` to make it unreachable."""

    failing: bool = False
    published: list[Notification] = field(default_factory=list)
    subscribed: list[str] = field(default_factory=list)
    publish_attempts: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def subscribe(self, recipient: str) -> None:
        if self.failing:
            raise ServiceUnavailable(
                "backend_failed", detail="The notification service is unreachable (fake)."
            )
        with self._lock:
            self.subscribed.append(recipient)

    def publish(self, notification: Notification) -> None:
        with self._lock:
            self.publish_attempts += 1
        if self.failing:
            raise ServiceUnavailable(
                "backend_failed", detail="The notification service is unreachable (fake)."
            )
        with self._lock:
            self.published.append(notification)


class InMemoryAccessRecords:
    """The server's records (devices, sessions, request counts, the audit trail) in dicts:
    the fake behind ``DeviceStore``, ``SessionStore``, ``RequestCounter`` and ``AuditStore``."""

    def __init__(self) -> None:
        self._access_lock = threading.RLock()
        self._devices: dict[str, Device] = {}
        self._sessions: dict[str, DeviceSession] = {}
        self._counts: dict[tuple[str, int], int] = {}
        self._audit: list[AuditEntry] = []
        #: Method names (or ``"*"``) that fail as if the store were unreachable.
        self.unavailable: set[str] = set()

    def _reachable(self, method: str) -> None:
        if "*" in self.unavailable or method in self.unavailable:
            raise ServiceUnavailable()

    def add_device(self, device: Device) -> None:
        self._reachable("add_device")
        with self._access_lock:
            if device.device_id in self._devices:
                raise ServiceUnavailable()  # ids are random: a repeat is a bug
            self._devices[device.device_id] = device

    def get_device(self, device_id: str) -> Device | None:
        self._reachable("get_device")
        with self._access_lock:
            return self._devices.get(device_id)

    def list_devices(self) -> list[Device]:
        self._reachable("list_devices")
        with self._access_lock:
            return sorted(self._devices.values(), key=lambda d: (d.created_at, d.device_id))

    def revoke_device(self, device_id: str, revoked_at: str) -> Device:
        self._reachable("revoke_device")
        with self._access_lock:
            device = self._devices.get(device_id)
            if device is None:
                raise DeviceNotFound()
            if device.revoked_at is None:
                device = self._devices[device_id] = replace(device, revoked_at=revoked_at)
            return device

    def add_session(self, session: DeviceSession) -> None:
        self._reachable("add_session")
        with self._access_lock:
            if session.session_id in self._sessions:
                raise ServiceUnavailable()  # ids are random: a repeat is a bug
            self._sessions[session.session_id] = session

    def get_session(self, session_id: str) -> DeviceSession | None:
        self._reachable("get_session")
        with self._access_lock:
            return self._sessions.get(session_id)

    def touch_session(self, session_id: str, last_seen_s: int) -> None:
        self._reachable("touch_session")
        with self._access_lock:
            session = self._sessions.get(session_id)
            if session is not None and last_seen_s > session.last_seen_s:
                self._sessions[session_id] = replace(session, last_seen_s=last_seen_s)

    def delete_session(self, session_id: str) -> None:
        self._reachable("delete_session")
        with self._access_lock:
            self._sessions.pop(session_id, None)

    def claim_request(self, key: str, window_start_s: int, window_s: int, limit: int) -> bool:
        self._reachable("claim_request")
        with self._access_lock:
            count = self._counts.get((key, window_start_s), 0)
            if count >= limit:
                return False
            self._counts[(key, window_start_s)] = count + 1
            return True

    def append_audit(self, entry: AuditEntry) -> None:
        self._reachable("append_audit")
        with self._access_lock:
            if all(e.entry_id != entry.entry_id for e in self._audit):  # a retry keeps one
                self._audit.append(entry)

    def audit_entries(
        self, *, since: str | None = None, user_id: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        self._reachable("audit_entries")
        with self._access_lock:
            found = [
                e
                for e in sorted(self._audit, key=lambda e: (e.at, e.entry_id))
                if (since is None or e.at >= since)
                and (
                    user_id is None
                    or user_id == e.actor_user_id
                    or ("user_id", user_id) in e.targets
                )
            ]
            return found[:limit]


# -- store -------------------------------------------------------------------------------------
class InMemoryStore(InMemoryAccessRecords):
    """Every store port (``services.ports.Store``) in a dict, with one lock standing in for
    the store's transactions.

    Like the SQLite store it compares emails exactly as given (callers normalise), keeps
    cancelled rows, and raises ``ServiceUnavailable`` for a duplicate appointment id.
    ``unavailable`` names methods (or ``"*"``) that fail as if the store were unreachable.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.RLock()
        self._users: dict[str, User] = {}
        self._doctors: dict[str, Doctor] = {}
        self._appointments: dict[str, Appointment] = {}
        self._notifications: dict[str, Notification] = {}
        self._attempts: dict[str, tuple[int, int | None, int]] = {}

    # users
    def add_user(self, user: User) -> None:
        self._reachable("add_user")
        with self._lock:
            if user.user_id in self._users or any(
                u.email == user.email for u in self._users.values()
            ):
                raise EmailAlreadyRegistered()
            self._users[user.user_id] = user

    def get_user(self, user_id: str) -> User | None:
        self._reachable("get_user")
        with self._lock:
            return self._users.get(user_id)

    def get_users(self, user_ids: Sequence[str]) -> dict[str, User]:
        self._reachable("get_users")
        with self._lock:
            return {i: self._users[i] for i in user_ids if i in self._users}

    def find_user_by_email(self, email: str) -> User | None:
        self._reachable("find_user_by_email")
        with self._lock:
            return next((u for u in self._users.values() if u.email == email), None)

    def find_users_by_phone(self, phone: str) -> list[User]:
        self._reachable("find_users_by_phone")
        with self._lock:
            return sorted(
                (u for u in self._users.values() if u.phone == phone), key=lambda u: u.name
            )

    def replace_password_hash(self, user_id: str, old_hash: str, new_hash: str) -> None:
        self._reachable("replace_password_hash")
        with self._lock:
            user = self._users.get(user_id)
            if user is not None and user.password_hash == old_hash:
                self._users[user_id] = replace(user, password_hash=new_hash)

    # log-in attempts: email -> (attempts, lock_ends or None, expires_at), Unix seconds
    def claim_login_attempt(self, email: str, now_s: int, limit: AttemptLimit) -> int | None:
        self._reachable("claim_login_attempt")
        with self._lock:
            attempts, lock_ends, expires_at = self._attempts.get(email, (0, None, now_s))
            if expires_at <= now_s or (lock_ends is not None and lock_ends <= now_s):
                attempts, lock_ends = 0, None  # forgotten, or the lock is over: start again
            if lock_ends is not None or attempts >= limit.attempts:
                return None
            attempts += 1
            lock = now_s + limit.lock_s if attempts >= limit.attempts else None
            self._attempts[email] = (attempts, lock, now_s + limit.forget_s)
            return attempts

    def clear_login_attempts(self, email: str) -> None:
        self._reachable("clear_login_attempts")
        with self._lock:
            self._attempts.pop(email, None)

    # doctors
    def list_doctors(self) -> list[Doctor]:
        self._reachable("list_doctors")
        with self._lock:
            return sorted(self._doctors.values(), key=lambda d: d.name)

    def get_doctor(self, doctor_id: str) -> Doctor | None:
        self._reachable("get_doctor")
        with self._lock:
            return self._doctors.get(doctor_id)

    def put_doctor(self, doctor: Doctor) -> None:
        self._reachable("put_doctor")
        with self._lock:
            self._doctors[doctor.doctor_id] = replace(
                doctor, available_slots=tuple(sorted(doctor.available_slots))
            )

    def put_doctors(self, doctors: Sequence[Doctor]) -> None:
        check_doctor_batch(doctors)
        self._reachable("put_doctors")
        with self._lock:  # one lock held for the lot: all of them or none
            for doctor in doctors:
                self._doctors[doctor.doctor_id] = replace(
                    doctor, available_slots=tuple(sorted(doctor.available_slots))
                )

    # appointments
    def booked_times(self, doctor_id: str, day: str) -> set[str]:
        self._reachable("booked_times")
        with self._lock:
            return {
                a.time
                for a in self._appointments.values()
                if a.doctor_id == doctor_id and a.date == day and _booked(a)
            }

    def booked_times_between(
        self, doctor_ids: Sequence[str], first_day: str, last_day: str
    ) -> set[tuple[str, str, str]]:
        self._reachable("booked_times_between")
        wanted = set(doctor_ids)
        with self._lock:
            return {
                (a.doctor_id, a.date, a.time)
                for a in self._appointments.values()
                if a.doctor_id in wanted and first_day <= a.date <= last_day and _booked(a)
            }

    def all_booked_times_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        self._reachable("all_booked_times_between")
        with self._lock:
            return {
                (a.doctor_id, a.date, a.time)
                for a in self._appointments.values()
                if first_day <= a.date <= last_day and _booked(a)
            }

    def all_booked_ahead_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        self._reachable("all_booked_ahead_between")
        with self._lock:
            return {
                (a.doctor_id, a.date, a.time)
                for a in self._appointments.values()
                if first_day <= a.date <= last_day and a.status is AppointmentStatus.BOOKED
            }

    def book(self, appointment: Appointment, notification: Notification) -> None:
        self._reachable("book")
        with self._lock:
            if appointment.appointment_id in self._appointments:
                raise ServiceUnavailable()
            if notification.notification_id in self._notifications:
                raise ServiceUnavailable()
            booked = [a for a in self._appointments.values() if _booked(a)]
            if _booked(appointment):
                key = (appointment.date, appointment.time)
                if any(
                    (a.doctor_id, a.date, a.time) == (appointment.doctor_id, *key) for a in booked
                ):
                    raise SlotTaken()
                if any((a.user_id, a.date, a.time) == (appointment.user_id, *key) for a in booked):
                    raise PatientAlreadyBooked()
            self._appointments[appointment.appointment_id] = appointment
            self._notifications[notification.notification_id] = _fresh(notification)

    def cancel(
        self, appointment_id: str, cancelled_at: str, notification: Notification
    ) -> Appointment:
        self._reachable("cancel")
        with self._lock:
            current = self._appointments.get(appointment_id)
            if current is None:
                raise AppointmentNotFound()
            if current.status is AppointmentStatus.CANCELLED:
                raise AlreadyCancelled()
            if current.status is not AppointmentStatus.BOOKED:
                raise StatusChangeRefused()
            if notification.notification_id in self._notifications:
                raise ServiceUnavailable()
            cancelled = replace(current, status=AppointmentStatus.CANCELLED)
            self._appointments[appointment_id] = cancelled
            self._notifications[notification.notification_id] = _fresh(notification)
            return cancelled

    def set_appointment_status(
        self, appointment_id: str, expected: AppointmentStatus, new: AppointmentStatus
    ) -> Appointment:
        self._reachable("set_appointment_status")
        with self._lock:
            current = self._appointments.get(appointment_id)
            if current is None:
                raise AppointmentNotFound()
            if current.status is not expected:
                raise StatusChangeRefused()
            changed = replace(current, status=new)
            self._appointments[appointment_id] = changed
            return changed

    def get_appointment(self, appointment_id: str) -> Appointment | None:
        self._reachable("get_appointment")
        with self._lock:
            return self._appointments.get(appointment_id)

    def appointments_for_user(self, user_id: str) -> list[Appointment]:
        self._reachable("appointments_for_user")
        return self._appointments_where(lambda a: a.user_id == user_id)

    def appointments_for_doctor_day(self, doctor_id: str, day: str) -> list[Appointment]:
        self._reachable("appointments_for_doctor_day")
        return self._appointments_where(lambda a: a.doctor_id == doctor_id and a.date == day)

    def _appointments_where(self, keep: Callable[[Appointment], bool]) -> list[Appointment]:
        with self._lock:
            return sorted(
                (a for a in self._appointments.values() if keep(a)),
                key=lambda a: (a.date, a.time),
            )

    # notifications
    def pending_notifications(self, limit: int = 100) -> list[Notification]:
        self._reachable("pending_notifications")
        with self._lock:
            pending = [n for n in self._notifications.values() if n.sent_at is None]
        return sorted(pending, key=lambda n: n.created_at)[:limit]

    def all_notifications(self, limit: int = 500) -> list[Notification]:
        self._reachable("all_notifications")
        with self._lock:
            everything = list(self._notifications.values())
        return sorted(everything, key=lambda n: n.created_at, reverse=True)[:limit]

    def mark_notification_sent(self, notification_id: str, sent_at: str) -> None:
        self._reachable("mark_notification_sent")
        with self._lock:
            n = self._notifications.get(notification_id)
            if n is not None:
                self._notifications[notification_id] = replace(
                    n, sent_at=sent_at, attempts=n.attempts + 1, last_error=None
                )

    def mark_notification_failed(self, notification_id: str, error: str) -> None:
        self._reachable("mark_notification_failed")
        with self._lock:
            n = self._notifications.get(notification_id)
            if n is not None:
                self._notifications[notification_id] = replace(
                    n, attempts=n.attempts + 1, last_error=error[:500]
                )


if TYPE_CHECKING:  # mypy checks this module too (pyproject.toml): the fake keeps every port

    def _in_memory_store(store: InMemoryStore) -> None:
        implements(
            users=store,
            doctors=store,
            appointments=store,
            outbox=store,
            devices=store,
            sessions=store,
            requests=store,
            audit=store,
            whole=store,
        )


def _booked(appointment: Appointment) -> bool:
    return appointment.status.holds_slot


def _fresh(notification: Notification) -> Notification:
    """A queued notification starts pending, whatever the caller passed in."""
    return replace(notification, sent_at=None, attempts=0, last_error=None)


# -- builders ----------------------------------------------------------------------------------
_counter = iter(range(1, 10**9))


def _seq() -> int:
    return next(_counter)


def make_user(
    email: str | None = None,
    *,
    name: str = "Ada Lovelace",
    role: Role = Role.PATIENT,
    password_hash: str = "pbkdf2:sha256:1000$not-a-real-salt$0000",
    user_id: str | None = None,
    phone: str = "+15551234567",
) -> User:
    n = _seq()
    return User(
        user_id=user_id or f"user-{n}",
        name=name,
        email=email or f"patient{n}@example.com",
        phone=phone,
        password_hash=password_hash,
        role=role,
        created_at="2030-01-01T09:00:00+01:00",
    )


def make_doctor(
    doctor_id: str | None = None,
    *,
    name: str = "Sarah Johnson",
    specialization: str = "Cardiology",
    slots: Iterable[str] = ("09:00", "10:00", "11:00", "14:00"),
    working_days: Iterable[int] = (1, 2, 3, 4, 5),
) -> Doctor:
    return Doctor(
        doctor_id=doctor_id or f"doc-{_seq()}",
        name=name,
        specialization=specialization,
        available_slots=tuple(slots),
        working_days=tuple(working_days),
    )


def make_appointment(
    user: User,
    doctor: Doctor,
    date: str = "2030-01-08",
    time: str = "09:00",
    *,
    appointment_id: str | None = None,
    created_at: str = "2030-01-07T10:30:00+01:00",
) -> Appointment:
    n = _seq()
    return Appointment(
        appointment_id=appointment_id or f"A{n:03d}-{n:04d}",
        user_id=user.user_id,
        doctor_id=doctor.doctor_id,
        date=date,
        time=time,
        status=AppointmentStatus.BOOKED,
        created_at=created_at,
        doctor_name=doctor.name,
        specialization=doctor.specialization,
    )


def make_notification(
    appointment: Appointment,
    recipient: str = "patient@example.com",
    *,
    event: NotificationEvent = NotificationEvent.BOOKED,
    created_at: str | None = None,
) -> Notification:
    n = _seq()
    return Notification(
        notification_id=f"note-{n}",
        appointment_id=appointment.appointment_id,
        recipient=recipient,
        event=event,
        subject=f"Appointment {appointment.appointment_id} {event.value}",
        body=f"Appointment number: {appointment.appointment_id}",
        created_at=created_at or appointment.created_at,
    )
