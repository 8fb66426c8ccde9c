"""The DynamoDB tables and indexes, as specs, and creating or updating them idempotently.

Each missing table is created (on-demand capacity, point-in-time recovery on, its TTL on
if it has one); an existing table (the seed app's, or an older release's) keeps its data,
capacity mode and other attributes and gains only the indexes and TTL it lacks. The same
specs are described for CloudFormation in ``resources/aws/care4u.cfn.yaml``; a test keeps
the two in step.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from botocore.exceptions import ClientError

from . import dynamodb_access as access
from . import dynamodb_items as items
from .aws_clients import error_code, unavailable_on_aws_errors
from .aws_provision_report import ProvisionError, ProvisionReport

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        CreateGlobalSecondaryIndexActionTypeDef,
        GlobalSecondaryIndexTypeDef,
        ProjectionTypeDef,
        TableDescriptionTypeDef,
    )

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexSpec:
    name: str
    hash_key: str
    range_key: str
    #: "ALL"; "KEYS_ONLY" when the reader fetches the items themselves anyway; "INCLUDE"
    #: (the keys and ``include``) when it reads a few attributes of many items.
    projection: str = "ALL"
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    suffix: str
    hash_key: str
    indexes: tuple[IndexSpec, ...] = ()
    #: The attribute DynamoDB's TTL deletes expired items by, if the table has one.
    ttl_attribute: str | None = None
    #: The sort key, if the table has one (strings, like every key here).
    range_key: str | None = None

    def key_schema(self) -> list[tuple[str, Literal["HASH", "RANGE"]]]:
        keys: list[tuple[str, Literal["HASH", "RANGE"]]] = [(self.hash_key, "HASH")]
        return keys + ([(self.range_key, "RANGE")] if self.range_key else [])

    def attributes(self) -> list[str]:
        names = [name for name, _ in self.key_schema()]
        for index in self.indexes:
            names += [a for a in (index.hash_key, index.range_key) if a not in names]
        return names


TABLE_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        items.USERS,
        "user_id",
        (IndexSpec(items.PHONE_INDEX, "phone", "name"),),
        ttl_attribute=items.USERS_TTL_ATTRIBUTE,
    ),
    TableSpec(items.DOCTORS, "doctor_id"),
    TableSpec(
        items.APPOINTMENTS,
        "appointment_id",
        (
            IndexSpec(items.DOCTOR_DATE_INDEX, "doctor_id", "date"),
            IndexSpec(items.USER_DATE_INDEX, "user_id", "date"),
            IndexSpec(items.DATE_INDEX, "date", "time"),
            # Small items (keys, doctor, time): a page of 1 MB holds ~10,000 bookings.
            IndexSpec(items.STATUS_INDEX, "status", "date", "INCLUDE", ("doctor_id", "time")),
        ),
    ),
    TableSpec(
        items.NOTIFICATIONS,
        "notification_id",
        (
            IndexSpec(items.PENDING_INDEX, "pending", "created_at", "KEYS_ONLY"),
            IndexSpec(items.FEED_INDEX, "feed", "created_at"),
        ),
    ),
    TableSpec(items.DEVICES, "device_id"),
    TableSpec(items.SESSIONS, "session_id", ttl_attribute=access.SESSIONS_TTL_ATTRIBUTE),
    TableSpec(
        items.REQUEST_COUNTS, access.COUNTER_KEY, ttl_attribute=access.REQUEST_COUNTS_TTL_ATTRIBUTE
    ),
    TableSpec(
        items.AUDIT,
        access.AUDIT_DAY,
        (
            IndexSpec(access.ACTOR_INDEX, "actor_user_id", access.AUDIT_SORT),
            IndexSpec(access.TARGET_USER_INDEX, "target_user_id", access.AUDIT_SORT),
        ),
        range_key=access.AUDIT_SORT,
    ),
)


def ensure_tables(
    db: DynamoDBClient,
    table_prefix: str,
    poll_seconds: float = 5.0,
    timeout_seconds: float = 900.0,
) -> ProvisionReport:
    """Create the missing tables and indexes (step 1 alone)."""
    report = ProvisionReport()
    waiter = _Waiter(db, poll_seconds, timeout_seconds)
    for spec in TABLE_SPECS:
        ensure_table(db, spec, table_prefix + spec.suffix, report, waiter)
    return report


def ensure_table(
    db: DynamoDBClient,
    spec: TableSpec,
    name: str,
    report: ProvisionReport,
    waiter: _Waiter,
) -> None:
    current = _describe(db, name)
    if current is None:
        with unavailable_on_aws_errors("create_table", f"Could not create table {name}"):
            db.create_table(
                TableName=name,
                BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": a, "KeyType": kind} for a, kind in spec.key_schema()],
                AttributeDefinitions=[
                    {"AttributeName": a, "AttributeType": "S"} for a in spec.attributes()
                ],
                **_create_indexes_arg(spec),
            )
        report.created_tables.append(name)
        waiter.until_active(name)
        _enable_recovery(db, name)
        _ensure_ttl(db, spec, name, report)
        return
    keys = sorted((k["AttributeName"], k["KeyType"]) for k in current.get("KeySchema", []))
    if keys != sorted(spec.key_schema()):
        wanted = " + ".join(repr(a) for a, _ in spec.key_schema())
        raise ProvisionError(
            f"Table {name} exists but its key is not {wanted}; "
            "choose another CARE4U_TABLE_PREFIX or rename that table."
        )
    present = {i["IndexName"] for i in current.get("GlobalSecondaryIndexes", [])}
    for index in spec.indexes:
        if index.name in present:
            continue
        waiter.until_active(name)  # DynamoDB adds one index at a time
        definition = _index_definition(index)
        create: CreateGlobalSecondaryIndexActionTypeDef = {
            "IndexName": definition["IndexName"],
            "KeySchema": definition["KeySchema"],
            "Projection": definition["Projection"],
        }
        if _is_provisioned(current):
            throughput = current.get("ProvisionedThroughput", {})
            create["ProvisionedThroughput"] = {
                "ReadCapacityUnits": max(1, int(throughput.get("ReadCapacityUnits", 5))),
                "WriteCapacityUnits": max(1, int(throughput.get("WriteCapacityUnits", 5))),
            }
        with unavailable_on_aws_errors("update_table", f"Could not add index {index.name}"):
            db.update_table(
                TableName=name,
                AttributeDefinitions=[
                    {"AttributeName": a, "AttributeType": "S"}
                    for a in (index.hash_key, index.range_key)
                ],
                GlobalSecondaryIndexUpdates=[{"Create": create}],
            )
        report.created_indexes.append(f"{name}.{index.name}")
    waiter.until_active(name)
    _ensure_ttl(db, spec, name, report)


def _ensure_ttl(db: DynamoDBClient, spec: TableSpec, name: str, report: ProvisionReport) -> None:
    """Turn on the table's TTL on ``spec.ttl_attribute`` unless it is on already. A table
    whose TTL is on with another attribute keeps it, with a warning: the store treats an
    expired record as absent anyway (a count past its time, a session past its end, a
    window gone by); such records only stay in the table for longer."""
    if spec.ttl_attribute is None:
        return
    with unavailable_on_aws_errors("describe_time_to_live", f"Could not read the TTL of {name}"):
        current = db.describe_time_to_live(TableName=name).get("TimeToLiveDescription", {})
    status = current.get("TimeToLiveStatus", "DISABLED")
    if status in ("ENABLED", "ENABLING"):
        if current.get("AttributeName") != spec.ttl_attribute:
            log.warning(
                "TTL of %s is on with %r; expired records stay until deleted by hand",
                name,
                current.get("AttributeName"),
            )
        return
    if status == "DISABLING":
        log.warning("TTL of %s is being turned off; run provision again later", name)
        return
    with unavailable_on_aws_errors("update_time_to_live", f"Could not turn on TTL of {name}"):
        db.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute},
        )
    report.enabled_ttl.append(name)


def _create_indexes_arg(spec: TableSpec) -> dict[str, Any]:
    if not spec.indexes:
        return {}
    return {"GlobalSecondaryIndexes": [_index_definition(i) for i in spec.indexes]}


def _index_definition(index: IndexSpec) -> GlobalSecondaryIndexTypeDef:
    return {
        "IndexName": index.name,
        "KeySchema": [
            {"AttributeName": index.hash_key, "KeyType": "HASH"},
            {"AttributeName": index.range_key, "KeyType": "RANGE"},
        ],
        "Projection": _projection(index),
    }


def _projection(index: IndexSpec) -> ProjectionTypeDef:
    if index.projection == "INCLUDE":
        return {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(index.include)}
    return {"ProjectionType": "ALL" if index.projection == "ALL" else "KEYS_ONLY"}


def _is_provisioned(table: TableDescriptionTypeDef) -> bool:
    mode = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    return mode == "PROVISIONED"


def _describe(db: DynamoDBClient, name: str) -> TableDescriptionTypeDef | None:
    with unavailable_on_aws_errors("describe_table", f"Could not read table {name}"):
        try:
            return db.describe_table(TableName=name)["Table"]
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return None
            raise


def _enable_recovery(db: DynamoDBClient, name: str) -> None:
    """Point-in-time recovery for patient data; a refusal is logged, not fatal."""
    try:
        db.update_continuous_backups(
            TableName=name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
    except ClientError as exc:
        log.warning("point-in-time recovery not enabled on %s: %s", name, error_code(exc))


class _Waiter:
    def __init__(self, db: DynamoDBClient, poll_seconds: float, timeout_seconds: float) -> None:
        self._db = db
        self._poll = poll_seconds
        self._timeout = timeout_seconds

    def until_active(self, name: str) -> None:
        deadline = time.monotonic() + self._timeout
        while True:
            table = _describe(self._db, name)
            if table is not None and _all_active(table):
                return
            if time.monotonic() > deadline:
                raise ProvisionError(f"Table {name} did not become ACTIVE in time.")
            time.sleep(self._poll)


def _all_active(table: TableDescriptionTypeDef) -> bool:
    indexes = table.get("GlobalSecondaryIndexes", [])
    return table.get("TableStatus") == "ACTIVE" and all(
        i.get("IndexStatus", "ACTIVE") == "ACTIVE" for i in indexes
    )
