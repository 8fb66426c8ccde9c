"""The use cases the front ends stand on: one narrow Protocol per purpose.

A screen, a ``care4u-admin`` command and (next) an HTTP API each depend on the protocol
they use, never on the composition root or a concrete service. Arguments and answers are
plain values (``str``, ``date``, the domain's dataclasses, the services' result
dataclasses), and every refusal is a ``DomainError`` with a code and its parameters
(``domain/errors.py``), so each protocol can be served over a wire without a new type.

The concrete services satisfy them: ``_conformance`` below is checked by mypy. This
module is imported by the log-in screen before its first paint, so everything it names
is imported for the type checker only (and defaults are ``...``, not values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from ..domain.models import (
        Appointment,
        AppointmentStatus,
        DayAvailability,
        Doctor,
        DoctorSummary,
        Notification,
        Role,
        User,
    )
    from .accounts import AccountService, Session, SignUpResult
    from .booking import BookingService, History
    from .free_times import FreeTime
    from .jobs import Job, JobResult, JobService, JobsReport
    from .notifications import NotificationService, RetryReport
    from .staff import DoctorDay, StaffService


class Accounts(Protocol):
    """What a kiosk does before there is a session (sign up, log in, the Staff exit), and
    its end (log out)."""

    def sign_up(
        self,
        name: str,
        email: str,
        phone: str,
        password: str,
        confirm_password: str | None = ...,
    ) -> SignUpResult: ...

    def log_in(self, email: str, password: str) -> Session: ...

    def unlock_kiosk(self, email: str, password: str) -> Session: ...

    def log_out(self, session: Session) -> None:
        """The person is done: over the API the server's session ends (later calls with its
        token are refused); in process the sign-out is recorded."""
        ...


class AccountAdmin(Protocol):
    """The operator's accounts (``care4u-admin``): any role, found by email. Kept apart
    from ``Accounts`` so a patient-facing front end cannot create staff."""

    def sign_up(
        self,
        name: str,
        email: str,
        phone: str,
        password: str,
        confirm_password: str | None = ...,
        role: Role = ...,
    ) -> SignUpResult: ...

    def find_by_email(self, email: str) -> User: ...


class Booking(Protocol):
    """A patient's booking: the doctors, a day's times, book, cancel, the history."""

    def list_doctors(self) -> list[Doctor]: ...

    def doctor_summaries(self) -> list[DoctorSummary]: ...

    def bookable_range(self) -> tuple[date, date]:
        """The first and last day that may be booked (from the clock, no I/O)."""
        ...

    def availability(self, doctor_id: str, day: date) -> DayAvailability: ...

    def book(self, patient: User, doctor_id: str, day: date, hhmm: str) -> Appointment: ...

    def cancel(self, session: Session, appointment_id: str) -> Appointment: ...

    def history(self, session: Session, user_id: str | None = ...) -> History: ...


class StaffDesk(Protocol):
    """The reception desk (staff or admin sessions): a doctor's day, the next free time of
    a specialization, patients, booking for them, check-in, no-show, cancel."""

    def doctor_day(self, session: Session, doctor_id: str, day: date) -> DoctorDay: ...

    def next_free(
        self, session: Session, specialization: str, after: FreeTime | None = ...
    ) -> FreeTime | None: ...

    def patient(self, session: Session, user_id: str) -> User | None: ...

    def find_patients(self, session: Session, query: str) -> list[User]: ...

    def register_walk_in(self, session: Session, name: str, email: str, phone: str) -> User: ...

    def book_for(
        self, session: Session, patient_id: str, doctor_id: str, day: date, hhmm: str
    ) -> Appointment: ...

    def cancel(self, session: Session, appointment_id: str) -> Appointment: ...

    def mark(
        self, session: Session, appointment_id: str, status: AppointmentStatus
    ) -> Appointment: ...


class DoctorAdmin(Protocol):
    """The doctor list (admin sessions): read it fresh, save one, seed many (all or none)."""

    def doctor_list(self, session: Session) -> list[Doctor]: ...

    def save_doctor(self, session: Session, doctor: Doctor) -> Doctor: ...

    def seed_doctors(self, session: Session, doctors: Sequence[Doctor]) -> None: ...


class Notifications(Protocol):
    """The outbox: deliver what is still pending, list the recent messages."""

    def retry_pending(self, batch: int = ...) -> RetryReport: ...

    def recent(self, limit: int = ...) -> list[Notification]: ...


class BackgroundJobs(Protocol):
    """The background jobs (the notification retry; reminders later): the kiosk's timer,
    ``care4u-admin jobs`` and a server run what is due, or one job by name."""

    @property
    def jobs(self) -> tuple[Job, ...]: ...

    def run_due(self, now: datetime) -> JobsReport: ...

    def run(self, name: str, now: datetime) -> JobResult: ...


if TYPE_CHECKING:

    def _conformance(
        accounts: AccountService,
        booking: BookingService,
        staff: StaffService,
        notifications: NotificationService,
        jobs: JobService,
    ) -> None:
        """mypy fails here, naming the member, when a service stops satisfying its use case."""
        _accounts: Accounts = accounts
        _account_admin: AccountAdmin = accounts
        _booking: Booking = booking
        _desk: StaffDesk = staff
        _doctor_admin: DoctorAdmin = staff
        _notifications: Notifications = notifications
        _jobs: BackgroundJobs = jobs
