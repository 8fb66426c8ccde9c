"""A kiosk on care4u-server is answered before SNS is asked (issue 14, item 4).

The booking and its message are stored in one transaction; the SNS publish and its "sent"
mark are the outbox's business from then on. The LAN server runs for weeks, like the
desktop app, so it delivers after the answer too: a slow SNS no longer holds back the
confirmation of every kiosk on it. The server's own services (as ``serve`` builds them)
run under uvicorn on 127.0.0.1 over moto in this process; the kiosk's HTTP client books;
SNS's publish waits at a gate. Lambda still delivers before answering: it freezes the
process once the answer is out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from moto import mock_aws

from care4u_desktop.client.composition import ApiServices
from care4u_desktop.config import Config
from care4u_desktop.server.app import create_app
from care4u_desktop.server.main import lan_services
from care4u_desktop.server.settings import ServerSettings
from tests.aws.support import AwsWorld, aws_env, inbox, provisioned_world
from tests.server.support import EVERY_DAY_DOCTOR, PASSWORD, TIMEZONE, free_port

EMAIL = "maria@example.com"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[AwsWorld]:
    with aws_env(), mock_aws():
        world = provisioned_world(tmp_path)
        world.store.put_doctor(EVERY_DAY_DOCTOR)
        yield world


@pytest.fixture
def server_url(world: AwsWorld) -> Iterator[tuple[str, Any]]:
    settings = ServerSettings()
    services = lan_services(replace(world.config, timezone=TIMEZONE), settings)
    services.open()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, services), host="127.0.0.1", port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}", services
    finally:
        server.should_exit = True
        thread.join(10)


def test_the_server_answers_a_booking_while_sns_is_still_publishing(
    tmp_path: Path, world: AwsWorld, server_url: tuple[str, Any]
) -> None:
    url, services = server_url
    token = services.devices.enrol("Lobby", "kiosk").token
    kiosk = ApiServices(
        Config(
            data_dir=tmp_path / "kiosk",
            backend="api",
            api_url=url,
            device_token=token,
            timezone=TIMEZONE,
        )
    )
    patients_inbox = inbox(world, EMAIL)
    signed_up = kiosk.accounts.sign_up("Maria Garcia", EMAIL, "555 123 4567", PASSWORD, PASSWORD)
    gate, publishing = threading.Event(), threading.Event()

    def held(**_: Any) -> None:  # SNS answering slowly: the publish waits at the gate
        publishing.set()
        gate.wait(30)

    services.notifier._sns.meta.events.register("before-call.sns.Publish", held)
    tomorrow = services.config.now().date() + timedelta(days=1)
    try:
        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(
                kiosk.booking.book, signed_up.session.user, EVERY_DAY_DOCTOR.doctor_id, tomorrow,
                "10:00",
            )  # fmt: skip
            booked = answer.result(timeout=5)  # the kiosk's confirmation, SNS still held

            assert world.store.get_appointment(booked.appointment_id) is not None
            pending = world.store.pending_notifications()
            assert [n.appointment_id for n in pending] == [booked.appointment_id]
            assert patients_inbox.messages() == []
    finally:
        gate.set()

    deadline = time.monotonic() + 10
    while world.store.pending_notifications() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert world.store.pending_notifications() == []
    assert publishing.is_set()
    (message,) = patients_inbox.messages()
    assert message["MessageAttributes"]["event"]["Value"] == "booked"
    assert booked.appointment_id in message["Message"] and "10:00" in message["Message"]
