"""A moto server that enforces IAM policies on DynamoDB, table by table, as AWS does.

moto checks a request's signature and the caller's IAM policies once authentication is
on (``INITIAL_NO_AUTH_ACTION_COUNT``, switched on here through moto's own
``/moto-api/reset-auth``), but it names no resource for DynamoDB (``"*"``), which no
policy scoped to tables matches. This server tells it the resources: the table (or
index) ARN, and for ``TransactWriteItems`` each item's own action (``PutItem``,
``UpdateItem``, ``DeleteItem``, ``ConditionCheckItem``) on its own table, as IAM
authorises a transaction; for SNS, the topic. Everything else is moto's: its IAM users,
access keys, SigV4 check and policy evaluation.

It runs in its own process (``python -m tests.server.iam_moto``), so the switch and the
patch never reach the moto other tests use in theirs. Prints ``listening <url>``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}


def dynamodb_iam_requests(
    action: str, body: dict[str, Any], account: str, region: str
) -> list[tuple[str, str]]:
    """The (IAM action, resource ARN) pairs AWS authorises for one DynamoDB request."""

    def table(name: str, index: str | None = None) -> str:
        arn = f"arn:aws:dynamodb:{region}:{account}:table/{name}"
        return f"{arn}/index/{index}" if index else arn

    if action in ("TransactWriteItems", "TransactGetItems"):
        pairs = []
        for entry in body.get("TransactItems", []):
            for kind, spec in entry.items():
                pairs.append((f"dynamodb:{_TRANSACT_ACTIONS[kind]}", table(spec["TableName"])))
        return pairs
    if action in ("BatchGetItem", "BatchWriteItem"):
        return [(f"dynamodb:{action}", table(name)) for name in body.get("RequestItems", {})]
    if "TableName" in body:
        return [(f"dynamodb:{action}", table(body["TableName"], body.get("IndexName")))]
    return [(f"dynamodb:{action}", "*")]


def _authorize_dynamodb(self: Any, resource: str = "*") -> None:
    """``DynamoHandler``'s IAM check: moto's own, once per (action, resource) pair."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.iam.access_control import IAMRequest

    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return
    pairs = dynamodb_iam_requests(
        self._get_action(), dict(self.body or {}), self.current_account, self.region
    )
    for action, arn in pairs:
        request = IAMRequest(
            account_id=self.current_account,
            method=self.method,
            path=self.raw_path,
            data=self.data,
            body=self.raw_body,
            headers=self.headers,
            action=action.split(":", 1)[1],
        )
        request.check_signature()
        request.check_action_permitted(arn)


def _sns_topic(self: Any) -> str:
    """The resource of an SNS request: its topic (moto would check ``"*"``)."""
    return str(self._get_param("TopicArn") or "*")


def main() -> None:
    from moto.dynamodb.responses import DynamoHandler
    from moto.sns.responses import SNSResponse

    from tests.aws.support import MotoServer

    DynamoHandler._authenticate_and_authorize_normal_action = _authorize_dynamodb  # type: ignore[method-assign]
    SNSResponse._determine_resource = _sns_topic  # type: ignore[attr-defined]
    server = MotoServer(serialize_writes=True)
    server.start()
    print(f"listening {server.url}", flush=True)
    # Until the test closes our stdin (or dies, which closes it too).
    sys.stdin.read()
    server.stop()


@contextmanager
def iam_moto_server(root: str, env: dict[str, str]) -> Iterator[str]:
    """Start the server as a subprocess with ``cwd``/``PYTHONPATH`` = ``root``; yield its URL."""
    import subprocess

    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.server.iam_moto"],
        cwd=root,
        env={**env, "PYTHONPATH": root},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(30)
    try:
        if not line or not line[0].startswith("listening "):
            raise RuntimeError(f"the IAM moto server did not start: {line!r}")
        yield line[0].split(" ", 1)[1].strip()
    finally:
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
