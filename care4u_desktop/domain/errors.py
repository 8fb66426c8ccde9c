"""Every rule failure is one of these: a stable code and its parameters.

The code (``slot_taken``, ``doctor_away``...) is what the front ends look their words up
by: the UI in ``ui/domain_text.py`` (translated with Qt's ``tr``), the CLI through
``domain/english.py``. No message text is ever parsed. ``codes`` lists every code a class
may carry, the first being its default; a test checks each has its English and Spanish
words. Codes are part of the boundary (an HTTP API will return them): rename none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Self

from .english import english
from .params import Param

_NO_PARAMS: Mapping[str, Param] = MappingProxyType({})


@dataclass(frozen=True)
class Reason:
    """A code and its parameters, without an exception around it: why a day is closed,
    or one field's problem among several (``ValidationErrors``)."""

    code: str
    params: Mapping[str, Param] = field(default_factory=lambda: _NO_PARAMS)

    @property
    def message(self) -> str:
        """The English words, for logs and the CLI (the UI has its own, translated)."""
        return english(self.code, self.params)


class DomainError(Exception):
    """A rule was broken: ``code`` says which, ``params`` carry the values it names."""

    #: Every code this class may carry; the first is the one it has when none is given.
    codes: ClassVar[tuple[str, ...]] = ("unexpected",)
    #: Which input the error belongs to ("email", "password", ...), or None for a banner.
    field: str | None = None

    def __init__(
        self, code: str | None = None, /, *, field: str | None = None, **params: Param
    ) -> None:
        code = code or type(self).codes[0]
        if code not in type(self).codes:  # a code nobody has words for: a programming slip
            raise ValueError(f"{type(self).__name__} does not carry the code {code!r}")
        self.code = code
        self.params: Mapping[str, Param] = MappingProxyType(dict(params))
        if field is not None:
            self.field = field
        super().__init__(self.message)

    @classmethod
    def because(cls, reason: Reason, *, field: str | None = None) -> Self:
        """The error carrying ``reason``'s code and parameters."""
        params: dict[str, Any] = dict(reason.params)
        return cls(reason.code, field=field, **params)

    @property
    def reason(self) -> Reason:
        return Reason(self.code, self.params)

    @property
    def message(self) -> str:
        """The English words, for logs and the CLI (the UI has its own, translated)."""
        return english(self.code, self.params)


class ValidationError(DomainError):
    """Input that can never be accepted as typed."""

    codes: ClassVar[tuple[str, ...]] = (
        "invalid",
        "email_missing",
        "email_hidden_character",
        "email_malformed",
        "name_missing",
        "name_hidden_character",
        "name_not_letters",
        "phone_missing",
        "phone_not_digits",
        "phone_length",
        "password_too_short",
        "passwords_differ",
        "time_malformed",
        "date_malformed",
        "doctor_record_missing",
        "doctor_record_malformed",
        "doctor_needs_identity",
        "working_days_range",
        "doctor_needs_times",
    )


class ValidationErrors(ValidationError):
    """Several fields are wrong at once; ``errors`` maps field to its code and parameters.

    The error itself carries the first field's code, so a banner has something to say."""

    def __init__(self, errors: Mapping[str, Reason]) -> None:
        self.errors: dict[str, Reason] = dict(errors)
        first_field, first = next(iter(self.errors.items()))
        super().__init__(first.code, field=first_field, **first.params)


class Conflict(DomainError):
    """The input was fine, but the stored state forbids it right now."""

    codes: ClassVar[tuple[str, ...]] = ("conflict",)


class EmailAlreadyRegistered(Conflict):
    codes: ClassVar[tuple[str, ...]] = ("email_already_registered",)
    field = "email"


class SlotTaken(Conflict):
    codes: ClassVar[tuple[str, ...]] = ("slot_taken",)


class PatientAlreadyBooked(Conflict):
    codes: ClassVar[tuple[str, ...]] = ("patient_already_booked",)


class AlreadyCancelled(Conflict):
    codes: ClassVar[tuple[str, ...]] = ("already_cancelled",)


class StatusChangeRefused(Conflict):
    codes: ClassVar[tuple[str, ...]] = (
        "status_change_refused",
        "visit_cannot_be_cancelled",
        "staff_mark_only",
        "check_in_on_the_day",
        "no_show_before_start",
    )


#: Why a whole day cannot be booked (``rules.closed_reason``); a booking on such a day is
#: refused with a ``SlotNotBookable`` of the same code.
CLOSED_DAY_CODES = ("day_passed", "beyond_horizon", "doctor_away", "not_working_day")


class SlotNotBookable(ValidationError):
    codes: ClassVar[tuple[str, ...]] = (
        "slot_not_bookable",
        *CLOSED_DAY_CODES,
        "no_such_time",
        "time_passed",
    )


class InvalidCredentials(DomainError):
    codes: ClassVar[tuple[str, ...]] = ("invalid_credentials",)
    field = "password"


class AccountLocked(DomainError):
    codes: ClassVar[tuple[str, ...]] = ("account_locked",)


class TryAgainLater(DomainError):
    """Refused unchecked: this place waits a while after failed attempts (``seconds``)."""

    codes: ClassVar[tuple[str, ...]] = ("try_again_later",)

    def __init__(self, seconds: int = 1) -> None:
        self.seconds = seconds
        super().__init__(seconds=seconds)


class NotFound(DomainError):
    codes: ClassVar[tuple[str, ...]] = ("not_found",)


class DoctorNotFound(NotFound):
    codes: ClassVar[tuple[str, ...]] = ("doctor_not_found",)


class AppointmentNotFound(NotFound):
    codes: ClassVar[tuple[str, ...]] = ("appointment_not_found", "patient_not_registered")


class UserNotFound(NotFound):
    codes: ClassVar[tuple[str, ...]] = ("user_not_found",)


class DeviceNotFound(NotFound):
    codes: ClassVar[tuple[str, ...]] = ("device_not_found",)


class PermissionDenied(DomainError):
    codes: ClassVar[tuple[str, ...]] = (
        "permission_denied",
        "staff_only",
        "admin_only",
        #: Staff use cases are refused on a kiosk device, whoever is signed in.
        "desk_device_only",
    )


class NotAuthenticated(DomainError):
    """The server does not know who is asking (HTTP 401): the device's token is missing,
    made up or revoked, or the session is over (logged out, idle, end of shift)."""

    codes: ClassVar[tuple[str, ...]] = ("not_authenticated", "device_not_enrolled", "session_ended")


class ServiceUnavailable(DomainError):
    """The store or the notifier cannot be reached.

    It says nothing about what was stored: a write whose answer was lost may well have
    been carried out. The services read back after a failed write and answer with one of
    the subclasses below, which do say. ``backend_failed`` carries an operator's note
    (``detail``: a table, an AWS error code) that the CLI prints and a patient never reads.
    """

    codes: ClassVar[tuple[str, ...]] = (
        "service_unavailable",
        "backend_failed",
        "data_dir_unusable",
        "store_too_new",
    )


class NotStored(ServiceUnavailable):
    """A write failed, and reading back showed it was not carried out."""

    codes: ClassVar[tuple[str, ...]] = ("not_stored",)


class BookingNotMade(NotStored):
    codes: ClassVar[tuple[str, ...]] = ("booking_not_made",)


class CancelNotMade(NotStored):
    codes: ClassVar[tuple[str, ...]] = ("cancel_not_made",)


class SignUpNotMade(NotStored):
    codes: ClassVar[tuple[str, ...]] = ("sign_up_not_made",)


class OutcomeUnknown(ServiceUnavailable):
    """A write failed and nothing could be read back: it may or may not have been stored."""

    codes: ClassVar[tuple[str, ...]] = ("outcome_unknown",)


class BookingUnconfirmed(OutcomeUnknown):
    codes: ClassVar[tuple[str, ...]] = ("booking_unconfirmed",)


class CancelUnconfirmed(OutcomeUnknown):
    codes: ClassVar[tuple[str, ...]] = ("cancel_unconfirmed",)


class SignUpUnconfirmed(OutcomeUnknown):
    codes: ClassVar[tuple[str, ...]] = ("sign_up_unconfirmed",)


def all_codes() -> dict[str, type[DomainError]]:
    """Every code any ``DomainError`` subclass defined so far may carry -> the first class
    that declares it (import the UI's modules first to include their errors)."""
    found: dict[str, type[DomainError]] = {}
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop(0)
        for code in cls.codes:
            found.setdefault(code, cls)
        pending.extend(cls.__subclasses__())
    return found
