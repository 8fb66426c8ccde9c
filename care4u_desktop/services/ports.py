"""The ports the services need. Adapters implement them; services never know which.

One port per aggregate (users, doctors, appointments, the outbox, and the server's devices,
sessions, request counts and audit trail); a service receives only
the ones it uses. Every store implements all of them (``Store``). For every port: a write
that guards a rule is atomic in the store itself, a conflict is a domain error, and a store
that cannot be reached raises ``ServiceUnavailable`` with nothing half-written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..domain.models import (
    Appointment,
    AppointmentStatus,
    AuditEntry,
    Device,
    DeviceSession,
    Doctor,
    Notification,
    User,
)


@dataclass(frozen=True)
class AttemptLimit:
    """How many log-in attempts one email gets, and for how long a lock lasts."""

    #: Attempts granted in a row; granting the last one also starts the lock.
    attempts: int
    #: Seconds the lock lasts, from the last attempt granted.
    lock_s: int
    #: Seconds after its last attempt that a count (and an ended lock) is forgotten.
    forget_s: int

    def __post_init__(self) -> None:
        if self.attempts < 2 or self.lock_s < 1 or self.forget_s < self.lock_s:
            raise ValueError(f"not a usable limit: {self}")


#: The most doctors one ``DoctorStore.put_doctors`` call takes. DynamoDB's TransactWriteItems
#: holds at most 100 writes; every store keeps to it, so a doctor file that seeds one backend
#: seeds the other, and "all or none" never quietly becomes "in chunks".
MAX_DOCTORS_PER_WRITE = 100


def check_doctor_batch(doctors: Sequence[Doctor]) -> None:
    """What every store checks before ``put_doctors`` writes anything. A caller that breaks
    it has a bug (the CLI says so in words before it gets here): ``ValueError``."""
    if len(doctors) > MAX_DOCTORS_PER_WRITE:
        raise ValueError(
            f"put_doctors takes at most {MAX_DOCTORS_PER_WRITE} doctors, not {len(doctors)}"
        )


class UserStore(Protocol):
    """Accounts, and the log-in attempts counted per normalised email (known or not).

    ``add_user`` raises ``EmailAlreadyRegistered`` for an email already stored.
    """

    def add_user(self, user: User) -> None: ...
    def get_user(self, user_id: str) -> User | None: ...
    def get_users(self, user_ids: Sequence[str]) -> dict[str, User]:
        """The accounts of those of ``user_ids`` that exist, by id: a few reads for many
        (a desk's day of 1,000 bookings was 1,000 reads, a second and a half on SQLite)."""
        ...

    def find_user_by_email(self, email: str) -> User | None: ...
    def find_users_by_phone(self, phone: str) -> list[User]: ...
    def replace_password_hash(self, user_id: str, old_hash: str, new_hash: str) -> None:
        """Store ``new_hash`` if the user exists and still has ``old_hash`` (else nothing)."""
        ...

    def claim_login_attempt(self, email: str, now_s: int, limit: AttemptLimit) -> int | None:
        """Count one attempt for ``email`` before its password is checked, atomically.

        Returns the attempt's number (1 .. ``limit.attempts``), or None when the email is
        locked (or ``limit.attempts`` claims are already counted): then nothing may be
        checked. Granting the last attempt locks the email until ``now_s + limit.lock_s``
        in the same write. An ended lock, or a count last claimed ``limit.forget_s`` ago,
        starts again from 1. ``now_s`` is Unix time in seconds.
        """
        ...

    def clear_login_attempts(self, email: str) -> None:
        """Forget the count and any lock of ``email`` (its password was right)."""
        ...


class DoctorStore(Protocol):
    """The doctors. Services read and write them through ``doctors.DoctorCatalogue`` only,
    which keeps the list's cache."""

    def list_doctors(self) -> list[Doctor]: ...
    def get_doctor(self, doctor_id: str) -> Doctor | None: ...
    def put_doctor(self, doctor: Doctor) -> None:
        """Add or replace one doctor (the services write through ``put_doctors``)."""
        ...

    def put_doctors(self, doctors: Sequence[Doctor]) -> None:
        """Add or replace these doctors in one transaction: all of them or none. At most
        ``MAX_DOCTORS_PER_WRITE`` (more is refused, nothing stored); the same id twice: the
        last one is stored."""
        ...


class AppointmentStore(Protocol):
    """Appointments. A booking or a cancellation queues its notification in the same
    transaction, so no appointment changes without its message: the store behind this
    port is the one behind ``Outbox``.

    Errors: ``SlotTaken``, ``PatientAlreadyBooked``, ``AlreadyCancelled``,
    ``AppointmentNotFound``, ``StatusChangeRefused``.
    """

    def booked_times(self, doctor_id: str, day: str) -> set[str]: ...
    def booked_times_between(
        self, doctor_ids: Sequence[str], first_day: str, last_day: str
    ) -> set[tuple[str, str, str]]:
        """The taken times of these doctors from ``first_day`` to ``last_day`` (ISO dates,
        both included) as ``(doctor_id, date, time)``: one read for the desk's "next free
        time of a specialization", not one per doctor and day where the store can help it."""
        ...

    def all_booked_times_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        """The taken times of every doctor from ``first_day`` to ``last_day`` (ISO dates, both
        included) as ``(doctor_id, date, time)``: the patient's doctor list reads them for a
        few days at once, in a number of requests that grows with the days, never with the
        doctors (it is shown at every log-in)."""
        ...

    def all_booked_ahead_between(self, first_day: str, last_day: str) -> set[tuple[str, str, str]]:
        """The times held by *booked* appointments of every doctor from ``first_day`` to
        ``last_day`` (ISO dates, both included) as ``(doctor_id, date, time)``, checked-in
        and no-show ones left out. For days after today that is every taken time (staff
        check a patient in, or mark a no-show, on the day and never before:
        ``StaffService.mark``), so the doctor list reads its later days through this: in a
        number of requests that grows with neither the doctors nor the days."""
        ...

    def book(self, appointment: Appointment, notification: Notification) -> None:
        """Store the booking and its pending notification in one transaction."""
        ...

    def cancel(
        self, appointment_id: str, cancelled_at: str, notification: Notification
    ) -> Appointment:
        """Mark it cancelled (only if still booked), free its slot, queue the notification."""
        ...

    def set_appointment_status(
        self, appointment_id: str, expected: AppointmentStatus, new: AppointmentStatus
    ) -> Appointment:
        """Change the status only if it is still ``expected`` (else ``StatusChangeRefused``)."""
        ...

    def get_appointment(self, appointment_id: str) -> Appointment | None: ...
    def appointments_for_user(self, user_id: str) -> list[Appointment]: ...
    def appointments_for_doctor_day(self, doctor_id: str, day: str) -> list[Appointment]: ...


class Outbox(Protocol):
    """The notifications still to deliver (queued by ``AppointmentStore``), and the recent ones."""

    def pending_notifications(self, limit: int = 100) -> list[Notification]: ...
    def all_notifications(self, limit: int = 500) -> list[Notification]: ...
    def mark_notification_sent(self, notification_id: str, sent_at: str) -> None: ...
    def mark_notification_failed(self, notification_id: str, error: str) -> None: ...


class DeviceStore(Protocol):
    """The enrolled kiosks and desks (``care4u-admin devices``)."""

    def add_device(self, device: Device) -> None: ...
    def get_device(self, device_id: str) -> Device | None: ...
    def list_devices(self) -> list[Device]: ...
    def revoke_device(self, device_id: str, revoked_at: str) -> Device:
        """Mark it revoked (``DeviceNotFound`` if there is none); revoking twice keeps the
        first time."""
        ...


class SessionStore(Protocol):
    """The server's sessions, looked up by id; the token's secret is kept only as a hash."""

    def add_session(self, session: DeviceSession) -> None:
        """Store a new session. A store may forget sessions that are over (``over_at``) by
        then, or later by itself (DynamoDB's TTL): a caller checks ``over_at`` anyway."""
        ...

    def get_session(self, session_id: str) -> DeviceSession | None: ...
    def touch_session(self, session_id: str, last_seen_s: int) -> None:
        """Move ``last_seen_s`` forward (never back); nothing if the session is gone."""
        ...

    def delete_session(self, session_id: str) -> None:
        """End it (nothing if it is gone already)."""
        ...


class RequestCounter(Protocol):
    """Fixed-window request counts for the server's rate limits, atomic across processes."""

    def claim_request(self, key: str, window_start_s: int, window_s: int, limit: int) -> bool:
        """Count one request for ``key`` in the window starting at ``window_start_s``; False
        (and nothing counted) when ``limit`` are counted already. A window's count may be
        forgotten ``window_s`` after it ends."""
        ...


class AuditStore(Protocol):
    """The audit trail: appended to, never changed."""

    def append_audit(self, entry: AuditEntry) -> None:
        """Append it; the same ``entry_id`` again (a retried write) keeps the first."""
        ...

    def audit_entries(
        self, *, since: str | None = None, user_id: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        """Entries at or after ``since`` (ISO time), of ``user_id`` as actor or target when
        given, oldest first, at most ``limit``."""
        ...


class Store(
    UserStore,
    DoctorStore,
    AppointmentStore,
    Outbox,
    DeviceStore,
    SessionStore,
    RequestCounter,
    AuditStore,
    Protocol,
):
    """A whole backend: every port above on one object (``SQLiteStore``, ``DynamoDBStore``).

    Only the composition root, which hands it to each service as the ports that service
    uses, and the contract suite, which checks every store against all of them, need it;
    a service never receives it.
    """


class Notifier(Protocol):
    """Delivers messages to patients. Raises ``ServiceUnavailable`` when it cannot."""

    def subscribe(self, recipient: str) -> None: ...
    def publish(self, notification: Notification) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made another way than ``hash`` makes them now."""
        ...


__all__: Sequence[str] = [
    "AppointmentStore",
    "AttemptLimit",
    "AuditStore",
    "DeviceStore",
    "DoctorStore",
    "Notifier",
    "Outbox",
    "PasswordHasher",
    "RequestCounter",
    "SessionStore",
    "Store",
    "UserStore",
]
