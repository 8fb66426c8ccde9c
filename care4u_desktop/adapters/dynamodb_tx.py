"""Writing a DynamoDB transaction and reading why it was cancelled."""

from __future__ import annotations

import logging
import random
import re
import time
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from ..domain.errors import ServiceUnavailable
from ..domain.models import Notification
from . import dynamodb_items as items
from .aws_clients import error_code, unavailable_on_aws_errors

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

log = logging.getLogger(__name__)

#: A transaction that meets another one on the same item (real DynamoDB answers
#: ``TransactionConflict``) is tried again this many times before giving up.
CONFLICT_RETRIES = 3
CONDITION_FAILED = "ConditionalCheckFailed"
CONFLICT = "TransactionConflict"

#: One entry per write of the transaction, in order: ``{"Code": ..., "Item": ...}``.
Reasons = list[dict[str, Any]]


def transact(
    db: DynamoDBClient, what: str, writes: list[TransactWriteItemTypeDef]
) -> Reasons | None:
    """Run one transaction. ``None`` if it committed, else the cancellation reasons
    (``Code`` is ``ConditionalCheckFailed`` where a condition failed).

    botocore gives each call one idempotency token, reused by its own retries, so a
    retry after a lost answer does not apply the writes twice. Anything but a failed
    condition (throttling after retries, a conflict that persists, no table ...) is
    ``ServiceUnavailable``: nothing was written.
    """
    for attempt in range(CONFLICT_RETRIES + 1):
        with unavailable_on_aws_errors(what):
            try:
                db.transact_write_items(TransactItems=writes)
                return None
            except ClientError as exc:
                if error_code(exc) != "TransactionCanceledException":
                    raise
                reasons = _reasons(exc, len(writes))
        if any(r.get("Code") == CONDITION_FAILED for r in reasons):
            return reasons
        if not any(r.get("Code") == CONFLICT for r in reasons):
            log.warning("%s cancelled: %s", what, [r.get("Code") for r in reasons])
            raise ServiceUnavailable()
        if attempt < CONFLICT_RETRIES:
            time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))
    log.warning("%s still conflicting after %d tries", what, CONFLICT_RETRIES + 1)
    raise ServiceUnavailable()


def put(table: str, item: items.PyItem, key_name: str) -> TransactWriteItemTypeDef:
    return {
        "Put": {
            "TableName": table,
            "Item": items.to_wire(item),
            "ConditionExpression": f"attribute_not_exists({key_name})",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def put_notification(table: str, notification: Notification) -> TransactWriteItemTypeDef:
    return put(table, items.notification_item(notification), "notification_id")


def _reasons(exc: ClientError, count: int) -> Reasons:
    reasons = exc.response.get("CancellationReasons")
    if isinstance(reasons, list) and reasons:
        return [dict(r) for r in reasons]
    # Some endpoints only list them in the message: "... reasons [None, ConditionalCheckFailed]".
    message = str(exc.response.get("Error", {}).get("Message", ""))
    match = re.search(r"\[([^\]]*)\]\s*$", message)
    codes = [c.strip() for c in match.group(1).split(",")] if match else []
    return [{"Code": c} for c in codes] or [{"Code": "Unknown"}] * count


def failed(reasons: Reasons, index: int) -> bool:
    return index < len(reasons) and reasons[index].get("Code") == CONDITION_FAILED


def owned_by(reasons: Reasons, index: int, owner: str) -> bool:
    """Whether the guard at ``index`` failed only because it is already ``owner``'s."""
    if not failed(reasons, index):
        return False
    old = reasons[index].get("Item") or {}
    return bool(old.get(items.GUARD_OWNER, {}).get("S") == owner)
