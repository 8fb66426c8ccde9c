"""Every rule failure is one of these, with a message fit to show a patient."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken. ``message`` is written for the person at the kiosk."""

    #: Which input the message belongs to ("email", "password", ...), or None for a banner.
    field: str | None = None
    default_message = "Something went wrong. Please try again."

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        if field is not None:
            self.field = field
        super().__init__(self.message)


class ValidationError(DomainError):
    """Input that can never be accepted as typed."""


class ValidationErrors(ValidationError):
    """Several fields are wrong at once; ``errors`` maps field to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values())), field=next(iter(self.errors)))


class Conflict(DomainError):
    """The input was fine, but the stored state forbids it right now."""


class EmailAlreadyRegistered(Conflict):
    field = "email"
    default_message = "That email is already registered. Log in instead?"


class SlotTaken(Conflict):
    default_message = "This time slot has just been booked. Please choose another."


class PatientAlreadyBooked(Conflict):
    default_message = "You already have an appointment at that time. Please choose another time."


class AlreadyCancelled(Conflict):
    default_message = "This appointment has already been cancelled."


class StatusChangeRefused(Conflict):
    default_message = "This appointment can no longer be changed."


class SlotNotBookable(ValidationError):
    default_message = "That time cannot be booked. Please choose another."


class InvalidCredentials(DomainError):
    field = "password"
    default_message = "That email and password do not match. Please try again."


class AccountLocked(DomainError):
    default_message = "Too many failed attempts. Please wait 15 minutes or ask at reception."


class TryAgainLater(DomainError):
    """Refused unchecked: this place waits a while after failed attempts (``seconds``)."""

    default_message = "Please wait a moment before trying again."

    def __init__(self, seconds: int = 1) -> None:
        self.seconds = seconds
        super().__init__()


class NotFound(DomainError):
    default_message = "We could not find that. Please go back and try again."


class DoctorNotFound(NotFound):
    default_message = "That doctor is no longer listed. Please choose another."


class AppointmentNotFound(NotFound):
    default_message = "We could not find that appointment."


class UserNotFound(NotFound):
    default_message = "No account uses that email."


class PermissionDenied(DomainError):
    default_message = "You are not allowed to do that."


class ServiceUnavailable(DomainError):
    """The store or the notifier cannot be reached.

    It says nothing about what was stored: a write whose answer was lost may well have
    been carried out. The services read back after a failed write and answer with one of
    the subclasses below, which do say.
    """

    default_message = (
        "The booking system is not responding right now. "
        "Please try again in a moment or ask at reception."
    )


class NotStored(ServiceUnavailable):
    """A write failed, and reading back showed it was not carried out."""


class BookingNotMade(NotStored):
    default_message = (
        "The booking system is not responding right now. Your appointment was not booked. "
        "Please try again in a moment or ask at reception."
    )


class CancelNotMade(NotStored):
    default_message = (
        "The booking system is not responding right now. Your appointment was not cancelled "
        "and is still booked. Please try again in a moment or ask at reception."
    )


class SignUpNotMade(NotStored):
    default_message = (
        "The booking system is not responding right now. Your account was not created. "
        "Please try again in a moment or ask at reception."
    )


class OutcomeUnknown(ServiceUnavailable):
    """A write failed and nothing could be read back: it may or may not have been stored."""


class BookingUnconfirmed(OutcomeUnknown):
    default_message = (
        "We could not confirm your booking. Please check My appointments or ask at reception."
    )


class CancelUnconfirmed(OutcomeUnknown):
    default_message = (
        "We could not confirm that your appointment was cancelled. "
        "Please check My appointments or ask at reception."
    )


class SignUpUnconfirmed(OutcomeUnknown):
    default_message = (
        "We could not confirm that your account was created. "
        "Please try to log in in a moment or ask at reception."
    )
