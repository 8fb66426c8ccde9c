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
from typing import TYPE_CHECKING

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
    return boto3.session.Session()


def _region(session: boto3.session.Session) -> str:
    return session.region_name or DEFAULT_REGION


def dynamodb_client(
    session: boto3.session.Session | None = None, *, max_attempts: int = MAX_ATTEMPTS
) -> DynamoDBClient:
    session = session or new_session()
    try:
        return session.client(
            "dynamodb", region_name=_region(session), config=client_config(max_attempts)
        )
    except BotoCoreError as exc:  # e.g. a malformed endpoint URL or profile
        raise ServiceUnavailable() from exc


def sns_client(
    session: boto3.session.Session | None = None, *, max_attempts: int = MAX_ATTEMPTS
) -> SNSClient:
    session = session or new_session()
    try:
        return session.client(
            "sns", region_name=_region(session), config=client_config(max_attempts)
        )
    except BotoCoreError as exc:
        raise ServiceUnavailable() from exc


def sts_client(session: boto3.session.Session | None = None) -> STSClient:
    session = session or new_session()
    try:
        return session.client("sts", region_name=_region(session), config=client_config())
    except BotoCoreError as exc:
        raise ServiceUnavailable() from exc


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
        log.warning("AWS call %s failed: %s", what, cause)
        raise ServiceUnavailable(f"{message} ({cause})" if message else None) from exc
    except BotoCoreError as exc:
        cause = type(exc).__name__
        log.warning("AWS call %s failed: %s", what, cause)
        raise ServiceUnavailable(f"{message} ({cause})" if message else None) from exc
