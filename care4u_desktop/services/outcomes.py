"""Writes whose answer may be lost: read back before telling anyone what happened.

A store answers ``ServiceUnavailable`` for a write that may still have been carried out:
the commit happened and the answer was lost (a read time-out, a dropped connection, retries
that all lost their answers), or the store refused it before writing anything. The patient
must be told what is stored, so each write here is followed, on that error, by a read of
the ids this service generated:

- stored: the write's own result, as if the answer had arrived;
- surely not stored: ``BookingNotMade`` / ``CancelNotMade`` / ``SignUpNotMade``;
- the read fails too: ``BookingUnconfirmed`` / ``CancelUnconfirmed`` / ``SignUpUnconfirmed``,
  which ask the patient to check, and never claim that nothing changed.

The read-back is a strongly consistent read in every store (SQLite reads its own file;
DynamoDB's ``GetItem`` runs with ``ConsistentRead``), so a committed write is always seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from ..domain.errors import (
    AppointmentNotFound,
    BookingNotMade,
    BookingUnconfirmed,
    CancelNotMade,
    CancelUnconfirmed,
    EmailAlreadyRegistered,
    NotStored,
    OutcomeUnknown,
    ServiceUnavailable,
    SignUpNotMade,
    SignUpUnconfirmed,
    StatusChangeRefused,
)
from ..domain.models import Appointment, AppointmentStatus, Notification, User
from .ports import AppointmentStore, UserStore

log = logging.getLogger(__name__)

T = TypeVar("T")


def confirmed_write(
    what: str,
    write: Callable[[], T],
    read_back: Callable[[], T | None],
    not_stored: type[NotStored],
    unconfirmed: type[OutcomeUnknown],
) -> T:
    """``write()``; if the store cannot answer, ``read_back()`` decides what to say.

    ``read_back`` returns the result the write would have returned if it is stored, None if
    it surely is not, or raises the domain error that describes the state it finds.
    """
    try:
        return write()
    except ServiceUnavailable as lost:
        log.warning("%s: no answer from the store (%s); reading back", what, _cause(lost))
        try:
            stored = read_back()
        except ServiceUnavailable as blind:
            log.warning("%s: the read-back failed too (%s)", what, _cause(blind))
            raise unconfirmed() from lost
        if stored is None:
            raise not_stored() from lost
        log.info("%s: stored after all; the answer had been lost", what)
        return stored


def book(
    appointments: AppointmentStore, appointment: Appointment, notification: Notification
) -> Appointment:
    """Store the booking and its notification; the booking, once it is known to be stored."""

    def write() -> Appointment:
        appointments.book(appointment, notification)
        return appointment

    def read_back() -> Appointment | None:
        found = appointments.get_appointment(appointment.appointment_id)
        # The number is ours only if the rest is too: a store that refused a colliding
        # number (someone else's booking) answers ServiceUnavailable as well.
        return appointment if found is not None and _same_booking(found, appointment) else None

    return confirmed_write("book", write, read_back, BookingNotMade, BookingUnconfirmed)


def cancel(
    appointments: AppointmentStore,
    appointment: Appointment,
    cancelled_at: str,
    notification: Notification,
) -> Appointment:
    """Cancel a booked appointment; the cancelled appointment, once it is known to be so."""

    def write() -> Appointment:
        return appointments.cancel(appointment.appointment_id, cancelled_at, notification)

    def read_back() -> Appointment | None:
        found = appointments.get_appointment(appointment.appointment_id)
        if found is None:
            raise AppointmentNotFound()
        if found.status is AppointmentStatus.CANCELLED:
            return found
        if found.status is AppointmentStatus.BOOKED:
            return None
        raise StatusChangeRefused()  # checked in meanwhile: not cancelled, and cannot be

    return confirmed_write("cancel", write, read_back, CancelNotMade, CancelUnconfirmed)


def add_user(users: UserStore, user: User) -> User:
    """Store a new account; the user, once it is known to be stored."""

    def write() -> User:
        users.add_user(user)
        return user

    def read_back() -> User | None:
        found = users.find_user_by_email(user.email)
        if found is None:
            return None
        if found.user_id != user.user_id:
            raise EmailAlreadyRegistered()  # someone else's account has the email now
        return user

    return confirmed_write("sign_up", write, read_back, SignUpNotMade, SignUpUnconfirmed)


def _same_booking(stored: Appointment, ours: Appointment) -> bool:
    return (stored.user_id, stored.doctor_id, stored.date, stored.time, stored.created_at) == (
        ours.user_id,
        ours.doctor_id,
        ours.date,
        ours.time,
        ours.created_at,
    )


def _cause(error: ServiceUnavailable) -> str:
    """For the log: the kind of failure only (no item, email or key)."""
    return type(error.__cause__ or error).__name__
