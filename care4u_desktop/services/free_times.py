"""The desk's "next free time with any doctor of this specialization", and what each time
of a doctor's day is (free, taken, past, closed).

A receptionist asked for "the first cardiology appointment" used to try doctor by doctor,
day by day. Here it is one question: the doctors of the specialization from the catalogue
(cached), then their bookings a week at a time in one store read for all of them
(``AppointmentStore.booked_times_between``), until a free time turns up or the booking
horizon ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final, Literal

from ..domain import rules
from ..domain.errors import Reason
from ..domain.models import Doctor

#: What a time of a doctor's day is at the desk (``DayRow.state``).
TimeState = Literal["free", "taken", "past", "closed"]
FREE: Final = "free"
TAKEN: Final = "taken"
PAST: Final = "past"
CLOSED: Final = "closed"
TIME_STATES: tuple[TimeState, ...] = (FREE, TAKEN, PAST, CLOSED)

#: Days read per store call: the first week at once (most answers are in it), then longer.
FIRST_WINDOW_DAYS = 7


@dataclass(frozen=True)
class FreeTime:
    """A time nobody has booked yet that can be booked now."""

    doctor: Doctor
    day: date
    time: str

    def order(self) -> tuple[date, str, str, str]:
        """Earliest first; at the same time, by the doctor's name (then id, to be total)."""
        return (self.day, self.time, self.doctor.name, self.doctor.doctor_id)


def time_state(day: date, hhmm: str, now: datetime, closed: Reason | None, held: bool) -> TimeState:
    """One time of a doctor's day: ``taken`` by a booking, else ``past`` (the day or the
    time has gone), ``closed`` (a day off, not a working day, beyond the horizon) or
    ``free``. Never ``free`` for a time that cannot be booked."""
    if held:
        return TAKEN
    if closed is not None:
        return PAST if closed.code == "day_passed" else CLOSED
    if rules.slot_start(day, hhmm, now) <= now:
        return PAST
    return FREE


def same_specialization(doctors: Sequence[Doctor], specialization: str) -> list[Doctor]:
    wanted = specialization.strip().casefold()
    return sorted(
        (d for d in doctors if d.specialization.strip().casefold() == wanted),
        key=lambda d: (d.name, d.doctor_id),
    )


def first_free(
    doctors: Sequence[Doctor],
    taken_between: Callable[[Sequence[str], date, date], set[tuple[str, str, str]]],
    now: datetime,
    horizon_days: int,
    after: FreeTime | None = None,
) -> FreeTime | None:
    """The earliest bookable time of any of ``doctors`` (after ``after`` when given).

    ``taken_between(doctor_ids, first, last)`` is the store's read of the taken times."""
    if not doctors:
        return None
    today = now.date()
    last_day = today + timedelta(days=horizon_days)
    day = max(today, after.day) if after is not None else today
    window = FIRST_WINDOW_DAYS
    ids = [d.doctor_id for d in doctors]
    while day <= last_day:
        window_end = min(last_day, day + timedelta(days=window - 1))
        taken = taken_between(ids, day, window_end)
        while day <= window_end:
            found = _first_on(doctors, day, taken, now, horizon_days, after)
            if found is not None:
                return found
            day += timedelta(days=1)
        window *= 2
    return None


def _first_on(
    doctors: Sequence[Doctor],
    day: date,
    taken: set[tuple[str, str, str]],
    now: datetime,
    horizon_days: int,
    after: FreeTime | None,
) -> FreeTime | None:
    iso = day.isoformat()
    candidates = []
    for doctor in doctors:
        closed = rules.closed_reason(doctor, day, now, horizon_days)
        for hhmm in doctor.available_slots:
            held = (doctor.doctor_id, iso, hhmm) in taken
            if time_state(day, hhmm, now, closed, held) != FREE:
                continue
            candidate = FreeTime(doctor, day, hhmm)
            if after is None or candidate.order() > after.order():
                candidates.append(candidate)
    return min(candidates, key=FreeTime.order, default=None)


#: Days of every doctor's bookings the patient's doctor list reads first (today and
#: tomorrow hold nearly every answer, also in the evening), doubled for each further read.
FIRST_LIST_WINDOW_DAYS = 2
#: When no more doctors than this are still without a time, the rest of the horizon is
#: read for them alone, at once (a doctor booked up for weeks would otherwise keep the
#: list reading every doctor's bookings, window after window, up to the horizon).
FEW_WAITING = 8

#: The store's read of taken times as ``(doctor_id, date, time)``: of these doctors, or of
#: every doctor when given None, from the first day to the last (both included).
TakenBetween = Callable[[Sequence[str] | None, date, date], set[tuple[str, str, str]]]


def next_free_of_each(
    doctors: Sequence[Doctor], taken_between: TakenBetween, now: datetime, horizon_days: int
) -> list[datetime | None]:
    """Each doctor's first bookable time (None: nothing free up to the horizon), in the
    order of ``doctors``; what a search doctor by doctor and day by day finds.

    Every doctor's bookings are read a few days at a time (each doctor left out once it is
    answered), then the last few doctors' alone: the reads grow with the days searched (at
    most ~log2 of the horizon), never with the doctors."""
    found: dict[str, datetime | None] = {}
    waiting = list(dict.fromkeys(doctors))
    today = now.date()
    last_day = today + timedelta(days=horizon_days)
    day, window = today, FIRST_LIST_WINDOW_DAYS
    while waiting and day <= last_day:
        if day > today and len(waiting) <= FEW_WAITING:
            window_end = last_day
            taken = taken_between([d.doctor_id for d in waiting], day, window_end)
        else:
            window_end = min(last_day, day + timedelta(days=window - 1))
            taken = taken_between(None, day, window_end)
        while waiting and day <= window_end:
            started: dict[str, bool] = {}  # by time of day: has it begun? (the same for all)
            still = []
            for doctor in waiting:
                free = _first_free_time(doctor, day, taken, now, horizon_days, started)
                if free is None:
                    still.append(doctor)
                else:
                    found[doctor.doctor_id] = free
            waiting = still
            day += timedelta(days=1)
        window *= 2
    return [found.get(d.doctor_id) for d in doctors]


def _first_free_time(
    doctor: Doctor,
    day: date,
    taken: set[tuple[str, str, str]],
    now: datetime,
    horizon_days: int,
    started: dict[str, bool],
) -> datetime | None:
    if rules.closed_reason(doctor, day, now, horizon_days) is not None:
        return None
    iso = day.isoformat()
    for hhmm in doctor.available_slots:
        begun = started.get(hhmm)
        if begun is None:
            begun = started[hhmm] = rules.slot_start(day, hhmm, now) <= now
        if not begun and (doctor.doctor_id, iso, hhmm) not in taken:
            return rules.slot_start(day, hhmm, now)
    return None
