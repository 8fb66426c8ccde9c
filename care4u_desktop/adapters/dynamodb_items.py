"""The DynamoDB layout: table and index names, guard keys, and item <-> entity mapping.

Tables (``{prefix}`` is ``CARE4U_TABLE_PREFIX``, default ``Care4U_``):

``{prefix}Users`` (key ``user_id``)
    Users in the seed's shape (``user_id``, ``name``, ``email``, ``phone``,
    ``password_hash``) plus ``role``, ``created_at`` (items an older release wrote may
    also hold ``failed_logins``/``locked_until``, no longer read). Email guards live here
    too: ``user_id = "EMAIL#<normalised email>"`` with only ``guard_for`` (the real user
    id). So do log-in attempt counts, one per email tried, known or not:
    ``user_id = "LOGIN#<normalised email>"`` with ``attempts``, ``lock_ends`` while locked
    and ``expires_at`` (Unix seconds; the table's TTL attribute, so DynamoDB deletes them
    once expired, and an expired one counts as absent until it does). Neither kind has an
    ``email`` or ``phone`` attribute, so a seed-style scan on ``email`` never matches one
    and no index holds one. Index ``phone`` (``phone``) finds a walk-in patient.

``{prefix}Doctors`` (key ``doctor_id``)
    The seed's shape plus ``working_days`` (ISO weekdays) and ``days_off`` (ISO dates).

``{prefix}Appointments`` (key ``appointment_id``)
    Appointments in the seed's shape (``user_id``, ``doctor_id``, ``date``, ``time``,
    ``status``, ``created_at``) plus ``doctor_name``, ``specialization``, ``cancelled_at``.
    Two kinds of guard live here, holding only ``guard_for`` (the appointment id):
    ``SLOT#<doctor_id>#<date>#<time>`` and ``PATIENT#<user_id>#<date>#<time>``. They exist
    exactly while the appointment holds its slot (any status but ``cancelled``). They have
    none of the attributes the indexes are keyed on, so no index ever holds one.
    Indexes: ``doctor_date`` (``doctor_id``, ``date``) for availability and a doctor's day,
    ``user_date`` (``user_id``, ``date``) for a patient's history, ``date_time`` (``date``,
    ``time``) for every doctor's taken times of a day, ``status_date`` (``status``,
    ``date``; the keys, ``doctor_id`` and ``time``) for every doctor's booked times of a
    range of days in one Query (the patient's doctor list: today and tomorrow, then the
    later days). Seed items already have those attributes, so they appear in the indexes
    without being rewritten.

``{prefix}Notifications`` (key ``notification_id``)
    The outbox. ``feed = "all"`` on every item and ``pending = "yes"`` only while unsent;
    index ``feed_created`` (``feed``, ``created_at``) lists the newest, the sparse index
    ``pending_created`` (``pending``, ``created_at``) holds exactly the unsent ones.

The server's tables (``care4u-server``; kiosks hold no AWS credentials, and a trusted desk's
policy may only append to the audit) are laid out in ``dynamodb_access``: ``{prefix}Devices``,
``{prefix}Sessions``, ``{prefix}RequestCounts`` and ``{prefix}Audit``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from ..domain.models import (
    Appointment,
    AppointmentStatus,
    Doctor,
    Notification,
    NotificationEvent,
    Role,
    User,
)
from ..domain.rules import normalise_email

#: A plain Python item (``str``, ``int``, ``list`` ...) before serialisation.
PyItem = dict[str, Any]
#: An item in DynamoDB's wire format (``{"S": "..."}`` ...).
WireItem = dict[str, Any]

USERS = "Users"
DOCTORS = "Doctors"
APPOINTMENTS = "Appointments"
NOTIFICATIONS = "Notifications"
DEVICES = "Devices"
SESSIONS = "Sessions"
REQUEST_COUNTS = "RequestCounts"
AUDIT = "Audit"

PHONE_INDEX = "phone"
DOCTOR_DATE_INDEX = "doctor_date"
USER_DATE_INDEX = "user_date"
DATE_INDEX = "date_time"
STATUS_INDEX = "status_date"
PENDING_INDEX = "pending_created"
FEED_INDEX = "feed_created"

GUARD_OWNER = "guard_for"
EMAIL_GUARD = "EMAIL#"
SLOT_GUARD = "SLOT#"
PATIENT_GUARD = "PATIENT#"
LOGIN_ATTEMPTS = "LOGIN#"
#: Keys of items that are not records (guards, counts): never read as a user or appointment.
_GUARD_PREFIXES = (EMAIL_GUARD, SLOT_GUARD, PATIENT_GUARD, LOGIN_ATTEMPTS)

#: The attributes of a log-in attempt count (numbers; times in Unix seconds).
ATTEMPTS = "attempts"
LOCK_ENDS = "lock_ends"
EXPIRES_AT = "expires_at"
#: The users table's TTL attribute: DynamoDB deletes expired counts by itself.
USERS_TTL_ATTRIBUTE = EXPIRES_AT

FEED_ALL = "all"
PENDING_YES = "yes"


@dataclass(frozen=True)
class TableNames:
    users: str
    doctors: str
    appointments: str
    notifications: str
    devices: str
    sessions: str
    request_counts: str
    audit: str

    @classmethod
    def with_prefix(cls, prefix: str) -> TableNames:
        return cls(
            users=prefix + USERS,
            doctors=prefix + DOCTORS,
            appointments=prefix + APPOINTMENTS,
            notifications=prefix + NOTIFICATIONS,
            devices=prefix + DEVICES,
            sessions=prefix + SESSIONS,
            request_counts=prefix + REQUEST_COUNTS,
            audit=prefix + AUDIT,
        )


# -- guard keys ------------------------------------------------------------------------------
def email_guard_key(email: str) -> str:
    return EMAIL_GUARD + normalise_email(email)


def login_attempts_key(email: str) -> str:
    return LOGIN_ATTEMPTS + normalise_email(email)


def slot_guard_key(doctor_id: str, day: str, hhmm: str) -> str:
    return f"{SLOT_GUARD}{doctor_id}#{day}#{hhmm}"


def patient_guard_key(user_id: str, day: str, hhmm: str) -> str:
    return f"{PATIENT_GUARD}{user_id}#{day}#{hhmm}"


def is_guard_key(key: str) -> bool:
    return key.startswith(_GUARD_PREFIXES)


def guard_item(key_name: str, key: str, owner: str) -> PyItem:
    return {key_name: key, GUARD_OWNER: owner}


# -- wire format -----------------------------------------------------------------------------
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_wire(item: Mapping[str, Any]) -> WireItem:
    return {k: _serializer.serialize(v) for k, v in item.items() if v is not None}


def from_wire(item: Mapping[str, Any]) -> PyItem:
    return {k: _deserializer.deserialize(v) for k, v in item.items()}


def wire_value(value: Any) -> dict[str, Any]:
    return dict(_serializer.serialize(value))


def key(name: str, value: str) -> WireItem:
    return {name: {"S": value}}


# -- users -----------------------------------------------------------------------------------
def user_item(user: User) -> PyItem:
    # An index key may not be an empty string; a user without a phone is simply unindexed.
    return {
        "user_id": user.user_id,
        "name": user.name or None,
        "email": user.email,
        "phone": user.phone or None,
        "password_hash": user.password_hash,
        "role": user.role.value,
        "created_at": user.created_at,
    }


def is_user_item(item: Mapping[str, Any]) -> bool:
    return "email" in item and not is_guard_key(str(item.get("user_id", "")))


def user_from_item(item: Mapping[str, Any]) -> User:
    """A user, including one the seed app wrote (no role)."""
    return User(
        user_id=str(item["user_id"]),
        name=str(item.get("name", "")),
        email=normalise_email(str(item["email"])),
        phone=str(item.get("phone", "")),
        password_hash=str(item.get("password_hash", "")),
        role=Role(str(item.get("role") or Role.PATIENT.value)),
        created_at=str(item.get("created_at", "")),
    )


# -- doctors ---------------------------------------------------------------------------------
def doctor_fields(doctor: Doctor) -> PyItem:
    """The attributes we own on a doctor item (the key excluded)."""
    return {
        "name": doctor.name,
        "specialization": doctor.specialization,
        "available_slots": sorted(doctor.available_slots),
        "working_days": list(doctor.working_days),
        "days_off": list(doctor.days_off),
    }


def doctor_from_item(item: Mapping[str, Any]) -> Doctor:
    return Doctor(
        doctor_id=str(item["doctor_id"]),
        name=str(item.get("name", "")),
        specialization=str(item.get("specialization", "")),
        available_slots=tuple(sorted(str(s) for s in item.get("available_slots") or ())),
        working_days=tuple(_int(d) for d in item.get("working_days") or ()),
        days_off=tuple(str(d) for d in item.get("days_off") or ()),
    )


# -- appointments ----------------------------------------------------------------------------
def appointment_item(appointment: Appointment) -> PyItem:
    return {**appointment.record_fields()}


def is_appointment_item(item: Mapping[str, Any]) -> bool:
    return "doctor_id" in item and not is_guard_key(str(item.get("appointment_id", "")))


def appointment_from_item(item: Mapping[str, Any]) -> Appointment:
    """An appointment, including one the seed app wrote (no doctor name or specialization)."""
    return Appointment(
        appointment_id=str(item["appointment_id"]),
        user_id=str(item["user_id"]),
        doctor_id=str(item["doctor_id"]),
        date=str(item["date"]),
        time=str(item["time"]),
        status=AppointmentStatus(str(item.get("status") or AppointmentStatus.BOOKED.value)),
        created_at=str(item.get("created_at", "")),
        doctor_name=str(item.get("doctor_name", "")),
        specialization=str(item.get("specialization", "")),
    )


def appointment_sort_key(appointment: Appointment) -> tuple[str, str, str]:
    return (appointment.date, appointment.time, appointment.appointment_id)


# -- notifications ---------------------------------------------------------------------------
def notification_item(notification: Notification) -> PyItem:
    """A queued notification: always pending when first written, as in every store."""
    return {
        **notification.message_fields(),
        "attempts": 0,
        "feed": FEED_ALL,
        "pending": PENDING_YES,
    }


def notification_from_item(item: Mapping[str, Any]) -> Notification:
    sent_at, last_error = item.get("sent_at"), item.get("last_error")
    return Notification(
        notification_id=str(item["notification_id"]),
        appointment_id=str(item["appointment_id"]),
        recipient=str(item["recipient"]),
        event=NotificationEvent(str(item["event"])),
        subject=str(item.get("subject", "")),
        body=str(item.get("body", "")),
        created_at=str(item.get("created_at", "")),
        sent_at=None if sent_at is None else str(sent_at),
        attempts=_int(item.get("attempts")),
        last_error=None if last_error is None else str(last_error),
    )


def _int(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, Decimal | int | float | str):
        return int(value)
    raise ValueError(f"not a number: {type(value).__name__}")
