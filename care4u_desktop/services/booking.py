"""Doctors, availability, booking, cancelling and a patient's history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import partial

from ..domain import rules
from ..domain.errors import (
    AlreadyCancelled,
    AppointmentNotFound,
    PermissionDenied,
    StatusChangeRefused,
)
from ..domain.models import (
    Appointment,
    AppointmentStatus,
    DayAvailability,
    Doctor,
    DoctorSummary,
    NotificationEvent,
    Slot,
    User,
)
from . import outcomes
from .accounts import Session
from .audit import NO_AUDIT, Audit
from .delivery import Later, at_once
from .doctors import DoctorCatalogue
from .free_times import next_free_of_each
from .messages import appointment_notification
from .notifications import NotificationService
from .ports import AppointmentStore, UserStore


@dataclass(frozen=True)
class History:
    upcoming: list[Appointment]
    past: list[Appointment]


class BookingService:
    def __init__(
        self,
        *,
        appointments: AppointmentStore,
        users: UserStore,
        doctors: DoctorCatalogue,
        notifications: NotificationService,
        clock: Callable[[], datetime],
        horizon_days: int = rules.DEFAULT_HORIZON_DAYS,
        audit: Audit = NO_AUDIT,
        deliver_later: Later = at_once,
    ) -> None:
        self._appointments = appointments
        #: Only to address a cancellation to the patient's current email and phone.
        self._users = users
        self._notifications = notifications
        self._clock = clock
        self.horizon_days = horizon_days
        self._audit = audit
        #: Where a stored message goes to be delivered: the answer does not wait for SNS.
        self._deliver_later = deliver_later
        #: The doctor list and its cache, shared with the staff service (which writes it).
        self.doctors = doctors

    # -- doctors ---------------------------------------------------------------------------
    def list_doctors(self) -> list[Doctor]:
        return self.doctors.list_doctors()

    def doctor(self, doctor_id: str, *, fresh: bool = False) -> Doctor:
        return self.doctors.doctor(doctor_id, fresh=fresh)

    def doctor_summaries(self) -> list[DoctorSummary]:
        """Every doctor with the first time one can book: shown at each log-in, Done and
        Back, so it asks the store the same few times whatever the number of doctors,
        booked up or not (the list, then every doctor's bookings a few days at a time:
        ``next_free_of_each``)."""
        doctors = self.list_doctors()
        now = self._clock()
        today = now.date()

        def taken_between(
            doctor_ids: Sequence[str] | None, first: date, last: date
        ) -> set[tuple[str, str, str]]:
            first_day, last_day = first.isoformat(), last.isoformat()
            if doctor_ids is not None:
                return self._appointments.booked_times_between(doctor_ids, first_day, last_day)
            if first > today:
                # Only a booked appointment holds a later day's time (check-in and no-show
                # come on the day): the whole range in one request on every store.
                return self._appointments.all_booked_ahead_between(first_day, last_day)
            return self._appointments.all_booked_times_between(first_day, last_day)

        free = next_free_of_each(doctors, taken_between, now, self.horizon_days)
        return [DoctorSummary(d, t) for d, t in zip(doctors, free, strict=True)]

    def next_free(self, doctor: Doctor) -> datetime | None:
        """One doctor's first bookable time, read day by day (the list's is
        ``doctor_summaries``, which must agree with this)."""
        now = self._clock()
        for offset in range(self.horizon_days + 1):
            day = now.date() + timedelta(days=offset)
            free = [s for s in self._slots(doctor, day, now) if s.free]
            if free:
                return rules.slot_start(day, free[0].time, now)
        return None

    # -- availability ----------------------------------------------------------------------
    def bookable_range(self) -> tuple[date, date]:
        today = self._clock().date()
        return today, today + timedelta(days=self.horizon_days)

    def availability(self, doctor_id: str, day: date) -> DayAvailability:
        doctor = self.doctor(doctor_id)
        now = self._clock()
        reason = rules.closed_reason(doctor, day, now, self.horizon_days)
        if reason is not None:
            return DayAvailability(doctor, day, (), reason)
        return DayAvailability(doctor, day, tuple(self._slots(doctor, day, now)))

    def _slots(self, doctor: Doctor, day: date, now: datetime) -> list[Slot]:
        if rules.closed_reason(doctor, day, now, self.horizon_days) is not None:
            return []
        taken = self._appointments.booked_times(doctor.doctor_id, day.isoformat())
        slots = []
        for hhmm in doctor.available_slots:
            if rules.slot_start(day, hhmm, now) <= now:
                slots.append(Slot(hhmm, False, "past"))
            elif hhmm in taken:
                slots.append(Slot(hhmm, False, "taken"))
            else:
                slots.append(Slot(hhmm, True))
        return slots

    # -- booking ---------------------------------------------------------------------------
    def book(
        self, patient: User, doctor_id: str, day: date, hhmm: str, *, actor_user_id: str = ""
    ) -> Appointment:
        """Book for ``patient``; ``actor_user_id``: who did it, when not the patient (the desk)."""
        hhmm = rules.validate_time(hhmm)
        doctor = self.doctor(doctor_id, fresh=True)  # the rules hold for the doctor as stored
        now = self._clock()
        rules.check_bookable(doctor, day, hhmm, now, self.horizon_days)
        created_at = now.isoformat(timespec="seconds")
        appointment = Appointment(
            appointment_id=rules.new_appointment_id(),
            user_id=patient.user_id,
            doctor_id=doctor.doctor_id,
            date=day.isoformat(),
            time=hhmm,
            status=AppointmentStatus.BOOKED,
            created_at=created_at,
            doctor_name=doctor.name,
            specialization=doctor.specialization,
        )
        notification = appointment_notification(
            NotificationEvent.BOOKED, appointment, patient, created_at
        )
        # Read back if the answer is lost: the patient is told what is stored.
        booked = outcomes.book(self._appointments, appointment, notification)
        self._audit.record(
            "booking",
            actor_user_id=actor_user_id or patient.user_id,
            appointment_id=booked.appointment_id,
            user_id=booked.user_id,
            doctor_id=booked.doctor_id,
        )
        self._deliver_later(partial(self._notifications.deliver, notification))
        return booked

    def cancel(self, session: Session, appointment_id: str) -> Appointment:
        # Ours are upper case and often typed in lower case; the seed app's are lower-case
        # UUIDs. Try the number as given, then as ours would be written.
        wanted = appointment_id.strip()
        appointment = self._appointments.get_appointment(wanted) or (
            self._appointments.get_appointment(wanted.upper()) if wanted != wanted.upper() else None
        )
        if appointment is None or not (
            session.is_staff or appointment.user_id == session.user.user_id
        ):
            # A patient probing someone else's number learns nothing about it.
            raise AppointmentNotFound()
        if appointment.status is AppointmentStatus.CANCELLED:
            raise AlreadyCancelled()
        if appointment.status is not AppointmentStatus.BOOKED:
            raise StatusChangeRefused("visit_cannot_be_cancelled")
        patient = self._users.get_user(appointment.user_id) or session.user
        now = self._clock().isoformat(timespec="seconds")
        notification = appointment_notification(
            NotificationEvent.CANCELLED, appointment, patient, now
        )
        cancelled = outcomes.cancel(self._appointments, appointment, now, notification)
        self._audit.record(
            "cancellation",
            actor_user_id=session.user.user_id,
            appointment_id=cancelled.appointment_id,
            user_id=cancelled.user_id,
            doctor_id=cancelled.doctor_id,
        )
        self._deliver_later(partial(self._notifications.deliver, notification))
        return cancelled

    # -- history ---------------------------------------------------------------------------
    def history(self, session: Session, user_id: str | None = None) -> History:
        user_id = user_id or session.user.user_id
        if user_id != session.user.user_id and not session.is_staff:
            raise PermissionDenied()
        now_key = self._clock().strftime("%Y-%m-%d %H:%M")
        items = self._with_doctor_names(self._appointments.appointments_for_user(user_id))
        upcoming = sorted(
            (
                a
                for a in items
                if a.status is AppointmentStatus.BOOKED and a.starts_at_key > now_key
            ),
            key=lambda a: a.starts_at_key,
        )
        chosen = {a.appointment_id for a in upcoming}
        past = sorted(
            (a for a in items if a.appointment_id not in chosen),
            key=lambda a: a.starts_at_key,
            reverse=True,
        )
        return History(upcoming, past)

    def _with_doctor_names(self, items: list[Appointment]) -> list[Appointment]:
        """Appointments written by the seed web app carry no doctor name; look it up."""
        if all(a.doctor_name for a in items):
            return items
        doctors = {d.doctor_id: d for d in self.list_doctors()}
        named = []
        for a in items:
            doctor = doctors.get(a.doctor_id)
            if not a.doctor_name and doctor is not None:
                a = replace(a, doctor_name=doctor.name, specialization=doctor.specialization)
            named.append(a)
        return named
