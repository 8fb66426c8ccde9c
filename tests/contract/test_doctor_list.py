"""The patient's doctor list (names and next free times) on every store: what it asks the
store, and that its next free times are the ones a doctor-by-doctor search finds.

The list is shown at every log-in, Done and Back, so its cost is the kiosk's: it must not
grow with the number of doctors (issue 14, item 1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.adapters.sqlite_store import SQLiteStore
from care4u_desktop.domain.models import Doctor
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from care4u_desktop.services.ports import Store
from tests.fakes import (
    MONDAY_1030,
    FakeNotifier,
    FixedClock,
    InMemoryStore,
    make_appointment,
    make_doctor,
    make_notification,
    make_user,
)
from tests.wiring import booking_service

MONDAY = MONDAY_1030.date()


class Requests:
    """What a store is asked, counted where it is asked: SQL statements run on the SQLite
    file, API calls a DynamoDB client sends, port calls of the in-memory fake."""

    def __init__(self) -> None:
        self.made: Counter[str] = Counter()

    def take(self) -> Counter[str]:
        made, self.made = self.made, Counter()
        return made


@contextmanager
def counted(store: Store) -> Iterator[Requests]:
    requests = Requests()
    if isinstance(store, SQLiteStore):
        opened = store._connection

        @contextmanager
        def tracing() -> Iterator[Any]:
            with opened() as conn:
                conn.set_trace_callback(_count_sql(requests))
                yield conn

        store._connection = tracing  # type: ignore[method-assign]
        try:
            yield requests
        finally:
            del store._connection
    elif isinstance(store, DynamoDBStore):
        events = store._db.meta.events

        def call(model: Any, **_: Any) -> None:
            requests.made[model.name] += 1

        events.register("before-call.dynamodb", call)
        try:
            yield requests
        finally:
            events.unregister("before-call.dynamodb", call)
    else:
        assert isinstance(store, InMemoryStore)
        reachable = store._reachable

        def port_call(method: str) -> None:
            requests.made[method] += 1
            reachable(method)

        store._reachable = port_call  # type: ignore[method-assign]
        try:
            yield requests
        finally:
            del store._reachable


def _count_sql(requests: Requests) -> Callable[[str], None]:
    def trace(statement: str) -> None:
        if not statement.lstrip().upper().startswith("PRAGMA"):
            requests.made[statement.split()[0].upper()] += 1

    return trace


def _booking(store: Store, clock: FixedClock) -> BookingService:
    return booking_service(store, NotificationService(store, FakeNotifier(), clock), clock)


def _add_doctors(store: Store, first: int, count: int) -> list[Doctor]:
    doctors = [make_doctor(f"doc-{n:04d}", name=f"Doctor {n:04d}") for n in range(first, count)]
    for start in range(0, len(doctors), 100):
        store.put_doctors(doctors[start : start + 100])
    return doctors


def test_the_doctor_list_asks_the_store_as_often_at_200_doctors_as_at_10(store: Store) -> None:
    """Monday 10:30; a few bookings (Tuesday 09:00 of the first doctor, ...). Log-in's list
    of 10 doctors and of 200 make the same few requests."""
    clock = FixedClock()
    doctors = _add_doctors(store, 0, 10)
    ada = make_user("ada@example.com")
    store.add_user(ada)
    for day, hhmm in [("2030-01-07", "11:00"), ("2030-01-08", "09:00")]:
        appointment = make_appointment(ada, doctors[0], day, hhmm)
        store.book(appointment, make_notification(appointment, ada.email))

    with counted(store) as requests:
        at_10 = _booking(store, clock).doctor_summaries()
        asked_at_10 = requests.take()
        _add_doctors(store, 10, 200)
        requests.take()
        at_200 = _booking(store, clock).doctor_summaries()
        asked_at_200 = requests.take()

    assert len(at_10) == 10 and len(at_200) == 200
    assert all(s.next_free is not None for s in at_200)
    assert sum(asked_at_200.values()) == sum(asked_at_10.values()), (asked_at_10, asked_at_200)
    assert sum(asked_at_200.values()) <= 5, asked_at_200


def test_the_lists_next_free_times_are_those_a_doctor_by_doctor_search_finds(
    store: Store,
) -> None:
    """Monday 2030-01-07 10:30, a 20-day horizon (to Sunday the 27th). Bookings taken,
    times gone by today, days off, days not worked, a cancelled booking, the horizon's
    last day and a doctor with nothing free before it: the list reads every doctor's
    bookings a few days at a time (then the last few doctors' alone) and finds what asking
    doctor by doctor, day by day, finds."""
    clock = FixedClock()
    horizon = 20
    slots = ("09:00", "10:00", "11:00", "14:00")
    cast = {
        # 09:00 and 10:00 have gone by; 11:00 is taken: 14:00 today.
        "later-today": make_doctor("doc-a", name="A", slots=slots),
        # Today's 11:00 and 14:00 and Tuesday's 09:00 are taken: Tuesday 10:00.
        "tomorrow": make_doctor("doc-b", name="B", slots=slots),
        # Works Wednesdays only, and is away on the 9th: Wednesday the 16th.
        "after-a-day-off": replace(
            make_doctor("doc-c", name="C", slots=slots, working_days=(3,)),
            days_off=("2030-01-09",),
        ),
        # Only 10:00 (gone today); Tuesday's was booked, then cancelled: Tuesday 10:00.
        "cancelled-frees": make_doctor("doc-d", name="D", slots=("10:00",)),
        # Sundays only; the 13th and the 20th taken: the 27th, the horizon's last day.
        "last-day": make_doctor("doc-e", name="E", slots=("09:00",), working_days=(7,)),
        # Mondays only; today's time gone, the 14th and the 21st taken: nothing.
        "nothing-free": make_doctor("doc-f", name="F", slots=("09:00",), working_days=(1,)),
    }
    # Nine who work Fridays only: more doctors still waiting after the first read than
    # the few read alone, so every doctor's bookings are read for a second window too.
    fridays = [
        make_doctor(f"doc-fri-{n}", name=f"Friday {n}", slots=slots, working_days=(5,))
        for n in range(9)
    ]
    store.put_doctors([*cast.values(), *fridays])
    taken = [
        ("later-today", "2030-01-07", "11:00"),
        ("tomorrow", "2030-01-07", "11:00"),
        ("tomorrow", "2030-01-07", "14:00"),
        ("tomorrow", "2030-01-08", "09:00"),
        ("cancelled-frees", "2030-01-08", "10:00"),
        ("last-day", "2030-01-13", "09:00"),
        ("last-day", "2030-01-20", "09:00"),
        ("nothing-free", "2030-01-14", "09:00"),
        ("nothing-free", "2030-01-21", "09:00"),
    ]
    for n, (who, day, hhmm) in enumerate(taken):
        patient = make_user(f"p{n}@example.com")
        store.add_user(patient)
        appointment = make_appointment(patient, cast[who], day, hhmm)
        store.book(appointment, make_notification(appointment, patient.email))
        if who == "cancelled-frees":
            store.cancel(
                appointment.appointment_id, "2030-01-07T10:00", make_notification(appointment)
            )
    booking = booking_service(
        store, NotificationService(store, FakeNotifier(), clock), clock, horizon_days=horizon
    )

    listed = {s.doctor.doctor_id: s.next_free for s in booking.doctor_summaries()}

    def at(day: date, hhmm: str) -> datetime:
        return datetime.combine(day, datetime.strptime(hhmm, "%H:%M").time(), MONDAY_1030.tzinfo)

    assert listed == {
        "doc-a": at(MONDAY, "14:00"),
        "doc-b": at(MONDAY + timedelta(days=1), "10:00"),
        "doc-c": at(date(2030, 1, 16), "09:00"),
        "doc-d": at(MONDAY + timedelta(days=1), "10:00"),
        "doc-e": at(date(2030, 1, 27), "09:00"),
        "doc-f": None,
        **{d.doctor_id: at(date(2030, 1, 11), "09:00") for d in fridays},
    }
    assert listed == {d.doctor_id: booking.next_free(d) for d in [*cast.values(), *fridays]}


def _book_up(store: Store, doctors: list[Doctor], horizon: int) -> None:
    """Every time of ``doctors`` from tomorrow to the horizon's last day, one patient each."""
    for doctor in doctors:
        patient = make_user(f"{doctor.doctor_id}@example.com")
        store.add_user(patient)
        for offset in range(1, horizon + 1):
            day = MONDAY + timedelta(days=offset)
            if doctor.works_on(day):
                for hhmm in doctor.available_slots:
                    appointment = make_appointment(patient, doctor, day.isoformat(), hhmm)
                    store.book(appointment, make_notification(appointment, patient.email))


def test_the_doctor_list_asks_no_more_when_more_doctors_are_booked_up(store: Store) -> None:
    """Monday 10:30, the 60-day horizon. Doctors booked up to its last day (Mondays only,
    09:00, gone by today) keep the list searching every day up to it: 9 of them (more than
    the few read alone) and then 20 make the same few requests, no more than the list,
    today and tomorrow (a request each on DynamoDB), then one read per window of 4, 8, 16
    and 32 days up to the 60th day: 1 + 2 + 4. (It used to be a request per day on
    DynamoDB: 1 + 61.)"""
    clock = FixedClock()
    free = _add_doctors(store, 0, 10)
    mondays = [
        make_doctor(f"full-{n:02d}", name=f"Full {n:02d}", slots=("09:00",), working_days=(1,))
        for n in range(20)
    ]
    store.put_doctors(mondays)
    _book_up(store, mondays[:9], 60)

    with counted(store) as requests:
        listed_9 = {
            s.doctor.doctor_id: s.next_free for s in _booking(store, clock).doctor_summaries()
        }
        asked_at_9 = requests.take()
        _book_up(store, mondays[9:], 60)
        requests.take()
        listed_20 = {
            s.doctor.doctor_id: s.next_free for s in _booking(store, clock).doctor_summaries()
        }
        asked_at_20 = requests.take()

    assert [listed_9[d.doctor_id] for d in mondays[:9]] == [None] * 9
    assert all(listed_9[d.doctor_id] is not None for d in [*free, *mondays[9:]])
    assert [listed_20[d.doctor_id] for d in mondays] == [None] * 20
    assert all(listed_20[d.doctor_id] is not None for d in free)
    assert sum(asked_at_20.values()) == sum(asked_at_9.values()), (asked_at_9, asked_at_20)
    assert sum(asked_at_20.values()) <= 1 + 2 + 4, asked_at_20
