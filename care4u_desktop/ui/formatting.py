"""How dates, times and people are written on screen."""

from __future__ import annotations

from datetime import date, datetime

from ..domain.models import Appointment, Doctor


def doctor_title(doctor: Doctor | Appointment) -> str:
    name = doctor.name if isinstance(doctor, Doctor) else doctor.doctor_name
    return f"Dr. {name}"


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def relative_moment(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "No free time soon"
    days = (moment.date() - now.date()).days
    if days == 0:
        return f"Today {moment:%H:%M}"
    if days == 1:
        return f"Tomorrow {moment:%H:%M}"
    return f"{short_date(moment.date())}, {moment:%H:%M}"


def appointment_when(appointment: Appointment) -> str:
    return f"{short_date(date.fromisoformat(appointment.date))} {appointment.date[:4]}, " + (
        appointment.time
    )
