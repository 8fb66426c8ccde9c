"""The JSON shapes of ``/v1``: what a request may carry and what an answer holds.

Answers are built from the domain's values here and nowhere else, so what leaves the
server is decided in one place: a user is ``UserOut``, which has no ``password_hash``.
Dates are ISO ``YYYY-MM-DD`` strings, times ``HH:MM``, datetimes ISO with an offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain.errors import Reason
from ..domain.models import Appointment, DayAvailability, Doctor, DoctorSummary, User
from ..domain.params import Param
from ..services.booking import History
from ..services.free_times import FreeTime
from ..services.ports import MAX_DOCTORS_PER_WRITE
from ..services.sessions import OpenedSession
from ..services.staff import DoctorDay

#: A typed value is never longer than this (names, emails, passwords alike).
SHORT = 1000


class _In(BaseModel):
    # An unknown field is refused: a client sending what we ignore has a bug worth seeing.
    model_config = ConfigDict(extra="forbid")


# -- requests ------------------------------------------------------------------------------------
class SignUpIn(_In):
    name: str = Field(max_length=SHORT)
    email: str = Field(max_length=SHORT)
    phone: str = Field(max_length=SHORT)
    password: str = Field(max_length=SHORT)


class SignInIn(_In):
    email: str = Field(max_length=SHORT)
    password: str = Field(max_length=SHORT)


class BookIn(_In):
    doctor_id: str = Field(max_length=SHORT)
    date: str = Field(max_length=SHORT, description="YYYY-MM-DD")
    time: str = Field(max_length=SHORT, description="HH:MM, one of the doctor's times")


class StaffBookIn(BookIn):
    patient_id: str = Field(max_length=SHORT)


class WalkInIn(_In):
    name: str = Field(max_length=SHORT)
    email: str = Field(max_length=SHORT)
    phone: str = Field(max_length=SHORT)


class StatusIn(_In):
    status: Literal["checked_in", "no_show"]


class DoctorIn(_In):
    #: Taken from the path on ``PUT /v1/staff/doctors/{doctor_id}``.
    doctor_id: str = Field(default="", max_length=SHORT)
    name: str = Field(max_length=SHORT)
    specialization: str = Field(max_length=SHORT)
    available_slots: list[str] = Field(max_length=200)
    working_days: list[int] = Field(default_factory=list, max_length=7)
    days_off: list[str] = Field(default_factory=list, max_length=1000)

    def record(self, doctor_id: str | None = None) -> dict[str, object]:
        """In the shape ``services.doctors.doctor_from_record`` checks."""
        return {**self.model_dump(), "doctor_id": doctor_id or self.doctor_id}


class DoctorBatchIn(_In):
    doctors: list[DoctorIn] = Field(max_length=MAX_DOCTORS_PER_WRITE)


# -- answers -------------------------------------------------------------------------------------
class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


class ReasonOut(BaseModel):
    code: str
    message: str
    params: dict[str, str | int] = Field(default_factory=dict)


class UserOut(BaseModel):
    user_id: str
    name: str
    email: str
    phone: str
    role: str
    created_at: str


class SessionOut(BaseModel):
    token: str
    idle_seconds: int
    expires_at: datetime


class SignUpOut(BaseModel):
    session: SessionOut
    user: UserOut
    #: False when the email notifications could not be set up now (the account exists).
    subscribed: bool


class SignInOut(BaseModel):
    session: SessionOut
    user: UserOut


class UnlockOut(BaseModel):
    user: UserOut


class DoctorOut(BaseModel):
    doctor_id: str
    name: str
    specialization: str
    available_slots: list[str]
    working_days: list[int]
    days_off: list[str]


class DoctorSummaryOut(DoctorOut):
    next_free: datetime | None


class Bookable(BaseModel):
    first: date
    last: date


class DoctorsOut(BaseModel):
    bookable: Bookable
    doctors: list[DoctorSummaryOut]


class SlotOut(BaseModel):
    time: str
    free: bool
    #: Why not free: ``taken`` or ``past``; empty when free.
    reason: str


class DayOut(BaseModel):
    doctor: DoctorOut
    date: date
    slots: list[SlotOut]
    closed: ReasonOut | None


class AppointmentOut(BaseModel):
    appointment_id: str
    user_id: str
    doctor_id: str
    date: str
    time: str
    status: str
    created_at: str
    doctor_name: str
    specialization: str


class HistoryOut(BaseModel):
    upcoming: list[AppointmentOut]
    past: list[AppointmentOut]


class DayRowOut(BaseModel):
    time: str
    appointment: AppointmentOut | None
    patient: UserOut | None
    clash: bool
    #: ``free`` (bookable now), ``taken``, ``past`` or ``closed``: a time is never shown free
    #: when it has passed or its day is closed.
    state: Literal["free", "taken", "past", "closed"]


class FreeTimeOut(BaseModel):
    doctor: DoctorOut
    date: date
    time: str


class NextFreeOut(BaseModel):
    #: None: nothing free with a doctor of that specialization up to the booking horizon.
    free: FreeTimeOut | None


class StaffDayOut(BaseModel):
    doctor: DoctorOut
    date: date
    closed: ReasonOut | None
    rows: list[DayRowOut]
    appointments: list[AppointmentOut]
    patients: dict[str, UserOut | None]


class PatientsOut(BaseModel):
    patients: list[UserOut]


class StaffDoctorsOut(BaseModel):
    doctors: list[DoctorOut]


class ErrorDetail(BaseModel):
    code: str
    message: str
    params: dict[str, str | int] = Field(default_factory=dict)
    field: str | None = None
    fields: dict[str, ReasonOut] | None = None


class ErrorOut(BaseModel):
    error: ErrorDetail


# -- from the domain -----------------------------------------------------------------------------
def params_out(params: Mapping[str, Param]) -> dict[str, str | int]:
    """A date parameter travels as its ISO string (the client turns ``day`` back into one)."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


def reason_out(reason: Reason | None) -> ReasonOut | None:
    if reason is None:
        return None
    return ReasonOut(code=reason.code, message=reason.message, params=params_out(reason.params))


def user_out(user: User) -> UserOut:
    return UserOut(
        user_id=user.user_id,
        name=user.name,
        email=user.email,
        phone=user.phone,
        role=user.role.value,
        created_at=user.created_at,
    )


def session_out(opened: OpenedSession) -> SessionOut:
    return SessionOut(
        token=opened.session.token,
        idle_seconds=opened.idle_seconds,
        expires_at=opened.expires_at,
    )


def doctor_out(doctor: Doctor) -> DoctorOut:
    return DoctorOut(
        doctor_id=doctor.doctor_id,
        name=doctor.name,
        specialization=doctor.specialization,
        available_slots=list(doctor.available_slots),
        working_days=list(doctor.working_days),
        days_off=list(doctor.days_off),
    )


def summary_out(summary: DoctorSummary) -> DoctorSummaryOut:
    return DoctorSummaryOut(**doctor_out(summary.doctor).model_dump(), next_free=summary.next_free)


def day_out(day: DayAvailability) -> DayOut:
    return DayOut(
        doctor=doctor_out(day.doctor),
        date=day.day,
        slots=[SlotOut(time=s.time, free=s.free, reason=s.reason) for s in day.slots],
        closed=reason_out(day.closed_reason),
    )


def appointment_out(appointment: Appointment) -> AppointmentOut:
    return AppointmentOut(**appointment.record_fields())


def history_out(history: History) -> HistoryOut:
    return HistoryOut(
        upcoming=[appointment_out(a) for a in history.upcoming],
        past=[appointment_out(a) for a in history.past],
    )


def staff_day_out(day: DoctorDay) -> StaffDayOut:
    return StaffDayOut(
        doctor=doctor_out(day.doctor),
        date=day.day,
        closed=reason_out(day.closed_reason),
        rows=[
            DayRowOut(
                time=row.time,
                appointment=appointment_out(row.appointment) if row.appointment else None,
                patient=user_out(row.patient) if row.patient else None,
                clash=row.clash,
                state=row.state,
            )
            for row in day.rows
        ],
        appointments=[appointment_out(a) for a in day.appointments],
        patients={uid: user_out(u) if u else None for uid, u in day.patients.items()},
    )


def next_free_out(found: FreeTime | None) -> NextFreeOut:
    if found is None:
        return NextFreeOut(free=None)
    return NextFreeOut(
        free=FreeTimeOut(doctor=doctor_out(found.doctor), date=found.day, time=found.time)
    )
