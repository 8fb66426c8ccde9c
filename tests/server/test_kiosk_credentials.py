"""What a kiosk's credentials allow, used directly by someone at the kiosk.

A kiosk stands in a public waiting room. Whatever it holds, someone who opens it (or
copies its credentials file) holds too. Here the kiosk deployed on AWS holds an IAM
user's access key with ``resources/aws/kiosk-iam-policy.json``, on a moto server that
enforces that policy (``tests.server.iam_moto``), and the attacks are plain boto3 calls
with the kiosk's own keys. Each test states the requirement.
"""

from __future__ import annotations

import contextlib
import os
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from care4u_desktop.adapters.aws_clients import dynamodb_client, sns_client, sts_client
from care4u_desktop.adapters.aws_provision import provision_resources
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.adapters.sns_notifier import SNSNotifier
from care4u_desktop.config import Config
from care4u_desktop.domain.errors import SlotTaken
from care4u_desktop.domain.models import AppointmentStatus, Role
from care4u_desktop.services.accounts import AccountService, Session
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.notifications import NotificationService
from tests.aws.support import REGION, aws_env
from tests.fakes import FastHasher, FixedClock, make_doctor
from tests.server.iam_moto import iam_moto_server
from tests.wiring import booking_service

ROOT = Path(__file__).resolve().parents[2]
KIOSK_POLICY = ROOT / "resources" / "aws" / "kiosk-iam-policy.json"
DAY = date(2030, 1, 8)
SLOT = "09:00"


@dataclass
class KioskOnAws:
    """A kiosk deployed on AWS as documented, and two patients who used kiosks."""

    url: str
    #: The kiosk's own DynamoDB client (its access key), as an attacker would use it.
    db: Any
    booking: BookingService
    #: The store with moto's default (unchecked) credentials: to see what is stored.
    truth: DynamoDBStore
    bob: Session
    mallory: Session

    def unchecked(self, read: Callable[[], Any]) -> Any:
        """``read`` with IAM checks off (the truth, not what the kiosk may do)."""
        _auth(self.url, on=False)
        try:
            return read()
        finally:
            _auth(self.url, on=True)


def _auth(url: str, *, on: bool) -> None:
    # moto's switch: check every request from now on (0), or none (inf).
    urllib.request.urlopen(
        urllib.request.Request(
            f"{url}/moto-api/reset-auth",
            data=b"0" if on else b"inf",
            headers={"Content-Type": "text/plain"},  # a form body would be parsed away
        ),
        timeout=10,
    ).close()


def _attempt(call: Callable[[], Any]) -> tuple[str, Any]:
    """("allowed", answer), or ("denied", why) when IAM refused the kiosk's key (HTTP 403)."""
    try:
        return "allowed", call()
    except ClientError as exc:
        if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") != 403:
            raise
        message = str(exc.response.get("Error", {}).get("Message", ""))
        # moto answers IAM refusals as XML: "... is not authorized to perform: dynamodb:Scan"
        return "denied", message.partition("is not authorized to perform: ")[2].split("<")[0]


@pytest.fixture
def kiosk_on_aws(tmp_path: Path) -> Iterator[KioskOnAws]:
    with iam_moto_server(str(ROOT), dict(os.environ)) as url, aws_env(url):
        config = Config(tmp_path, backend="aws")  # the production names the policy names
        admin = boto3.session.Session()
        provision_resources(
            config, dynamodb=dynamodb_client(admin), sns=sns_client(admin), poll_seconds=0.05
        )
        truth = DynamoDBStore(dynamodb_client(admin), config.table_prefix)
        truth.put_doctor(make_doctor("doc-001"))
        iam = admin.client("iam", region_name=REGION)
        iam.create_user(UserName="care4u-kiosk-1")
        iam.put_user_policy(
            UserName="care4u-kiosk-1",
            PolicyName="care4u-kiosk",
            PolicyDocument=KIOSK_POLICY.read_text(encoding="utf-8"),
        )
        key = iam.create_access_key(UserName="care4u-kiosk-1")["AccessKey"]
        _auth(url, on=True)
        kiosk = boto3.session.Session(
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
            region_name=REGION,
        )
        db = dynamodb_client(kiosk, max_attempts=1)
        # The policy is enforced: what it does not grant is refused.
        assert _attempt(lambda: db.scan(TableName="Care4U_Users")) == ("denied", "dynamodb:Scan")
        store = DynamoDBStore(db, config.table_prefix)
        clock = FixedClock()
        notifier = SNSNotifier(sns_client(kiosk), config.topic_name, sts=sts_client(kiosk))
        notifications = NotificationService(store, notifier, clock)
        accounts = AccountService(store, notifier, FastHasher(), clock)
        booking = booking_service(store, notifications, clock)
        # Bob used a kiosk this morning; Mallory stands at this one now.
        bob = accounts.sign_up(
            "Bob Baker", "bob@example.com", "555 765 4321", "bobs-password-1"
        ).session
        booking.book(bob.user, "doc-001", DAY, SLOT)
        mallory = accounts.sign_up(
            "Mallory Moss", "mallory@example.com", "555 111 2222", "mallorys-pass-1"
        ).session
        yield KioskOnAws(url, db, booking, truth, bob, mallory)


def test_a_kiosks_credentials_cannot_read_other_patients_notifications(
    kiosk_on_aws: KioskOnAws,
) -> None:
    k = kiosk_on_aws
    scan = _attempt(lambda: k.db.scan(TableName="Care4U_Notifications")["Items"])
    feed = _attempt(
        lambda: k.db.query(
            TableName="Care4U_Notifications",
            IndexName="feed_created",
            KeyConditionExpression="feed = :all",
            ExpressionAttributeValues={":all": {"S": "all"}},
        )["Items"]
    )
    print("Scan Care4U_Notifications:", scan[0], "| Query feed_created:", feed[0])
    read = [i for outcome, got in (scan, feed) if outcome == "allowed" for i in got]
    others = sorted(
        (i["recipient"]["S"], i["subject"]["S"])
        for i in read
        if i["recipient"]["S"] != k.mallory.user.email
    )
    assert others == []


def test_a_kiosks_credentials_cannot_read_a_password_hash_by_email(
    kiosk_on_aws: KioskOnAws,
) -> None:
    k = kiosk_on_aws

    def hash_of(email: str) -> str | None:
        users = "Care4U_Users"
        guard = k.db.get_item(TableName=users, Key={"user_id": {"S": f"EMAIL#{email}"}})
        owner = guard["Item"]["guard_for"]["S"]
        user = k.db.get_item(TableName=users, Key={"user_id": {"S": owner}})
        return str(user["Item"]["password_hash"]["S"])

    outcome, got = _attempt(lambda: hash_of("bob@example.com"))
    print("GetItem Care4U_Users EMAIL#bob@example.com, then the user:", outcome, got)
    assert outcome == "denied", f"Bob's password hash: {got}"


def test_a_kiosks_credentials_cannot_make_an_account_an_admin(
    kiosk_on_aws: KioskOnAws,
) -> None:
    k = kiosk_on_aws
    outcome, _ = _attempt(
        lambda: k.db.update_item(
            TableName="Care4U_Users",
            Key={"user_id": {"S": k.mallory.user.user_id}},
            UpdateExpression="SET #r = :admin",
            ExpressionAttributeNames={"#r": "role"},
            ExpressionAttributeValues={":admin": {"S": Role.ADMIN.value}},
        )
    )
    stored = k.unchecked(lambda: k.truth.get_user(k.mallory.user.user_id))
    print("UpdateItem Care4U_Users role=admin:", outcome, "| stored role:", stored.role)
    assert stored.role is Role.PATIENT


def test_a_kiosks_credentials_cannot_delete_a_slot_guard_to_double_book(
    kiosk_on_aws: KioskOnAws,
) -> None:
    k = kiosk_on_aws
    guard = f"SLOT#doc-001#{DAY.isoformat()}#{SLOT}"
    outcome, _ = _attempt(
        lambda: k.db.delete_item(
            TableName="Care4U_Appointments", Key={"appointment_id": {"S": guard}}
        )
    )
    with contextlib.suppress(SlotTaken):  # then book Bob's slot at the kiosk, as anyone would
        k.booking.book(k.mallory.user, "doc-001", DAY, SLOT)
    held = k.unchecked(lambda: k.truth.appointments_for_doctor_day("doc-001", DAY.isoformat()))
    emails = {p.user.user_id: p.user.email for p in (k.bob, k.mallory)}
    holders = sorted(emails[a.user_id] for a in held if a.status is not AppointmentStatus.CANCELLED)
    print(f"DeleteItem {guard}:", outcome, "| bookings of the slot:", holders)
    assert holders == ["bob@example.com"]
