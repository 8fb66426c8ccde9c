"""Which days of the booking calendar a patient may choose, and why not the others.

No Qt here: the rule is the domain's (``rules.closed_reason``) plus what the screen has
learnt about free times, so it is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from ...domain.models import Doctor


class DayState(StrEnum):
    FREE = "free"
    #: The doctor does not work on this weekday.
    CLOSED = "closed"
    #: A day the doctor works, but is away on.
    DAY_OFF = "day-off"
    PAST = "past"
    #: After the last day that can be booked.
    NOT_OPEN = "not-open"
    #: Every time of the day is taken (or has passed).
    FULL = "full"

    @property
    def bookable(self) -> bool:
        return self is DayState.FREE


@dataclass
class BookableDays:
    """What the calendar knows: the doctor, the bookable range, and full days.

    Fully booked days are known two ways, and only those: the doctor list's "next free
    time" (every day before it has none), and a day whose times were loaded and were
    all taken. Other working days read as free until their times say otherwise.
    """

    doctor: Doctor | None = None
    first: date | None = None
    last: date | None = None
    next_free: datetime | None = None
    full: set[date] = field(default_factory=set)
    nothing_free: bool = False

    def state(self, day: date) -> DayState:
        if self.first is not None and day < self.first:
            return DayState.PAST
        if self.last is not None and day > self.last:
            return DayState.NOT_OPEN
        if self.doctor is None:
            return DayState.FREE
        if day.isoformat() in self.doctor.days_off:
            return DayState.DAY_OFF
        if not self.doctor.works_on(day):
            return DayState.CLOSED
        if day in self.full or self.nothing_free:
            return DayState.FULL
        if self.next_free is not None and day < self.next_free.date():
            return DayState.FULL
        return DayState.FREE

    def mark(self, day: date, *, any_free: bool) -> None:
        """What loading the day's times showed."""
        if any_free:
            self.full.discard(day)
            if self.next_free is not None and day < self.next_free.date():
                self.next_free = None  # a time came free before it: trust the loaded days
            self.nothing_free = False
        else:
            self.full.add(day)
