"""care4u-server's Lambda entry, invoked with API Gateway HTTP API events (payload 2.0) and
EventBridge's schedule, on DynamoDB and SNS in moto (in-process), as AWS would invoke it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from care4u_desktop.composition import Services, build_services
from care4u_desktop.server import lambda_handler
from care4u_desktop.server.lambda_handler import Container, from_environment
from care4u_desktop.server.settings import ServerSettings
from tests.aws.lambda_events import Gateway, LambdaContext, scheduled_event
from tests.aws.support import THROTTLED_XML, AwsWorld, refuse
from tests.cli.support import weekday_ahead

PASSWORD = "correct horse 42"


@pytest.fixture
def lambda_env(world: AwsWorld, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The function's environment as the template sets it, on the world's tables."""
    env = {
        "CARE4U_BACKEND": "aws",
        "CARE4U_TABLE_PREFIX": world.config.table_prefix,
        "CARE4U_TOPIC_NAME": world.config.topic_name,
        "CARE4U_TIMEZONE": "Europe/London",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def admin(world: AwsWorld) -> Services:
    """What care4u-admin builds on the same tables (devices, doctors)."""
    services = build_services(world.config, seed_demo=False, acting_device="cli")
    from care4u_desktop.composition import load_doctor_file
    from care4u_desktop.resources import resource_path

    services.staff.seed_doctors(_operator(), load_doctor_file(resource_path("demo_doctors.json")))
    return services


def _operator() -> Any:
    from care4u_desktop.cli.commands import operator_session

    return operator_session()


@pytest.fixture
def container(lambda_env: dict[str, str]) -> Iterator[Container]:
    """A fresh Lambda container (its first invocation builds the services)."""
    yield Container()


def _kiosk(admin: Services, container: Container, name: str = "Lobby kiosk") -> Gateway:
    token = admin.devices.enrol(name, "kiosk").token
    return Gateway(container.api, token)


def _sign_up(api: Gateway, email: str, name: str = "Ana Silva") -> dict[str, Any]:
    answer = api(
        "POST",
        "/v1/accounts",
        {"name": name, "email": email, "phone": "555 123 4567", "password": PASSWORD},
    )
    assert answer.status == 201, answer.body
    api.bearer = answer.body["session"]["token"]
    body: dict[str, Any] = answer.body
    return body


def test_health_answers_without_a_token(container: Container) -> None:
    answer = Gateway(container.api)("GET", "/v1/health")

    assert answer.status == 200
    assert answer.body["status"] == "ok" and answer.body["version"]
    assert answer.headers["content-type"].startswith("application/json")


def test_no_device_token_is_401_with_the_error_body(container: Container, admin: Services) -> None:
    for token in (None, "", "dev-made.up-secret"):
        answer = Gateway(container.api, token)("GET", "/v1/doctors")
        assert answer.status == 401, (token, answer.body)
        assert answer.body["error"]["code"] == "device_not_enrolled"
        assert answer.body["error"]["message"]


def test_sign_up_then_book_then_the_same_slot_is_409(container: Container, admin: Services) -> None:
    ana, ben = _kiosk(admin, container), _kiosk(admin, container, "Second kiosk")
    signed_up = _sign_up(ana, "ana@example.com")
    _sign_up(ben, "ben@example.com", name="Ben Okafor")
    assert signed_up["user"]["email"] == "ana@example.com"
    assert "password_hash" not in signed_up["user"]
    slot = {"doctor_id": "doc-001", "date": weekday_ahead(8), "time": "10:00"}

    booked = ana("POST", "/v1/appointments", slot)
    taken = ben("POST", "/v1/appointments", slot)

    assert booked.status == 201, booked.body
    assert booked.body["doctor_id"] == "doc-001" and booked.body["status"] == "booked"
    assert taken.status == 409
    assert taken.body["error"]["code"] == "slot_taken"
    assert set(taken.body["error"]) >= {"code", "message", "params"}
    mine = ana("GET", "/v1/me/appointments")
    assert [a["appointment_id"] for a in mine.body["upcoming"]] == [booked.body["appointment_id"]]
    assert ben("GET", "/v1/me/appointments").body["upcoming"] == []


def test_a_base64_body_and_a_query_string_reach_the_app(
    container: Container, admin: Services
) -> None:
    """API Gateway base64-encodes bodies it does not take for text; Mangum decodes them."""
    api = _kiosk(admin, container)
    answer = api(
        "POST",
        "/v1/accounts",
        {
            "name": "Cy Young",
            "email": "cy@example.com",
            "phone": "555 123 4567",
            "password": PASSWORD,
        },
        base64_body=True,
    )
    assert answer.status == 201, answer.body


def test_validation_errors_have_the_field_messages(container: Container, admin: Services) -> None:
    api = _kiosk(admin, container)
    answer = api(
        "POST",
        "/v1/accounts",
        {"name": "", "email": "not-an-email", "phone": "555 123 4567", "password": PASSWORD},
    )
    assert answer.status == 422
    assert {"name", "email"} <= set(answer.body["error"]["fields"])


def test_a_revoked_kiosk_is_refused_at_its_next_request(
    container: Container, admin: Services
) -> None:
    api = _kiosk(admin, container)
    _sign_up(api, "ana@example.com")
    assert api("GET", "/v1/me/appointments").status == 200
    device_id = api.device_token.split(".", 1)[0]  # type: ignore[union-attr]

    admin.devices.revoke(device_id)

    answer = api("GET", "/v1/me/appointments")
    assert answer.status == 401 and answer.body["error"]["code"] == "device_not_enrolled"


def test_the_services_are_built_once_per_container(
    lambda_env: dict[str, str], admin: Services
) -> None:
    built: list[Services] = []

    def build() -> tuple[ServerSettings, Services]:
        settings, services = from_environment()
        built.append(services)
        return settings, services

    container = Container(build)
    api = Gateway(container.api, admin.devices.enrol("Kiosk", "kiosk").token)
    for _ in range(3):
        assert api("GET", "/v1/doctors").status == 200
    container.jobs(scheduled_event(), LambdaContext())

    assert len(built) == 1


def test_the_module_handlers_read_the_environment(
    lambda_env: dict[str, str], admin: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lambda_handler, "_container", None)
    api = Gateway(lambda_handler.handler, admin.devices.enrol("Kiosk", "kiosk").token)

    doctors = api("GET", "/v1/doctors")

    assert doctors.status == 200
    assert {d["doctor_id"] for d in doctors.body["doctors"]} >= {"doc-001"}
    services = lambda_handler._this_container().services
    assert services.config.table_prefix == lambda_env["CARE4U_TABLE_PREFIX"]
    assert services.config.now().tzinfo is not None
    assert str(services.config.now().tzinfo) == "Europe/London"


def test_the_schedule_delivers_what_sns_refused_at_booking_time(
    lambda_env: dict[str, str], admin: Services, world: AwsWorld
) -> None:
    api_container, jobs_container = Container(), Container()
    refused = refuse(
        api_container.services.notifier._sns, "before-send.sns.Publish", 400, THROTTLED_XML
    )
    api = _kiosk(admin, api_container)
    _sign_up(api, "ana@example.com")
    booked = api(
        "POST",
        "/v1/appointments",
        {"doctor_id": "doc-001", "date": weekday_ahead(8), "time": "11:00"},
    )
    assert booked.status == 201, booked.body  # a failed publish never fails a booking
    assert refused["calls"] >= 1
    assert len(world.store.pending_notifications()) == 1

    report = lambda_handler.Container.jobs(jobs_container, scheduled_event(), LambdaContext())

    assert report == {"runs": [{"job": "notification_retry", "done": 1, "left": 0, "error": None}]}
    assert world.store.pending_notifications() == []


def test_the_lambda_refuses_the_embedded_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARE4U_BACKEND", "local")
    with pytest.raises(RuntimeError, match="aws backend"):
        from_environment()


def test_unknown_paths_are_404_with_the_error_body(
    container: Container, admin: Services, tmp_path: Path
) -> None:
    api = _kiosk(admin, container)
    answer = api("GET", "/v1/no-such-thing")
    assert answer.status == 404
