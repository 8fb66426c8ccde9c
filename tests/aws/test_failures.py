"""When AWS cannot be used: one clear ``ServiceUnavailable``, quickly, nothing half-written."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError

from care4u_desktop.adapters import dynamodb_items as items
from care4u_desktop.adapters.aws_backend import build_aws_adapters
from care4u_desktop.adapters.aws_clients import (
    CONNECT_TIMEOUT_S,
    READ_TIMEOUT_S,
    dynamodb_client,
)
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.domain.errors import PatientAlreadyBooked, ServiceUnavailable
from care4u_desktop.services.notifications import NotificationService
from tests.aws.support import (
    AwsWorld,
    Body,
    RetryCounter,
    aws_config,
    aws_env,
    refuse,
    unique_prefix,
)
from tests.fakes import (
    FakeNotifier,
    FixedClock,
    make_appointment,
    make_doctor,
    make_notification,
    make_user,
)
from tests.wiring import booking_service


def _dynamo_error(code: str, message: str) -> bytes:
    return (
        f'{{"__type":"com.amazonaws.dynamodb.v20120810#{code}","message":"{message}"}}'
    ).encode()


def _scan_all(world: AwsWorld) -> list[dict[str, Any]]:
    db = world.store._db
    found: list[dict[str, Any]] = []
    for table in (world.store.tables.appointments, world.store.tables.notifications):
        found += db.scan(TableName=table, ConsistentRead=True)["Items"]
    return found


@pytest.fixture
def world(server_world: AwsWorld) -> AwsWorld:
    """Over HTTP: an injected answer then truly replaces the request (in-process moto would
    still carry the request out behind it)."""
    return server_world


@pytest.fixture
def booking(world: AwsWorld) -> tuple[Any, ...]:
    doctor = make_doctor("doc-001")
    world.store.put_doctor(doctor)
    patient = make_user("ada@example.com")
    world.store.add_user(patient)
    appointment = make_appointment(patient, doctor, "2030-01-08", "09:00")
    return patient, doctor, appointment


def test_clients_have_short_timeouts_and_standard_retries(inproc: None) -> None:
    config = dynamodb_client().meta.config
    assert (config.connect_timeout, config.read_timeout) == (CONNECT_TIMEOUT_S, READ_TIMEOUT_S)
    assert config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert CONNECT_TIMEOUT_S + READ_TIMEOUT_S <= 10


def test_unreachable_endpoint_is_service_unavailable_within_seconds() -> None:
    with aws_env("http://127.0.0.1:9"):  # the discard port: nothing listens
        store = DynamoDBStore(dynamodb_client(), unique_prefix())
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable) as caught:
            store.find_user_by_email("ada@example.com")
        elapsed = time.monotonic() - started
    assert elapsed < 10
    assert caught.value.message == ServiceUnavailable().message  # "not responding"


def test_a_missing_profile_is_service_unavailable_at_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with aws_env():
        monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
        with pytest.raises(ServiceUnavailable):
            build_aws_adapters(aws_config(tmp_path))


def test_missing_tables_are_service_unavailable(inproc: None) -> None:
    store = DynamoDBStore(dynamodb_client(), "NeverProvisioned_")
    user = make_user("ada@example.com")
    doctor = make_doctor("doc-001")
    appointment = make_appointment(user, doctor)
    calls = [
        lambda: store.add_user(user),
        lambda: store.find_user_by_email("ada@example.com"),
        lambda: store.list_doctors(),
        lambda: store.put_doctor(doctor),
        lambda: store.put_doctors([doctor, make_doctor("doc-002")]),
        lambda: store.booked_times("doc-001", "2030-01-08"),
        lambda: store.book(appointment, make_notification(appointment)),
        lambda: store.appointments_for_user(user.user_id),
        lambda: store.pending_notifications(),
        lambda: store.mark_notification_sent("n-1", "2030-01-08T10:00"),
    ]
    for call in calls:
        with pytest.raises(ServiceUnavailable):
            call()


def test_throttled_booking_is_retried_then_refused_with_nothing_written(
    world: AwsWorld, booking: tuple[Any, ...]
) -> None:
    _, _, appointment = booking
    store = world.new_store()
    throttled = refuse(
        store._db,
        "before-send.dynamodb.TransactWriteItems",
        400,
        _dynamo_error("ThrottlingException", "Rate of requests exceeds the allowed throughput"),
    )
    before = _scan_all(world)

    with pytest.raises(ServiceUnavailable):
        store.book(appointment, make_notification(appointment))

    assert throttled["calls"] == 3
    assert _scan_all(world) == before
    assert world.store.get_appointment(appointment.appointment_id) is None


def test_expired_credentials_are_service_unavailable_without_retrying(
    world: AwsWorld, booking: tuple[Any, ...]
) -> None:
    store = world.new_store()
    expired = refuse(
        store._db,
        "before-send.dynamodb.GetItem",
        400,
        _dynamo_error("ExpiredTokenException", "The security token included is expired"),
    )
    with pytest.raises(ServiceUnavailable):
        store.find_user_by_email("ada@example.com")
    assert expired["calls"] == 1


def test_read_timeouts_are_retried_then_service_unavailable(
    world: AwsWorld, booking: tuple[Any, ...]
) -> None:
    _, _, appointment = booking
    store = world.new_store()
    calls = {"n": 0}

    def time_out(request: Any, **_: Any) -> None:
        calls["n"] += 1
        raise ReadTimeoutError(endpoint_url=request.url)

    store._db.meta.events.register_first("before-send.dynamodb.TransactWriteItems", time_out)

    with pytest.raises(ServiceUnavailable):
        store.book(appointment, make_notification(appointment))
    assert calls["n"] == 3
    assert world.store.get_appointment(appointment.appointment_id) is None


def test_one_server_error_is_retried_and_the_booking_made_once(
    world: AwsWorld, booking: tuple[Any, ...]
) -> None:
    _, _, appointment = booking
    store = world.new_store()
    counter = RetryCounter()
    counter.attach(store._db)
    failures = {"left": 1}

    def fail_once(request: Any, **_: Any) -> Any:
        if failures["left"]:
            failures["left"] -= 1
            return AWSResponse(request.url, 500, {}, Body(b'{"__type":"InternalFailure"}'))
        return None

    store._db.meta.events.register_first("before-send.dynamodb.TransactWriteItems", fail_once)

    store.book(appointment, make_notification(appointment))

    assert counter.server_errors == 1
    assert world.store.get_appointment(appointment.appointment_id) == appointment


def test_the_service_layer_shows_one_plain_message(world: AwsWorld) -> None:
    clock = FixedClock()
    down = DynamoDBStore(world.new_store()._db, "Missing_")
    service = booking_service(down, NotificationService(down, FakeNotifier(), clock), clock)
    with pytest.raises(ServiceUnavailable) as caught:
        service.list_doctors()
    assert caught.value.message == ServiceUnavailable().message


def test_guard_items_are_not_half_written_when_the_transaction_fails(
    world: AwsWorld, booking: tuple[Any, ...]
) -> None:
    """A transaction cancelled for any reason leaves none of its four writes behind."""
    patient, _, appointment = booking
    world.store.book(appointment, make_notification(appointment))
    clash = make_appointment(patient, make_doctor("doc-002"), "2030-01-08", "09:00")
    before = _scan_all(world)

    for _ in range(2):
        with pytest.raises(PatientAlreadyBooked):
            world.store.book(clash, make_notification(clash))

    assert _scan_all(world) == before
    guards = [i for i in before if items.is_guard_key(i["appointment_id"]["S"])]
    assert len(guards) == 2
