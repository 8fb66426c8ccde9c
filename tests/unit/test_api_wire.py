"""The client's JSON <-> domain mapping, against the server's own encoders: what the server
sends (``server/schemas.py``, ``server/errors.py``) comes back in the app as the values and
errors the services raised in process. Every error code goes through the wire and back."""

from __future__ import annotations

import json
import string
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from care4u_desktop.client import wire
from care4u_desktop.domain.english import ENGLISH, Plural
from care4u_desktop.domain.errors import (
    DomainError,
    Reason,
    TryAgainLater,
    ValidationErrors,
    all_codes,
)
from care4u_desktop.domain.models import (
    Appointment,
    AppointmentStatus,
    DayAvailability,
    Doctor,
    DoctorSummary,
    Role,
    Slot,
    User,
)
from care4u_desktop.server import schemas
from care4u_desktop.server.errors import error_body, status_of
from care4u_desktop.services.booking import History
from care4u_desktop.services.staff import DayRow, DoctorDay

INT_PARAMS = {"min_length", "days", "seconds", "version"}
DOCTOR = Doctor(
    "doc-001", "Sarah Johnson", "Cardiology", ("09:00", "10:00"), (1, 2, 3), ("2026-12-25",)
)
USER = User(
    "u-1",
    "Maria Garcia",
    "maria@example.com",
    "5551234567",
    "pbkdf2:sha256:secret",
    Role.STAFF,
    "2026-01-02T03:04:05+00:00",
)
APPOINTMENT = Appointment(
    "APT-7K2Q",
    "u-1",
    "doc-001",
    "2026-12-02",
    "10:00",
    AppointmentStatus.CHECKED_IN,
    "2026-12-01T09:00:00+01:00",
    "Sarah Johnson",
    "Cardiology",
)


def over_the_wire(model: Any) -> Any:
    """What the client reads: the server's model as JSON text, parsed."""
    return json.loads(json.dumps(model.model_dump(mode="json")))


def sample_params(code: str) -> dict[str, Any]:
    template = ENGLISH[code]
    texts = [template.one, template.other] if isinstance(template, Plural) else [template]
    names = {n for t in texts for _, n, _, _ in string.Formatter().parse(t) if n}
    params: dict[str, Any] = {}
    for name in names:
        if name.endswith("_weekday"):
            params[name.removesuffix("_weekday")] = date(2026, 12, 3)
        elif name in INT_PARAMS:
            params[name] = 3
        else:
            params[name] = f"a {name}"
    return params


DOMAIN_CODES = sorted(
    (code, cls)
    for code, cls in all_codes().items()
    if cls.__module__ == "care4u_desktop.domain.errors"
)


@pytest.mark.parametrize(("code", "cls"), DOMAIN_CODES, ids=[c for c, _ in DOMAIN_CODES])
def test_every_error_code_comes_back_as_the_error_the_server_raised(
    code: str, cls: type[DomainError]
) -> None:
    if cls is TryAgainLater:
        sent: DomainError = TryAgainLater(7)
    else:
        sent = cls(code, **sample_params(code))
    body = json.loads(json.dumps(error_body(sent)))
    back = wire.error_from(body, status_of(sent), "7" if cls is TryAgainLater else None)
    assert back is not None
    assert (type(back), back.code, dict(back.params), back.field) == (
        type(sent),
        sent.code,
        dict(sent.params),
        sent.field,
    )
    assert back.message == sent.message
    if isinstance(sent, TryAgainLater):
        assert isinstance(back, TryAgainLater) and back.seconds == 7


def test_a_field_named_by_the_server_comes_back_on_that_field() -> None:
    from care4u_desktop.domain.errors import ValidationError

    sent = ValidationError("email_malformed", field="email")
    back = wire.error_from(error_body(sent), 422)
    assert isinstance(back, ValidationError) and back.field == "email"


def test_several_fields_come_back_as_validation_errors_with_a_date_param_as_a_date() -> None:
    sent = ValidationErrors(
        {
            "name": Reason("name_missing"),
            "password": Reason("password_too_short", {"min_length": 8}),
            "date": Reason("not_working_day", {"doctor": "Dr X", "day": date(2026, 12, 6)}),
        }
    )
    back = wire.error_from(json.loads(json.dumps(error_body(sent))), status_of(sent))
    assert isinstance(back, ValidationErrors)
    assert back.errors == sent.errors
    assert back.errors["date"].params["day"] == date(2026, 12, 6)
    assert (back.code, back.field) == ("name_missing", "name")


def test_a_body_outside_the_contract_is_not_taken_for_an_error() -> None:
    assert wire.error_from("<html>Bad gateway</html>", 502) is None
    assert wire.error_from({"detail": "Not Found"}, 404) is None


def test_an_unknown_code_from_a_newer_server_gets_its_status_class_default() -> None:
    back = wire.error_from({"error": {"code": "quantum_flux", "message": "?"}}, 409)
    from care4u_desktop.domain.errors import Conflict

    assert type(back) is Conflict and back.code == "conflict"


def test_a_user_arrives_without_any_hash() -> None:
    back = wire.user_from(over_the_wire(schemas.user_out(USER)))
    assert back == replace(USER, password_hash="")


def test_doctors_and_summaries_round_trip() -> None:
    next_free = datetime(2026, 12, 2, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    for summary in (DoctorSummary(DOCTOR, next_free), DoctorSummary(DOCTOR, None)):
        back = wire.summary_from(over_the_wire(schemas.summary_out(summary)))
        assert back == summary
    assert wire.doctor_from(over_the_wire(schemas.doctor_out(DOCTOR))) == DOCTOR
    assert wire.doctor_from(wire.doctor_to(DOCTOR)) == DOCTOR


def test_a_day_round_trips_with_its_closed_reason_and_day_param() -> None:
    open_day = DayAvailability(
        DOCTOR, date(2026, 12, 2), (Slot("09:00", False, "past"), Slot("10:00", True))
    )
    closed = DayAvailability(
        DOCTOR,
        date(2026, 12, 6),
        (),
        Reason("not_working_day", {"doctor": "Sarah Johnson", "day": date(2026, 12, 6)}),
    )
    for day in (open_day, closed):
        assert wire.availability_from(over_the_wire(schemas.day_out(day))) == day


def test_appointments_history_and_a_desks_day_round_trip() -> None:
    history = History([APPOINTMENT], [replace(APPOINTMENT, status=AppointmentStatus.CANCELLED)])
    assert wire.history_from(over_the_wire(schemas.history_out(history))) == history
    day = DoctorDay(
        DOCTOR,
        date(2026, 12, 2),
        [DayRow("09:00", None, None), DayRow("10:00", APPOINTMENT, USER, clash=True)],
        Reason("doctor_away", {"doctor": "Sarah Johnson"}),
        [APPOINTMENT],
        {"u-1": USER, "u-gone": None},
    )
    back = wire.doctor_day_from(over_the_wire(schemas.staff_day_out(day)))
    no_hash = replace(USER, password_hash="")
    assert back == replace(
        day,
        rows=[DayRow("09:00", None, None), DayRow("10:00", APPOINTMENT, no_hash, clash=True)],
        patients={"u-1": no_hash, "u-gone": None},
    )
