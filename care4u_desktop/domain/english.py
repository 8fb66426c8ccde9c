"""The English words of every error code: for logs, the CLI and English fallbacks.

The front ends choose their own words by code (the UI through Qt's ``tr``, see
``ui/domain_text.py``); this table is the one English catalogue below the UI, so that
``DomainError.message`` and the operator's terminal say the same thing. A template names
its parameters (``{doctor}``); a date parameter ``day`` also offers ``{day_weekday}``
("Tuesday"). A ``Plural`` picks its form by one integer parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .params import Param


@dataclass(frozen=True)
class Plural:
    count: str
    one: str
    other: str


_NOT_RESPONDING = (
    "The booking system is not responding right now. "
    "Please try again in a moment or ask at reception."
)

ENGLISH: Mapping[str, str | Plural] = {
    "unexpected": "Something went wrong. Please try again.",
    "invalid": "Something went wrong. Please try again.",
    "conflict": "Something went wrong. Please try again.",
    # accounts
    "email_already_registered": "That email is already registered. Log in instead?",
    "invalid_credentials": "That email and password do not match. Please try again.",
    "account_locked": "Too many failed attempts. Please wait 15 minutes or ask at reception.",
    "try_again_later": "Please wait a moment before trying again.",
    "user_not_found": "No account uses that email.",
    # what was typed
    "email_missing": "Please enter your email address.",
    "email_hidden_character": "That email contains a hidden character. Please type it again.",
    "email_malformed": ("That does not look like an email address (for example name@example.com)."),
    "name_missing": "Please enter your full name.",
    "name_hidden_character": "Your name contains a hidden character. Please type it again.",
    "name_not_letters": "Please enter your name using letters only.",
    "phone_missing": "Please enter a phone number.",
    "phone_not_digits": "A phone number has digits only, like 555 123 4567.",
    "phone_length": "A phone number has 7 to 15 digits.",
    "password_too_short": Plural(
        "min_length",
        "Your password needs at least {min_length} character.",
        "Your password needs at least {min_length} characters.",
    ),
    "passwords_differ": "The two passwords are not the same.",
    "time_malformed": "A time is written HH:MM, for example 09:30.",
    "date_malformed": "A date is written YYYY-MM-DD, for example 2026-01-15.",
    # doctor records (files, the admin screen)
    "doctor_record_missing": "A doctor record is missing '{key}'.",
    "doctor_record_malformed": "A doctor record has a malformed slot or working day.",
    "doctor_needs_identity": "A doctor needs an id, a name and a specialization.",
    "working_days_range": "Working days are numbered 1 (Monday) to 7 (Sunday).",
    "doctor_needs_times": "A doctor needs at least one appointment time.",
    # booking
    "slot_taken": "This time slot has just been booked. Please choose another.",
    "patient_already_booked": (
        "You already have an appointment at that time. Please choose another time."
    ),
    "already_cancelled": "This appointment has already been cancelled.",
    "status_change_refused": "This appointment can no longer be changed.",
    "visit_cannot_be_cancelled": "A checked-in or missed appointment cannot be cancelled.",
    "staff_mark_only": "Staff can mark an appointment checked in or no-show.",
    "check_in_on_the_day": "A patient can only be checked in on the day.",
    "no_show_before_start": (
        "A patient can be marked as a no-show only from the appointment's start time ({time})."
    ),
    "slot_not_bookable": "That time cannot be booked. Please choose another.",
    "no_such_time": "{doctor} has no appointment at {time}. Please choose another.",
    "time_passed": "That time has already passed. Please choose a later one.",
    # a closed day (DayAvailability.closed_reason, or SlotNotBookable when booking)
    "day_passed": "That day has passed.",
    "beyond_horizon": Plural(
        "days",
        "Appointments can be booked up to {days} day ahead.",
        "Appointments can be booked up to {days} days ahead.",
    ),
    "doctor_away": "{doctor} is away on that day. Please choose another day.",
    "not_working_day": "{doctor} does not see patients on {day_weekday}s.",
    # finding things
    "not_found": "We could not find that. Please go back and try again.",
    "doctor_not_found": "That doctor is no longer listed. Please choose another.",
    "appointment_not_found": "We could not find that appointment.",
    "patient_not_registered": "That patient is no longer registered.",
    # roles
    "permission_denied": "You are not allowed to do that.",
    "staff_only": "This is for reception staff only.",
    "admin_only": "Only an administrator can change the doctor list.",
    "desk_device_only": "This can only be done at a reception desk.",
    "not_authenticated": (
        "This machine could not sign in to the booking system. Please ask at reception."
    ),
    "device_not_enrolled": (
        "This machine is not enrolled with the booking system. Please ask at reception."
    ),
    "session_ended": "Your session has ended. Please log in again.",
    "device_not_found": "No device has that id.",
    # the store and the notifier
    "service_unavailable": _NOT_RESPONDING,
    "backend_failed": "{detail}",
    "data_dir_unusable": "Cannot use the data directory {path}: {reason}.",
    "store_too_new": (
        "This data file was written by a newer Care4U (schema {version}); please upgrade."
    ),
    "not_stored": _NOT_RESPONDING,
    "booking_not_made": (
        "The booking system is not responding right now. Your appointment was not booked. "
        "Please try again in a moment or ask at reception."
    ),
    "cancel_not_made": (
        "The booking system is not responding right now. Your appointment was not cancelled "
        "and is still booked. Please try again in a moment or ask at reception."
    ),
    "sign_up_not_made": (
        "The booking system is not responding right now. Your account was not created. "
        "Please try again in a moment or ask at reception."
    ),
    "outcome_unknown": _NOT_RESPONDING,
    "booking_unconfirmed": (
        "We could not confirm your booking. Please check My appointments or ask at reception."
    ),
    "cancel_unconfirmed": (
        "We could not confirm that your appointment was cancelled. "
        "Please check My appointments or ask at reception."
    ),
    "sign_up_unconfirmed": (
        "We could not confirm that your account was created. "
        "Please try to log in in a moment or ask at reception."
    ),
    # the kiosk's printer (ui/slip.py raises it; its words live here with the rest)
    "print_failed": "The slip could not be printed. Your appointment is still booked.",
}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def english(code: str, params: Mapping[str, Param]) -> str:
    """``code``'s English words with ``params`` filled in."""
    template = ENGLISH.get(code, ENGLISH["unexpected"])  # a test checks each has its own
    if isinstance(template, Plural):
        template = template.one if params.get(template.count) == 1 else template.other
    values: dict[str, object] = {}
    for name, value in params.items():
        values[name] = value.isoformat() if isinstance(value, date) else value
        if isinstance(value, date):
            values[f"{name}_weekday"] = _WEEKDAYS[value.weekday()]
    return template.format_map(values)
