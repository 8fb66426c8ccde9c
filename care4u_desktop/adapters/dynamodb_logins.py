"""Log-in attempt counts in the users table: ``LOGIN#<email>`` items (see dynamodb_items).

Claiming an attempt is one conditional ``update_item``: a count of failures is never read
and then written. The first try assumes the usual case (counting up, below the last
attempt); when its condition fails, the item as it was (returned with the failure) says
which of the other writes applies, and that write is conditional again, so concurrent
claims from any number of kiosks are counted one after another.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ..services.ports import AttemptLimit
from . import dynamodb_items as items
from .aws_clients import error_code, unavailable_on_aws_errors

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# The three writes of a log-in claim, each with the condition under which it is right.
_NAMES = {"#a": items.ATTEMPTS, "#l": items.LOCK_ENDS, "#e": items.EXPIRES_AT}
_COUNT, _LAST, _RESTART = "count", "last", "restart"
_WRITES = {
    # One more (the first one too), still below the last attempt.
    _COUNT: (
        "SET #a = if_not_exists(#a, :zero) + :one, #e = :expires",
        "attribute_not_exists(#a)"
        " OR (#a < :before_last AND #e > :now AND attribute_not_exists(#l))",
    ),
    # The last attempt: it starts the lock in the same write.
    _LAST: (
        "SET #a = :limit, #l = :lock_ends, #e = :expires",
        "#a = :before_last AND #e > :now AND attribute_not_exists(#l)",
    ),
    # The count expired, or the lock ended: start again from 1.
    _RESTART: (
        "SET #a = :one, #e = :expires REMOVE #l",
        "#e <= :now OR #l <= :now",
    ),
}


def _placeholders(text: str) -> set[str]:
    # DynamoDB refuses values an expression does not use.
    return set(re.findall(r":\w+", text))


def _next_step(old: items.PyItem, now_s: int, limit: AttemptLimit) -> str | None:
    """Which claim write fits the item as it was; None when the claim is refused."""
    if items.ATTEMPTS not in old:
        return _COUNT  # gone meanwhile (a success cleared it)
    attempts = int(old[items.ATTEMPTS])
    expires = int(old.get(items.EXPIRES_AT, 0))
    lock_ends = old.get(items.LOCK_ENDS)
    if expires <= now_s or (lock_ends is not None and int(lock_ends) <= now_s):
        return _RESTART
    if lock_ends is not None or attempts >= limit.attempts:
        return None
    return _LAST if attempts == limit.attempts - 1 else _COUNT


def claim_attempt(
    db: DynamoDBClient, table: str, email: str, now_s: int, limit: AttemptLimit
) -> int | None:
    """``Store.claim_login_attempt`` on ``table``: the attempt's number, or None."""
    key = items.key("user_id", items.login_attempts_key(email))
    values = {
        ":now": items.wire_value(now_s),
        ":zero": items.wire_value(0),
        ":one": items.wire_value(1),
        ":limit": items.wire_value(limit.attempts),
        ":before_last": items.wire_value(limit.attempts - 1),
        ":lock_ends": items.wire_value(now_s + limit.lock_s),
        ":expires": items.wire_value(now_s + limit.forget_s),
    }
    step = _COUNT
    # Each retry follows a change another claim made; there are only so many before
    # the lock, after which the answer is "refused".
    for _ in range(limit.attempts + 2):
        expression, condition = _WRITES[step]
        with unavailable_on_aws_errors("claim_login_attempt"):
            try:
                answer = db.update_item(
                    TableName=table,
                    Key=key,
                    UpdateExpression=expression,
                    ConditionExpression=condition,
                    ExpressionAttributeNames=_NAMES,
                    ExpressionAttributeValues={
                        k: values[k] for k in _placeholders(expression + " " + condition)
                    },
                    ReturnValues="UPDATED_NEW",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
            except ClientError as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
                old = items.from_wire(exc.response.get("Item") or {})  # type: ignore[arg-type]
                next_step = _next_step(old, now_s, limit)
                if next_step is None:
                    return None
                step = next_step
                continue
        return int(items.from_wire(answer["Attributes"])[items.ATTEMPTS])
    return None


def clear_attempts(db: DynamoDBClient, table: str, email: str) -> None:
    # An update, not a delete: the kiosk's IAM policy lets it delete nothing in the
    # users table. The zeroed count goes with its TTL like any other.
    with unavailable_on_aws_errors("clear_login_attempts"):
        try:
            db.update_item(
                TableName=table,
                Key=items.key("user_id", items.login_attempts_key(email)),
                UpdateExpression="SET #a = :zero REMOVE #l",
                ConditionExpression="attribute_exists(#a)",
                ExpressionAttributeNames={"#a": items.ATTEMPTS, "#l": items.LOCK_ENDS},
                ExpressionAttributeValues={":zero": items.wire_value(0)},
            )
        except ClientError as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise
