"""The desktop's API client against a real ``care4u-server`` (a subprocess on 127.0.0.1):
TLS is verified, a write is sent once and read back when its answer is lost, and the
server's refusals come back as the services' own errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from care4u_desktop.client.composition import ApiServices
from care4u_desktop.client.http import Unreached
from care4u_desktop.config import Config
from care4u_desktop.domain.errors import (
    AppointmentNotFound,
    CancelUnconfirmed,
    InvalidCredentials,
    NotAuthenticated,
    SlotTaken,
    TryAgainLater,
)
from care4u_desktop.domain.models import AppointmentStatus
from tests.fakes import FakeMonotonic
from tests.lossy_proxy import LossyProxy
from tests.server.support import (
    RunningServer,
    audit_actions,
    enrol,
    revoke,
    running_server,
    tomorrow,
)

PASSWORD = "correct horse 1"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    with running_server(tmp_path / "server") as running:
        yield running


def app_on(server: RunningServer, token: str, url: str = "", **extra: object) -> ApiServices:
    config = Config(
        data_dir=Path("unused"),
        backend="api",
        api_url=url or server.url,
        device_token=token,
        timezone=server.env["CARE4U_TIMEZONE"],
    )
    return ApiServices(replace(config, **extra))  # type: ignore[arg-type]


def test_a_server_certificate_from_an_unknown_ca_is_refused(tmp_path):
    with running_server(tmp_path / "tls", tls=True) as server:
        token = enrol(server, "kiosk")
        with pytest.raises(Unreached) as refused:  # a man in the middle looks just like this
            app_on(server, token).open()
        assert refused.value.code == "backend_failed"
        assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value.params["detail"])
        assert app_on(server, token, api_ca_file=server.ca_file).open() == 2


def test_a_revoked_device_is_refused_before_anyone_types(server):
    token = enrol(server, "kiosk")
    app = app_on(server, token)
    assert app.open() == 2
    revoke(server, token)
    with pytest.raises(NotAuthenticated) as refused:
        app_on(server, token).open()
    assert refused.value.code == "device_not_enrolled"


def test_a_sign_up_whose_answer_is_lost_is_sent_once_and_read_back(server):
    proxy = LossyProxy(int(server.url.rsplit(":", 1)[1]))
    app = app_on(server, enrol(server, "kiosk"), proxy.url)
    proxy.lose_answer_to(b"POST /v1/accounts ")
    result = app.accounts.sign_up("Maria Garcia", "maria@example.com", "555 123 4567", PASSWORD)
    proxy.close()
    assert proxy.answer_lost.is_set()
    assert result.session.user.email == "maria@example.com" and result.session.token
    # Stored once (never sent twice), and the read-back's log-in is this session.
    actions = [a for a, _device, _outcome in audit_actions(server)]
    assert actions.count("sign_up") == 1 and actions.count("sign_in") == 1


def test_a_cancel_whose_answer_is_lost_reads_back_cancelled_or_unconfirmed(server):
    proxy = LossyProxy(int(server.url.rsplit(":", 1)[1]))
    app = app_on(server, enrol(server, "kiosk"), proxy.url)
    session = app.accounts.sign_up(
        "Maria Garcia", "maria@example.com", "5551234567", PASSWORD
    ).session
    day = tomorrow()
    first = app.booking.book(session.user, "doc-every", day, "09:00")
    second = app.booking.book(session.user, "doc-every", day, "10:00")

    proxy.lose_answer_to(b"POST /v1/appointments/")
    cancelled = app.booking.cancel(session, first.appointment_id)
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert proxy.answer_lost.is_set()

    proxy.answer_lost.clear()
    proxy.lose_answer_to(b"POST /v1/appointments/", then_refuse=True)
    with pytest.raises(CancelUnconfirmed):
        app.booking.cancel(session, second.appointment_id)
    stored = server.services().store.get_appointment(second.appointment_id)
    assert stored.status is AppointmentStatus.CANCELLED  # it was: "not cancelled" would lie


def test_refusals_come_back_as_the_services_errors(server):
    kiosk = enrol(server, "kiosk")
    app = app_on(server, kiosk)
    maria = app.accounts.sign_up("Maria Garcia", "maria@example.com", "5551234567", PASSWORD)
    omar = app.accounts.sign_up("Omar Haddad", "omar@example.com", "5559876543", PASSWORD)
    app.booking.book(maria.session.user, "doc-every", tomorrow(), "11:00")
    with pytest.raises(SlotTaken):
        app.booking.book(omar.session.user, "doc-every", tomorrow(), "11:00")
    mine = app.booking.book(maria.session.user, "doc-every", tomorrow(), "14:00")
    with pytest.raises(AppointmentNotFound):  # another patient's number tells nothing
        app.booking.cancel(omar.session, mine.appointment_id)


def test_the_servers_wait_is_counted_down_by_the_staff_exit(tmp_path):
    with running_server(tmp_path / "limited", env={"CARE4U_RATE_SIGN_IN": "1"}) as server:
        app = app_on(server, enrol(server, "kiosk"))
        clock = app.exit_throttle.clock = FakeMonotonic()
        with pytest.raises(InvalidCredentials):  # the one allowed try: a wrong password
            app.accounts.unlock_kiosk("rita@example.com", "wrong")
        clock.now += 60  # this kiosk's own wait is over; the server's limit is not
        with pytest.raises(TryAgainLater) as wait:
            app.accounts.unlock_kiosk("rita@example.com", "wrong")
        assert wait.value.seconds >= 1
        assert app.exit_throttle.wait_seconds() >= 1  # shown on the exit screen
