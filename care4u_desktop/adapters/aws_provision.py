"""Create or bring up to date the AWS resources, idempotently, and adopt the seed app's data.

``provision(config)`` is what ``care4u-admin provision`` runs. It

1. creates each table that is missing (on-demand capacity, point-in-time recovery on),
   or adds the indexes an existing table lacks (a table the seed app made keeps its data,
   its capacity mode and its other attributes), and turns on the users table's TTL, so
   DynamoDB deletes log-in attempt counts once they expire;
2. adopts data the seed app wrote: an email guard for every user, and a slot guard and
   a patient-time guard for every booked appointment, so the rules hold for old data as
   for new (it also fills in ``doctor_name``/``specialization`` on old appointments);
3. creates the SNS topic if needed and returns its ARN.

Running it again changes nothing. The same tables, indexes and topic are described for
CloudFormation in ``resources/aws/care4u.cfn.yaml``; a test keeps the two in step.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import boto3
from botocore.exceptions import ClientError

from ..config import Config
from . import dynamodb_access as access
from . import dynamodb_items as items
from .aws_clients import dynamodb_client, error_code, sns_client, unavailable_on_aws_errors

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        CreateGlobalSecondaryIndexActionTypeDef,
        GlobalSecondaryIndexTypeDef,
        TableDescriptionTypeDef,
    )
    from mypy_boto3_sns import SNSClient

log = logging.getLogger(__name__)


class ProvisionError(Exception):
    """The account holds something provisioning must not change (e.g. a table of that
    name with another key). The message says what, for the administrator."""


@dataclass(frozen=True)
class IndexSpec:
    name: str
    hash_key: str
    range_key: str
    #: "ALL", or "KEYS_ONLY" when the reader fetches the items themselves anyway.
    projection: str = "ALL"


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


@dataclass
class ProvisionReport:
    topic_arn: str = ""
    created_tables: list[str] = field(default_factory=list)
    created_indexes: list[str] = field(default_factory=list)
    #: Tables whose TTL this run turned on.
    enabled_ttl: list[str] = field(default_factory=list)
    adopted_users: int = 0
    adopted_appointments: int = 0
    #: Seed data that breaks a rule (two users with one email, a double booking): left as
    #: it is, first come first served, for staff to sort out. Ids only, no emails.
    conflicts: list[str] = field(default_factory=list)
    #: Subscriptions on the topic with no filter policy: they would receive every
    #: patient's messages (the seed app subscribed addresses that way).
    unfiltered_subscriptions: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A summary for the administrator's terminal."""
        out = [f"Topic: {self.topic_arn}"]
        out += [f"Created table {t}" for t in self.created_tables]
        out += [f"Created index {i}" for i in self.created_indexes]
        out += [
            f"Turned on expiry (TTL) of old log-in attempt counts in {t}" for t in self.enabled_ttl
        ]
        out.append(
            f"Adopted {self.adopted_users} existing user(s) and "
            f"{self.adopted_appointments} booked appointment(s)"
        )
        out += [f"Conflict: {c}" for c in self.conflicts]
        if self.unfiltered_subscriptions:
            out.append(
                f"Warning: {len(self.unfiltered_subscriptions)} subscription(s) on the topic "
                "have no filter policy and would receive every patient's messages; "
                "remove them (aws sns unsubscribe) or run provision with unsubscribe enabled."
            )
        return out


def provision(config: Config, *, session: boto3.session.Session | None = None) -> str:
    """Create or update everything for ``config``; returns the topic's ARN."""
    return provision_resources(config, session=session).topic_arn


def provision_resources(
    config: Config,
    *,
    session: boto3.session.Session | None = None,
    dynamodb: DynamoDBClient | None = None,
    sns: SNSClient | None = None,
    unsubscribe_unfiltered: bool = False,
    poll_seconds: float = 5.0,
    timeout_seconds: float = 900.0,
) -> ProvisionReport:
    session = session or (boto3.session.Session() if dynamodb is None or sns is None else None)
    db = dynamodb or dynamodb_client(session)
    topics = sns or sns_client(session)
    tables = items.TableNames.with_prefix(config.table_prefix)
    report = ensure_tables(db, config.table_prefix, poll_seconds, timeout_seconds)
    adopt_existing_data(db, tables, report)
    report.topic_arn = ensure_topic(topics, config.topic_name)
    report.unfiltered_subscriptions = unfiltered_subscriptions(
        topics, report.topic_arn, remove=unsubscribe_unfiltered
    )
    return report


# -- tables ----------------------------------------------------------------------------------
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
    expired count as absent anyway; such counts only stay in the table for longer."""
    if spec.ttl_attribute is None:
        return
    with unavailable_on_aws_errors("describe_time_to_live", f"Could not read the TTL of {name}"):
        current = db.describe_time_to_live(TableName=name).get("TimeToLiveDescription", {})
    status = current.get("TimeToLiveStatus", "DISABLED")
    if status in ("ENABLED", "ENABLING"):
        if current.get("AttributeName") != spec.ttl_attribute:
            log.warning(
                "TTL of %s is on with %r; expired log-in counts stay until deleted by hand",
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
        "Projection": {"ProjectionType": "ALL" if index.projection == "ALL" else "KEYS_ONLY"},
    }


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


# -- adopting the seed app's data ------------------------------------------------------------
@dataclass(frozen=True)
class _Claim:
    """A guard item some existing record needs, and the words for a clash over it."""

    table: str
    key_name: str
    guard: str
    owner: str
    clash: str


def adopt_existing_data(
    db: DynamoDBClient, tables: items.TableNames, report: ProvisionReport, workers: int = 8
) -> None:
    """Write the guard items existing data needs. Safe to run any number of times.

    Where old data breaks a rule, the earliest record keeps the guard (appointments by
    ``created_at``, users by id) and the others are reported, the same way on every run.
    """
    users = sorted(
        (u for u in _scan(db, tables.users) if items.is_user_item(u)),
        key=lambda u: str(u["user_id"]),
    )
    user_claims = [
        _Claim(
            tables.users,
            "user_id",
            items.email_guard_key(str(u["email"])),
            str(u["user_id"]),
            f"user {u['user_id']} shares its email with another account",
        )
        for u in users
    ]
    report.adopted_users = len(users)
    report.conflicts += _claim_all(db, user_claims, workers)

    doctors = {str(d["doctor_id"]): d for d in _scan(db, tables.doctors)}
    holding = sorted(
        (
            a
            for a in _scan(db, tables.appointments)
            if items.is_appointment_item(a)
            and str(a.get("status") or "booked") != "cancelled"
            and {"date", "time", "user_id"} <= a.keys()
        ),
        key=lambda a: (str(a.get("created_at", "")), str(a["appointment_id"])),
    )
    claims: list[_Claim] = []
    for a in holding:
        aid, day, hhmm = str(a["appointment_id"]), str(a["date"]), str(a["time"])
        claims.append(
            _Claim(
                tables.appointments,
                "appointment_id",
                items.slot_guard_key(str(a["doctor_id"]), day, hhmm),
                aid,
                f"appointment {aid} double-books doctor {a['doctor_id']} on {day} {hhmm}",
            )
        )
        claims.append(
            _Claim(
                tables.appointments,
                "appointment_id",
                items.patient_guard_key(str(a["user_id"]), day, hhmm),
                aid,
                f"appointment {aid} double-books its patient on {day} {hhmm}",
            )
        )
    report.adopted_appointments = len(holding)
    report.conflicts += _claim_all(db, claims, workers)
    missing_names = [a for a in holding if not a.get("doctor_name")]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda a: _name_the_doctor(db, tables, a, doctors), missing_names))


def _claim_all(db: DynamoDBClient, claims: list[_Claim], workers: int) -> list[str]:
    """Write every claim whose guard nobody earlier in the list wants; the clashes."""
    first: dict[tuple[str, str], str] = {}
    for c in claims:
        first.setdefault((c.table, c.guard), c.owner)
    winners = [c for c in claims if first[(c.table, c.guard)] == c.owner]
    clashes = [c.clash for c in claims if first[(c.table, c.guard)] != c.owner]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(
            pool.map(lambda c: _put_guard(db, c.table, c.key_name, c.guard, c.owner), winners)
        )
    # A guard already held by another owner: a record the new app made since.
    clashes += [c.clash for c, ok in zip(winners, done, strict=True) if not ok]
    return clashes


def _name_the_doctor(
    db: DynamoDBClient,
    tables: items.TableNames,
    appointment: items.PyItem,
    doctors: dict[str, items.PyItem],
) -> None:
    """Old appointments did not record the doctor's name; history shows it, so add it."""
    doctor = doctors.get(str(appointment["doctor_id"]))
    if doctor is None:
        return
    with unavailable_on_aws_errors("adopt_appointment", "Could not update an appointment"):
        db.update_item(
            TableName=tables.appointments,
            Key=items.key("appointment_id", str(appointment["appointment_id"])),
            UpdateExpression="SET doctor_name = if_not_exists(doctor_name, :n),"
            " specialization = if_not_exists(specialization, :s)",
            ExpressionAttributeValues={
                ":n": {"S": str(doctor.get("name", ""))},
                ":s": {"S": str(doctor.get("specialization", ""))},
            },
        )


def _put_guard(db: DynamoDBClient, table: str, key_name: str, guard: str, owner: str) -> bool:
    """Claim ``guard`` for ``owner``; False if another owner holds it already."""
    with unavailable_on_aws_errors("adopt", f"Could not write a guard item in {table}"):
        try:
            db.put_item(
                TableName=table,
                Item=items.to_wire(items.guard_item(key_name, guard, owner)),
                ConditionExpression=f"attribute_not_exists({key_name}) OR #o = :o",
                ExpressionAttributeNames={"#o": items.GUARD_OWNER},
                ExpressionAttributeValues={":o": {"S": owner}},
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise
    return True


def _scan(db: DynamoDBClient, table: str) -> Iterator[items.PyItem]:
    pages = db.get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
    with unavailable_on_aws_errors("scan", f"Could not read table {table}"):
        for page in pages:
            for raw in page.get("Items", []):
                yield items.from_wire(raw)


# -- topic -----------------------------------------------------------------------------------
def ensure_topic(sns: SNSClient, name: str) -> str:
    with unavailable_on_aws_errors("create_topic", f"Could not create topic {name}"):
        return sns.create_topic(Name=name)["TopicArn"]


def unfiltered_subscriptions(sns: SNSClient, topic_arn: str, *, remove: bool) -> list[str]:
    """Subscriptions that would see every patient's messages; removed if ``remove``."""
    found: list[str] = []
    with unavailable_on_aws_errors("list_subscriptions", "Could not list subscriptions"):
        pages = sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic_arn)
        for page in pages:
            for sub in page.get("Subscriptions", []):
                arn = sub.get("SubscriptionArn", "")
                if not arn.startswith("arn:"):
                    continue  # "PendingConfirmation": it has no attributes to read yet
                attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
                if not attrs.get("FilterPolicy"):
                    found.append(arn)
    if remove:
        for arn in found:
            with unavailable_on_aws_errors("unsubscribe", "Could not remove a subscription"):
                sns.unsubscribe(SubscriptionArn=arn)
    return found
