"""The contract's JSON and the domain's values, both ways (docs/ and ``i11-spec``).

Answers become the dataclasses the screens already show (``User``, ``Doctor``,
``Appointment``, ``DayAvailability``, ``DoctorDay``...), so a screen cannot tell the API
from the services in this process. Refusals become the same ``DomainError`` subclass with
the same code, parameters and field(s): the class from the code (``all_codes()``), the
``day`` parameter back to a ``date``, several fields' problems as ``ValidationErrors``.
A password hash never travels: a ``User`` from the server has an empty one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ..domain.errors import (
    AccountLocked,
    Conflict,
    DomainError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    Reason,
    ServiceUnavailable,
    TryAgainLater,
    ValidationError,
    ValidationErrors,
    all_codes,
)
from ..domain.models import (
    Appointment,
    AppointmentStatus,
    DayAvailability,
    Doctor,
    DoctorSummary,
    Role,
    Slot,
    User,
)
from ..domain.params import Param
from ..services.accounts import Session
from ..services.booking import History
from ..services.free_times import FREE, TIME_STATES, FreeTime, TimeState
from ..services.staff import DayRow, DoctorDay

#: Parameters that are dates (sent as ISO strings): turned back into ``date``.
DATE_PARAMS = ("day",)

#: The class of an error whose code this app does not know (a newer server): by status.
BY_STATUS: Mapping[int, type[DomainError]] = {
    401: NotAuthenticated,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    422: ValidationError,
    423: AccountLocked,
    429: TryAgainLater,
    503: ServiceUnavailable,
}


# -- answers ---------------------------------------------------------------------------------
def user_from(data: Mapping[str, Any]) -> User:
    return User(
        user_id=str(data["user_id"]),
        name=str(data["name"]),
        email=str(data["email"]),
        phone=str(data["phone"]),
        password_hash="",  # never sent: the server keeps it
        role=Role(data.get("role") or Role.PATIENT),
        created_at=str(data.get("created_at") or ""),
    )


def session_from(data: Mapping[str, Any]) -> Session:
    """``{session: {token, ...}, user}`` (sign-up and log-in) as the app's ``Session``."""
    return Session(user_from(data["user"]), token=str(data["session"]["token"]))


def doctor_from(data: Mapping[str, Any]) -> Doctor:
    return Doctor(
        doctor_id=str(data["doctor_id"]),
        name=str(data["name"]),
        specialization=str(data["specialization"]),
        available_slots=tuple(str(s) for s in data.get("available_slots") or ()),
        working_days=tuple(int(d) for d in data.get("working_days") or ()),
        days_off=tuple(str(d) for d in data.get("days_off") or ()),
    )


def doctor_to(doctor: Doctor) -> dict[str, Any]:
    return {
        "doctor_id": doctor.doctor_id,
        "name": doctor.name,
        "specialization": doctor.specialization,
        "available_slots": list(doctor.available_slots),
        "working_days": list(doctor.working_days),
        "days_off": list(doctor.days_off),
    }


def summary_from(data: Mapping[str, Any]) -> DoctorSummary:
    next_free = data.get("next_free")
    return DoctorSummary(
        doctor_from(data), datetime.fromisoformat(next_free) if next_free else None
    )


def bookable_from(data: Mapping[str, Any]) -> tuple[date, date]:
    return date.fromisoformat(data["first"]), date.fromisoformat(data["last"])


def appointment_from(data: Mapping[str, Any]) -> Appointment:
    return Appointment(
        appointment_id=str(data["appointment_id"]),
        user_id=str(data["user_id"]),
        doctor_id=str(data["doctor_id"]),
        date=str(data["date"]),
        time=str(data["time"]),
        status=AppointmentStatus(data["status"]),
        created_at=str(data.get("created_at") or ""),
        doctor_name=str(data.get("doctor_name") or ""),
        specialization=str(data.get("specialization") or ""),
    )


def history_from(data: Mapping[str, Any]) -> History:
    return History(
        upcoming=[appointment_from(a) for a in data.get("upcoming") or ()],
        past=[appointment_from(a) for a in data.get("past") or ()],
    )


def reason_from(data: Any) -> Reason | None:
    """``{code, message, params}`` (or a bare code) as a ``Reason``; None for null."""
    if not data:
        return None
    if isinstance(data, str):
        return Reason(data)
    return Reason(str(data["code"]), params_from(data.get("params")))


def slot_from(data: Mapping[str, Any]) -> Slot:
    reason = data.get("reason") or ""
    if isinstance(reason, Mapping):  # a reason object: its code ("taken", "past")
        reason = reason.get("code") or ""
    return Slot(str(data["time"]), bool(data["free"]), str(reason))


def availability_from(data: Mapping[str, Any]) -> DayAvailability:
    return DayAvailability(
        doctor=doctor_from(data["doctor"]),
        day=date.fromisoformat(data["date"]),
        slots=tuple(slot_from(s) for s in data.get("slots") or ()),
        closed_reason=reason_from(data.get("closed")),
    )


def doctor_day_from(data: Mapping[str, Any]) -> DoctorDay:
    def user_or_none(value: Any) -> User | None:
        return user_from(value) if value else None

    def appointment_or_none(value: Any) -> Appointment | None:
        return appointment_from(value) if value else None

    return DoctorDay(
        doctor=doctor_from(data["doctor"]),
        day=date.fromisoformat(data["date"]),
        rows=[
            DayRow(
                time=str(r["time"]),
                appointment=appointment_or_none(r.get("appointment")),
                patient=user_or_none(r.get("patient")),
                clash=bool(r.get("clash")),
                state=_time_state(r.get("state")),
            )
            for r in data.get("rows") or ()
        ],
        closed_reason=reason_from(data.get("closed")),
        appointments=[appointment_from(a) for a in data.get("appointments") or ()],
        patients={str(k): user_or_none(v) for k, v in (data.get("patients") or {}).items()},
    )


def _time_state(value: Any) -> TimeState:
    for state in TIME_STATES:
        if value == state:
            return state
    return FREE


def next_free_from(data: Mapping[str, Any]) -> FreeTime | None:
    free = data.get("free")
    if not free:
        return None
    return FreeTime(doctor_from(free["doctor"]), date.fromisoformat(free["date"]), free["time"])


# -- refusals --------------------------------------------------------------------------------
def params_from(data: Any) -> dict[str, Param]:
    params: dict[str, Param] = {}
    if not isinstance(data, Mapping):
        return params
    for name, value in data.items():
        if name in DATE_PARAMS and isinstance(value, str):
            try:
                params[name] = date.fromisoformat(value)
                continue
            except ValueError:
                pass
        if isinstance(value, bool):  # not a Param; keep the words fillable
            params[name] = str(value).lower()
        elif isinstance(value, (int, str)):
            params[name] = value
        elif value is not None:
            params[name] = str(value)
    return params


def error_from(body: Any, status: int, retry_after: str | None = None) -> DomainError | None:
    """The ``DomainError`` an error body describes; None if it is not the contract's."""
    if not isinstance(body, Mapping) or not isinstance(body.get("error"), Mapping):
        return None
    error = body["error"]
    code = error.get("code")
    if not isinstance(code, str):
        return None
    params = params_from(error.get("params"))
    fields = error.get("fields")
    if isinstance(fields, Mapping) and fields:
        return ValidationErrors(
            {
                str(name): Reason(str(f.get("code") or "invalid"), params_from(f.get("params")))
                for name, f in fields.items()
                if isinstance(f, Mapping)
            }
        )
    cls = all_codes().get(code)
    if cls is None:  # a code this app does not know: its class's default words
        cls, code = BY_STATUS.get(status, DomainError), None
    field = error.get("field")
    field = field if isinstance(field, str) and field else None
    if issubclass(cls, TryAgainLater):
        return TryAgainLater(_seconds(params.get("seconds"), retry_after))
    if issubclass(cls, ValidationErrors):  # one field's problem sent without ``fields``
        cls = ValidationError
    try:
        return cls(code, field=field, **params)
    except (TypeError, ValueError):  # a class that takes no such parameters
        return cls(code, field=field)


def _seconds(param: Param | None, header: str | None) -> int:
    for value in (param, header):
        try:
            return max(1, int(str(value)))
        except ValueError:
            continue
    return 1
