"""boto3 clients for the AWS backend, and how their failures reach the rest of the app.

Credentials and endpoints come only from boto3's default chain and the standard ``AWS_*``
variables (``AWS_PROFILE``, ``AWS_REGION``, ``AWS_ENDPOINT_URL`` for moto or another
endpoint); nothing here reads or stores a secret.

Every client has short timeouts and botocore's "standard" retry mode, so an unreachable
endpoint or a throttled table costs a kiosk seconds, not minutes: at most
``MAX_ATTEMPTS`` tries of ``CONNECT_TIMEOUT_S`` + ``READ_TIMEOUT_S`` each, with jittered
backoff in between.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError

from ..domain.errors import ServiceUnavailable

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_sns import SNSClient
    from mypy_boto3_sts import STSClient

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3
READ_TIMEOUT_S = 5
#: Tries per call, the first included.
MAX_ATTEMPTS = 3
#: The seed app ran in us-east-1; used only when no region is configured at all.
DEFAULT_REGION = "us-east-1"


def client_config(max_attempts: int = MAX_ATTEMPTS) -> BotoConfig:
    return BotoConfig(
        connect_timeout=CONNECT_TIMEOUT_S,
        read_timeout=READ_TIMEOUT_S,
        retries={"mode": "standard", "total_max_attempts": max_attempts},
        # The UI runs several workers, and each may hold a connection.
        max_pool_connections=20,
    )


def new_session() -> boto3.session.Session:
    """A session on the default credential chain. Sessions are not thread-safe; clients are."""
    try:
        return boto3.session.Session()
    except BotoCoreError as exc:  # e.g. AWS_PROFILE names a profile that does not exist
        raise ServiceUnavailable() from exc


def _client(session: boto3.session.Session | None, service: str, max_attempts: int) -> Any:
    try:
        session = session or boto3.session.Session()
        region = session.region_name or DEFAULT_REGION
        return session.client(  # type: ignore[call-overload]
            service, region_name=region, config=client_config(max_attempts)
        )
    except BotoCoreError as exc:  # a missing profile, a malformed endpoint URL ...
        log.warning("AWS %s client not created: %s", service, type(exc).__name__)
        raise ServiceUnavailable() from exc


def dynamodb_client(
    session: boto3.session.Session | None = None, *, max_attempts: int = MAX_ATTEMPTS
) -> DynamoDBClient:
    client: DynamoDBClient = _client(session, "dynamodb", max_attempts)
    return client


def sns_client(
    session: boto3.session.Session | None = None, *, max_attempts: int = MAX_ATTEMPTS
) -> SNSClient:
    client: SNSClient = _client(session, "sns", max_attempts)
    return client


def sts_client(session: boto3.session.Session | None = None) -> STSClient:
    client: STSClient = _client(session, "sts", MAX_ATTEMPTS)
    return client


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


@contextmanager
def unavailable_on_aws_errors(what: str, message: str | None = None) -> Iterator[None]:
    """Turn any botocore failure into ``ServiceUnavailable``.

    Unreachable endpoints, timeouts, missing or expired credentials, a missing table,
    throttling that outlasted the retries, HTTP 5xx: the person at the kiosk can do the
    same thing about all of them (wait, or ask at reception), so they get one message
    (``message`` followed by the error's code, or the default one). The cause goes to the
    log by its code only: no item, email or key material.
    """
    try:
        yield
    except ClientError as exc:
        cause = error_code(exc) or "ClientError"
        log.info("AWS call %s failed: %s", what, cause)
        raise _unavailable(message, cause) from exc
    except BotoCoreError as exc:
        cause = type(exc).__name__
        log.info("AWS call %s failed: %s", what, cause)
        raise _unavailable(message, cause) from exc


def _unavailable(message: str | None, cause: str) -> ServiceUnavailable:
    if message:
        return ServiceUnavailable("backend_failed", detail=f"{message} ({cause})")
    return ServiceUnavailable()
