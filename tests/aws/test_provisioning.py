"""Provisioning as code: ``provision`` and the CloudFormation template make the same
resources, the template lints clean and deploys, and the IAM policies fit what runs."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml

from care4u_desktop.adapters import dynamodb_items as items
from care4u_desktop.adapters.aws_clients import dynamodb_client, sns_client, sts_client
from care4u_desktop.adapters.aws_provision import (
    TABLE_SPECS,
    ProvisionError,
    provision,
    provision_resources,
)
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.adapters.sns_notifier import SNSNotifier
from care4u_desktop.config import Config
from care4u_desktop.domain.models import (
    AppointmentStatus,
    AuditEntry,
    Device,
    DeviceKind,
    DeviceSession,
)
from care4u_desktop.services.accounts import AccountService
from care4u_desktop.services.notifications import NotificationService
from tests.aws.support import REGION, aws_config, unique_prefix
from tests.fakes import FastHasher, FixedClock, make_doctor
from tests.wiring import booking_service

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "resources" / "aws" / "care4u.cfn.yaml"
#: A trusted desk on the direct aws backend (kiosks hold no AWS credentials: they reach
#: care4u-server). What it allows is checked call by call in test_desk_policy.
DESK_POLICY = ROOT / "resources" / "aws" / "desk-iam-policy.json"
ADMIN_POLICY = ROOT / "resources" / "aws" / "admin-iam-policy.json"
DAY = date(2030, 1, 8)


def _describe_all(prefix: str) -> dict[str, dict[str, Any]]:
    db = boto3.client("dynamodb", region_name=REGION)
    return {
        spec.suffix: db.describe_table(TableName=prefix + spec.suffix)["Table"]
        for spec in TABLE_SPECS
    }


def _shape(table: dict[str, Any]) -> tuple[Any, ...]:
    return (
        tuple((k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]),
        sorted(
            (
                i["IndexName"],
                tuple((k["AttributeName"], k["KeyType"]) for k in i["KeySchema"]),
                i["Projection"]["ProjectionType"],
            )
            for i in table.get("GlobalSecondaryIndexes", [])
        ),
    )


# -- care4u-admin provision --------------------------------------------------------------------
def test_provision_creates_everything_then_changes_nothing(inproc: None, tmp_path: Path) -> None:
    config = aws_config(tmp_path)

    first = provision_resources(config, poll_seconds=0)
    shapes = {k: _shape(v) for k, v in _describe_all(config.table_prefix).items()}
    second = provision_resources(config, poll_seconds=0)

    assert sorted(first.created_tables) == sorted(
        config.table_prefix + s.suffix for s in TABLE_SPECS
    )
    assert (second.created_tables, second.created_indexes, second.enabled_ttl) == ([], [], [])
    assert second.topic_arn == first.topic_arn == provision(config)
    # Expired log-in attempt counts, sessions and request counts are deleted by DynamoDB.
    expiring = [
        config.table_prefix + t for t in (items.USERS, items.SESSIONS, items.REQUEST_COUNTS)
    ]
    assert sorted(first.enabled_ttl) == sorted(expiring)
    for table in expiring:
        ttl = dynamodb_client().describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", "expires_at")
    assert first.topic_arn.endswith(":" + config.topic_name)
    assert {k: _shape(v) for k, v in _describe_all(config.table_prefix).items()} == shapes
    for table in _describe_all(config.table_prefix).values():
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_provision_refuses_a_table_with_another_key(inproc: None, tmp_path: Path) -> None:
    config = aws_config(tmp_path)
    boto3.client("dynamodb", region_name=REGION).create_table(
        TableName=config.table_prefix + "Users",
        KeySchema=[{"AttributeName": "email", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "email", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    with pytest.raises(ProvisionError, match="key is not 'user_id'"):
        provision(config)


# -- the CloudFormation template -------------------------------------------------------------
def _template() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    return loaded


def test_template_passes_cfn_lint() -> None:
    from cfnlint.api import lint_file

    assert [str(m) for m in lint_file(TEMPLATE)] == []


def test_template_describes_the_same_tables_indexes_and_topic_as_provision() -> None:
    template = _template()
    resources = template["Resources"]
    assert template["Parameters"]["TablePrefix"]["Default"] == Config(Path()).table_prefix
    assert template["Parameters"]["TopicName"]["Default"] == Config(Path()).topic_name
    tables = {
        r["Properties"]["TableName"]["Fn::Sub"].replace("${TablePrefix}", ""): r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::DynamoDB::Table"
    }
    assert sorted(tables) == sorted(s.suffix for s in TABLE_SPECS)
    for spec in TABLE_SPECS:
        props = tables[spec.suffix]
        assert props["KeySchema"] == [
            {"AttributeName": name, "KeyType": kind} for name, kind in spec.key_schema()
        ]
        assert sorted(a["AttributeName"] for a in props["AttributeDefinitions"]) == sorted(
            spec.attributes()
        )
        indexes = {
            i["IndexName"]: (
                [(k["AttributeName"], k["KeyType"]) for k in i["KeySchema"]],
                i["Projection"]["ProjectionType"],
            )
            for i in props.get("GlobalSecondaryIndexes", [])
        }
        assert indexes == {
            i.name: ([(i.hash_key, "HASH"), (i.range_key, "RANGE")], i.projection)
            for i in spec.indexes
        }
        ttl = props.get("TimeToLiveSpecification")
        assert ttl == (
            None
            if spec.ttl_attribute is None
            else {"AttributeName": spec.ttl_attribute, "Enabled": True}
        )
    topics = [r for r in resources.values() if r["Type"] == "AWS::SNS::Topic"]
    assert [t["Properties"]["TopicName"] for t in topics] == [{"Ref": "TopicName"}]


def test_the_store_runs_on_the_tables_the_template_made(inproc: None) -> None:
    prefix = unique_prefix()
    topic = prefix + "Appointments"
    cfn = boto3.client("cloudformation", region_name=REGION)
    cfn.create_stack(
        StackName=f"care4u-{prefix.strip('_').lower()}",
        TemplateBody=TEMPLATE.read_text(encoding="utf-8"),
        Parameters=[
            {"ParameterKey": "TablePrefix", "ParameterValue": prefix},
            {"ParameterKey": "TopicName", "ParameterValue": topic},
        ],
    )
    (stack,) = cfn.describe_stacks(StackName=f"care4u-{prefix.strip('_').lower()}")["Stacks"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    made = {k: _shape(v) for k, v in _describe_all(prefix).items()}

    # The tables CloudFormation made are the ones provision would make ...
    config = Config(Path(), backend="aws", table_prefix=prefix, topic_name=topic)
    report = provision_resources(config, poll_seconds=0)
    assert (report.created_tables, report.created_indexes) == ([], [])
    assert report.topic_arn == outputs["TopicArn"]
    assert {k: _shape(v) for k, v in _describe_all(prefix).items()} == made

    # ... and the whole kiosk works on them.
    store = DynamoDBStore(dynamodb_client(), prefix)
    notifier = SNSNotifier(sns_client(), topic, sts=sts_client())
    assert notifier.topic_arn == outputs["TopicArn"]
    clock = FixedClock()
    notifications = NotificationService(store, notifier, clock)
    accounts = AccountService(store, notifier, FastHasher(), clock)
    booking = booking_service(store, notifications, clock)
    store.put_doctor(make_doctor("doc-001", name="Sarah Johnson"))
    accounts.sign_up("Ada Lovelace", "ada@example.com", "555 123 4567", "long-password-1")
    ada = accounts.log_in("ada@example.com", "long-password-1")

    booked = booking.book(ada.user, "doc-001", DAY, "09:00")
    day = booking.availability("doc-001", DAY)

    assert [s.time for s in day.slots if not s.free] == ["09:00"]
    assert booking.history(ada).upcoming == [booked]
    assert [u.user_id for u in store.find_users_by_phone("5551234567")] == [ada.user.user_id]
    assert store.pending_notifications() == []
    cancelled = booking.cancel(ada, booked.appointment_id)
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert all(s.free for s in booking.availability("doc-001", DAY).slots)

    # ... and so does the server's side: devices, sessions, rate limits, the audit trail.
    _use_the_server_records(store, ada.user.user_id)


def _use_the_server_records(store: DynamoDBStore, user_id: str) -> None:
    device = Device("dev-1", "Lobby", DeviceKind.KIOSK, "ab" * 32, "2030-01-07T08:00:00+00:00")
    store.add_device(device)
    store.revoke_device("dev-1", "2030-01-07T09:00:00+00:00")
    store.list_devices()
    session = DeviceSession("ses-1", "cd" * 32, user_id, "dev-1", 1_000, 1_000, 120, 2_800)
    store.add_session(session)
    store.touch_session("ses-1", 1_010)
    assert store.get_session("ses-1") == replace(session, last_seen_s=1_010)
    store.delete_session("ses-1")
    assert [store.claim_request("device:dev-1", 960, 60, 1) for _ in range(2)] == [True, False]
    audit = AuditEntry(
        "e1",
        "2030-01-07T09:00:00+00:00",
        "device_revoked",
        "cli",
        user_id,
        (("device_id", "dev-1"),),
    )
    store.append_audit(audit)
    assert store.audit_entries(since="2030-01-07") == [audit]
    assert store.audit_entries(user_id=user_id) == [audit]


# -- IAM ---------------------------------------------------------------------------------------
_TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}


class CallLog:
    """What a client asks AWS, as (IAM action, resource ARN) pairs."""

    def __init__(self, account: str) -> None:
        self.account = account
        self.calls: set[tuple[str, str]] = set()

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-parameter-build", self._record)

    def _table(self, table: str, index: str | None = None) -> str:
        arn = f"arn:aws:dynamodb:{REGION}:{self.account}:table/{table}"
        return f"{arn}/index/{index}" if index else arn

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        service = model.service_model.endpoint_prefix
        op = model.name
        if service == "dynamodb" and op == "TransactWriteItems":
            for write in params["TransactItems"]:
                (kind, body), *_ = write.items()
                self.calls.add(
                    (f"dynamodb:{_TRANSACT_ACTIONS[kind]}", self._table(body["TableName"]))
                )
        elif service == "dynamodb" and op in ("BatchGetItem", "BatchWriteItem"):
            for table in params["RequestItems"]:
                self.calls.add((f"dynamodb:{op}", self._table(table)))
        elif service == "dynamodb":
            self.calls.add(
                (f"dynamodb:{op}", self._table(params["TableName"], params.get("IndexName")))
            )
        elif service == "sns" and op == "CreateTopic":
            self.calls.add((f"sns:{op}", f"arn:aws:sns:{REGION}:{self.account}:{params['Name']}"))
        elif service == "sns":
            self.calls.add((f"sns:{op}", str(params.get("TopicArn", "*"))))
        elif service == "sts" and op == "GetCallerIdentity":
            pass  # needs no permission
        else:
            self.calls.add((f"{service}:{op}", "*"))


def _allows(policy: dict[str, Any], action: str, resource: str) -> bool:
    for statement in policy["Statement"]:
        if statement["Effect"] != "Allow":
            continue
        actions = statement["Action"]
        resources = statement["Resource"]
        actions = [actions] if isinstance(actions, str) else actions
        resources = [resources] if isinstance(resources, str) else resources
        if any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in actions) and any(
            fnmatch.fnmatchcase(resource, r) for r in resources
        ):
            return True
    return False


def _policy(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


#: SNS authorises these against the subscription, which IAM cannot name by topic; only
#: the administrator's policy has them.
_ACCOUNT_WIDE = {"sns:GetSubscriptionAttributes", "sns:Unsubscribe"}


def test_policies_are_least_privilege_in_form() -> None:
    for path in (DESK_POLICY, ADMIN_POLICY):
        for statement in _policy(path)["Statement"]:
            actions = statement["Action"]
            actions = [actions] if isinstance(actions, str) else actions
            assert all("*" not in a for a in actions), (path.name, actions)
            resources = statement["Resource"]
            resources = [resources] if isinstance(resources, str) else resources
            if set(actions) <= _ACCOUNT_WIDE and path == ADMIN_POLICY:
                continue
            for resource in resources:
                assert "Care4U_" in resource, (path.name, resource)


@pytest.fixture
def default_names(inproc: None, tmp_path: Path) -> Config:
    """The production names (the policies are written for them), in a fresh moto."""
    return Config(tmp_path, backend="aws")


#: The server's tables: only care4u-server (and the administrator) may touch them.
_SERVER_TABLES = (items.DEVICES, items.SESSIONS, items.REQUEST_COUNTS, items.AUDIT)


def test_desk_policy_grants_nothing_on_the_servers_tables_but_appending_to_the_trail() -> None:
    desk = _policy(DESK_POLICY)
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/Care4U_{}"
    for suffix in _SERVER_TABLES:
        for action in ("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan"):
            # A desk records what is done at it (put; update of the DAYS list only).
            may = suffix == items.AUDIT and action in ("PutItem", "UpdateItem")
            assert _allows(desk, f"dynamodb:{action}", arn.format(suffix)) == may, (action, suffix)
            assert not _allows(desk, f"dynamodb:{action}", arn.format(suffix) + "/index/x")


def test_admin_policy_allows_devices_and_the_audit_trail(default_names: Config) -> None:
    """What ``care4u-admin devices add|list|revoke`` and ``care4u-admin audit`` do."""
    config = default_names
    provision(config)
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    log = CallLog(account)
    store = DynamoDBStore(dynamodb_client(), config.table_prefix)
    log.attach(store._db)

    store.add_device(Device("d1", "Lobby", DeviceKind.KIOSK, "ab" * 32, "2030-01-07T08:00Z"))
    store.list_devices()
    store.get_device("d1")
    store.revoke_device("d1", "2030-01-07T09:00Z")
    store.append_audit(AuditEntry("e1", "2030-01-07T09:00Z", "device_revoked", "cli", "u1"))
    store.audit_entries()
    store.audit_entries(since="2030-01-07", user_id="u1")

    admin = _policy(ADMIN_POLICY)
    assert sorted(c for c in log.calls if not _allows(admin, *c)) == []
    # Sessions and request counts are the server's alone.
    for suffix in (items.SESSIONS, items.REQUEST_COUNTS):
        assert not _allows(admin, "dynamodb:GetItem", log._table("Care4U_" + suffix))


def test_admin_policy_allows_provisioning(default_names: Config) -> None:
    config = default_names
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    log = CallLog(account)
    session = boto3.session.Session()
    db, sns = dynamodb_client(session), sns_client(session)
    log.attach(db)
    log.attach(sns)
    DynamoDBStore(db, config.table_prefix)  # nothing yet
    provision_resources(config, dynamodb=db, sns=sns, poll_seconds=0)
    seeded = DynamoDBStore(db, config.table_prefix)
    seeded.put_doctors([make_doctor("doc-001"), make_doctor("doc-002")])  # seed-doctors
    seeded.put_doctor(make_doctor("doc-003"))  # the admin screen's save
    provision_resources(config, dynamodb=db, sns=sns, poll_seconds=0)

    admin = _policy(ADMIN_POLICY)
    desk = _policy(DESK_POLICY)
    denied = sorted(c for c in log.calls if not (_allows(admin, *c) or _allows(desk, *c)))
    assert denied == []
    assert items.USERS  # the names the policies spell out are the code's
