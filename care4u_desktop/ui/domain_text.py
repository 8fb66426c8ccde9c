"""Error codes in the patient's language.

The domain and the services raise a stable code with its parameters (see
``domain/errors.py``); here each code has its words, marked for Qt's translation tools
(context ``DomainMessages``) and filled with its parameters at show time: a count through
``%n`` (Qt picks the plural form), a date through ``QLocale``, a weekday by its own
translated phrase. Nothing here reads the English message: a code without words here is
shown as its error class's default code's words, and a test fails for it first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale, QObject

from ..domain.errors import DomainError, Reason, ValidationErrors
from ..domain.params import Param
from .formatting import QT_TRANSLATE_NOOP, fill, long_date

_NOT_RESPONDING = QT_TRANSLATE_NOOP(
    "DomainMessages",
    "The booking system is not responding right now. "
    "Please try again in a moment or ask at reception.",
)

# Code -> its words; ``%1``, ``%2`` are the parameters named in ``ARGUMENTS``. (A code
# whose words hold a count is in ``PLURALS`` instead.)
TEXTS: Mapping[str, str] = {
    "unexpected": QT_TRANSLATE_NOOP("DomainMessages", "Something went wrong. Please try again."),
    "invalid": QT_TRANSLATE_NOOP("DomainMessages", "Something went wrong. Please try again."),
    "conflict": QT_TRANSLATE_NOOP("DomainMessages", "Something went wrong. Please try again."),
    "email_already_registered": QT_TRANSLATE_NOOP(
        "DomainMessages", "That email is already registered. Log in instead?"
    ),
    "invalid_credentials": QT_TRANSLATE_NOOP(
        "DomainMessages", "That email and password do not match. Please try again."
    ),
    "account_locked": QT_TRANSLATE_NOOP(
        "DomainMessages", "Too many failed attempts. Please wait 15 minutes or ask at reception."
    ),
    "try_again_later": QT_TRANSLATE_NOOP(
        "DomainMessages", "Please wait a moment before trying again."
    ),
    "user_not_found": QT_TRANSLATE_NOOP("DomainMessages", "No account uses that email."),
    "email_missing": QT_TRANSLATE_NOOP("DomainMessages", "Please enter your email address."),
    "email_hidden_character": QT_TRANSLATE_NOOP(
        "DomainMessages", "That email contains a hidden character. Please type it again."
    ),
    "email_malformed": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "That does not look like an email address (for example name@example.com).",
    ),
    "name_missing": QT_TRANSLATE_NOOP("DomainMessages", "Please enter your full name."),
    "name_hidden_character": QT_TRANSLATE_NOOP(
        "DomainMessages", "Your name contains a hidden character. Please type it again."
    ),
    "name_not_letters": QT_TRANSLATE_NOOP(
        "DomainMessages", "Please enter your name using letters only."
    ),
    "phone_missing": QT_TRANSLATE_NOOP("DomainMessages", "Please enter a phone number."),
    "phone_not_digits": QT_TRANSLATE_NOOP(
        "DomainMessages", "A phone number has digits only, like 555 123 4567."
    ),
    "phone_length": QT_TRANSLATE_NOOP("DomainMessages", "A phone number has 7 to 15 digits."),
    "passwords_differ": QT_TRANSLATE_NOOP("DomainMessages", "The two passwords are not the same."),
    "time_malformed": QT_TRANSLATE_NOOP(
        "DomainMessages", "A time is written HH:MM, for example 09:30."
    ),
    "date_malformed": QT_TRANSLATE_NOOP(
        "DomainMessages", "A date is written YYYY-MM-DD, for example 2026-01-15."
    ),
    "doctor_record_missing": QT_TRANSLATE_NOOP(
        "DomainMessages", "A doctor record is missing '%1'."
    ),
    "doctor_record_malformed": QT_TRANSLATE_NOOP(
        "DomainMessages", "A doctor record has a malformed slot or working day."
    ),
    "doctor_needs_identity": QT_TRANSLATE_NOOP(
        "DomainMessages", "A doctor needs an id, a name and a specialization."
    ),
    "working_days_range": QT_TRANSLATE_NOOP(
        "DomainMessages", "Working days are numbered 1 (Monday) to 7 (Sunday)."
    ),
    "doctor_needs_times": QT_TRANSLATE_NOOP(
        "DomainMessages", "A doctor needs at least one appointment time."
    ),
    "slot_taken": QT_TRANSLATE_NOOP(
        "DomainMessages", "This time slot has just been booked. Please choose another."
    ),
    "patient_already_booked": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "You already have an appointment at that time. Please choose another time.",
    ),
    "already_cancelled": QT_TRANSLATE_NOOP(
        "DomainMessages", "This appointment has already been cancelled."
    ),
    "status_change_refused": QT_TRANSLATE_NOOP(
        "DomainMessages", "This appointment can no longer be changed."
    ),
    "visit_cannot_be_cancelled": QT_TRANSLATE_NOOP(
        "DomainMessages", "A checked-in or missed appointment cannot be cancelled."
    ),
    "staff_mark_only": QT_TRANSLATE_NOOP(
        "DomainMessages", "Staff can mark an appointment checked in or no-show."
    ),
    "check_in_on_the_day": QT_TRANSLATE_NOOP(
        "DomainMessages", "A patient can only be checked in on the day."
    ),
    "no_show_before_start": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "A patient can be marked as a no-show only from the appointment's start time (%1).",
    ),
    "slot_not_bookable": QT_TRANSLATE_NOOP(
        "DomainMessages", "That time cannot be booked. Please choose another."
    ),
    "no_such_time": QT_TRANSLATE_NOOP(
        "DomainMessages", "%1 has no appointment at %2. Please choose another."
    ),
    "time_passed": QT_TRANSLATE_NOOP(
        "DomainMessages", "That time has already passed. Please choose a later one."
    ),
    "day_passed": QT_TRANSLATE_NOOP("DomainMessages", "That day has passed."),
    "doctor_away": QT_TRANSLATE_NOOP(
        "DomainMessages", "%1 is away on that day. Please choose another day."
    ),
    "not_working_day": QT_TRANSLATE_NOOP("DomainMessages", "%1 does not see patients %2."),
    "not_found": QT_TRANSLATE_NOOP(
        "DomainMessages", "We could not find that. Please go back and try again."
    ),
    "doctor_not_found": QT_TRANSLATE_NOOP(
        "DomainMessages", "That doctor is no longer listed. Please choose another."
    ),
    "appointment_not_found": QT_TRANSLATE_NOOP(
        "DomainMessages", "We could not find that appointment."
    ),
    "patient_not_registered": QT_TRANSLATE_NOOP(
        "DomainMessages", "That patient is no longer registered."
    ),
    "permission_denied": QT_TRANSLATE_NOOP("DomainMessages", "You are not allowed to do that."),
    "staff_only": QT_TRANSLATE_NOOP("DomainMessages", "This is for reception staff only."),
    "admin_only": QT_TRANSLATE_NOOP(
        "DomainMessages", "Only an administrator can change the doctor list."
    ),
    "desk_device_only": QT_TRANSLATE_NOOP(
        "DomainMessages", "This can only be done at a reception desk."
    ),
    "not_authenticated": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "This machine could not sign in to the booking system. Please ask at reception.",
    ),
    "device_not_enrolled": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "This machine is not enrolled with the booking system. Please ask at reception.",
    ),
    "session_ended": QT_TRANSLATE_NOOP(
        "DomainMessages", "Your session has ended. Please log in again."
    ),
    "device_not_found": QT_TRANSLATE_NOOP("DomainMessages", "No device has that id."),
    "service_unavailable": _NOT_RESPONDING,
    # The detail is the operator's (a table name, an AWS error code): the CLI prints it,
    # a patient reads that the system is not responding.
    "backend_failed": _NOT_RESPONDING,
    "data_dir_unusable": QT_TRANSLATE_NOOP(
        "DomainMessages", "Cannot use the data directory %1: %2."
    ),
    "store_too_new": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "This data file was written by a newer Care4U (schema %1); please upgrade.",
    ),
    "not_stored": _NOT_RESPONDING,
    "booking_not_made": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "The booking system is not responding right now. Your appointment was not booked. "
        "Please try again in a moment or ask at reception.",
    ),
    "cancel_not_made": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "The booking system is not responding right now. Your appointment was not cancelled "
        "and is still booked. Please try again in a moment or ask at reception.",
    ),
    "sign_up_not_made": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "The booking system is not responding right now. Your account was not created. "
        "Please try again in a moment or ask at reception.",
    ),
    "outcome_unknown": _NOT_RESPONDING,
    "booking_unconfirmed": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "We could not confirm your booking. Please check My appointments or ask at reception.",
    ),
    "cancel_unconfirmed": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "We could not confirm that your appointment was cancelled. "
        "Please check My appointments or ask at reception.",
    ),
    "sign_up_unconfirmed": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "We could not confirm that your account was created. "
        "Please try to log in in a moment or ask at reception.",
    ),
    "print_failed": QT_TRANSLATE_NOOP(
        "DomainMessages", "The slip could not be printed. Your appointment is still booked."
    ),
}

# Code -> the parameters that fill ``%1``, ``%2``...; ``weekday`` is the weekday of the
# ``day`` parameter, as a phrase ("on Tuesdays").
ARGUMENTS: Mapping[str, tuple[str, ...]] = {
    "doctor_record_missing": ("key",),
    "no_such_time": ("doctor", "time"),
    "no_show_before_start": ("time",),
    "doctor_away": ("doctor",),
    "not_working_day": ("doctor", "weekday"),
    "data_dir_unusable": ("path", "reason"),
    "store_too_new": ("version",),
}


class DomainMessages(QObject):
    """The words with a count in them. ``self.tr`` with a count is the one form lupdate
    marks plural ("numerus"); the class's name is the catalogue's context."""

    def password_too_short(self, n: int) -> str:
        return self.tr("Your password needs at least %n character(s).", "", n)

    def beyond_horizon(self, n: int) -> str:
        return self.tr("Appointments can be booked up to %n day(s) ahead.", "", n)


_plurals = DomainMessages()

# Code -> (its count parameter, its words for that count).
PLURALS: Mapping[str, tuple[str, Callable[[int], str]]] = {
    "password_too_short": ("min_length", _plurals.password_too_short),
    "beyond_horizon": ("days", _plurals.beyond_horizon),
}

_WEEKDAYS_PLURAL = (
    QT_TRANSLATE_NOOP("DomainMessages", "on Mondays"),
    QT_TRANSLATE_NOOP("DomainMessages", "on Tuesdays"),
    QT_TRANSLATE_NOOP("DomainMessages", "on Wednesdays"),
    QT_TRANSLATE_NOOP("DomainMessages", "on Thursdays"),
    QT_TRANSLATE_NOOP("DomainMessages", "on Fridays"),
    QT_TRANSLATE_NOOP("DomainMessages", "on Saturdays"),
    QT_TRANSLATE_NOOP("DomainMessages", "on Sundays"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DomainMessages", text)


def _argument(name: str, params: Mapping[str, Param]) -> str:
    if name == "weekday":
        day = params["day"]
        assert isinstance(day, date)
        return _tr(_WEEKDAYS_PLURAL[day.weekday()])
    value = params[name]
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, int):
        return QLocale().toString(value)
    return value


def code_text(code: str, params: Mapping[str, Param]) -> str | None:
    """``code``'s words in the current language with ``params`` filled in, or None if
    this table has none for it."""
    if code in PLURALS:
        name, words = PLURALS[code]
        count = params[name]
        assert isinstance(count, int)
        return words(count)
    template = TEXTS.get(code)
    if template is None:
        return None
    return fill(_tr(template), *(_argument(name, params) for name in ARGUMENTS.get(code, ())))


def reason_text(reason: Reason) -> str:
    """Why a day is closed, or one field's problem."""
    return code_text(reason.code, reason.params) or _tr(TEXTS["unexpected"])


def error_text(error: DomainError) -> str:
    """What to show the patient for ``error``: its code's words, else its class's (or a
    parent's) default code's words."""
    known = code_text(error.code, error.params)
    if known is not None:
        return known
    for cls in type(error).__mro__:
        if isinstance(cls, type) and issubclass(cls, DomainError):
            known = code_text(cls.codes[0], {})
            if known is not None:
                return known
    return _tr(TEXTS["unexpected"])


def field_errors(error: DomainError) -> dict[str, str]:
    """Field name -> translated words, for errors that belong beside inputs."""
    if isinstance(error, ValidationErrors):
        return {key: reason_text(reason) for key, reason in error.errors.items()}
    if error.field is not None:
        return {str(error.field): error_text(error)}
    return {}
