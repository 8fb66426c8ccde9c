"""``care4u-admin --debug`` on AWS logs what happened, not what was sent: no request or
response bodies (botocore's wire logs), no emails, no password hashes, no passwords."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from care4u_desktop.adapters.aws_clients import dynamodb_client
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from tests.aws.support import FAKE_ENV, aws_env, shared_server, unique_prefix
from tests.cli.support import PASSWORD, run_cli, weekday_ahead

pytestmark = pytest.mark.slow

EMAIL = "ana.silva@example.com"
PHONE = "5551234567"


def test_debug_logs_no_bodies_emails_or_hashes(tmp_path: Path) -> None:
    prefix = unique_prefix()
    env = {
        **FAKE_ENV,
        "AWS_ENDPOINT_URL": shared_server().url,
        "CARE4U_BACKEND": "aws",
        "CARE4U_TABLE_PREFIX": prefix,
    }

    def admin(*args: str, stdin: str = ""):
        return run_cli(
            tmp_path / "unused", "--debug", *args, stdin=stdin, env=env, traceback_ok=True
        )

    runs = [
        admin("provision"),
        admin("seed-doctors"),
        admin(
            "register", "--name", "Ana Silva", "--email", EMAIL, "--phone", "555 123 4567",
            stdin=PASSWORD + "\n",
        ),
        admin(
            "register", "--name", "Ana Again", "--email", EMAIL.upper(), "--phone", "555 000 1111",
            stdin=PASSWORD + "\n",
        ),  # refused: its traceback is logged at debug
        admin(
            "book", "--email", EMAIL, "--doctor", "doc-001", "--date", weekday_ahead(3),
            "--time", "09:00",
        ),
        admin("appointments", "--email", EMAIL),
    ]  # fmt: skip
    assert [r.returncode for r in runs] == [0, 0, 0, 3, 0, 0], [r.stderr for r in runs]
    with aws_env(shared_server().url):
        store = DynamoDBStore(dynamodb_client(boto3.session.Session()), prefix)
        user = store.find_user_by_email(EMAIL)
    assert user is not None and user.password_hash.startswith(("pbkdf2:", "scrypt:"))
    salt_and_hash = user.password_hash.split("$", 1)[1]

    log = "\n".join(r.stderr for r in runs)
    assert "DEBUG care4u_desktop" in log  # --debug did log our own details
    assert "ConditionalCheckFailed" in log or "already registered" in log
    for secret in (EMAIL, PASSWORD, PHONE, salt_and_hash, user.password_hash[:20]):
        assert secret not in log, secret
    assert "DEBUG botocore" not in log and "DEBUG urllib3" not in log
    assert "Making request for OperationModel" not in log
