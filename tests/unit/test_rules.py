"""Validation and slot rules: pure functions, no store."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from care4u_desktop.domain import rules
from care4u_desktop.domain.errors import (
    DomainError,
    SlotNotBookable,
    ValidationError,
    ValidationErrors,
)
from care4u_desktop.domain.models import Doctor
from tests.fakes import MONDAY_1030, make_doctor

MONDAY = MONDAY_1030.date()
TUESDAY = MONDAY + timedelta(days=1)
SATURDAY = MONDAY + timedelta(days=5)

# -- email -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ada@example.com", "ada@example.com"),
        ("  Ada.Lovelace@Example.COM\t", "ada.lovelace@example.com"),
        ("ADA+kiosk@sub.example.org\n", "ada+kiosk@sub.example.org"),
    ],
)
def test_email_is_trimmed_and_lower_cased(typed: str, stored: str) -> None:
    assert rules.normalise_email(typed) == stored
    assert rules.validate_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "ada@example.c",
        "ada lovelace@example.com",
        "ada@exa mple.com",
        "ada@@example.com",
        "ada@example.com1",
        "a" * 250 + "@example.com",
    ],
)
def test_invalid_emails_are_refused_on_the_email_field(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_email(typed)
    assert caught.value.field == "email"
    assert caught.value.message


@given(st.text())
def test_normalise_email_is_idempotent(typed: str) -> None:
    once = rules.normalise_email(typed)
    assert rules.normalise_email(once) == once


@given(st.emails())
def test_accepted_emails_are_stored_normalised_and_stable(email: str) -> None:
    try:
        stored = rules.validate_email(f"  {email.upper()} ")
    except ValidationError:
        return  # the rule is stricter than RFC 5322 (e.g. it wants a letters-only TLD)
    assert stored == stored.strip().lower()
    assert rules.validate_email(stored) == stored


# -- name --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("  Ada   Lovelace ", "Ada Lovelace"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("José Álvarez", "José Álvarez"),
        ("Martin Luther King Jr.", "Martin Luther King Jr."),
        ("Li", "Li"),
    ],
)
def test_valid_names(typed: str, stored: str) -> None:
    assert rules.validate_name(typed) == stored


# A one-letter name is a name (see test_names_and_emails).
@pytest.mark.parametrize(
    "typed", ["", "   ", "R2D2", "ada_lovelace", "Ada  <script>", "-Ada", "x" * 101]
)
def test_invalid_names(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_name(typed)
    assert caught.value.field == "name"


# -- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("555 123 4567", "5551234567"),
        ("+1 (555) 123-4567", "+15551234567"),
        ("  0044.20.7946.0958 ", "00442079460958"),
        ("1234567", "1234567"),
        ("+123456789012345", "+123456789012345"),
    ],
)
def test_valid_phones_keep_digits_and_leading_plus(typed: str, stored: str) -> None:
    assert rules.validate_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["", "  ", "call me", "555-CALL-NOW", "12+3456789", "++15551234567", "123456", "1" * 16],
)
def test_invalid_phones(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_phone(typed)
    assert caught.value.field == "phone"


@given(st.text(alphabet="0123456789+()-. x", max_size=30))
def test_any_accepted_phone_is_only_digits_with_optional_plus(typed: str) -> None:
    try:
        stored = rules.validate_phone(typed)
    except ValidationError:
        return
    assert re.fullmatch(r"\+?\d{7,15}", stored)
    assert re.sub(r"\D", "", stored) == re.sub(r"\D", "", typed)
    assert rules.validate_phone(stored) == stored


# -- password and sign-up ----------------------------------------------------------------------


def test_password_needs_eight_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_password("1234567")
    assert caught.value.field == "password"
    assert "8" in caught.value.message
    assert rules.validate_password("12345678") == "12345678"


def test_password_confirmation_must_match() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_password("correct horse", "correct h0rse")
    assert caught.value.field == "confirm_password"
    assert rules.validate_password("correct horse", "correct horse") == "correct horse"


def test_sign_up_reports_every_field_at_once() -> None:
    with pytest.raises(ValidationErrors) as caught:
        rules.validate_sign_up("R2", "not-an-email", "abc", "short", "short")

    errors = caught.value.errors
    assert set(errors) == {"name", "email", "phone", "password"}
    assert {key: reason.code for key, reason in errors.items()} == {
        "name": "name_not_letters",
        "email": "email_malformed",
        "phone": "phone_not_digits",
        "password": "password_too_short",
    }
    assert errors["password"].params == {"min_length": 8}
    assert all(reason.message.strip() for reason in errors.values())
    # Still usable as one error: the first field's code and words.
    assert (caught.value.field, caught.value.code) == ("name", "name_not_letters")
    assert caught.value.message == errors["name"].message
    assert isinstance(caught.value, DomainError)


def test_sign_up_reports_a_confirmation_mismatch_on_its_own_field() -> None:
    with pytest.raises(ValidationErrors) as caught:
        rules.validate_sign_up("Ada Lovelace", "ada@example.com", "5551234567", "long enough", "x")
    assert set(caught.value.errors) == {"confirm_password"}


def test_sign_up_returns_clean_values() -> None:
    assert rules.validate_sign_up(
        "  Ada  Lovelace ", " ADA@Example.com ", "+1 555 123 4567", "long enough", None
    ) == ("Ada Lovelace", "ada@example.com", "+15551234567")


# -- time and date -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["09:00", " 23:59 ", "00:00"])
def test_valid_times(typed: str) -> None:
    assert rules.validate_time(typed) == typed.strip()


@pytest.mark.parametrize("typed", ["9:00", "24:00", "12:60", "noon", "", "09:00:00"])
def test_invalid_times(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.validate_time(typed)
    assert caught.value.field == "time"


def test_parse_date() -> None:
    assert rules.parse_date(" 2030-01-07 ") == date(2030, 1, 7)
    for typed in ("07/01/2030", "2030-02-30", ""):
        with pytest.raises(ValidationError) as caught:
            rules.parse_date(typed)
        assert caught.value.field == "date"


# -- slots -------------------------------------------------------------------------------------


@pytest.fixture
def weekday_doctor() -> Doctor:
    return make_doctor(slots=("09:00", "10:00", "11:00", "14:00"), working_days=(1, 2, 3, 4, 5))


@pytest.fixture
def every_day_doctor() -> Doctor:
    return make_doctor(slots=("09:00", "15:00"), working_days=())


def test_doctor_with_no_working_days_listed_works_every_day(every_day_doctor: Doctor) -> None:
    assert all(every_day_doctor.works_on(MONDAY + timedelta(days=n)) for n in range(7))


def test_future_slot_on_a_working_day_is_bookable(weekday_doctor: Doctor) -> None:
    rules.check_bookable(weekday_doctor, TUESDAY, "09:00", MONDAY_1030, 60)
    rules.check_bookable(weekday_doctor, MONDAY, "11:00", MONDAY_1030, 60)


def test_slot_not_in_the_doctors_slots(weekday_doctor: Doctor) -> None:
    with pytest.raises(SlotNotBookable, match="12:00"):
        rules.check_bookable(weekday_doctor, TUESDAY, "12:00", MONDAY_1030, 60)


def test_non_working_day(weekday_doctor: Doctor) -> None:
    with pytest.raises(SlotNotBookable, match="Saturday"):
        rules.check_bookable(weekday_doctor, SATURDAY, "09:00", MONDAY_1030, 60)


def test_past_day(every_day_doctor: Doctor) -> None:
    with pytest.raises(SlotNotBookable, match="passed"):
        rules.check_bookable(every_day_doctor, MONDAY - timedelta(days=1), "15:00", MONDAY_1030, 60)


@pytest.mark.parametrize("hhmm", ["09:00", "10:00"])
def test_past_time_today(weekday_doctor: Doctor, hhmm: str) -> None:
    with pytest.raises(SlotNotBookable, match="passed"):
        rules.check_bookable(weekday_doctor, MONDAY, hhmm, MONDAY_1030, 60)


def test_a_slot_starting_right_now_is_past(weekday_doctor: Doctor) -> None:
    ten = MONDAY_1030.replace(minute=0)
    with pytest.raises(SlotNotBookable):
        rules.check_bookable(weekday_doctor, MONDAY, "10:00", ten, 60)
    rules.check_bookable(weekday_doctor, MONDAY, "10:00", ten - timedelta(seconds=1), 60)


def test_exactly_at_the_horizon_is_bookable_one_day_more_is_not(every_day_doctor: Doctor) -> None:
    rules.check_bookable(every_day_doctor, MONDAY + timedelta(days=60), "09:00", MONDAY_1030, 60)
    with pytest.raises(SlotNotBookable, match="60 days"):
        rules.check_bookable(
            every_day_doctor, MONDAY + timedelta(days=61), "09:00", MONDAY_1030, 60
        )


def test_closed_reason_is_empty_for_an_open_day(weekday_doctor: Doctor) -> None:
    assert rules.closed_reason(weekday_doctor, TUESDAY, MONDAY_1030, 60) is None
    closed = rules.closed_reason(weekday_doctor, SATURDAY, MONDAY_1030, 60)
    assert closed is not None and closed.code == "not_working_day"
    assert closed.params == {"doctor": weekday_doctor.name, "day": SATURDAY}


def test_slot_start_is_in_the_hospital_time_zone() -> None:
    start = rules.slot_start(TUESDAY, "09:30", MONDAY_1030)
    assert start == datetime(2030, 1, 8, 9, 30, tzinfo=MONDAY_1030.tzinfo)


# -- ids ---------------------------------------------------------------------------------------


def test_appointment_numbers_are_short_and_unambiguous() -> None:
    numbers = {rules.new_appointment_id() for _ in range(200)}
    assert len(numbers) == 200
    for number in numbers:
        assert re.fullmatch(
            r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}", number
        )
