"""Doctor records in the seed's shape, checked before they reach a store."""

from __future__ import annotations

from typing import Any

import pytest

from care4u_desktop.domain.errors import ValidationError
from care4u_desktop.domain.models import Doctor
from care4u_desktop.services.doctors import doctor_from_record, doctors_from_records


def record(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "doctor_id": "doc-001",
        "name": "Sarah Johnson",
        "specialization": "Cardiology",
        "available_slots": ["14:00", "09:00", "10:00", "09:00"],
    }
    return {**base, **overrides}


def test_seed_shaped_record() -> None:
    assert doctor_from_record(record()) == Doctor(
        "doc-001", "Sarah Johnson", "Cardiology", ("09:00", "10:00", "14:00"), ()
    )


def test_working_days_are_optional_and_sorted() -> None:
    doctor = doctor_from_record(record(working_days=[5, 1, 3, 1]))
    assert doctor.working_days == (1, 3, 5)


@pytest.mark.parametrize(
    "bad",
    [
        {"doctor_id": None},
        {"name": "  "},
        {"specialization": ""},
        {"available_slots": ["9am"]},
        {"available_slots": None},
        {"working_days": [0]},
        {"working_days": [8]},
        {"working_days": ["Monday"]},
    ],
)
def test_bad_records_are_refused(bad: dict[str, Any]) -> None:
    fields = record(**bad)
    if bad.get("doctor_id", "") is None:
        del fields["doctor_id"]
    with pytest.raises(ValidationError):
        doctor_from_record(fields)


def test_many_records() -> None:
    doctors = doctors_from_records([record(), record(doctor_id="doc-002", name="Michael Chen")])
    assert [d.doctor_id for d in doctors] == ["doc-001", "doc-002"]
