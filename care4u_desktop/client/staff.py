"""``StaffDesk`` and ``DoctorAdmin`` over the API (``/v1/staff/``: a desk device and a staff
or admin session; the server checks both on every call)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date

from ..domain import rules
from ..domain.errors import (
    BookingNotMade,
    BookingUnconfirmed,
    CancelNotMade,
    CancelUnconfirmed,
    EmailAlreadyRegistered,
    NotStored,
    OutcomeUnknown,
    SignUpNotMade,
    SignUpUnconfirmed,
    UserNotFound,
)
from ..domain.models import Appointment, AppointmentStatus, Doctor, User
from ..services.accounts import Session
from ..services.free_times import FreeTime
from ..services.staff import DoctorDay
from . import wire
from .booking import cancelled_or_none
from .http import ApiClient, segment
from .outcomes import confirmed_write


class ApiStaffDesk:
    def __init__(self, client: ApiClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        #: Where each appointment seen on a doctor's day is (doctor, date): a change whose
        #: answer is lost is read back from that day.
        self._where: dict[str, tuple[str, date]] = {}

    # -- the desk --------------------------------------------------------------------------
    def doctor_day(self, session: Session, doctor_id: str, day: date) -> DoctorDay:
        path = f"/v1/staff/doctors/{segment(doctor_id)}/days/{day.isoformat()}"
        result = wire.doctor_day_from(self._client.get(path, token=session.token))
        with self._lock:
            for a in result.appointments:
                self._where[a.appointment_id] = (a.doctor_id, day)
        return result

    def next_free(
        self, session: Session, specialization: str, after: FreeTime | None = None
    ) -> FreeTime | None:
        query = {"specialization": specialization}
        if after is not None:
            query |= {
                "after_doctor_id": after.doctor.doctor_id,
                "after_date": after.day.isoformat(),
                "after_time": after.time,
            }
        data = self._client.get("/v1/staff/free-times/next", token=session.token, query=query)
        return wire.next_free_from(data)

    def patient(self, session: Session, user_id: str) -> User | None:
        try:
            data = self._client.get(f"/v1/staff/patients/{segment(user_id)}", token=session.token)
        except UserNotFound:
            return None
        return wire.user_from(data)

    def find_patients(self, session: Session, query: str) -> list[User]:
        data = self._client.get(
            "/v1/staff/patients", token=session.token, query={"query": query.strip()}
        )
        return [wire.user_from(u) for u in data["patients"]]

    def register_walk_in(self, session: Session, name: str, email: str, phone: str) -> User:
        body = {"name": name, "email": email, "phone": phone}

        def write() -> User:
            return wire.user_from(
                self._client.send("POST", "/v1/staff/patients", body, token=session.token)
            )

        def read_back() -> User | None:
            for user in self.find_patients(session, rules.normalise_email(email)):
                if user.name == " ".join(name.split()) or user.name == name.strip():
                    return user
                raise EmailAlreadyRegistered()  # someone else's account has the email
            return None

        return confirmed_write("walk_in", write, read_back, SignUpNotMade, SignUpUnconfirmed)

    def book_for(
        self, session: Session, patient_id: str, doctor_id: str, day: date, hhmm: str
    ) -> Appointment:
        body = {
            "patient_id": patient_id,
            "doctor_id": doctor_id,
            "date": day.isoformat(),
            "time": hhmm.strip(),
        }

        def write() -> Appointment:
            data = self._client.send("POST", "/v1/staff/appointments", body, token=session.token)
            return self._seen(wire.appointment_from(data))

        def read_back() -> Appointment | None:
            for row in self.doctor_day(session, doctor_id, day).rows:
                a = row.appointment
                if (
                    a is not None
                    and a.time == body["time"]
                    and a.user_id == patient_id
                    and a.status is AppointmentStatus.BOOKED
                ):
                    return a
            return None

        return confirmed_write("book_for", write, read_back, BookingNotMade, BookingUnconfirmed)

    def cancel(self, session: Session, appointment_id: str) -> Appointment:
        path = f"/v1/staff/appointments/{segment(appointment_id.strip())}/cancel"
        return confirmed_write(
            "staff_cancel",
            lambda: self._seen(
                wire.appointment_from(self._client.send("POST", path, token=session.token))
            ),
            lambda: self._read_back(session, appointment_id.strip(), AppointmentStatus.CANCELLED),
            CancelNotMade,
            CancelUnconfirmed,
        )

    def mark(self, session: Session, appointment_id: str, status: AppointmentStatus) -> Appointment:
        path = f"/v1/staff/appointments/{segment(appointment_id)}/status"
        body = {"status": status.value}
        return confirmed_write(
            "mark",
            lambda: self._seen(
                wire.appointment_from(self._client.send("POST", path, body, token=session.token))
            ),
            lambda: self._read_back(session, appointment_id, status),
            NotStored,
            OutcomeUnknown,
        )

    def _seen(self, appointment: Appointment) -> Appointment:
        with self._lock:
            self._where[appointment.appointment_id] = (
                appointment.doctor_id,
                date.fromisoformat(appointment.date),
            )
        return appointment

    def _read_back(
        self, session: Session, appointment_id: str, wanted: AppointmentStatus
    ) -> Appointment | None:
        with self._lock:
            where = self._where.get(appointment_id)
        if where is None:  # never shown on a day here: nothing to read it back from
            raise OutcomeUnknown()
        day = self.doctor_day(session, *where)
        return cancelled_or_none(day.appointments, appointment_id, wanted)

    # -- the doctor list (admins) ----------------------------------------------------------
    def doctor_list(self, session: Session) -> list[Doctor]:
        data = self._client.get("/v1/staff/doctors", token=session.token)
        return [wire.doctor_from(d) for d in data["doctors"]]

    def save_doctor(self, session: Session, doctor: Doctor) -> Doctor:
        if not doctor.doctor_id:
            import secrets  # a new doctor's id, as the services would make it
            from dataclasses import replace

            doctor = replace(doctor, doctor_id=f"doc-{secrets.token_hex(4)}")
        path = f"/v1/staff/doctors/{segment(doctor.doctor_id)}"
        return confirmed_write(
            "save_doctor",
            lambda: wire.doctor_from(
                self._client.send("PUT", path, wire.doctor_to(doctor), token=session.token)
            ),
            lambda: self._saved(session, doctor),
            NotStored,
            OutcomeUnknown,
        )

    def _saved(self, session: Session, doctor: Doctor) -> Doctor | None:
        for stored in self.doctor_list(session):
            if stored.doctor_id == doctor.doctor_id:
                return stored if stored == doctor else None
        return None

    def seed_doctors(self, session: Session, doctors: Sequence[Doctor]) -> None:
        body = {"doctors": [wire.doctor_to(d) for d in doctors]}

        def read_back() -> bool | None:
            stored = {d.doctor_id: d for d in self.doctor_list(session)}
            return True if all(stored.get(d.doctor_id) == d for d in doctors) else None

        confirmed_write(
            "seed_doctors",
            lambda: (
                self._client.send("POST", "/v1/staff/doctors/batch", body, token=session.token)
                or True
            ),
            read_back,
            NotStored,
            OutcomeUnknown,
        )
