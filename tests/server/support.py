"""``care4u-server`` as a real subprocess on 127.0.0.1, for tests over real HTTP.

    with running_server(tmp_path, backend="local") as server:
        kiosk = enrol(server, "kiosk")
        with server.client(kiosk) as http:
            http.get("/v1/doctors")

- ``backend="local"``: a SQLite file in ``tmp_path/data``; ``"aws"``: DynamoDB and SNS on the
  shared moto server (``tests/aws/support.shared_server``), fresh tables under a new prefix.
- The child runs this checkout's code: ``cwd`` and ``PYTHONPATH`` are the repository root
  found from this file, whatever the shared virtualenv's editable install points at.
- ``tls=True``: a certificate for 127.0.0.1 from a throw-away CA (trustme); the server
  answers on ``https://`` and ``server.client`` verifies it with ``server.ca_file``.
- ``enrol`` makes a device token through the services on the same store (what
  ``care4u-admin devices add`` does); ``add_account`` a staff or admin account likewise.
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from care4u_desktop.composition import Services, build_services
from care4u_desktop.config import Config
from care4u_desktop.domain.models import DeviceKind, Doctor, Role, User

REPO_ROOT = Path(__file__).resolve().parents[2]
TIMEZONE = "Europe/Berlin"
PASSWORD = "correct horse battery"
START_TIMEOUT_S = 30.0

#: Works every day, so a test can always book tomorrow.
EVERY_DAY_DOCTOR = Doctor(
    "doc-every",
    "Sarah Johnson",
    "Cardiology",
    ("09:00", "10:00", "11:00", "14:00", "15:00"),
)
#: Another doctor, every day too.
SECOND_DOCTOR = Doctor("doc-second", "Michael Chen", "Pediatrics", ("09:00", "11:00"))


def tomorrow() -> date:
    """Tomorrow in the server's time zone: every slot of it is still bookable."""
    return (datetime.now(ZoneInfo(TIMEZONE)) + timedelta(days=1)).date()


def today() -> date:
    return datetime.now(ZoneInfo(TIMEZONE)).date()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningServer:
    url: str
    backend: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    #: The environment the child was given (AWS endpoint and table prefix included).
    env: dict[str, str]
    config: Config
    #: The CA that signed the server's certificate (``tls=True``), else None.
    ca_file: Path | None = None
    stdout_path: Path = field(default=Path(os.devnull))
    stderr_path: Path = field(default=Path(os.devnull))
    _services: Services | None = None

    def client(self, device: str | None = None, session: str | None = None) -> httpx.Client:
        """An HTTP client with the device token (and session token) set, if given."""
        headers = {}
        if device is not None:
            headers["X-Device-Token"] = device
        if session is not None:
            headers["Authorization"] = f"Bearer {session}"
        verify: Any = ssl.create_default_context(cafile=str(self.ca_file)) if self.ca_file else True
        return httpx.Client(
            base_url=self.url,
            headers=headers,
            verify=verify,
            timeout=30.0,
            event_hooks={"response": [_nothing_secret]},
        )

    @contextlib.contextmanager
    def store_env(self) -> Iterator[None]:
        """The AWS variables the child has, in this process too (for its store's tables)."""
        if self.backend != "aws":
            yield
            return
        from tests.aws.support import aws_env

        with aws_env(self.env["AWS_ENDPOINT_URL"]):
            yield

    def services(self) -> Services:
        """The services over the same store as the server's, in this process."""
        if self._services is None:
            self._services = build_services(self.config, seed_demo=False, acting_device="test")
        return self._services

    def output(self) -> str:
        """What the server wrote so far (standard output, then standard error)."""
        return self.stdout_path.read_text(errors="replace") + self.stderr_path.read_text(
            errors="replace"
        )


#: What no answer may ever hold: a password hash's field, or a werkzeug hash itself.
SECRETS_IN_ANSWERS = ("password_hash", "pbkdf2:", "scrypt:")


def _nothing_secret(response: httpx.Response) -> None:
    """Every answer any test receives is checked: no password hash, whatever the route."""
    response.read()
    for secret in SECRETS_IN_ANSWERS:
        assert secret not in response.text, f"{response.request.url.path} answered {secret!r}"


def enrol(server: RunningServer, kind: str | DeviceKind = "kiosk", name: str = "") -> str:
    """A new device's token, enrolled on the server's store."""
    with server.store_env():
        enrolment = server.services().devices.enrol(name or f"test {kind}", kind)
    return enrolment.token


def revoke(server: RunningServer, token: str) -> None:
    with server.store_env():
        server.services().devices.revoke(token.split(".", 1)[0])


def add_account(
    server: RunningServer,
    email: str,
    role: Role = Role.STAFF,
    name: str = "Rita Desk",
    password: str = PASSWORD,
) -> User:
    """A staff or admin account (as ``care4u-admin register --role`` makes one)."""
    with server.store_env():
        result = server.services().accounts.sign_up(
            name, email, "+15550001111", password, password, role=role
        )
    return result.session.user


def audit_actions(server: RunningServer) -> list[tuple[str, str, str]]:
    """``(action, device_id, outcome)`` of every entry in the trail, oldest first."""
    with server.store_env():
        entries = server.services().audit.entries()
    return [(e.action, e.device_id, e.outcome) for e in entries]


def _aws_setup(tmp_path: Path, env: dict[str, str], doctors: Sequence[Doctor]) -> Config:
    from tests.aws.support import FAKE_ENV, aws_env, provisioned_world, shared_server

    moto = shared_server()
    with aws_env(moto.url):
        world = provisioned_world(tmp_path)
        world.store.put_doctors(list(doctors))
    config_file = tmp_path / "server-config.toml"
    config_file.write_text(f'topic_name = "{world.config.topic_name}"\n', encoding="utf-8")
    env["CARE4U_CONFIG"] = str(config_file)
    env["CARE4U_TABLE_PREFIX"] = world.config.table_prefix
    env.update(FAKE_ENV)
    env["AWS_ENDPOINT_URL"] = moto.url
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        env.pop(name, None)
    return world.config


def _local_setup(data_dir: Path, doctors: Sequence[Doctor]) -> Config:
    config = Config(data_dir=data_dir, backend="local", timezone=TIMEZONE)
    if doctors:
        # Stored before the server starts: a new file gets these, not the demo doctors.
        services = build_services(config, seed_demo=False, acting_device="test")
        services.store.put_doctors(list(doctors))
    return config


def _tls_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    folder = tmp_path / "tls"
    folder.mkdir(exist_ok=True)
    ca_file, chain, key = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_pem.write_to_path(str(key))
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    return ca_file, chain, key


def server_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "care4u_desktop.server", *args]


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment for a child running this checkout's code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env["CARE4U_CONFIG"] = os.devnull
    env["CARE4U_TIMEZONE"] = TIMEZONE
    env.pop("AWS_ENDPOINT_URL", None)
    env.update(extra or {})
    return env


@contextlib.contextmanager
def running_server(
    tmp_path: Path,
    backend: str = "local",
    env: Mapping[str, str] | None = None,
    tls: bool = False,
    args: Sequence[str] = (),
    doctors: Sequence[Doctor] = (EVERY_DAY_DOCTOR, SECOND_DOCTOR),
) -> Iterator[RunningServer]:
    """Start ``care4u-server`` on 127.0.0.1 and a free port, wait for ``/v1/health``, and
    stop it on exit. ``env`` adds to the child's environment (e.g. ``CARE4U_RATE_KIOSK``)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    child = child_env()
    if backend == "aws":
        config = _aws_setup(tmp_path, child, doctors)
        config = Config(
            data_dir=data_dir,
            backend="aws",
            timezone=TIMEZONE,
            table_prefix=config.table_prefix,
            topic_name=config.topic_name,
        )
    elif backend == "local":
        config = _local_setup(data_dir, doctors)
    else:
        raise ValueError(f"no such backend: {backend}")
    child.update(env or {})
    port = free_port()
    command = server_command(
        "--backend", backend, "--data-dir", str(data_dir), "--host", "127.0.0.1",
        "--port", str(port), *args,
    )  # fmt: skip
    ca_file = None
    if tls:
        ca_file, chain, key = _tls_files(tmp_path)
        command += ["--tls-cert", str(chain), "--tls-key", str(key)]
    scheme = "https" if tls else "http"
    out, err = tmp_path / f"server-{port}.out", tmp_path / f"server-{port}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=child, stdout=stdout, stderr=stderr)
    server = RunningServer(
        url=f"{scheme}://127.0.0.1:{port}",
        backend=backend,
        data_dir=data_dir,
        process=process,
        env=child,
        config=config,
        ca_file=ca_file,
        stdout_path=out,
        stderr_path=err,
    )
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        stop(process)


def _wait_until_healthy(server: RunningServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with server.client() as http:
        while True:
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"care4u-server exited with {server.process.returncode}:\n{server.output()}"
                )
            try:
                if http.get("/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"care4u-server did not answer in time:\n{server.output()}")
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# -- over HTTP, as a kiosk would --------------------------------------------------------------
def sign_up(
    http: httpx.Client, email: str, name: str = "Ada Lovelace", password: str = PASSWORD
) -> tuple[str, dict[str, Any]]:
    """A new patient through ``POST /v1/accounts``: (session token, user)."""
    answer = http.post(
        "/v1/accounts",
        json={"name": name, "email": email, "phone": "+15551234567", "password": password},
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    return body["session"]["token"], body["user"]


def sign_in(http: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return http.post("/v1/sessions", json={"email": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def unique_email(who: str = "patient") -> str:
    import uuid

    return f"{who}-{uuid.uuid4().hex[:10]}@example.com"


def error_of(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The error body of ``answer``, checked: the status, the shape, the code."""
    assert answer.status_code == status, (answer.status_code, answer.text)
    body = answer.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message", "params"} <= set(error) <= {
        "code", "message", "params", "field", "fields"
    }, error  # fmt: skip
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"], error
    assert isinstance(error["params"], dict), error
    return dict(error)


def book_directly(
    server: RunningServer, patient: User, doctor: Doctor, day: date, hhmm: str
) -> str:
    """An appointment written straight into the store (e.g. earlier today, which no
    booking may make any more); its id."""
    from care4u_desktop.domain import rules
    from care4u_desktop.domain.models import Appointment, AppointmentStatus, NotificationEvent
    from care4u_desktop.services.messages import appointment_notification

    appointment = Appointment(
        appointment_id=rules.new_appointment_id(),
        user_id=patient.user_id,
        doctor_id=doctor.doctor_id,
        date=day.isoformat(),
        time=hhmm,
        status=AppointmentStatus.BOOKED,
        created_at=datetime.now(ZoneInfo(TIMEZONE)).isoformat(timespec="seconds"),
        doctor_name=doctor.name,
        specialization=doctor.specialization,
    )
    note = appointment_notification(
        NotificationEvent.BOOKED, appointment, patient, appointment.created_at
    )
    with server.store_env():
        server.services().store.book(appointment, note)
    return appointment.appointment_id


def find_user(server: RunningServer, email: str) -> User:
    with server.store_env():
        return server.services().accounts.find_by_email(email)
