"""The Lambda functions' roles hold exactly what their code calls.

The whole template (tables, topic, functions, roles, schedule) is deployed into moto; the
roles' policies are read back from IAM, with every reference resolved as CloudFormation
resolves it. Then every route of the contract is driven through the API function's handler
(API Gateway events, as in ``test_lambda``), and the jobs function's handler through the
schedule, recording each AWS call as an (IAM action, resource) pair
(``test_provisioning.CallLog``). Each role must allow every call of its function, and grant
nothing that no call used: no wildcard action, no other table, index or topic.
"""

from __future__ import annotations

import ast
import fnmatch
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest

from care4u_desktop.composition import Services, build_services, load_doctor_file
from care4u_desktop.resources import resource_path
from care4u_desktop.server.lambda_handler import Container
from tests.aws.lambda_events import Gateway, LambdaContext, scheduled_event
from tests.aws.support import (
    REGION,
    THROTTLED_XML,
    away_today_and_tomorrow,
    refuse,
    unique_prefix,
)
from tests.aws.test_provisioning import TEMPLATE, CallLog, _allows
from tests.cli.support import weekday_ahead

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "freeze"))

PASSWORD = "correct horse 42"
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS..ApiGatewayV2")
#: Written to CloudWatch by the Lambda runtime, not through boto3: not in a CallLog.
RUNTIME_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents"}


def _document(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        loaded: dict[str, Any] = json.loads(raw)
    except json.JSONDecodeError:  # moto hands back the template's dict as its repr
        loaded = ast.literal_eval(raw)
    return loaded


def _grants(policy: dict[str, Any]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow"
        actions, resources = statement["Action"], statement["Resource"]
        for action in [actions] if isinstance(actions, str) else actions:
            for resource in [resources] if isinstance(resources, str) else resources:
                pairs.add((action, resource))
    return pairs


class Stack:
    """The deployed template: its roles' policies and the names it gave things."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.topic = f"{prefix}Appointments"
        name = f"care4u-{prefix.strip('_').lower()}"
        bucket = f"{name}-code"
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=bucket)
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as zf:  # moto stores the zip; it never runs it
            zf.writestr("care4u_desktop/__init__.py", "")
        s3.put_object(Bucket=bucket, Key="care4u-server.zip", Body=code.getvalue())
        cfn = boto3.client("cloudformation", region_name=REGION)
        cfn.create_stack(
            StackName=name,
            TemplateBody=TEMPLATE.read_text(encoding="utf-8"),
            Capabilities=["CAPABILITY_IAM"],
            Parameters=[
                {"ParameterKey": "TablePrefix", "ParameterValue": prefix},
                {"ParameterKey": "TopicName", "ParameterValue": self.topic},
                {"ParameterKey": "CodeBucket", "ParameterValue": bucket},
                {"ParameterKey": "CodeKey", "ParameterValue": "care4u-server.zip"},
            ],
        )
        resources = cfn.describe_stack_resources(StackName=name)["StackResources"]
        # moto does not model API Gateway v2 in CloudFormation: it lists those resources
        # without ids (test_template_wires_the_http_api_to_the_function reads them instead).
        self.physical = {
            r["LogicalResourceId"]: r["PhysicalResourceId"]
            for r in resources
            if r.get("LogicalResourceId") and r.get("PhysicalResourceId")
        }
        iam = boto3.client("iam", region_name=REGION)
        self.policies: dict[str, dict[str, Any]] = {}
        for logical in ("ServerRole", "JobsRole"):
            role = self.physical[logical]
            [policy_name] = iam.list_role_policies(RoleName=role)["PolicyNames"]
            raw = iam.get_role_policy(RoleName=role, PolicyName=policy_name)["PolicyDocument"]
            self.policies[logical] = _document(raw)
        lam = boto3.client("lambda", region_name=REGION)
        self.functions = {
            logical: lam.get_function(FunctionName=self.physical[logical])["Configuration"]
            for logical in ("ServerFunction", "JobsFunction")
        }


@pytest.fixture
def stack(inproc: None, monkeypatch: pytest.MonkeyPatch) -> Stack:
    deployed = Stack(unique_prefix())
    # The functions' environment, as the template set it.
    for name, value in deployed.functions["ServerFunction"]["Environment"]["Variables"].items():
        monkeypatch.setenv(name, value)
    return deployed


def _admin(stack: Stack) -> Services:
    from care4u_desktop.cli.commands import operator_session
    from care4u_desktop.config import Config

    config = Config(Path(), backend="aws", table_prefix=stack.prefix, topic_name=stack.topic)
    services = build_services(config, seed_demo=False, acting_device="cli")
    services.staff.seed_doctors(
        operator_session(),
        [*load_doctor_file(resource_path("demo_doctors.json")), *away_today_and_tomorrow()],
    )
    return services


#: The partition key of the tables a policy conditions on ``dynamodb:LeadingKeys``.
PARTITION_KEYS = {"Audit": "day"}


class KeyedCallLog(CallLog):
    """Also the partition key of each single-item write, for the policies' conditions on
    ``dynamodb:LeadingKeys`` (the audit table's ``day``)."""

    def __init__(self, account: str, prefix: str) -> None:
        super().__init__(account)
        self.prefix = prefix
        self.keyed: set[tuple[str, str, str]] = set()

    def _record(self, params: dict[str, Any], model: Any, **kwargs: Any) -> None:
        super()._record(params, model, **kwargs)
        table = str(params.get("TableName", ""))
        key_name = PARTITION_KEYS.get(table.removeprefix(self.prefix))
        key = params.get("Key") or params.get("Item") or {}
        if key_name and key_name in key:
            self.keyed.add((f"dynamodb:{model.name}", self._table(table), key[key_name]["S"]))


def _log(services: Services) -> KeyedCallLog:
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    log = KeyedCallLog(account, services.config.table_prefix)
    log.attach(services.store._db)  # type: ignore[attr-defined]
    log.attach(services.notifier._sns)  # type: ignore[attr-defined]
    return log


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status == status, answer.body
    return answer.body


def _drive_every_route(admin: Services, api_container: Container, prefix: str) -> None:
    """Each route of the contract at least once, refusals included."""
    kiosk = Gateway(api_container.api, admin.devices.enrol("Lobby", "kiosk").token)
    desk = Gateway(api_container.api, admin.devices.enrol("Desk", "desk").token)
    admin.accounts.sign_up(
        "Rita Moreno", "rita@example.com", "555 010 2030", PASSWORD, None, _role("staff")
    )
    admin.accounts.sign_up(
        "Al Admin", "al@example.com", "555 010 2031", PASSWORD, None, _role("admin")
    )
    day = weekday_ahead(8)

    _ok(Gateway(api_container.api)("GET", "/v1/health"))
    _ok(kiosk("GET", "/v1/doctors"))
    signed = _ok(
        kiosk(
            "POST",
            "/v1/accounts",
            {
                "name": "Ana Silva",
                "email": "ana@example.com",
                "phone": "555 123 4567",
                "password": PASSWORD,
            },
        ),
        201,
    )
    kiosk.bearer = signed["session"]["token"]
    _age_session(prefix, kiosk.bearer)  # so the next request moves its last-seen time
    _ok(kiosk("GET", f"/v1/doctors/doc-001/days/{day}"))
    first = _ok(
        kiosk("POST", "/v1/appointments", {"doctor_id": "doc-001", "date": day, "time": "09:00"}),
        201,
    )
    second = _ok(
        kiosk("POST", "/v1/appointments", {"doctor_id": "doc-001", "date": day, "time": "10:00"}),
        201,
    )
    _ok(kiosk("GET", "/v1/me/appointments"))
    _ok(kiosk("POST", f"/v1/appointments/{second['appointment_id']}/cancel"))
    assert kiosk("DELETE", "/v1/sessions/current").status == 204
    kiosk.bearer = None
    wrong = kiosk("POST", "/v1/sessions", {"email": "ana@example.com", "password": "wrong-1"})
    assert wrong.status == 401
    again = _ok(
        kiosk("POST", "/v1/sessions", {"email": "ana@example.com", "password": PASSWORD}), 201
    )
    kiosk.bearer = again["session"]["token"]
    _ok(kiosk("GET", "/v1/me/appointments"))
    kiosk.bearer = None
    assert (
        kiosk("POST", "/v1/sessions", {"email": "rita@example.com", "password": PASSWORD}).status
        == 403
    )
    _ok(kiosk("POST", "/v1/kiosk/unlock", {"email": "rita@example.com", "password": PASSWORD}))

    staff = _ok(
        desk("POST", "/v1/sessions", {"email": "rita@example.com", "password": PASSWORD}), 201
    )
    desk.bearer = staff["session"]["token"]
    _ok(desk("GET", f"/v1/staff/doctors/doc-001/days/{day}"))
    _ok(desk("GET", "/v1/staff/patients", query="query=555%20123%204567"))
    walk_in = _ok(
        desk(
            "POST",
            "/v1/staff/patients",
            {"name": "Walk In", "email": "wi@example.com", "phone": "555 777 8888"},
        ),
        201,
    )
    _ok(desk("GET", f"/v1/staff/patients/{walk_in['user_id']}"))
    booked = _ok(
        desk(
            "POST",
            "/v1/staff/appointments",
            {
                "patient_id": walk_in["user_id"],
                "doctor_id": "doc-001",
                "date": day,
                "time": "11:00",
            },
        ),
        201,
    )
    # Check-in is for the day itself (a week ahead it is refused after reading the
    # appointment); its write is the same item update as the cancellation below.
    refused = desk(
        "POST", f"/v1/staff/appointments/{first['appointment_id']}/status", {"status": "checked_in"}
    )
    assert refused.body["error"]["code"] == "check_in_on_the_day"
    _ok(desk("POST", f"/v1/staff/appointments/{booked['appointment_id']}/cancel"))
    assert desk("DELETE", "/v1/sessions/current").status == 204

    boss = _ok(desk("POST", "/v1/sessions", {"email": "al@example.com", "password": PASSWORD}), 201)
    desk.bearer = boss["session"]["token"]
    doctors = _ok(desk("GET", "/v1/staff/doctors"))["doctors"]
    doctor = {**doctors[0], "name": "Sarah Johnson-Lee"}
    _ok(desk("PUT", f"/v1/staff/doctors/{doctor['doctor_id']}", doctor))
    assert desk("POST", "/v1/staff/doctors/batch", {"doctors": doctors[:2]}).status == 204


def _age_session(prefix: str, token: str) -> None:
    """Make the session last seen a minute ago, as if the patient had paused (written
    with a client of the test's own, so the call log does not count it)."""
    db = boto3.client("dynamodb", region_name=REGION)
    db.update_item(
        TableName=f"{prefix}Sessions",
        Key={"session_id": {"S": token.split(".", 1)[0]}},
        UpdateExpression="SET last_seen_s = last_seen_s - :m",
        ExpressionAttributeValues={":m": {"N": "60"}},
    )


def _role(name: str) -> Any:
    from care4u_desktop.domain.models import Role

    return Role(name)


def _leading_keys(statement: dict[str, Any]) -> list[str] | None:
    condition = statement.get("Condition", {})
    assert set(condition) <= {"ForAllValues:StringEquals"}, condition
    keys: list[str] | None = condition.get("ForAllValues:StringEquals", {}).get(
        "dynamodb:LeadingKeys"
    )
    return keys


def _check(policy: dict[str, Any], log: KeyedCallLog) -> None:
    # _allows reads actions and resources; the one condition used here is checked apart.
    denied = sorted(call for call in log.calls if not _allows(policy, *call))
    assert denied == [], "calls the role does not allow"
    for statement in policy["Statement"]:
        keys = _leading_keys(statement)
        if keys is None:
            continue
        single = {"Version": policy["Version"], "Statement": [statement]}
        used = [(a, r, k) for a, r, k in log.keyed if _allows(single, a, r)]
        assert used, statement  # the condition is there for a call the code makes
        assert all(k in keys for _, _, k in used), (statement, used)
        others = [s for s in policy["Statement"] if s is not statement and _leading_keys(s) is None]
        # ... and no unconditioned statement grants the same call around it.
        assert not any(_allows({"Statement": others}, a, r) for a, r, _ in used), statement
    grants = _grants(policy)
    assert all("*" not in action for action, _ in grants)
    unused = sorted(
        (action, resource)
        for action, resource in grants
        if action not in RUNTIME_ACTIONS
        and not any(
            fnmatch.fnmatchcase(a.lower(), action.lower()) and fnmatch.fnmatchcase(r, resource)
            for a, r in log.calls
        )
    )
    assert unused == [], "grants no call needed"


def test_the_server_role_allows_every_call_of_the_api_and_nothing_else(stack: Stack) -> None:
    admin = _admin(stack)
    api_container = Container()
    log = _log(api_container.services)

    _drive_every_route(admin, api_container, stack.prefix)

    policy = stack.policies["ServerRole"]
    _check(policy, log)
    # The trail is not the server's to change: its one update is of the list of days.
    audit = log._table(f"{stack.prefix}Audit")
    updates = [
        s for s in policy["Statement"] if _allows({"Statement": [s]}, "dynamodb:UpdateItem", audit)
    ]
    assert [_leading_keys(s) for s in updates] == [["DAYS"]]
    assert not any(
        _allows(policy, action, audit)
        for action in ("dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:GetItem")
    )
    tables = {
        resource.split(":table/")[1].split("/")[0]
        for _, resource in log.calls
        if ":table/" in resource
    }
    assert all(t.startswith(stack.prefix) for t in tables)


def test_the_jobs_role_allows_the_retry_and_nothing_else(stack: Stack) -> None:
    admin = _admin(stack)
    api_container, jobs_container = Container(), Container()
    refuse(
        api_container.services.notifier._sns,  # type: ignore[attr-defined]
        "before-send.sns.Publish",
        400,
        THROTTLED_XML,
    )
    kiosk = Gateway(api_container.api, admin.devices.enrol("Lobby", "kiosk").token)
    signed = _ok(
        kiosk(
            "POST",
            "/v1/accounts",
            {
                "name": "Ana Silva",
                "email": "ana@example.com",
                "phone": "555 123 4567",
                "password": PASSWORD,
            },
        ),
        201,
    )
    kiosk.bearer = signed["session"]["token"]
    _ok(
        kiosk(
            "POST",
            "/v1/appointments",
            {"doctor_id": "doc-001", "date": weekday_ahead(8), "time": "09:00"},
        ),
        201,
    )
    log = _log(jobs_container.services)

    report = jobs_container.jobs(scheduled_event(), LambdaContext())

    assert report["runs"][0]["done"] == 1
    _check(stack.policies["JobsRole"], log)


def test_the_functions_run_the_handlers_on_the_stack_names(stack: Stack) -> None:
    server, jobs = stack.functions["ServerFunction"], stack.functions["JobsFunction"]
    assert server["Handler"] == "care4u_desktop.server.lambda_handler.handler"
    assert jobs["Handler"] == "care4u_desktop.server.lambda_handler.jobs_handler"
    for function in (server, jobs):
        env = function["Environment"]["Variables"]
        assert env["CARE4U_BACKEND"] == "aws"
        assert env["CARE4U_TABLE_PREFIX"] == stack.prefix
        assert env["CARE4U_TOPIC_NAME"] == stack.topic
    assert server["Role"].endswith(stack.physical["ServerRole"])
    assert jobs["Role"].endswith(stack.physical["JobsRole"])


def test_template_wires_the_http_api_to_the_function() -> None:
    """What moto cannot deploy (API Gateway v2), read from the template itself."""
    import yaml

    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    res = template["Resources"]
    integration = res["HttpApiIntegration"]["Properties"]
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["PayloadFormatVersion"] == "2.0"  # the events test_lambda sends
    assert integration["IntegrationUri"] == {"Fn::GetAtt": ["ServerFunction", "Arn"]}
    assert res["HttpApi"]["Properties"]["ProtocolType"] == "HTTP"
    route = res["HttpApiRoute"]["Properties"]
    assert route["RouteKey"] == "ANY /v1/{proxy+}"  # the contract only; no /docs, no /
    assert route["Target"] == {"Fn::Sub": "integrations/${HttpApiIntegration}"}
    stage = res["HttpApiStage"]["Properties"]
    assert (stage["StageName"], stage["AutoDeploy"]) == ("$default", True)
    assert "authorization" not in stage["AccessLogSettings"]["Format"].lower()
    invoke = res["ApiInvokesServer"]["Properties"]
    assert invoke["Principal"] == "apigateway.amazonaws.com"
    assert "${HttpApi}" in invoke["SourceArn"]["Fn::Sub"]  # this API only
    schedule = res["JobsSchedule"]["Properties"]
    assert schedule["ScheduleExpression"] == "rate(1 minute)"
    assert schedule["Targets"][0]["Arn"] == {"Fn::GetAtt": ["JobsFunction", "Arn"]}
    assert res["ScheduleInvokesJobs"]["Properties"]["SourceArn"] == {
        "Fn::GetAtt": ["JobsSchedule", "Arn"]
    }
    url = template["Outputs"]["ApiUrl"]["Value"]["Fn::Sub"]
    assert url.startswith("https://${HttpApi}.execute-api.")
    # The server's resources come after every table and the topic (the tables' owner adds
    # new tables next to the others).
    names = list(res)
    assert names.index("ServerLogGroup") > max(
        i
        for i, n in enumerate(names)
        if res[n]["Type"] in ("AWS::DynamoDB::Table", "AWS::SNS::Topic")
    )
    # Each function's zip is the one make lambda-zip builds for this runtime and CPU.
    import lambda_zip  # type: ignore[import-not-found]

    for name in ("ServerFunction", "JobsFunction"):
        props = res[name]["Properties"]
        assert props["Runtime"] == f"python{lambda_zip.DEFAULT_PYTHON}"
        assert props["Architectures"] == ["x86_64"]
