"""Validation and slot rules. Pure functions; no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .errors import Reason, SlotNotBookable, ValidationError, ValidationErrors
from .text import JOINERS, has_hidden, is_hidden

if TYPE_CHECKING:
    from .models import Doctor

MIN_PASSWORD_LENGTH = 8
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
DEFAULT_HORIZON_DAYS = 60

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
MAX_NAME_LENGTH = 100
#: Besides letters, marks and spaces, a name may hold these: apostrophes (' ’ ʼ; ʻ is a
#: letter already), the period of an initial ("J. R. R. Tolkien"), middle dots (Catalan
#: "l·l", the katakana "・" between the parts of a foreign name) and any dash
#: (Unicode Pd: "-", "‐", the Hebrew maqaf "־"...).
_NAME_PUNCTUATION = frozenset("'’ʼ.·・")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Unambiguous when read aloud or typed at reception: no 0/O, 1/I/L.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def normalise_email(email: str) -> str:
    """Trimmed, lower-cased and composed (NFC): "José" typed with a combining accent and
    with a precomposed "é" is one email, so one account."""
    return unicodedata.normalize("NFC", email.strip().lower())


def validate_email(email: str) -> str:
    email = normalise_email(email)
    if not email:
        raise ValidationError("email_missing", field="email")
    if has_hidden(email):
        # Looks like another email on screen (a zero-width space, a right-to-left
        # override): as a second account it would be a trap, so it is never stored.
        raise ValidationError("email_hidden_character", field="email")
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValidationError("email_malformed", field="email")
    return email


def validate_name(name: str) -> str:
    """A name as its owner writes it, in any script, composed (NFC) and with its spaces
    collapsed; following the W3C's "Personal names around the world" there is no
    minimum length ("李", a family name "O") and no required shape. Digits and symbols
    are refused (a name with them is far more often a slip into the wrong field), and so
    are characters that show nothing (see ``domain.text``)."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise ValidationError("name_missing", field="name")
    if _hidden_in_name(name):
        raise ValidationError("name_hidden_character", field="name")
    if len(name) > MAX_NAME_LENGTH or not _written_like_a_name(name):
        raise ValidationError("name_not_letters", field="name")
    return name


def _hidden_in_name(name: str) -> bool:
    """Any hidden character but a joiner between two letters (the ZWNJ of Persian "Alireza")."""
    for i, char in enumerate(name):
        if not is_hidden(char):
            continue
        if char not in JOINERS or i == 0 or i == len(name) - 1:
            return True
        before, after = unicodedata.category(name[i - 1]), unicodedata.category(name[i + 1])
        if before[0] not in "LM" or after[0] != "L":
            return True
    return False


def _written_like_a_name(name: str) -> bool:
    """Letters, marks, spaces, joiners and name punctuation only; at least one letter; a
    combining mark only on a letter; no leading dash, period or dot."""
    previous = ""
    for char in name:
        category = unicodedata.category(char)
        if category[0] == "M":
            if not previous or unicodedata.category(previous)[0] not in "LM":
                return False
        elif not (
            category[0] == "L"
            or char == " "
            or char in JOINERS
            or char in _NAME_PUNCTUATION
            or category == "Pd"
        ):
            return False
        previous = char
    first = unicodedata.category(name[0])
    starts_well = first[0] == "L" or name[0] in "'’"
    return starts_well and any(unicodedata.category(c)[0] == "L" for c in name)


def validate_phone(phone: str) -> str:
    """Keep a leading + and the digits; spaces, dashes, dots and brackets are decoration."""
    cleaned = phone.strip()
    if not cleaned:
        raise ValidationError("phone_missing", field="phone")
    if re.search(r"[^\d+()\-. ]", cleaned) or "+" in cleaned[1:]:
        raise ValidationError("phone_not_digits", field="phone")
    digits = re.sub(r"\D", "", cleaned)
    if not 7 <= len(digits) <= 15:
        raise ValidationError("phone_length", field="phone")
    return ("+" if cleaned.startswith("+") else "") + digits


def validate_password(password: str, confirm: str | None = None) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password_too_short", field="password", min_length=MIN_PASSWORD_LENGTH
        )
    if confirm is not None and confirm != password:
        raise ValidationError("passwords_differ", field="confirm_password")
    return password


def validate_sign_up(
    name: str, email: str, phone: str, password: str, confirm: str | None
) -> tuple[str, str, str]:
    """Check every field at once, so the patient sees all problems in one go."""
    errors: dict[str, Reason] = {}
    results: dict[str, str] = {}
    checks: dict[str, Callable[[], str]] = {
        "name": lambda: validate_name(name),
        "email": lambda: validate_email(email),
        "phone": lambda: validate_phone(phone),
        "password": lambda: validate_password(password, confirm),
    }
    for key, check in checks.items():
        try:
            results[key] = check()
        except ValidationError as exc:
            errors[exc.field or key] = exc.reason
    if errors:
        raise ValidationErrors(errors)
    return results["name"], results["email"], results["phone"]


def validate_time(value: str) -> str:
    value = value.strip()
    if not _TIME.match(value):
        raise ValidationError("time_malformed", field="time")
    return value


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError("date_malformed", field="date") from None


def slot_start(day: date, hhmm: str, now: datetime) -> datetime:
    """The slot's start in the hospital's time zone (taken from ``now``)."""
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=now.tzinfo)


def closed_reason(doctor: Doctor, day: date, now: datetime, horizon_days: int) -> Reason | None:
    """Why a whole day cannot be booked with this doctor (one of ``CLOSED_DAY_CODES``),
    or None if it can."""
    today = now.date()
    if day < today:
        return Reason("day_passed", {"day": day})
    if day > today + timedelta(days=horizon_days):
        return Reason("beyond_horizon", {"days": horizon_days})
    if day.isoformat() in doctor.days_off:
        return Reason("doctor_away", {"doctor": doctor.name, "day": day})
    if not doctor.works_on(day):
        return Reason("not_working_day", {"doctor": doctor.name, "day": day})
    return None


def check_bookable(doctor: Doctor, day: date, hhmm: str, now: datetime, horizon_days: int) -> None:
    reason = closed_reason(doctor, day, now, horizon_days)
    if reason is not None:
        raise SlotNotBookable.because(reason)
    if hhmm not in doctor.available_slots:
        raise SlotNotBookable("no_such_time", doctor=doctor.name, time=hhmm)
    if slot_start(day, hhmm, now) <= now:
        raise SlotNotBookable("time_passed")


def new_appointment_id() -> str:
    """A short number a patient can read out at reception, e.g. ``K7M2-9QXR``."""
    import secrets  # on use: with hmac and OpenSSL it costs the kiosk's start-up ~4 ms

    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def new_id() -> str:
    import uuid  # on use, like secrets above

    return str(uuid.uuid4())


def widest_appointment_id(advance: Callable[[str], float]) -> str:
    """The appointment number that takes the most room, given a character's width in some
    font: a screen laid out for it has room for every number."""
    widest = max(_CODE_ALPHABET, key=advance)
    return f"{widest * 4}-{widest * 4}"
