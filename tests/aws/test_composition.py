"""``--backend aws``: the composition root builds the DynamoDB store and the SNS notifier."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from care4u_desktop.adapters.aws_provision import provision
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.adapters.sns_notifier import SNSNotifier
from care4u_desktop.composition import build_adapters, build_services
from tests.aws.support import aws_config, aws_env
from tests.fakes import make_doctor


def test_build_adapters_for_aws_makes_no_call_until_used(tmp_path: Path) -> None:
    # No endpoint to reach, nothing provisioned: building must still succeed.
    with aws_env("http://127.0.0.1:9"):
        store, notifier = build_adapters(aws_config(tmp_path))
    assert isinstance(store, DynamoDBStore)
    assert isinstance(notifier, SNSNotifier)


def test_services_on_aws_sign_up_log_in_and_book(inproc: None, tmp_path: Path) -> None:
    config = aws_config(tmp_path)
    topic_arn = provision(config)
    services = build_services(config)
    assert isinstance(services.store, DynamoDBStore)
    assert isinstance(services.notifier, SNSNotifier)
    assert services.notifier.topic_arn == topic_arn
    assert services.store.list_doctors() == []  # demo doctors are for the embedded store only
    services.store.put_doctor(make_doctor("doc-001", working_days=()))

    result = services.accounts.sign_up(
        "Ada Lovelace", "ada@example.com", "555 123 4567", "long-password-1"
    )
    session = services.accounts.log_in("ada@example.com", "long-password-1")
    tomorrow = config.now().date() + timedelta(days=1)
    booked = services.booking.book(session.user, "doc-001", tomorrow, "09:00")

    assert result.subscribed and session.user.email == "ada@example.com"
    assert services.booking.history(session).upcoming == [booked]
    assert services.store.pending_notifications() == []  # SNS took it
