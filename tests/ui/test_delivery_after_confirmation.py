"""The confirmation comes first; the email follows (issue 14, item 4).

The booking and its message are stored in one transaction, so the patient is shown the
confirmation as soon as that is done; the SNS publish and its "sent" mark come after, and
a slow SNS no longer holds the confirmation back. The kiosk runs on the AWS backend
(moto in-process) and SNS's publish is held at a gate: the confirmation is on screen while
the publish waits, and once it goes the message reaches the patient (an SQS queue
subscribed to the topic with the patient's filter policy, as their email is).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton

from tests.aws.support import AwsWorld, aws_env, inbox, provisioned_world
from tests.fakes import make_doctor

from .support import btn, click, find, log_in, next_working_day, register, text_of, wait_idle

EMAIL = "maria@example.com"


@pytest.fixture
def aws_world(tmp_path: Path) -> Iterator[AwsWorld]:
    with aws_env(), mock_aws():
        world = provisioned_world(tmp_path)
        world.store.put_doctor(make_doctor("doc-001", name="Sarah Johnson"))
        yield world


def _book_ten_oclock(qtbot: Any, window: Any, world: AwsWorld) -> None:
    window.doctors.table.selectRow(0)
    click(qtbot, btn(window.doctors, "bookButton"))
    wait_idle(qtbot, window)
    day = next_working_day(world.store.get_doctor("doc-001"))
    if window.booking.calendar.selectedDate() != QDate(day):
        window.booking.calendar.setSelectedDate(QDate(day))
        wait_idle(qtbot, window)
    click(qtbot, find(window.booking, QPushButton, "slot-10:00"))


def test_the_confirmation_is_shown_while_sns_is_still_publishing(
    qtbot: Any, start_window: Any, data_dir: Path, config_file: Any, aws_world: AwsWorld
) -> None:
    config_file(
        f'table_prefix = "{aws_world.config.table_prefix}"\n'
        f'topic_name = "{aws_world.config.topic_name}"\n'
    )
    window = start_window(["--backend", "aws", "--data-dir", str(data_dir)])
    patients_inbox = inbox(aws_world, EMAIL)
    register(window, EMAIL)
    gate, publishing = threading.Event(), threading.Event()

    def held(**_: Any) -> None:  # SNS answering slowly: the publish waits at the gate
        publishing.set()
        gate.wait(30)

    window.services.notifier._sns.meta.events.register("before-call.sns.Publish", held)
    try:
        log_in(qtbot, window, EMAIL)
        _book_ten_oclock(qtbot, window, aws_world)
        with qtbot.waitSignal(window.booking.booked, timeout=5_000):
            click(qtbot, btn(window.booking, "confirmBookingButton"))

        # On screen while SNS has not taken the message: the number, and no promise broken.
        number = text_of(window.booking, "appointmentId")
        assert window.booking.pages.currentIndex() == 1
        assert "on its way" in window.booking.confirmation.notice.text()
        assert aws_world.store.get_appointment(number) is not None
        pending = aws_world.store.pending_notifications()
        assert [n.appointment_id for n in pending] == [number]  # in the outbox already
        assert patients_inbox.messages() == []
    finally:
        gate.set()

    def delivered() -> None:
        assert aws_world.store.pending_notifications() == []

    qtbot.waitUntil(delivered, timeout=10_000)
    assert publishing.is_set()
    (message,) = patients_inbox.messages()
    assert message["MessageAttributes"]["event"]["Value"] == "booked"
    assert number in message["Message"] and "10:00" in message["Message"]
    wait_idle(qtbot, window)
