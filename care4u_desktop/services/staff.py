"""The reception desk: a doctor's day, finding and registering patients, booking on their
behalf, check-in and no-show; admins also keep the doctor list. Every call checks the
session's role here, so a patient session is refused whatever screen it comes from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain import rules
from ..domain.errors import AppointmentNotFound, PermissionDenied, Reason, StatusChangeRefused
from ..domain.models import Appointment, AppointmentStatus, Doctor, Role, User
from .accounts import AccountService, Session
from .audit import NO_AUDIT, Audit
from .booking import BookingService
from .doctors import DoctorCatalogue, doctor_from_record
from .free_times import (
    FREE,
    FreeTime,
    TimeState,
    first_free,
    same_specialization,
    time_state,
)
from .ports import AppointmentStore, UserStore

MARKABLE = (AppointmentStatus.CHECKED_IN, AppointmentStatus.NO_SHOW)


@dataclass(frozen=True)
class DayRow:
    time: str
    appointment: Appointment | None
    patient: User | None
    #: The doctor is away or does not work that day, yet this booking exists.
    clash: bool = False
    #: ``free`` (can be booked now), ``taken``, ``past`` or ``closed`` (``free_times``).
    state: TimeState = FREE


@dataclass(frozen=True)
class DoctorDay:
    doctor: Doctor
    day: date
    #: One per slot of the doctor's, and one per booking at a time off the list.
    rows: list[DayRow]
    #: Why patients cannot book this day (a code of ``CLOSED_DAY_CODES``), or None.
    closed_reason: Reason | None
    #: Every appointment of the day by time, cancelled ones too (the CLI's listing).
    appointments: list[Appointment] = field(default_factory=list)
    #: The patient of each of them by user id (None: no longer registered).
    patients: dict[str, User | None] = field(default_factory=dict)


def require_staff(session: Session) -> None:
    if not session.is_staff:
        raise PermissionDenied("staff_only")


def require_admin(session: Session) -> None:
    if session.user.role is not Role.ADMIN:
        raise PermissionDenied("admin_only")


class StaffService:
    def __init__(
        self,
        *,
        users: UserStore,
        appointments: AppointmentStore,
        doctors: DoctorCatalogue,
        accounts: AccountService,
        booking: BookingService,
        clock: Callable[[], datetime],
        audit: Audit = NO_AUDIT,
    ) -> None:
        self._users = users
        self._appointments = appointments
        #: The booking service's catalogue: a save here is seen by the next listing there.
        self._doctors = doctors
        self._accounts = accounts
        self._booking = booking
        self._clock = clock
        self._audit = audit

    def doctor_day(self, session: Session, doctor_id: str, day: date) -> DoctorDay:
        require_staff(session)
        doctor = self._doctors.doctor(doctor_id)
        closed = rules.closed_reason(doctor, day, self._clock(), self._booking.horizon_days)
        away = not doctor.works_on(day)
        appointments = self._appointments.appointments_for_doctor_day(
            doctor.doctor_id, day.isoformat()
        )
        # One read for the day's patients, not one per booking.
        found = self._users.get_users([a.user_id for a in appointments])
        patients: dict[str, User | None] = {a.user_id: found.get(a.user_id) for a in appointments}
        held = {a.time: a for a in appointments if a.status.holds_slot}
        now = self._clock()
        rows = []
        for hhmm in sorted(set(doctor.available_slots) | set(held)):
            appointment = held.get(hhmm)
            patient = patients[appointment.user_id] if appointment is not None else None
            state = time_state(day, hhmm, now, closed, appointment is not None)
            clash = appointment is not None and away
            rows.append(DayRow(hhmm, appointment, patient, clash=clash, state=state))
        return DoctorDay(doctor, day, rows, closed, appointments, patients)

    def next_free(
        self, session: Session, specialization: str, after: FreeTime | None = None
    ) -> FreeTime | None:
        """The first time that can be booked now with any doctor of ``specialization``
        (any case), strictly after ``after`` when given (to ask for the one after it);
        None when nothing is free up to the booking horizon."""
        require_staff(session)
        doctors = same_specialization(self._doctors.list_doctors(), specialization)

        def taken(ids: Sequence[str], first: date, last: date) -> set[tuple[str, str, str]]:
            return self._appointments.booked_times_between(ids, first.isoformat(), last.isoformat())

        return first_free(doctors, taken, self._clock(), self._booking.horizon_days, after)

    def patient(self, session: Session, user_id: str) -> User | None:
        """The account of ``user_id`` (None if it is no longer registered)."""
        require_staff(session)
        return self._users.get_user(user_id)

    def find_patients(self, session: Session, query: str) -> list[User]:
        """By email (exact, normalised) or phone (digits as stored)."""
        require_staff(session)
        query = query.strip()
        if "@" in query:
            user = self._users.find_user_by_email(rules.normalise_email(query))
            return [user] if user else []
        return self._users.find_users_by_phone(rules.validate_phone(query))

    def register_walk_in(
        self, session: Session, name: str, email: str, phone: str, password: str = ""
    ) -> User:
        """A patient at the desk; without a password they cannot log in at a kiosk yet."""
        require_staff(session)
        import secrets  # on use: with hmac and OpenSSL it costs the start-up ~4 ms

        password = password or secrets.token_urlsafe(18)
        return self._accounts.sign_up(
            name, email, phone, password, password, registered_by=session.user.user_id
        ).session.user

    def book_for(
        self, session: Session, patient_id: str, doctor_id: str, day: date, hhmm: str
    ) -> Appointment:
        require_staff(session)
        patient = self._users.get_user(patient_id)
        if patient is None:
            raise AppointmentNotFound("patient_not_registered")
        return self._booking.book(patient, doctor_id, day, hhmm, actor_user_id=session.user.user_id)

    def cancel(self, session: Session, appointment_id: str) -> Appointment:
        require_staff(session)
        return self._booking.cancel(session, appointment_id)

    def mark(self, session: Session, appointment_id: str, status: AppointmentStatus) -> Appointment:
        require_staff(session)
        if status not in MARKABLE:
            raise StatusChangeRefused("staff_mark_only")
        appointment = self._appointments.get_appointment(appointment_id)
        if appointment is None:
            raise AppointmentNotFound()
        now = self._clock()
        if status is AppointmentStatus.NO_SHOW:
            # Not before the time: until then the patient may still come (the API and the
            # CLI ask this service, so none of them can mark one early).
            day = date.fromisoformat(appointment.date)
            if rules.slot_start(day, appointment.time, now) > now:
                raise StatusChangeRefused("no_show_before_start", time=appointment.time, day=day)
        if appointment.date > now.date().isoformat():
            raise StatusChangeRefused("check_in_on_the_day")
        marked = self._appointments.set_appointment_status(
            appointment_id, AppointmentStatus.BOOKED, status
        )
        self._audit.record(
            "check_in" if status is AppointmentStatus.CHECKED_IN else "no_show",
            actor_user_id=session.user.user_id,
            appointment_id=marked.appointment_id,
            user_id=marked.user_id,
            doctor_id=marked.doctor_id,
        )
        return marked

    def save_doctor(self, session: Session, doctor: Doctor) -> Doctor:
        require_admin(session)
        import secrets

        checked = doctor_from_record(
            {
                "doctor_id": doctor.doctor_id or f"doc-{secrets.token_hex(4)}",
                "name": doctor.name,
                "specialization": doctor.specialization,
                "available_slots": list(doctor.available_slots),
                "working_days": list(doctor.working_days),
                "days_off": list(doctor.days_off),
            }
        )
        self._doctors.put_doctors([checked])
        self._audit.record(
            "doctor_saved", actor_user_id=session.user.user_id, doctor_id=checked.doctor_id
        )
        return checked

    def doctor_list(self, session: Session) -> list[Doctor]:
        """The doctors by name, read now: the admin screen shows what another desk saved."""
        require_admin(session)
        return self._doctors.list_doctors(fresh=True)

    def seed_doctors(self, session: Session, doctors: Sequence[Doctor]) -> None:
        """Add or replace many doctors (already checked, e.g. by ``doctors_from_records``)
        in one store call: all of them or none."""
        require_admin(session)
        self._doctors.put_doctors(doctors)
        for doctor in doctors:  # one entry each: an entry holds ids of one kind of record
            self._audit.record(
                "doctors_seeded", actor_user_id=session.user.user_id, doctor_id=doctor.doctor_id
            )
