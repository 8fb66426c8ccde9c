"""No request for data already held (issue 14, item 4), on DynamoDB (moto in-process): a
doctor chosen from the list the patient is looking at is not read again (no GetItem) to
show its days."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from care4u_desktop.services.notifications import NotificationService
from tests.aws.support import AwsWorld
from tests.fakes import make_doctor
from tests.wiring import booking_service


@contextlib.contextmanager
def api_calls(client: Any) -> Iterator[list[str]]:
    """The DynamoDB operations sent meanwhile, in order (one per call and per page)."""
    sent: list[str] = []

    def count(model: Any, **_: Any) -> None:
        sent.append(model.name)

    client.meta.events.register("before-call.dynamodb", count)
    try:
        yield sent
    finally:
        client.meta.events.unregister("before-call.dynamodb", count)


def _now() -> datetime:
    return datetime.now().astimezone()


def test_book_and_each_day_change_send_one_query_each(world: AwsWorld) -> None:
    store = world.store
    store.put_doctors([make_doctor(f"doc-{k}", working_days=()) for k in range(3)])
    booking = booking_service(store, NotificationService(store, world.notifier, _now), _now)
    listed = booking.doctor_summaries()  # what the patient is looking at
    doctor = listed[1].doctor
    first, second = (date.today() + timedelta(days=n) for n in (1, 2))

    with api_calls(store._db) as sent:
        days = [booking.availability(doctor.doctor_id, d) for d in (first, second)]

    assert [d.doctor for d in days] == [doctor, doctor]
    assert all(any(s.free for s in d.slots) for d in days)
    assert sent == ["Query", "Query"]  # the day's taken times; the doctor is the listed one
