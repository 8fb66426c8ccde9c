"""The reception desk (a desk device and a staff session) and the doctor list (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from ..domain import rules
from ..domain.errors import UserNotFound
from ..domain.models import AppointmentStatus, Doctor
from ..services.doctors import doctors_from_records
from ..services.free_times import FreeTime
from ..services.staff import require_admin
from .deps import ServicesDep, StaffDep
from .errors import ERROR_RESPONSES, also
from .schemas import (
    AppointmentOut,
    DoctorBatchIn,
    DoctorIn,
    DoctorOut,
    NextFreeOut,
    PatientsOut,
    StaffBookIn,
    StaffDayOut,
    StaffDoctorsOut,
    StatusIn,
    UserOut,
    WalkInIn,
    appointment_out,
    doctor_out,
    next_free_out,
    staff_day_out,
    user_out,
)

router = APIRouter(
    prefix="/v1/staff",
    tags=["staff"],
    responses={
        **ERROR_RESPONSES,
        **also(
            s404="doctor_not_found, user_not_found, appointment_not_found, patient_not_registered",
            s409="slot_taken, patient_already_booked, already_cancelled, email_already_registered,"
            " check_in_on_the_day, no_show_before_start, status_change_refused",
        ),
    },
)


@router.get("/doctors/{doctor_id}/days/{date}")
def doctor_day(doctor_id: str, date: str, session: StaffDep, services: ServicesDep) -> StaffDayOut:
    """A doctor's day at the desk: each time with its booking and patient."""
    day = rules.parse_date(date)
    return staff_day_out(services.staff.doctor_day(session, doctor_id, day))


@router.get("/free-times/next")
def next_free(
    session: StaffDep,
    services: ServicesDep,
    specialization: str = Query(max_length=1000),
    after_doctor_id: str = Query("", max_length=1000),
    after_date: str = Query("", max_length=1000),
    after_time: str = Query("", max_length=1000),
) -> NextFreeOut:
    """The first time that can be booked now with any doctor of the specialization; with
    ``after_*`` (a time this answered before), the one after it."""
    after = None
    if after_doctor_id:
        day, hhmm = rules.parse_date(after_date), rules.validate_time(after_time)
        after = FreeTime(services.booking.doctor(after_doctor_id), day, hhmm)
    return next_free_out(services.staff.next_free(session, specialization, after))


@router.get("/patients")
def find_patients(
    session: StaffDep, services: ServicesDep, query: str = Query(max_length=1000)
) -> PatientsOut:
    """By email (exact) or phone."""
    return PatientsOut(patients=[user_out(u) for u in services.staff.find_patients(session, query)])


@router.get("/patients/{user_id}")
def patient(user_id: str, session: StaffDep, services: ServicesDep) -> UserOut:
    user = services.staff.patient(session, user_id)
    if user is None:
        raise UserNotFound()
    return user_out(user)


@router.post("/patients", status_code=201)
def register_walk_in(body: WalkInIn, session: StaffDep, services: ServicesDep) -> UserOut:
    """A walk-in patient's account (no password yet: they cannot sign in at a kiosk)."""
    return user_out(services.staff.register_walk_in(session, body.name, body.email, body.phone))


@router.post("/appointments", status_code=201)
def book_for(body: StaffBookIn, session: StaffDep, services: ServicesDep) -> AppointmentOut:
    day = rules.parse_date(body.date)
    booked = services.staff.book_for(session, body.patient_id, body.doctor_id, day, body.time)
    return appointment_out(booked)


@router.post("/appointments/{appointment_id}/cancel")
def cancel(appointment_id: str, session: StaffDep, services: ServicesDep) -> AppointmentOut:
    return appointment_out(services.staff.cancel(session, appointment_id))


@router.post("/appointments/{appointment_id}/status")
def mark(
    appointment_id: str, body: StatusIn, session: StaffDep, services: ServicesDep
) -> AppointmentOut:
    """Checked in on the day, or no-show from the appointment's start time."""
    status = AppointmentStatus(body.status)
    return appointment_out(services.staff.mark(session, appointment_id, status))


@router.get("/doctors")
def doctor_list(session: StaffDep, services: ServicesDep) -> StaffDoctorsOut:
    """Admins: the doctor list, read now."""
    return StaffDoctorsOut(doctors=[doctor_out(d) for d in services.staff.doctor_list(session)])


@router.put("/doctors/{doctor_id}")
def save_doctor(
    doctor_id: str, body: DoctorIn, session: StaffDep, services: ServicesDep
) -> DoctorOut:
    """Admins: add or replace one doctor."""
    # The service checks the role, then the doctor (doctor_from_record), in that order.
    doctor = Doctor(
        doctor_id,
        body.name,
        body.specialization,
        tuple(body.available_slots),
        tuple(body.working_days),
        tuple(body.days_off),
    )
    return doctor_out(services.staff.save_doctor(session, doctor))


@router.post("/doctors/batch", status_code=204)
def seed_doctors(body: DoctorBatchIn, session: StaffDep, services: ServicesDep) -> Response:
    """Admins: add or replace up to 100 doctors, all of them or none."""
    require_admin(session)  # a receptionist learns nothing from how the file is checked
    doctors = doctors_from_records(d.record() for d in body.doctors)
    services.staff.seed_doctors(session, doctors)
    return Response(status_code=204)
