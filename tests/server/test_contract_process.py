"""The server as a process, over real HTTP: sessions that expire when idle, the rate limits
(429 with Retry-After), plain HTTP refused off loopback, HTTPS with a private CA. Each on
both backends, each test on a server of its own settings."""

from __future__ import annotations

import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.support import (
    EVERY_DAY_DOCTOR,
    REPO_ROOT,
    RunningServer,
    bearer,
    child_env,
    enrol,
    error_of,
    free_port,
    running_server,
    server_command,
    sign_in,
    sign_up,
    unique_email,
)

#: An hour's window: a test's few requests never straddle two.
LIMITS = {
    "CARE4U_RATE_KIOSK": "8",
    "CARE4U_RATE_ACCOUNT": "3",
    "CARE4U_RATE_SIGN_IN": "2",
    "CARE4U_RATE_WINDOW_SECONDS": "3600",
}


@pytest.fixture(scope="module")
def limited(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("limited"), backend, env=LIMITS) as server:
        yield server


def test_an_idle_kiosk_session_ends_and_use_keeps_it_alive(backend: str, tmp_path: Path) -> None:
    env = {"CARE4U_KIOSK_IDLE_SECONDS": "3"}
    with running_server(tmp_path, backend, env=env) as server:
        http = server.client(enrol(server, "kiosk"))
        token, _user = sign_up(http, unique_email())
        for _ in range(4):  # about 5 s of use: longer than the idle time
            time.sleep(1.2)
            assert http.get("/v1/me/appointments", headers=bearer(token)).status_code == 200

        time.sleep(4.5)  # walked away

        answer = http.get("/v1/me/appointments", headers=bearer(token))
        error_of(answer, 401, "session_ended")
        http.close()


def test_a_kiosk_over_its_request_limit_waits(limited: RunningServer) -> None:
    with limited.client(enrol(limited, "kiosk")) as http:
        codes = [http.get("/v1/doctors").status_code for _ in range(8)]
        answer = http.get("/v1/doctors")

    assert codes == [200] * 8
    error = error_of(answer, 429, "try_again_later")
    assert 1 <= int(answer.headers["Retry-After"]) <= 3600
    assert error["params"]["seconds"] == int(answer.headers["Retry-After"])
    with limited.client(enrol(limited, "kiosk")) as other:
        assert other.get("/v1/doctors").status_code == 200  # another kiosk has its own


def test_an_account_over_its_limit_waits_whichever_device(limited: RunningServer) -> None:
    email = unique_email()
    with limited.client(enrol(limited, "desk")) as desk:
        token, _user = sign_up(desk, email)
        codes = [desk.get("/v1/me/appointments", headers=bearer(token)).status_code
                 for _ in range(4)]  # fmt: skip
        assert codes == [200, 200, 200, 429]
        other_token, _ = sign_up(desk, unique_email())
        assert desk.get("/v1/me/appointments", headers=bearer(other_token)).status_code == 200


def test_sign_in_attempts_of_a_device_are_limited_before_any_password_is_checked(
    limited: RunningServer,
) -> None:
    email = unique_email()
    with limited.client(enrol(limited, "kiosk")) as setup:
        sign_up(setup, email)  # one attempt of that kiosk's
    with limited.client(enrol(limited, "kiosk")) as http:
        assert [sign_in(http, email, "wrong").status_code for _ in range(2)] == [401, 401]
        error_of(sign_in(http, email, "wrong"), 429, "try_again_later")
    with limited.client(enrol(limited, "kiosk")) as fresh:
        # Two wrong passwords were checked, not three: the account is not locked.
        assert sign_in(fresh, email).status_code == 201


def _refused(backend: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = server_command("--backend", backend, "--data-dir", str(tmp_path), *args)
    return subprocess.run(
        command, cwd=REPO_ROOT, env=child_env(), capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "care4u.example"])
def test_plain_http_off_loopback_is_refused(backend: str, tmp_path: Path, host: str) -> None:
    done = _refused(backend, tmp_path, "--host", host, "--port", str(free_port()))

    assert done.returncode == 2, done
    assert f"refusing plain HTTP on {host}" in done.stderr
    assert "--tls-cert" in done.stderr and "--insecure-http" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "care4u.sqlite3").exists()  # refused before anything was opened


def test_plain_http_off_loopback_with_insecure_http_serves(backend: str, tmp_path: Path) -> None:
    args = ("--host", "0.0.0.0", "--insecure-http")
    with running_server(tmp_path, backend, args=args) as server, server.client() as http:
        assert http.get("/v1/health").status_code == 200


def test_https_with_the_private_ca(backend: str, tmp_path: Path) -> None:
    # Off loopback too: with a certificate no flag is needed.
    with running_server(tmp_path, backend, tls=True, args=("--host", "0.0.0.0")) as server:
        assert server.url.startswith("https://127.0.0.1:")
        assert "listening on https://0.0.0.0:" in server.output()
        with server.client(enrol(server, "kiosk")) as http:
            token, _user = sign_up(http, unique_email())
            assert http.get("/v1/me/appointments", headers=bearer(token)).status_code == 200

        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(f"{server.url}/v1/health", verify=ssl.create_default_context())
        plain = server.url.replace("https://", "http://")
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{plain}/v1/health", timeout=5)


def test_a_certificate_without_its_key_is_refused(backend: str, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("not a certificate")
    done = _refused(backend, tmp_path, "--tls-cert", str(cert), "--port", str(free_port()))
    assert done.returncode == 2 and "--tls-cert and --tls-key go together" in done.stderr
    key = tmp_path / "key.pem"
    key.write_text("not a key")
    done = _refused(
        backend, tmp_path, "--tls-cert", str(cert), "--tls-key", str(key),
        "--port", str(free_port()),
    )  # fmt: skip
    assert done.returncode == 2 and "cannot be used" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_path_has_the_error_body(server: RunningServer) -> None:
    with server.client(enrol(server, "kiosk")) as http:
        error_of(http.get("/v1/nowhere"), 404, "not_found")
        error_of(http.put("/v1/doctors"), 405, "invalid")


def _pending_message(data_dir: Path) -> str:
    """A booking whose message was never delivered (a notifier that was down), stored
    before the server starts; the notification's id."""
    from care4u_desktop.composition import build_services
    from care4u_desktop.config import Config
    from care4u_desktop.domain.models import NotificationEvent
    from care4u_desktop.services.messages import appointment_notification
    from tests.fakes import make_appointment, make_user

    store = build_services(Config(data_dir=data_dir), seed_demo=False).store
    patient = make_user(unique_email())
    store.add_user(patient)
    store.put_doctors([EVERY_DAY_DOCTOR])
    appointment = make_appointment(patient, EVERY_DAY_DOCTOR)
    note = appointment_notification(NotificationEvent.BOOKED, appointment, patient, "2030-01-01")
    store.book(appointment, note)
    assert [n.notification_id for n in store.pending_notifications()] == [note.notification_id]
    return note.notification_id


@pytest.mark.parametrize("jobs", [True, False], ids=["jobs", "no-jobs"])
def test_the_lan_server_delivers_pending_messages_in_the_background(
    tmp_path: Path, jobs: bool
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    notification_id = _pending_message(data_dir)
    args = () if jobs else ("--no-jobs",)
    with running_server(tmp_path, "local", args=args) as server:
        store = server.services().store
        deadline = time.monotonic() + (15 if jobs else 3)
        while store.pending_notifications() and time.monotonic() < deadline:
            time.sleep(0.2)
        still = [n.notification_id for n in store.pending_notifications()]

    if jobs:
        assert still == []
        assert notification_id in (data_dir / "outbox.jsonl").read_text(encoding="utf-8")
    else:
        assert still == [notification_id]
