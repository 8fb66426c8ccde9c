"""A hospital moving from the seed's Flask app keeps its data.

The seed app made ``Care4U_Users/Doctors/Appointments`` (keys only, provisioned capacity),
wrote items in its own shape, and subscribed emails to ``Care4U_Appointments`` with no
filter. ``provision`` adopts all of that, idempotently.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from care4u_desktop.adapters.aws_clients import dynamodb_client, sns_client, sts_client
from care4u_desktop.adapters.aws_provision import provision_resources
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.adapters.passwords import WerkzeugHasher
from care4u_desktop.adapters.sns_notifier import SNSNotifier
from care4u_desktop.config import Config
from care4u_desktop.domain.errors import EmailAlreadyRegistered, InvalidCredentials, SlotTaken
from care4u_desktop.domain.models import AppointmentStatus
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from tests.aws.support import REGION, aws_config
from tests.fakes import FixedClock
from tests.wiring import booking_service

SEED_PASSWORD = "seed-password-1"
DAY = "2030-01-15"  # a Tuesday, within the booking horizon of the fixed clock


@dataclass
class Seed:
    config: Config
    john: str
    jane: str
    booked: str
    cancelled: str
    double_a: str
    double_b: str


def _seed_put(db: Any, table: str, item: dict[str, Any]) -> None:
    """As the seed app wrote items: boto3's resource layer, plain Python values."""
    boto3.resource("dynamodb", region_name=REGION).Table(table).put_item(Item=item)


@pytest.fixture
def seed(inproc: None, tmp_path: Path) -> Seed:
    config = aws_config(tmp_path)
    p = config.table_prefix
    db = boto3.client("dynamodb", region_name=REGION)
    for suffix, key in (
        ("Users", "user_id"),
        ("Doctors", "doctor_id"),
        ("Appointments", "appointment_id"),
    ):
        db.create_table(
            TableName=p + suffix,
            KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        )
    john, jane = str(uuid.uuid4()), str(uuid.uuid4())
    pbkdf2 = generate_password_hash(SEED_PASSWORD, method="pbkdf2:sha256")
    _seed_put(db, p + "Users", {
        "user_id": john, "name": "John Doe", "email": "John.Doe@Example.com",
        "phone": "1234567890", "password_hash": pbkdf2,
    })  # fmt: skip
    _seed_put(db, p + "Users", {
        "user_id": jane, "name": "Jane Roe", "email": "jane@example.com",
        "phone": "5550001111", "password_hash": pbkdf2,
    })  # fmt: skip
    _seed_put(db, p + "Doctors", {
        "doctor_id": "doc-001", "name": "Sarah Johnson", "specialization": "Cardiology",
        "available_slots": ["09:00", "10:00", "11:00", "14:00", "15:00"],
    })  # fmt: skip
    _seed_put(db, p + "Doctors", {
        "doctor_id": "doc-002", "name": "Michael Chen", "specialization": "Pediatrics",
        "available_slots": ["09:00", "10:00", "11:00", "14:00", "15:00", "16:00"],
    })  # fmt: skip
    ids = [str(uuid.uuid4()) for _ in range(4)]
    rows = [
        (ids[0], john, "doc-001", DAY, "10:00", "booked"),
        (ids[1], john, "doc-001", DAY, "14:00", "cancelled"),
        # The seed's scan-then-put race let two patients into one slot:
        (ids[2], john, "doc-002", DAY, "09:00", "booked"),
        (ids[3], jane, "doc-002", DAY, "09:00", "booked"),
    ]
    for aid, uid, doc, day, hhmm, status in rows:
        _seed_put(db, p + "Appointments", {
            "appointment_id": aid, "user_id": uid, "doctor_id": doc, "date": day,
            "time": hhmm, "status": status, "created_at": "2026-01-10T09:00:00.123456",
        })  # fmt: skip
    sns = boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name=config.topic_name)["TopicArn"]
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName=p + "everyone")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn["QueueArn"])  # no filter
    return Seed(config, john, jane, ids[0], ids[1], ids[2], ids[3])


@dataclass
class App:
    store: DynamoDBStore
    accounts: AccountService
    booking: BookingService


def app(config: Config) -> App:
    store = DynamoDBStore(dynamodb_client(), config.table_prefix)
    notifier = SNSNotifier(sns_client(), config.topic_name, sts=sts_client())
    clock = FixedClock()
    notifications = NotificationService(store, notifier, clock)
    return App(
        store,
        AccountService(store, notifier, WerkzeugHasher(), clock),
        booking_service(store, notifications, clock),
    )


def test_seed_items_read_correctly_before_any_provisioning(seed: Seed) -> None:
    store = DynamoDBStore(dynamodb_client(), seed.config.table_prefix)

    john = store.get_user(seed.john)
    appointment = store.get_appointment(seed.booked)
    doctor = store.get_doctor("doc-001")

    assert john is not None and john.email == "john.doe@example.com"
    assert john.role.value == "patient"
    assert john.password_hash.startswith("pbkdf2:sha256:")
    assert appointment is not None
    assert (appointment.doctor_id, appointment.date, appointment.time) == ("doc-001", DAY, "10:00")
    assert appointment.status is AppointmentStatus.BOOKED
    assert (appointment.doctor_name, appointment.specialization) == ("", "")
    assert doctor is not None and doctor.available_slots[0] == "09:00"
    assert doctor.working_days == () and doctor.days_off == ()


def test_provision_adopts_seed_tables_idempotently(seed: Seed) -> None:
    first = provision_resources(seed.config, poll_seconds=0)
    second = provision_resources(seed.config, poll_seconds=0)

    p = seed.config.table_prefix
    # The seed had no outbox and no server: those tables are new, its own are kept.
    assert first.created_tables == [
        p + t for t in ("Notifications", "Devices", "Sessions", "RequestCounts", "Audit")
    ]
    assert sorted(first.created_indexes) == [
        p + "Appointments.date_time",
        p + "Appointments.doctor_date",
        p + "Appointments.status_date",
        p + "Appointments.user_date",
        p + "Users.phone",
    ]
    assert (first.adopted_users, first.adopted_appointments) == (2, 3)
    assert (second.created_tables, second.created_indexes) == ([], [])
    assert (second.adopted_users, second.adopted_appointments) == (2, 3)
    assert second.topic_arn == first.topic_arn
    # The seed's double booking is reported (ids only), each run, and left alone.
    later = max(seed.double_a, seed.double_b)  # same created_at: the smaller id keeps it
    assert first.conflicts == [f"appointment {later} double-books doctor doc-002 on {DAY} 09:00"]
    assert second.conflicts == first.conflicts
    assert len(first.unfiltered_subscriptions) == 1
    assert any("filter policy" in line for line in first.lines())
    # The seed's capacity mode is the seed's business.
    table = boto3.client("dynamodb", region_name=REGION).describe_table(
        TableName=p + "Appointments"
    )["Table"]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5


def test_after_adoption_the_rules_hold_for_seed_data(seed: Seed) -> None:
    provision_resources(seed.config, poll_seconds=0)
    provision_resources(seed.config, poll_seconds=0)
    a = app(seed.config)

    # The seed user's email cannot be registered again, however it is typed.
    with pytest.raises(EmailAlreadyRegistered):
        a.accounts.sign_up("John Again", " JOHN.DOE@example.com", "5551234567", "another-pass-1")
    # The seed's booked appointment blocks its slot ...
    assert "10:00" in a.store.booked_times("doc-001", DAY)
    assert "14:00" not in a.store.booked_times("doc-001", DAY)  # cancelled in the seed app
    new = a.accounts.sign_up("Ada Lovelace", "ada@example.com", "5559876543", "long-password-1")
    with pytest.raises(SlotTaken):
        a.booking.book(new.session.user, "doc-001", date.fromisoformat(DAY), "10:00")
    # ... and shows in the patient's history, now with the doctor's name.
    john = a.accounts.log_in("john.doe@example.com", SEED_PASSWORD)  # a pbkdf2:sha256 hash
    history = a.booking.history(john)
    assert seed.booked in [x.appointment_id for x in history.upcoming]
    (mine,) = [x for x in history.upcoming if x.appointment_id == seed.booked]
    assert (mine.doctor_name, mine.specialization) == ("Sarah Johnson", "Cardiology")
    # The seed user books ...
    booked = a.booking.book(john.user, "doc-001", date.fromisoformat(DAY), "11:00")
    assert a.store.get_appointment(booked.appointment_id) == booked
    # ... and cancels the old appointment by the number as typed at reception.
    cancelled = a.booking.cancel(john, seed.booked.upper())
    assert cancelled.appointment_id == seed.booked
    assert "10:00" not in a.store.booked_times("doc-001", DAY)


def test_the_seed_apps_own_check_still_sees_our_bookings(seed: Seed) -> None:
    """If the old app still runs somewhere, its scan finds our booking and no guard item."""
    provision_resources(seed.config, poll_seconds=0)
    a = app(seed.config)
    ada = a.accounts.sign_up("Ada Lovelace", "ada@example.com", "5559876543", "long-pass-1")
    a.booking.book(ada.session.user, "doc-001", date.fromisoformat(DAY), "15:00")

    table = boto3.resource("dynamodb", region_name=REGION).Table(
        seed.config.table_prefix + "Appointments"
    )
    from boto3.dynamodb.conditions import Attr

    found = table.scan(
        FilterExpression=Attr("doctor_id").eq("doc-001")
        & Attr("date").eq(DAY)
        & Attr("time").eq("15:00")
        & Attr("status").eq("booked")
    )["Items"]
    assert len(found) == 1 and found[0]["user_id"] == ada.session.user.user_id
    users = boto3.resource("dynamodb", region_name=REGION).Table(seed.config.table_prefix + "Users")
    by_email = users.scan(FilterExpression=Attr("email").eq("ada@example.com"))["Items"]
    assert [u["user_id"] for u in by_email] == [ada.session.user.user_id]


def test_provision_can_remove_unfiltered_subscriptions(seed: Seed) -> None:
    report = provision_resources(seed.config, poll_seconds=0, unsubscribe_unfiltered=True)
    assert len(report.unfiltered_subscriptions) == 1
    again = provision_resources(seed.config, poll_seconds=0)
    assert again.unfiltered_subscriptions == []


def test_the_seed_apps_log_in_still_works_after_ours(seed: Seed) -> None:
    """Our attempt counts are invisible to its scan by email, and the hash we renew at
    log-in (scrypt, in place of its pbkdf2) still passes its werkzeug check."""
    provision_resources(seed.config, poll_seconds=0)
    a = app(seed.config)
    for email in ("john.doe@example.com", "nobody@example.com"):
        with pytest.raises(InvalidCredentials):
            a.accounts.log_in(email, "a wrong guess")

    a.accounts.log_in("john.doe@example.com", SEED_PASSWORD)

    from boto3.dynamodb.conditions import Attr

    users = boto3.resource("dynamodb", region_name=REGION).Table(seed.config.table_prefix + "Users")
    (john,) = users.scan(FilterExpression=Attr("email").eq("John.Doe@Example.com"))["Items"]
    assert str(john["password_hash"]).startswith("scrypt:")
    assert check_password_hash(str(john["password_hash"]), SEED_PASSWORD)
    assert users.scan(FilterExpression=Attr("email").eq("nobody@example.com"))["Items"] == []
    assert a.accounts.log_in("john.doe@example.com", SEED_PASSWORD).user.user_id == seed.john
