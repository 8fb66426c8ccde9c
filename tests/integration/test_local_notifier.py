"""The local notifier: what would have been emailed, one JSON line each, in the data dir."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from care4u_desktop.adapters.local_notifier import OUTBOX_FILENAME, LocalNotifier
from care4u_desktop.domain.errors import ServiceUnavailable
from care4u_desktop.domain.models import NotificationEvent
from tests.fakes import make_appointment, make_doctor, make_notification, make_user


def test_publish_appends_one_json_line_per_message(tmp_path: Path) -> None:
    notifier = LocalNotifier(tmp_path)
    appointment = make_appointment(make_user(), make_doctor(), appointment_id="K7M2-9QXR")
    booked = make_notification(appointment, "ada@example.com")
    cancelled = make_notification(appointment, "ada@example.com", event=NotificationEvent.CANCELLED)

    notifier.publish(booked)
    notifier.publish(cancelled)

    lines = (tmp_path / OUTBOX_FILENAME).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == notifier.read_outbox()
    first, second = notifier.read_outbox()
    assert first == {
        "notification_id": booked.notification_id,
        "appointment_id": "K7M2-9QXR",
        "recipient": "ada@example.com",
        "event": "booked",
        "subject": booked.subject,
        "body": booked.body,
        "created_at": booked.created_at,
    }
    assert second["event"] == "cancelled"


def test_outbox_keeps_non_ascii_text_readable(tmp_path: Path) -> None:
    notifier = LocalNotifier(tmp_path)
    appointment = make_appointment(make_user(), make_doctor(name="Luis Fernández"))
    note = replace(make_notification(appointment), body="Doctor: Luis Fernández")

    notifier.publish(note)

    assert "Fernández" in (tmp_path / OUTBOX_FILENAME).read_text(encoding="utf-8")
    assert notifier.read_outbox()[0]["body"] == "Doctor: Luis Fernández"


def test_empty_outbox(tmp_path: Path) -> None:
    assert LocalNotifier(tmp_path).read_outbox() == []


def test_subscribe_records_the_recipient(tmp_path: Path) -> None:
    LocalNotifier(tmp_path).subscribe("ada@example.com")
    lines = (tmp_path / "subscriptions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"recipient": "ada@example.com"}]


def test_an_unwritable_outbox_is_service_unavailable(tmp_path: Path) -> None:
    notifier = LocalNotifier(tmp_path / "gone")  # the folder does not exist
    note = make_notification(make_appointment(make_user(), make_doctor()))

    with pytest.raises(ServiceUnavailable):
        notifier.publish(note)
    with pytest.raises(ServiceUnavailable):
        notifier.subscribe("ada@example.com")
