"""Entities. Plain data; the rules that govern them live in ``rules``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .errors import Reason


class Role(StrEnum):
    PATIENT = "patient"
    STAFF = "staff"
    ADMIN = "admin"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    #: Set by staff on the day; the slot stays taken.
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"

    @property
    def holds_slot(self) -> bool:
        return self is not AppointmentStatus.CANCELLED


class NotificationEvent(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class User:
    """A patient, or a member of staff (``role``)."""

    user_id: str
    name: str
    email: str
    phone: str
    password_hash: str
    role: Role = Role.PATIENT
    created_at: str = ""


@dataclass(frozen=True)
class Doctor:
    """A doctor and the times of day patients may book."""

    doctor_id: str
    name: str
    specialization: str
    #: ``HH:MM`` strings, sorted.
    available_slots: tuple[str, ...]
    #: ISO weekdays (1 = Monday .. 7 = Sunday); empty means every day.
    working_days: tuple[int, ...] = ()
    #: ISO dates the doctor is away; existing bookings on them are kept (staff see the clash).
    days_off: tuple[str, ...] = ()

    def works_on(self, day: date) -> bool:
        if day.isoformat() in self.days_off:
            return False
        return not self.working_days or day.isoweekday() in self.working_days


@dataclass(frozen=True)
class Appointment:
    """One booking of one slot, with the doctor's name as it was when booked."""

    appointment_id: str
    user_id: str
    doctor_id: str
    date: str
    time: str
    status: AppointmentStatus
    created_at: str
    doctor_name: str = ""
    specialization: str = ""

    @property
    def starts_at_key(self) -> str:
        return f"{self.date} {self.time}"

    def record_fields(self) -> dict[str, str]:
        """The appointment by the seed app's attribute names (plus the doctor as booked)."""
        return {
            "appointment_id": self.appointment_id,
            "user_id": self.user_id,
            "doctor_id": self.doctor_id,
            "date": self.date,
            "time": self.time,
            "status": self.status.value,
            "created_at": self.created_at,
            "doctor_name": self.doctor_name,
            "specialization": self.specialization,
        }


@dataclass(frozen=True)
class Notification:
    """A message owed to a patient; stored with the change it reports."""

    notification_id: str
    appointment_id: str
    recipient: str
    event: NotificationEvent
    subject: str
    body: str
    created_at: str
    sent_at: str | None = None
    attempts: int = 0
    last_error: str | None = None

    @property
    def pending(self) -> bool:
        return self.sent_at is None

    def message_fields(self) -> dict[str, str]:
        """The message itself, by the attribute names every store and the outbox use."""
        return {
            "notification_id": self.notification_id,
            "appointment_id": self.appointment_id,
            "recipient": self.recipient,
            "event": self.event.value,
            "subject": self.subject,
            "body": self.body,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class Slot:
    """One time on one day, as a patient sees it."""

    time: str
    free: bool
    #: Why it is not free: "taken" or "past"; empty when free.
    reason: str = ""


@dataclass(frozen=True)
class DayAvailability:
    """A doctor's slots on one day, or why none can be booked."""

    doctor: Doctor
    day: date
    slots: tuple[Slot, ...] = field(default_factory=tuple)
    #: Set when the whole day is closed (``doctor_away``, ``beyond_horizon``, ...).
    closed_reason: Reason | None = None


@dataclass(frozen=True)
class DoctorSummary:
    """A row of the doctor list: the doctor and the next free slot."""

    doctor: Doctor
    #: The next bookable moment, or None if nothing is free within the horizon.
    next_free: datetime | None


class DeviceKind(StrEnum):
    """What an enrolled machine may be used for: a kiosk serves patients only, a desk
    serves staff (and patients booked at the desk)."""

    KIOSK = "kiosk"
    DESK = "desk"


@dataclass(frozen=True)
class Device:
    """A kiosk or desk enrolled with ``care4u-admin devices add``. Its token is shown once;
    only ``token_hash`` (SHA-256 of the token's secret part) is stored."""

    device_id: str
    name: str
    kind: DeviceKind
    token_hash: str
    created_at: str
    #: ISO time it was revoked; a revoked device's token is refused.
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class DeviceSession:
    """A signed-in person on one device, as the server keeps it (the token is the client's;
    the server stores only ``token_hash``). Times are Unix seconds."""

    session_id: str
    token_hash: str
    user_id: str
    device_id: str
    created_s: int
    last_seen_s: int
    #: Seconds without a request after which it is over (a kiosk's idle time).
    idle_s: int
    #: When it is over whatever happens (a desk's shift; the kiosk's longest visit).
    expires_s: int

    def over_at(self, now_s: int) -> bool:
        return now_s >= self.expires_s or now_s >= self.last_seen_s + self.idle_s


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail: who did what to which records, from where. Ids only:
    never a password, a hash, a name or free text."""

    entry_id: str
    #: ISO time with offset, to the second.
    at: str
    #: One of ``AUDIT_ACTIONS``.
    action: str
    #: The enrolled device, or ``local:<host>`` / ``cli`` when no server was in between.
    device_id: str
    #: The signed-in user who acted; empty when nobody was (a failed sign-in).
    actor_user_id: str
    #: The ids acted on, by kind: ``{"appointment_id": ..., "user_id": ...}``.
    targets: tuple[tuple[str, str], ...] = ()
    #: ``ok`` or the refusal's error code (a failed sign-in: ``invalid_credentials``).
    outcome: str = "ok"


#: Every action the audit trail records.
AUDIT_ACTIONS = (
    "sign_up",
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "kiosk_unlock",
    "kiosk_unlock_failed",
    "booking",
    "cancellation",
    "check_in",
    "no_show",
    "walk_in_registered",
    "doctor_saved",
    "doctors_seeded",
    "device_enrolled",
    "device_revoked",
)
