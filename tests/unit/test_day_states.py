"""Which calendar days a patient is offered (ui/views/day_states.py, no Qt)."""

from __future__ import annotations

from datetime import date, datetime

from care4u_desktop.domain.models import Doctor
from care4u_desktop.ui.views.day_states import BookableDays, DayState

# Monday to Friday, away on Wednesday 9 December 2026.
DOCTOR = Doctor("doc-x", "Ana Ruiz", "Cardiology", ("09:00",), (1, 2, 3, 4, 5), ("2026-12-09",))
FIRST, LAST = date(2026, 12, 1), date(2026, 12, 31)


def days(next_free: datetime | None = datetime(2026, 12, 3, 9, 0)) -> BookableDays:
    found = BookableDays(DOCTOR, FIRST, LAST, next_free)
    found.nothing_free = next_free is None
    return found


def test_each_reason_a_day_cannot_be_booked_has_its_own_state():
    calendar = days()
    assert calendar.state(date(2026, 11, 30)) is DayState.PAST
    assert calendar.state(date(2027, 1, 4)) is DayState.NOT_OPEN
    assert calendar.state(date(2026, 12, 5)) is DayState.CLOSED  # a Saturday
    assert calendar.state(date(2026, 12, 9)) is DayState.DAY_OFF
    # Before the doctor list's next free time nothing is free: today and tomorrow.
    assert calendar.state(date(2026, 12, 1)) is DayState.FULL
    assert calendar.state(date(2026, 12, 2)) is DayState.FULL
    assert calendar.state(date(2026, 12, 3)) is DayState.FREE
    assert calendar.state(date(2026, 12, 31)) is DayState.FREE
    assert [s for s in DayState if s.bookable] == [DayState.FREE]


def test_what_loading_a_day_shows_is_kept():
    calendar = days()
    calendar.mark(date(2026, 12, 10), any_free=False)  # all taken since the list was read
    assert calendar.state(date(2026, 12, 10)) is DayState.FULL
    calendar.mark(date(2026, 12, 10), any_free=True)  # a cancellation freed a time
    assert calendar.state(date(2026, 12, 10)) is DayState.FREE
    # A time free before the list's next free time: the list was old, trust the day.
    calendar.mark(date(2026, 12, 2), any_free=True)
    assert calendar.state(date(2026, 12, 2)) is DayState.FREE


def test_a_doctor_with_nothing_free_offers_no_day():
    calendar = days(next_free=None)
    assert not [d for d in (date(2026, 12, n) for n in range(1, 32)) if calendar.state(d).bookable]
