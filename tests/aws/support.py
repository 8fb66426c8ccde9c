"""Moto for the AWS tests: in-process (``mock_aws``) and a server on 127.0.0.1 over HTTP.

Also the store factories the contract suite registers as "dynamodb-moto" and
"dynamodb-server" (see ``tests/contract/conftest.py``).

About the server: moto's DynamoDB is not safe under concurrent writes. Its
``TransactWriteItems`` deep-copies every table it touches as a rollback copy and, on a
cancelled transaction, puts that copy back. Two concurrent writes can therefore (a) make
the copy fail ("dictionary changed size during iteration", answered as HTTP 500) and
(b) undo a write another request committed meanwhile (a rolled-back loser restores its
stale copy over the winner's guard), which would let a *third* client book the slot.
Real DynamoDB does neither: conflicting transactions are serialised. So the server used
here serialises DynamoDB *writes* (readers still run concurrently, and can still meet a
moto 500, which boto3's standard retries absorb and ``RetryCounter`` counts). The race
tests then check our conditions, not moto's locking. ``serialize_writes=False`` gives the
raw server (see ``benchmarks/aws_booking_bench.py --race-probe``).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

from care4u_desktop.adapters.aws_clients import dynamodb_client, sns_client, sts_client
from care4u_desktop.adapters.aws_provision import ensure_tables, provision_resources
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.adapters.sns_notifier import SNSNotifier, filter_policy
from care4u_desktop.config import Config
from care4u_desktop.domain.models import Doctor
from tests.fakes import make_doctor

REGION = "us-east-1"
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    # A developer's own profile and files must never be used by a test.
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
CLEARED_ENV = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL")

_DYNAMODB_WRITES = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
)

# The server logs every request; the tests do not need to see them.
logging.getLogger("werkzeug").setLevel(logging.ERROR)


class _SerializeDynamoDBWrites:
    """WSGI middleware: one DynamoDB write at a time, as DynamoDB itself guarantees."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
        if target.startswith("DynamoDB_") and target.rsplit(".", 1)[-1] in _DYNAMODB_WRITES:
            with self._lock:
                return list(self._app(environ, start_response))
        return self._app(environ, start_response)


class MotoServer(ThreadedMotoServer):
    """moto's threaded server on 127.0.0.1 and a free port."""

    def __init__(self, *, serialize_writes: bool = True) -> None:
        super().__init__(ip_address="127.0.0.1", port=_free_port(), verbose=False)
        self.serialize_writes = serialize_writes

    def _server_entry(self) -> None:  # as moto's, plus the optional middleware
        app: Any = DomainDispatcherApplication(create_backend_app)
        if self.serialize_writes:
            app = _SerializeDynamoDBWrites(app)
        self._server = make_server(
            self._ip_address, self._port, app, True, request_handler=MotoRequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()

    @property
    def url(self) -> str:
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_server: MotoServer | None = None
_server_lock = threading.Lock()


def shared_server() -> MotoServer:
    """One server for the whole test session, started on first use."""
    global _server
    with _server_lock:
        if _server is None:
            _server = MotoServer()
            _server.start()
            atexit.register(_server.stop)
        return _server


@contextmanager
def aws_env(endpoint_url: str | None = None) -> Iterator[None]:
    """Fake credentials, a region, and ``AWS_ENDPOINT_URL`` (when given), then restore."""
    saved = {k: os.environ.get(k) for k in (*FAKE_ENV, *CLEARED_ENV)}
    try:
        for k in CLEARED_ENV:
            os.environ.pop(k, None)
        os.environ.update(FAKE_ENV)
        if endpoint_url:
            os.environ["AWS_ENDPOINT_URL"] = endpoint_url
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def unique_prefix() -> str:
    return f"T{uuid.uuid4().hex[:10]}_"


def aws_config(tmp_path: Path | None = None, prefix: str | None = None) -> Config:
    prefix = prefix or unique_prefix()
    return Config(
        data_dir=tmp_path or Path(os.devnull),
        backend="aws",
        table_prefix=prefix,
        topic_name=f"{prefix}Appointments",
    )


@dataclass
class AwsWorld:
    """A provisioned set of tables and a topic, with the adapters over them."""

    config: Config
    topic_arn: str
    store: DynamoDBStore
    notifier: SNSNotifier
    session: boto3.session.Session = field(repr=False)

    def new_store(self, max_attempts: int = 3) -> DynamoDBStore:
        """Another store with its own client (as another kiosk would have)."""
        return DynamoDBStore(
            dynamodb_client(self.session, max_attempts=max_attempts), self.config.table_prefix
        )

    def client(self, service: str) -> Any:
        return self.session.client(service, region_name=REGION)  # type: ignore[call-overload]


def provisioned_world(tmp_path: Path | None = None) -> AwsWorld:
    """Provision fresh tables and topic (unique prefix) wherever the environment points."""
    config = aws_config(tmp_path)
    session = boto3.session.Session()
    db, sns = dynamodb_client(session), sns_client(session)
    report = provision_resources(config, dynamodb=db, sns=sns, poll_seconds=0.05)
    store = DynamoDBStore(db, config.table_prefix)
    notifier = SNSNotifier(sns, config.topic_name, sts=sts_client(session))
    return AwsWorld(config, report.topic_arn, store, notifier, session)


def fresh_store() -> DynamoDBStore:
    """Only the tables (unique prefix), wherever the environment points."""
    prefix = unique_prefix()
    db = dynamodb_client(boto3.session.Session())
    ensure_tables(db, prefix, poll_seconds=0.05)
    return DynamoDBStore(db, prefix)


# -- contract-suite factories ----------------------------------------------------------------
@contextmanager
def dynamodb_moto_store(tmp_path: Path) -> Iterator[DynamoDBStore]:
    """A fresh DynamoDB store on moto in-process, its writes serialised as on the server."""
    with aws_env(), mock_aws():
        store = fresh_store()
        serialise_inproc_writes(store._db)
        yield store


_inproc_write_lock = threading.Lock()


def serialise_inproc_writes(client: Any) -> None:
    """One DynamoDB write at a time through moto in-process, as ``_SerializeDynamoDBWrites``
    does for the server: moto checks a condition and writes in two steps, so threads racing
    on one item would test moto's locking instead of our conditions (real DynamoDB applies
    each conditional write atomically)."""
    from moto.core.models import botocore_stubber

    def answer(event_name: str, request: Any, **kwargs: Any) -> Any:
        if event_name.rsplit(".", 1)[-1] not in _DYNAMODB_WRITES:
            return botocore_stubber(event_name, request, **kwargs)  # reads run concurrently
        with _inproc_write_lock:
            return botocore_stubber(event_name, request, **kwargs)

    # botocore calls every before-send handler (and takes the first answer): moto's own must
    # go, or each write would be carried out twice.
    client.meta.events.unregister("before-send", botocore_stubber)
    client.meta.events.register("before-send", answer)


@contextmanager
def dynamodb_server_store(tmp_path: Path) -> Iterator[DynamoDBStore]:
    """A fresh DynamoDB store on the moto server, reached over HTTP via AWS_ENDPOINT_URL."""
    server = shared_server()
    with aws_env(server.url):
        yield fresh_store()


# -- counting moto's HTTP 500s ---------------------------------------------------------------
class RetryCounter:
    """Counts the attempts boto3 retried because the server answered 5xx."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.server_errors = 0

    def attach(self, client: Any) -> None:
        client.meta.events.register("needs-retry.dynamodb", self._on_needs_retry)

    def _on_needs_retry(self, response: Any = None, **kwargs: Any) -> None:
        if response is not None and response[0].status_code >= 500:
            with self._lock:
                self.server_errors += 1
        return None


# -- fault injection -------------------------------------------------------------------------
THROTTLED_XML = (
    b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
    b"<Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>"
)


class Body:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def refuse(client: Any, event: str, status: int, body: bytes) -> dict[str, int]:
    """Answer every request matching ``event`` (e.g. ``before-send.sns.Publish``) with
    ``status`` and ``body`` instead of sending it, as a throttling or failing AWS would.
    Returns a dict whose ``calls`` counts the attempts (retries included)."""
    from botocore.awsrequest import AWSResponse

    seen = {"calls": 0}

    def answer(request: Any, **_: Any) -> AWSResponse:
        seen["calls"] += 1
        return AWSResponse(request.url, status, {}, Body(body))

    # First, so it answers before moto's own in-process handler would.
    client.meta.events.register_first(event, answer)
    return seen


@dataclass
class Inbox:
    """An SQS queue subscribed to the topic as ``email``'s subscription would be."""

    sqs: Any
    url: str

    def messages(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        while True:
            got = self.sqs.receive_message(
                QueueUrl=self.url, MaxNumberOfMessages=10, WaitTimeSeconds=0
            ).get("Messages", [])
            if not got:
                return found
            for m in got:
                found.append(json.loads(m["Body"]))
                self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=m["ReceiptHandle"])


def inbox(world: AwsWorld, email: str) -> Inbox:
    sqs, sns = world.client("sqs"), world.client("sns")
    name = email.replace("@", "-").replace(".", "-")
    url = sqs.create_queue(QueueName=f"{world.config.table_prefix}{name}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=world.topic_arn,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"FilterPolicy": filter_policy(email)},
    )
    return Inbox(sqs, url)


def away_today_and_tomorrow(count: int = 9) -> list[Doctor]:
    """Doctors on days off today and tomorrow: more than the doctor list reads alone
    (``free_times.FEW_WAITING``), so the list reads every doctor's later days, on index
    ``status_date``, as a big hospital's list does."""
    today = date.today()
    off = (today.isoformat(), (today + timedelta(days=1)).isoformat())
    return [
        replace(make_doctor(f"doc-away-{n}", name=f"Away {n}", working_days=()), days_off=off)
        for n in range(count)
    ]
