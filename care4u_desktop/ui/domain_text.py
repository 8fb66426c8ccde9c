"""Domain messages in the patient's language.

The domain writes its messages in English and knows nothing of Qt. Here each message
it can produce is listed for Qt's translation tools (context ``DomainMessages``), and
the few with a value in them (a doctor's name, a number of days) are matched by pattern
and rebuilt from a translated template. A message this table does not know (say, a new
rule added since) is shown as its error class's translated default message, so a
patient never reads a half-English screen; in English it is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from ..domain.errors import DomainError, ValidationErrors
from .formatting import QT_TRANSLATE_NOOP, fill
from .i18n import SOURCE_LANGUAGE, current_language

KNOWN_MESSAGES: frozenset[str] = frozenset(
    [
        # domain/errors.py default messages
        QT_TRANSLATE_NOOP("DomainMessages", "Something went wrong. Please try again."),
        QT_TRANSLATE_NOOP("DomainMessages", "That email is already registered. Log in instead?"),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "This time slot has just been booked. Please choose another."
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "You already have an appointment at that time. Please choose another time.",
        ),
        QT_TRANSLATE_NOOP("DomainMessages", "This appointment has already been cancelled."),
        QT_TRANSLATE_NOOP("DomainMessages", "This appointment can no longer be changed."),
        QT_TRANSLATE_NOOP("DomainMessages", "That time cannot be booked. Please choose another."),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "That email and password do not match. Please try again."
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "Too many failed attempts. Please wait 15 minutes or ask at reception.",
        ),
        QT_TRANSLATE_NOOP("DomainMessages", "Please wait a moment before trying again."),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "We could not find that. Please go back and try again."
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "That doctor is no longer listed. Please choose another."
        ),
        QT_TRANSLATE_NOOP("DomainMessages", "We could not find that appointment."),
        QT_TRANSLATE_NOOP("DomainMessages", "No account uses that email."),
        QT_TRANSLATE_NOOP("DomainMessages", "You are not allowed to do that."),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "The booking system is not responding right now. "
            "Please try again in a moment or ask at reception.",
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "The booking system is not responding right now. Your appointment was not booked. "
            "Please try again in a moment or ask at reception.",
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "The booking system is not responding right now. Your appointment was not cancelled "
            "and is still booked. Please try again in a moment or ask at reception.",
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "The booking system is not responding right now. Your account was not created. "
            "Please try again in a moment or ask at reception.",
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "We could not confirm your booking. Please check My appointments or ask at reception.",
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "We could not confirm that your appointment was cancelled. "
            "Please check My appointments or ask at reception.",
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "We could not confirm that your account was created. "
            "Please try to log in in a moment or ask at reception.",
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "A checked-in or missed appointment cannot be cancelled."
        ),
        # ui/slip.py
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "The slip could not be printed. Your appointment is still booked.",
        ),
        # domain/rules.py
        QT_TRANSLATE_NOOP("DomainMessages", "Please enter your email address."),
        QT_TRANSLATE_NOOP(
            "DomainMessages",
            "That does not look like an email address (for example name@example.com).",
        ),
        QT_TRANSLATE_NOOP("DomainMessages", "Please enter your full name."),
        QT_TRANSLATE_NOOP("DomainMessages", "Please enter your name using letters only."),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "Your name contains a hidden character. Please type it again."
        ),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "That email contains a hidden character. Please type it again."
        ),
        QT_TRANSLATE_NOOP("DomainMessages", "Please enter a phone number."),
        QT_TRANSLATE_NOOP("DomainMessages", "A phone number has digits only, like 555 123 4567."),
        QT_TRANSLATE_NOOP("DomainMessages", "A phone number has 7 to 15 digits."),
        QT_TRANSLATE_NOOP("DomainMessages", "The two passwords are not the same."),
        QT_TRANSLATE_NOOP("DomainMessages", "A time is written HH:MM, for example 09:30."),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "A date is written YYYY-MM-DD, for example 2026-01-15."
        ),
        QT_TRANSLATE_NOOP("DomainMessages", "That day has passed."),
        QT_TRANSLATE_NOOP(
            "DomainMessages", "That time has already passed. Please choose a later one."
        ),
    ]
)

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
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


def _password_length(m: re.Match[str]) -> str:
    return fill(
        QCoreApplication.translate("DomainMessages", "Your password needs at least %1 characters."),
        m["n"],
    )


def _horizon(m: re.Match[str]) -> str:
    return fill(
        QCoreApplication.translate(
            "DomainMessages", "Appointments can be booked up to %1 days ahead."
        ),
        m["n"],
    )


def _away(m: re.Match[str]) -> str:
    return fill(
        QCoreApplication.translate(
            "DomainMessages", "%1 is away on that day. Please choose another day."
        ),
        m["name"],
    )


def _not_working(m: re.Match[str]) -> str:
    weekday = _tr(_WEEKDAYS_PLURAL[_WEEKDAYS_EN.index(m["day"])])
    return fill(
        QCoreApplication.translate("DomainMessages", "%1 does not see patients %2."),
        m["name"],
        weekday,
    )


def _no_such_slot(m: re.Match[str]) -> str:
    return fill(
        QCoreApplication.translate(
            "DomainMessages", "%1 has no appointment at %2. Please choose another."
        ),
        m["name"],
        m["time"],
    )


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"Your password needs at least (?P<n>\d+) characters\."), _password_length),
    (re.compile(r"Appointments can be booked up to (?P<n>\d+) days ahead\."), _horizon),
    (re.compile(r"(?P<name>.+) is away on that day\. Please choose another day\."), _away),
    (
        re.compile(
            r"(?P<name>.+) does not see patients on "
            r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s\."
        ),
        _not_working,
    ),
    (
        re.compile(
            r"(?P<name>.+) has no appointment at (?P<time>\d\d:\d\d)\. Please choose another\."
        ),
        _no_such_slot,
    ),
)


def known_text(message: str) -> str | None:
    """The message in the current language, or None if this table does not know it."""
    if message in KNOWN_MESSAGES:
        return _tr(message)
    for pattern, rebuild in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return rebuild(match)
    return None


def _class_default(error_type: type[DomainError]) -> str:
    for cls in error_type.__mro__:
        if isinstance(cls, type) and issubclass(cls, DomainError):
            known = known_text(cls.default_message)
            if known is not None:
                return known
    return _tr(DomainError.default_message)


def message_text(message: str, error_type: type[DomainError] = DomainError) -> str:
    known = known_text(message)
    if known is not None:
        return known
    if current_language() == SOURCE_LANGUAGE:
        return message  # the domain's own words are right in English
    return _class_default(error_type)


def error_text(error: DomainError) -> str:
    """What to show the patient for ``error``."""
    return message_text(error.message, type(error))


def field_errors(error: DomainError) -> dict[str, str]:
    """Field name -> translated message, for errors that belong beside inputs."""
    if isinstance(error, ValidationErrors):
        return {key: message_text(msg, type(error)) for key, msg in error.errors.items()}
    if error.field is not None:
        return {str(error.field): error_text(error)}
    return {}
