"""SNS: each patient gets their own messages only; a failed publish loses nothing.

Delivery is observed through SQS queues subscribed to the topic with exactly the filter
policy ``SNSNotifier.subscribe`` gives a patient's email subscription.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest

from care4u_desktop.adapters.passwords import WerkzeugHasher
from care4u_desktop.adapters.sns_notifier import SNSNotifier, sns_subject
from care4u_desktop.domain.models import NotificationEvent, User
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from tests.aws.support import THROTTLED_XML, AwsWorld, inbox, refuse
from tests.fakes import FastHasher, FixedClock, make_doctor
from tests.wiring import booking_service

DAY = date(2030, 1, 8)  # a Tuesday, after the fixed clock's "now"


@dataclass
class Desk:
    accounts: AccountService
    booking: BookingService
    notifications: NotificationService


def desk(world: AwsWorld, notifier: SNSNotifier | None = None) -> Desk:
    notifier = notifier or world.notifier
    clock = FixedClock()
    notifications = NotificationService(world.store, notifier, clock)
    return Desk(
        AccountService(world.store, notifier, FastHasher(), clock),
        booking_service(world.store, notifications, clock),
        notifications,
    )


def sign_up(d: Desk, name: str, email: str) -> User:
    return d.accounts.sign_up(name, email, "555 123 4567", "long-password-1").session.user


@pytest.fixture
def doctor(world: AwsWorld) -> str:
    world.store.put_doctor(
        make_doctor("doc-001", name="Sarah Johnson", specialization="Cardiology")
    )
    return "doc-001"


def test_each_patient_receives_only_their_own_messages(world: AwsWorld, doctor: str) -> None:
    ada_box, bob_box = inbox(world, "ada@example.com"), inbox(world, "bob@example.com")
    d = desk(world)
    ada = sign_up(d, "Ada Lovelace", "Ada@Example.com")
    bob = sign_up(d, "Bob Marley", "bob@example.com")

    booked = d.booking.book(ada, doctor, DAY, "09:00")

    (message,) = ada_box.messages()
    assert bob_box.messages() == []
    attrs = message["MessageAttributes"]
    assert attrs["recipient"]["Value"] == "ada@example.com"
    assert attrs["event"]["Value"] == "booked"
    for detail in (booked.appointment_id, "Sarah Johnson", "Cardiology", "09:00", "2030"):
        assert detail in message["Message"]
    assert booked.appointment_id in message["Subject"]
    assert "password" not in message["Message"].lower()
    assert "pbkdf2" not in message["Message"] and "scrypt" not in message["Message"]
    assert world.store.pending_notifications() == []

    bobs = d.booking.book(bob, doctor, DAY, "10:00")
    d.booking.cancel(d.accounts.log_in("bob@example.com", "long-password-1"), bobs.appointment_id)

    assert ada_box.messages() == []
    events = [m["MessageAttributes"]["event"]["Value"] for m in bob_box.messages()]
    assert events == ["booked", "cancelled"]


def test_sign_up_subscribes_the_email_with_a_recipient_filter(world: AwsWorld) -> None:
    d = desk(world)
    result = d.accounts.sign_up(
        "Ada Lovelace", " ADA@example.com ", "555 123 4567", "long-password-1"
    )

    assert result.subscribed
    sns = world.client("sns")
    (sub,) = sns.list_subscriptions_by_topic(TopicArn=world.topic_arn)["Subscriptions"]
    assert (sub["Protocol"], sub["Endpoint"]) == ("email", "ada@example.com")
    attrs = sns.get_subscription_attributes(SubscriptionArn=sub["SubscriptionArn"])
    assert json.loads(attrs["Attributes"]["FilterPolicy"]) == {"recipient": ["ada@example.com"]}


def test_the_topic_arn_is_found_by_name(world: AwsWorld) -> None:
    assert world.notifier.topic_arn == world.topic_arn


def test_sign_up_succeeds_when_sns_is_down(world: AwsWorld) -> None:
    broken = SNSNotifier(world.client("sns"), topic_arn=world.topic_arn + "-missing")
    d = desk(world, broken)

    result = d.accounts.sign_up("Ada Lovelace", "ada@example.com", "5551234567", "long-pass-1")

    assert not result.subscribed
    assert world.store.find_user_by_email("ada@example.com") is not None


def test_failed_publish_keeps_the_booking_and_retry_delivers_it_once(
    world: AwsWorld, doctor: str
) -> None:
    ada_box = inbox(world, "ada@example.com")
    broken = SNSNotifier(world.client("sns"), topic_arn=world.topic_arn + "-gone")
    down = desk(world, broken)
    ada = sign_up(down, "Ada Lovelace", "ada@example.com")

    booked = down.booking.book(ada, doctor, DAY, "09:00")

    # The booking stands; the message waits in the outbox with the reason.
    assert world.store.get_appointment(booked.appointment_id) == booked
    assert world.store.booked_times(doctor, DAY.isoformat()) == {"09:00"}
    (pending,) = world.store.pending_notifications()
    assert pending.appointment_id == booked.appointment_id
    assert pending.attempts == 1 and pending.last_error and "NotFound" in pending.last_error
    assert ada_box.messages() == []

    up = desk(world)
    report = up.notifications.retry_pending()
    again = up.notifications.retry_pending()

    assert (report.sent, report.still_pending) == (1, 0)
    assert (again.sent, again.still_pending) == (0, 0)
    (message,) = ada_box.messages()
    assert booked.appointment_id in message["Message"]
    # The retry publishes under the id the booking stored: a receiver can de-duplicate.
    assert message["MessageAttributes"]["notification_id"]["Value"] == pending.notification_id
    (sent,) = world.store.all_notifications()
    assert sent.sent_at is not None and sent.attempts == 2 and sent.last_error is None


def test_deleted_topic_then_recreated_delivers_the_pending_message(
    world: AwsWorld, doctor: str
) -> None:
    d = desk(world)
    ada = sign_up(d, "Ada Lovelace", "ada@example.com")
    sns = world.client("sns")
    sns.delete_topic(TopicArn=world.topic_arn)

    booked = d.booking.book(ada, doctor, DAY, "09:00")

    assert [n.appointment_id for n in world.store.pending_notifications()] == [
        booked.appointment_id
    ]
    assert sns.create_topic(Name=world.config.topic_name)["TopicArn"] == world.topic_arn
    ada_box = inbox(world, "ada@example.com")
    assert d.notifications.retry_pending().sent == 1
    assert len(ada_box.messages()) == 1
    assert d.notifications.retry_pending().sent == 0
    assert ada_box.messages() == []


def test_throttled_publish_is_retried_then_left_pending(server_world: AwsWorld) -> None:
    # Over HTTP, so the injected answer replaces the request rather than shadowing it.
    world = server_world
    doctor = "doc-001"
    world.store.put_doctor(make_doctor(doctor))
    ada_box = inbox(world, "ada@example.com")
    sns = world.client("sns")
    throttled = refuse(sns, "before-send.sns.Publish", 400, THROTTLED_XML)
    d = desk(world, SNSNotifier(sns, topic_arn=world.topic_arn))
    ada = sign_up(d, "Ada Lovelace", "ada@example.com")

    booked = d.booking.book(ada, doctor, DAY, "09:00")

    assert world.store.get_appointment(booked.appointment_id) == booked
    (pending,) = world.store.pending_notifications()
    assert "Throttling" in (pending.last_error or "")
    assert throttled["calls"] == 3  # standard mode: the first try and two retries
    assert ada_box.messages() == []
    assert desk(world).notifications.retry_pending().sent == 1
    assert len(ada_box.messages()) == 1


def test_subjects_are_made_acceptable_to_sns() -> None:
    assert sns_subject("Appointment K7M2-9QXR booked") == "Appointment K7M2-9QXR booked"
    assert sns_subject("Rendez-vous\nconfirmé — Café") == "Rendez-vous confirm? ? Caf?"
    assert len(sns_subject("x" * 300)) == 100
    assert sns_subject("   ") == "Care4U appointment"


def test_real_hasher_and_sns_round_trip(world: AwsWorld, doctor: str) -> None:
    """The production hasher through the whole AWS path (sign up, log in, book)."""
    box = inbox(world, "grace@example.com")
    clock = FixedClock()
    notifications = NotificationService(world.store, world.notifier, clock)
    accounts = AccountService(world.store, world.notifier, WerkzeugHasher(), clock)
    booking = booking_service(world.store, notifications, clock)
    accounts.sign_up("Grace Hopper", "grace@example.com", "5551234567", "long-password-1")

    session = accounts.log_in("grace@example.com", "long-password-1")
    booking.book(session.user, doctor, DAY, "11:00")

    (message,) = box.messages()
    assert message["MessageAttributes"]["event"]["Value"] == NotificationEvent.BOOKED.value
