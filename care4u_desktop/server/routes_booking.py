"""A patient's booking: the doctors, a day's times, book, the history, cancel."""

from __future__ import annotations

from fastapi import APIRouter

from ..domain import rules
from .deps import DeviceDep, ServicesDep, SessionDep
from .errors import ERROR_RESPONSES, also
from .schemas import (
    AppointmentOut,
    Bookable,
    BookIn,
    DayOut,
    DoctorsOut,
    HistoryOut,
    appointment_out,
    day_out,
    history_out,
    summary_out,
)

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


@router.get("/doctors", tags=["booking"])
def doctors(_device: DeviceDep, services: ServicesDep) -> DoctorsOut:
    """The doctors with their next free time, and the days that may be booked."""
    first, last = services.booking.bookable_range()
    summaries = services.booking.doctor_summaries()
    return DoctorsOut(
        bookable=Bookable(first=first, last=last), doctors=[summary_out(s) for s in summaries]
    )


@router.get(
    "/doctors/{doctor_id}/days/{date}", tags=["booking"], responses=also(s404="doctor_not_found")
)
def doctor_day(doctor_id: str, date: str, _device: DeviceDep, services: ServicesDep) -> DayOut:
    """A doctor's times on a day (``YYYY-MM-DD``), or why the day is closed."""
    return day_out(services.booking.availability(doctor_id, rules.parse_date(date)))


@router.post(
    "/appointments",
    status_code=201,
    tags=["booking"],
    responses=also(s404="doctor_not_found", s409="slot_taken, patient_already_booked"),
)
def book(body: BookIn, session: SessionDep, services: ServicesDep) -> AppointmentOut:
    """Book a time for the signed-in patient (409 slot_taken, patient_already_booked)."""
    day = rules.parse_date(body.date)
    return appointment_out(services.booking.book(session.user, body.doctor_id, day, body.time))


@router.get("/me/appointments", tags=["booking"])
def my_appointments(session: SessionDep, services: ServicesDep) -> HistoryOut:
    return history_out(services.booking.history(session))


@router.post(
    "/appointments/{appointment_id}/cancel",
    tags=["booking"],
    responses=also(
        s404="appointment_not_found", s409="already_cancelled, visit_cannot_be_cancelled"
    ),
)
def cancel(appointment_id: str, session: SessionDep, services: ServicesDep) -> AppointmentOut:
    """Cancel one of the patient's own appointments (404 for anyone else's)."""
    return appointment_out(services.booking.cancel(session, appointment_id))
