"""What a device is told when something fails inside the server, in process (the app over
a real SQLite file, a fault planted in one service call): a 503 for a store that cannot be
reached, without the operator's details; a 500 ``unexpected`` for a bug, with nothing of
the exception in the answer, and the log line through the safe formatter."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import httpx
import pytest

from care4u_desktop.composition import Services
from care4u_desktop.config import Config
from care4u_desktop.domain.errors import ServiceUnavailable
from care4u_desktop.logs import SafeFormatter
from care4u_desktop.server.app import build_server_services, create_app
from care4u_desktop.server.settings import ServerSettings
from tests.server.support import TIMEZONE


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return build_server_services(Config(data_dir=tmp_path, timezone=TIMEZONE), ServerSettings())


class Kiosk:
    """A kiosk's requests to the app in this process (httpx over ASGI, no socket)."""

    def __init__(self, services: Services) -> None:
        self._app = create_app(ServerSettings(), services)
        self._token = services.devices.enrol("Lobby", "kiosk").token

    def get(self, path: str) -> httpx.Response:
        async def call() -> httpx.Response:
            transport = httpx.ASGITransport(app=self._app, raise_app_exceptions=False)
            async with httpx.AsyncClient(
                transport=transport,
                base_url="http://kiosk.test",
                headers={"X-Device-Token": self._token},
            ) as client:
                return await client.get(path)

        return asyncio.run(call())


@pytest.fixture
def kiosk(services: Services) -> Kiosk:
    return Kiosk(services)


def test_a_store_that_cannot_be_reached_is_503_without_the_operators_note(
    services: Services, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable() -> None:
        raise ServiceUnavailable("backend_failed", detail="ResourceNotFoundException Care4U_Users")

    monkeypatch.setattr(services.booking, "doctor_summaries", unreachable)

    answer = kiosk.get("/v1/doctors")

    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "service_unavailable"
    assert "Care4U_Users" not in answer.text


def test_a_bug_is_500_unexpected_and_logged_without_the_patients_email(
    services: Services,
    kiosk: Kiosk,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise KeyError("ada.lovelace@example.com")

    monkeypatch.setattr(services.booking, "doctor_summaries", broken)

    with caplog.at_level(logging.ERROR, logger="care4u_desktop.server.errors"):
        answer = kiosk.get("/v1/doctors")

    assert answer.status_code == 500
    assert answer.json() == {
        "error": {"code": "unexpected", "message": answer.json()["error"]["message"],
                  "params": {}}
    }  # fmt: skip
    assert "KeyError" not in answer.text and "ada" not in answer.text
    (record,) = [r for r in caplog.records if r.name == "care4u_desktop.server.errors"]
    record.exc_text = None  # caplog's own formatter cached its unmasked traceback
    line = SafeFormatter("%(message)s").format(record)
    assert "unexpected KeyError on GET /v1/doctors" in line
    assert "ada.lovelace@example.com" not in line and "a***@example.com" in line
