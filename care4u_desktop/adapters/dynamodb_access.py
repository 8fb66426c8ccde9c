"""The AWS store's server records: devices, sessions, request counts, the audit trail.

A mixin of ``DynamoDBStore``. Tables (``{prefix}`` as for the others):

``{prefix}Devices`` (key ``device_id``)
    ``name``, ``kind``, ``token_hash``, ``created_at``, ``revoked_at`` once revoked.

``{prefix}Sessions`` (key ``session_id``)
    ``token_hash``, ``user_id``, ``device_id``, ``created_s``, ``last_seen_s``, ``idle_s``
    and ``expires_at`` (the session's ``expires_s``, Unix seconds): the table's TTL
    attribute, so DynamoDB deletes sessions after their absolute end by itself.

``{prefix}RequestCounts`` (key ``counter``: ``<key>#<window start>``)
    ``count`` and ``expires_at`` (TTL: one window after the window ends). A table of its
    own, not items in Sessions: a count is written on every request, a session is read on
    every request, so their load (and throttling, and metrics) stay apart; and nothing
    that reads sessions (a scan, a TTL sweep) wades through counters.

``{prefix}Audit`` (key ``day`` = ``YYYY-MM-DD`` of ``at``, sort key ``sk`` = ``<at>#<entry_id>``)
    ``entry_id``, ``at``, ``action``, ``device_id``, ``outcome``, ``targets`` (a list of
    ``[kind, id]``), and ``actor_user_id`` / ``target_user_id`` only when not empty. An
    entry can be about two people (a receptionist checks a patient in), so a user's entries
    come from two sparse indexes, ``actor_time`` (``actor_user_id``, ``sk``) and
    ``target_user_time`` (``target_user_id``, ``sk``), merged. The item ``day = "DAYS"``
    holds the set of days that have entries, so reading "since" walks only those days
    (oldest first, one Query each) and never scans the trail.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from ..domain.errors import DeviceNotFound, ServiceUnavailable
from ..domain.models import AuditEntry, Device, DeviceKind, DeviceSession
from . import dynamodb_items as items
from .aws_clients import error_code, unavailable_on_aws_errors

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mypy_boto3_dynamodb import DynamoDBClient

log = logging.getLogger(__name__)

#: The TTL attribute of the sessions and request-count tables (Unix seconds).
EXPIRES_AT = "expires_at"
SESSIONS_TTL_ATTRIBUTE = EXPIRES_AT
REQUEST_COUNTS_TTL_ATTRIBUTE = EXPIRES_AT
COUNTER_KEY = "counter"
AUDIT_DAY = "day"
AUDIT_SORT = "sk"
ACTOR_INDEX = "actor_time"
TARGET_USER_INDEX = "target_user_time"
#: The audit item listing the days that have entries (a string set ``days``).
DAYS_ITEM = "DAYS"


class DynamoDBAccessRecords:
    """``DeviceStore``, ``SessionStore``, ``RequestCounter`` and ``AuditStore`` on DynamoDB."""

    _db: DynamoDBClient
    tables: items.TableNames
    #: Days this process already put into the ``DAYS`` item (one extra write per day).
    _audit_days_noted: set[str]

    if TYPE_CHECKING:

        def _get(self, table: str, key_name: str, key_value: str) -> items.PyItem | None: ...
        def _drain(self, what: str, pages: Iterable[Any]) -> list[items.PyItem]: ...

    # -- devices ---------------------------------------------------------------------------
    def add_device(self, device: Device) -> None:
        self._put_new(
            "add_device", self.tables.devices, "device_id", _device_item(device), device.token_hash
        )

    def get_device(self, device_id: str) -> Device | None:
        item = self._get(self.tables.devices, "device_id", device_id)
        return _device(item) if item else None

    def list_devices(self) -> list[Device]:
        # A few dozen kiosks and desks: a scan, for the administrator's listing only.
        pages = self._db.get_paginator("scan").paginate(
            TableName=self.tables.devices, ConsistentRead=True
        )
        found = [_device(i) for i in self._drain("list_devices", pages)]
        return sorted(found, key=lambda d: (d.created_at, d.device_id))

    def revoke_device(self, device_id: str, revoked_at: str) -> Device:
        # if_not_exists keeps the first revocation's time; the condition refuses to create
        # a device out of an unknown id.
        with unavailable_on_aws_errors("revoke_device"):
            try:
                answer = self._db.update_item(
                    TableName=self.tables.devices,
                    Key=items.key("device_id", device_id),
                    UpdateExpression="SET revoked_at = if_not_exists(revoked_at, :at)",
                    ConditionExpression="attribute_exists(token_hash)",
                    ExpressionAttributeValues={":at": {"S": revoked_at}},
                    ReturnValues="ALL_NEW",
                )
            except ClientError as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
                raise DeviceNotFound() from exc
        return _device(items.from_wire(answer["Attributes"]))

    # -- sessions --------------------------------------------------------------------------
    def add_session(self, session: DeviceSession) -> None:
        self._put_new(
            "add_session",
            self.tables.sessions,
            "session_id",
            _session_item(session),
            session.token_hash,
        )

    def get_session(self, session_id: str) -> DeviceSession | None:
        item = self._get(self.tables.sessions, "session_id", session_id)
        return _session(item) if item else None

    def touch_session(self, session_id: str, last_seen_s: int) -> None:
        # The condition never lets an older request's time replace a newer one, and never
        # brings back a session that was deleted meanwhile.
        with unavailable_on_aws_errors("touch_session"):
            try:
                self._db.update_item(
                    TableName=self.tables.sessions,
                    Key=items.key("session_id", session_id),
                    UpdateExpression="SET last_seen_s = :t",
                    ConditionExpression="attribute_exists(token_hash) AND last_seen_s < :t",
                    ExpressionAttributeValues={":t": items.wire_value(last_seen_s)},
                )
            except ClientError as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise

    def delete_session(self, session_id: str) -> None:
        with unavailable_on_aws_errors("delete_session"):
            self._db.delete_item(
                TableName=self.tables.sessions, Key=items.key("session_id", session_id)
            )

    # -- request counts --------------------------------------------------------------------
    def claim_request(self, key: str, window_start_s: int, window_s: int, limit: int) -> bool:
        if limit < 1:
            return False
        # One conditional update counts and checks: any number of servers (Lambda
        # instances) claiming at once are counted one after another, and a full window's
        # refusal writes nothing. A retry after a lost answer may count one request twice:
        # the limit errs on the strict side, never lets more through.
        with unavailable_on_aws_errors("claim_request"):
            try:
                self._db.update_item(
                    TableName=self.tables.request_counts,
                    Key=items.key(COUNTER_KEY, f"{key}#{window_start_s}"),
                    UpdateExpression="ADD #c :one SET #e = if_not_exists(#e, :expires)",
                    ConditionExpression="attribute_not_exists(#c) OR #c < :limit",
                    ExpressionAttributeNames={"#c": "count", "#e": EXPIRES_AT},
                    ExpressionAttributeValues={
                        ":one": items.wire_value(1),
                        ":limit": items.wire_value(limit),
                        ":expires": items.wire_value(window_start_s + 2 * window_s),
                    },
                )
            except ClientError as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
                return False
        return True

    # -- audit -----------------------------------------------------------------------------
    def append_audit(self, entry: AuditEntry) -> None:
        day = entry.at[:10]
        if day not in self._audit_days_noted:
            # Before the entry: a day listed with nothing in it costs a Query, an entry on
            # an unlisted day would be missed.
            with unavailable_on_aws_errors("append_audit"):
                self._db.update_item(
                    TableName=self.tables.audit,
                    Key={AUDIT_DAY: {"S": DAYS_ITEM}, AUDIT_SORT: {"S": DAYS_ITEM}},
                    UpdateExpression="ADD #d :day",
                    ExpressionAttributeNames={"#d": "days"},
                    ExpressionAttributeValues={":day": {"SS": [day]}},
                )
            self._audit_days_noted.add(day)
        with unavailable_on_aws_errors("append_audit"):
            try:
                self._db.put_item(
                    TableName=self.tables.audit,
                    Item=items.to_wire(_audit_item(entry)),
                    ConditionExpression="attribute_not_exists(entry_id)",
                )
            except ClientError as exc:  # written already (a retry): the first one stays
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise

    def audit_entries(
        self, *, since: str | None = None, user_id: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        if limit <= 0:
            return []
        since = since or None  # an empty key condition value is refused by DynamoDB
        if user_id is not None:
            found: dict[str, AuditEntry] = {}
            for index, attribute in (
                (ACTOR_INDEX, "actor_user_id"),
                (TARGET_USER_INDEX, "target_user_id"),
            ):
                for e in self._audit_query(attribute, user_id, since, limit, index):
                    found[e.entry_id] = e
            return sorted(found.values(), key=_audit_order)[:limit]
        days_item = self._get_audit_days()
        entries: list[AuditEntry] = []
        for day in sorted(d for d in days_item if since is None or d >= since[:10]):
            entries += self._audit_query(AUDIT_DAY, day, since, limit - len(entries))
            if len(entries) >= limit:
                break
        return entries[:limit]

    def _get_audit_days(self) -> set[str]:
        with unavailable_on_aws_errors("audit_entries"):
            answer = self._db.get_item(
                TableName=self.tables.audit,
                Key={AUDIT_DAY: {"S": DAYS_ITEM}, AUDIT_SORT: {"S": DAYS_ITEM}},
                ConsistentRead=True,
            )
        return {str(d) for d in items.from_wire(answer.get("Item") or {}).get("days", ())}

    def _audit_query(
        self, attribute: str, value: str, since: str | None, limit: int, index: str | None = None
    ) -> list[AuditEntry]:
        condition = "#k = :v"
        values: dict[str, Any] = {":v": {"S": value}}
        if since is not None:
            condition += " AND #s >= :since"
            values[":since"] = {"S": since}
        query: dict[str, Any] = {
            "TableName": self.tables.audit,
            "KeyConditionExpression": condition,
            "ExpressionAttributeNames": {"#k": attribute, **({"#s": AUDIT_SORT} if since else {})},
            "ExpressionAttributeValues": values,
            "ScanIndexForward": True,
            "PaginationConfig": {"MaxItems": limit, "PageSize": min(limit, 500)},
        }
        if index is None:
            query["ConsistentRead"] = True
        else:
            query["IndexName"] = index
        pages = self._db.get_paginator("query").paginate(**query)
        found = self._drain("audit_entries", pages)
        return [_audit_entry(i) for i in found[:limit] if "entry_id" in i]

    # -- plumbing --------------------------------------------------------------------------
    def _put_new(
        self, what: str, table: str, key_name: str, item: items.PyItem, hash_: str
    ) -> None:
        """Put an item whose key must be new. The same item there already is an earlier try
        of this call whose answer was lost (done); another one is an id collision (a bug)."""
        with unavailable_on_aws_errors(what):
            try:
                self._db.put_item(
                    TableName=table,
                    Item=items.to_wire(item),
                    ConditionExpression=f"attribute_not_exists({key_name})",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
                return
            except ClientError as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
                old = items.from_wire(exc.response.get("Item") or {})  # type: ignore[arg-type]
        if old.get("token_hash") == hash_:
            return
        log.error("%s: id collision", what)
        raise ServiceUnavailable()


def _device_item(device: Device) -> items.PyItem:
    return {
        "device_id": device.device_id,
        "name": device.name,
        "kind": device.kind.value,
        "token_hash": device.token_hash,
        "created_at": device.created_at,
        "revoked_at": device.revoked_at,
    }


def _device(item: items.PyItem) -> Device:
    revoked = item.get("revoked_at")
    return Device(
        device_id=str(item["device_id"]),
        name=str(item.get("name", "")),
        kind=DeviceKind(str(item["kind"])),
        token_hash=str(item["token_hash"]),
        created_at=str(item.get("created_at", "")),
        revoked_at=None if revoked is None else str(revoked),
    )


def _session_item(session: DeviceSession) -> items.PyItem:
    return {
        "session_id": session.session_id,
        "token_hash": session.token_hash,
        "user_id": session.user_id,
        "device_id": session.device_id,
        "created_s": session.created_s,
        "last_seen_s": session.last_seen_s,
        "idle_s": session.idle_s,
        EXPIRES_AT: session.expires_s,
    }


def _session(item: items.PyItem) -> DeviceSession:
    return DeviceSession(
        session_id=str(item["session_id"]),
        token_hash=str(item["token_hash"]),
        user_id=str(item["user_id"]),
        device_id=str(item["device_id"]),
        created_s=int(item["created_s"]),
        last_seen_s=int(item["last_seen_s"]),
        idle_s=int(item["idle_s"]),
        expires_s=int(item[EXPIRES_AT]),
    )


def _audit_item(entry: AuditEntry) -> items.PyItem:
    target_user = next((v for k, v in entry.targets if k == "user_id"), "")
    return {
        AUDIT_DAY: entry.at[:10],
        AUDIT_SORT: f"{entry.at}#{entry.entry_id}",
        "entry_id": entry.entry_id,
        "at": entry.at,
        "action": entry.action,
        "device_id": entry.device_id,
        "outcome": entry.outcome,
        "targets": [list(pair) for pair in entry.targets],
        # An index key may not be empty: nobody acting (a failed sign-in) stays unindexed.
        "actor_user_id": entry.actor_user_id or None,
        "target_user_id": target_user or None,
    }


def _audit_entry(item: items.PyItem) -> AuditEntry:
    return AuditEntry(
        entry_id=str(item["entry_id"]),
        at=str(item["at"]),
        action=str(item["action"]),
        device_id=str(item.get("device_id", "")),
        actor_user_id=str(item.get("actor_user_id", "")),
        targets=tuple((str(k), str(v)) for k, v in item.get("targets") or ()),
        outcome=str(item.get("outcome", "ok")),
    )


def _audit_order(entry: AuditEntry) -> tuple[str, str]:
    return (entry.at, entry.entry_id)
