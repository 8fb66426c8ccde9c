"""On DynamoDB (the moto server, over HTTP): a transaction that reached the table but whose
answer never came back.

``lose_answers`` is a botocore ``before-send`` hook that carries each attempt of one
operation to the server for real, then raises ``ReadTimeoutError`` as if the answer had
been lost on the way back. botocore retries (all three attempts lose their answers), the
store gives up with ``ServiceUnavailable``, and the service must read back before it
tells the patient anything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from botocore.exceptions import ReadTimeoutError

from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.domain.errors import (
    BookingNotMade,
    BookingUnconfirmed,
    ServiceUnavailable,
)
from care4u_desktop.domain.models import AppointmentStatus
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.notifications import NotificationService
from tests.aws.support import THROTTLED_XML, AwsWorld, inbox, refuse
from tests.fakes import FastHasher, FixedClock, make_doctor
from tests.wiring import booking_service

DAY = date(2030, 1, 8)
PASSWORD = "long-password-1"


def lose_answers(store: DynamoDBStore, operation: str) -> dict[str, int]:
    """Every ``operation`` request reaches the server; its answer is dropped."""
    client = store._db
    seen = {"sent": 0}

    def send_then_lose(request: Any, **_: Any) -> None:
        client._endpoint.http_session.send(request)  # the write happens on the server
        seen["sent"] += 1
        raise ReadTimeoutError(endpoint_url=request.url)

    client.meta.events.register_first(f"before-send.dynamodb.{operation}", send_then_lose)
    return seen


def go_blind_after(store: DynamoDBStore, seen: dict[str, int]) -> None:
    """Once an answer has been lost, reads time out too (the network went away)."""

    def time_out(request: Any, **_: Any) -> None:
        if seen["sent"]:
            raise ReadTimeoutError(endpoint_url=request.url)

    store._db.meta.events.register_first("before-send.dynamodb.GetItem", time_out)


class Kiosk:
    def __init__(self, world: AwsWorld, store: DynamoDBStore) -> None:
        clock = FixedClock()
        self.notifications = NotificationService(store, world.notifier, clock)
        self.booking = booking_service(store, self.notifications, clock)
        self.accounts = AccountService(store, world.notifier, FastHasher(), clock)


@pytest.fixture
def world(server_world: AwsWorld) -> AwsWorld:
    server_world.store.put_doctor(make_doctor("doc-001"))
    return server_world


def test_a_booking_whose_answers_were_all_lost_is_reported_booked(world: AwsWorld) -> None:
    ada_inbox = inbox(world, "ada@example.com")
    store = world.new_store()
    kiosk = Kiosk(world, store)
    ada = kiosk.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD)
    sent = lose_answers(store, "TransactWriteItems")

    booked = kiosk.booking.book(ada.session.user, "doc-001", DAY, "09:00")

    assert sent["sent"] == 3  # every attempt reached the table, no answer came back
    assert world.store.get_appointment(booked.appointment_id) == booked
    assert world.store.booked_times("doc-001", DAY.isoformat()) == {"09:00"}
    (stored,) = world.store.all_notifications()
    assert stored.appointment_id == booked.appointment_id and stored.sent_at is not None
    (message,) = ada_inbox.messages()
    assert message["MessageAttributes"]["notification_id"]["Value"] == stored.notification_id


def test_a_sign_up_and_a_cancel_whose_answers_were_lost_are_what_is_stored(
    world: AwsWorld,
) -> None:
    store = world.new_store()
    kiosk = Kiosk(world, store)
    sent = lose_answers(store, "TransactWriteItems")

    ada = kiosk.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD)

    assert sent["sent"] == 3
    assert world.store.find_user_by_email("ada@example.com") == ada.session.user
    session = Kiosk(world, world.store).accounts.log_in("ada@example.com", PASSWORD)
    booked = Kiosk(world, world.store).booking.book(session.user, "doc-001", DAY, "10:00")

    cancelled = kiosk.booking.cancel(session, booked.appointment_id)

    assert sent["sent"] == 6
    assert cancelled.status is AppointmentStatus.CANCELLED
    current = world.store.get_appointment(booked.appointment_id)
    assert current is not None and current.status is AppointmentStatus.CANCELLED
    assert world.store.booked_times("doc-001", DAY.isoformat()) == set()


def test_a_throttled_booking_that_was_never_written_says_not_booked(world: AwsWorld) -> None:
    store = world.new_store()
    kiosk = Kiosk(world, store)
    ada = kiosk.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD)
    refuse(store._db, "before-send.dynamodb.TransactWriteItems", 400, THROTTLED_XML)

    with pytest.raises(BookingNotMade) as caught:
        kiosk.booking.book(ada.session.user, "doc-001", DAY, "09:00")

    assert "Your appointment was not booked." in caught.value.message
    assert world.store.appointments_for_user(ada.session.user.user_id) == []


def test_a_booking_that_cannot_be_read_back_is_unconfirmed(world: AwsWorld) -> None:
    store = world.new_store()
    kiosk = Kiosk(world, store)
    ada = kiosk.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", PASSWORD)
    go_blind_after(store, lose_answers(store, "TransactWriteItems"))

    with pytest.raises(ServiceUnavailable) as caught:
        kiosk.booking.book(ada.session.user, "doc-001", DAY, "09:00")

    assert isinstance(caught.value, BookingUnconfirmed)
    assert caught.value.message == (
        "We could not confirm your booking. Please check My appointments or ask at reception."
    )
    (appointment,) = world.store.appointments_for_user(ada.session.user.user_id)
    (pending,) = world.store.pending_notifications()  # sent by the next retry, at least once
    assert pending.appointment_id == appointment.appointment_id
