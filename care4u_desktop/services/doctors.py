"""The doctor list (its cache and its one way in), and doctor records from files or other
systems, validated before they reach a store."""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..domain import rules
from ..domain.errors import DoctorNotFound, ValidationError
from ..domain.models import Doctor
from .ports import DoctorStore

DOCTOR_CACHE_SECONDS = 30.0


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


class DoctorCatalogue:
    """The doctor list, read through a short cache; the one place doctors are written, so
    the one place the cache is forgotten (a write from elsewhere would leave it stale)."""

    def __init__(self, store: DoctorStore, cache_seconds: float = DOCTOR_CACHE_SECONDS) -> None:
        self._store = store
        self._cache_seconds = cache_seconds
        self._doctors: list[Doctor] = []
        self._by_id: dict[str, Doctor] = {}
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def list_doctors(self, *, fresh: bool = False) -> list[Doctor]:
        """By name. The doctors table is small and rarely changes; the cache spares a scan
        per view. ``fresh`` reads the store now (a screen that edits the list must show
        what another desk saved a moment ago)."""
        with self._lock:
            stale = _time.monotonic() - self._loaded_at > self._cache_seconds
        if fresh or stale:
            doctors = sorted(self._store.list_doctors(), key=lambda d: d.name)
            with self._lock:
                self._doctors, self._loaded_at = doctors, _time.monotonic()
                self._by_id = {d.doctor_id: d for d in doctors}
        with self._lock:
            return list(self._doctors)

    def doctor(self, doctor_id: str, *, fresh: bool = False) -> Doctor:
        """One doctor: from the cached list while it is fresh (the patient chose it from
        that list a moment ago; reading it again on every day shown was a request per
        click), else from the store. ``fresh`` reads the store now: a booking is checked
        against the doctor as stored (a day off set at another desk a second ago holds)."""
        if not fresh:
            with self._lock:
                if _time.monotonic() - self._loaded_at <= self._cache_seconds:
                    cached = self._by_id.get(doctor_id)
                    if cached is not None:
                        return cached
        doctor = self._store.get_doctor(doctor_id)
        if doctor is None:
            raise DoctorNotFound()
        return doctor

    def put_doctors(self, doctors: Sequence[Doctor]) -> None:
        """Add or replace ``doctors`` in one store call: all of them or none (see
        ``DoctorStore.put_doctors``). The next listing reads the store again."""
        try:
            self._store.put_doctors(doctors)
        finally:
            # Also after a failure: a write whose answer was lost may have been stored.
            self.forget()

    def forget(self) -> None:
        with self._lock:
            self._loaded_at = float("-inf")
