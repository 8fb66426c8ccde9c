"""Doctor records from files or other systems, validated before they reach a store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..domain import rules
from ..domain.errors import ValidationError
from ..domain.models import Doctor


def doctor_from_record(record: Mapping[str, Any]) -> Doctor:
    """Read a doctor in the seed's shape (``doctor_id``, ``name``, ``specialization``,
    ``available_slots``) plus our optional ``working_days`` (ISO weekdays) and
    ``days_off`` (ISO dates)."""
    try:
        doctor_id = str(record["doctor_id"]).strip()
        name = str(record["name"]).strip()
        specialization = str(record["specialization"]).strip()
        slots = tuple(sorted({rules.validate_time(str(s)) for s in record["available_slots"]}))
        days = tuple(sorted({int(d) for d in record.get("working_days") or ()}))
        days_off = tuple(
            sorted({rules.parse_date(str(d)).isoformat() for d in record.get("days_off") or ()})
        )
    except KeyError as exc:
        raise ValidationError("doctor_record_missing", key=str(exc.args[0])) from None
    except (TypeError, ValueError):
        raise ValidationError("doctor_record_malformed") from None
    if not doctor_id or not name or not specialization:
        raise ValidationError("doctor_needs_identity")
    if any(d < 1 or d > 7 for d in days):
        raise ValidationError("working_days_range")
    if not slots:
        raise ValidationError("doctor_needs_times")
    return Doctor(doctor_id, name, specialization, slots, days, days_off)


def doctors_from_records(records: Iterable[Mapping[str, Any]]) -> list[Doctor]:
    return [doctor_from_record(r) for r in records]
