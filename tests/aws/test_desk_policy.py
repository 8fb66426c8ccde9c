"""A trusted desk on the direct aws backend holds ``desk-iam-policy.json``: exactly what the
desktop app does there, and nothing of care4u-server's own records.

Kiosks hold no AWS credentials any more (they reach care4u-server with a device token); the
direct backend stays for the server, ``care4u-admin`` and trusted desks (a staff PC in a
back office). The desk's services are built as the app builds them (``build_services``, the
audit trail on), driven through what a receptionist and a patient do at it, and every AWS
call is checked against the policy, which must grant nothing that no call used.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import boto3
import pytest

from care4u_desktop.adapters.aws_clients import dynamodb_client
from care4u_desktop.adapters.aws_provision import provision
from care4u_desktop.adapters.dynamodb_store import DynamoDBStore
from care4u_desktop.composition import build_services
from care4u_desktop.config import Config
from care4u_desktop.domain.errors import DomainError
from care4u_desktop.domain.models import AppointmentStatus
from tests.aws.support import REGION, THROTTLED_XML, away_today_and_tomorrow, refuse
from tests.aws.test_lambda_role import KeyedCallLog, _check, _grants, _leading_keys
from tests.aws.test_provisioning import ROOT, _allows, _policy
from tests.fakes import make_doctor

DESK_POLICY = ROOT / "resources" / "aws" / "desk-iam-policy.json"
PASSWORD = "correct horse 42"


def _weekday_ahead(days: int) -> date:
    day = date.today() + timedelta(days=days)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return day


def test_the_desk_policy_allows_what_a_trusted_desk_does_and_nothing_else(
    inproc: None, tmp_path: Path
) -> None:
    config = Config(tmp_path, backend="aws")  # the production names the policy spells out
    provision(config)
    admin_store = DynamoDBStore(dynamodb_client(), config.table_prefix)
    admin_store.put_doctors(  # care4u-admin
        [make_doctor("doc-001"), make_doctor("doc-002"), *away_today_and_tomorrow()]
    )
    desk = build_services(config, acting_device="local:desk-1")
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    log = KeyedCallLog(account, config.table_prefix)
    log.attach(desk.store._db)  # type: ignore[attr-defined]
    log.attach(desk.notifier._sns)  # type: ignore[attr-defined]
    from care4u_desktop.domain.models import Role

    admin_services = build_services(config, acting_device="cli")
    admin_services.accounts.sign_up(
        "Rita Moreno", "rita@example.com", "555 010 2030", PASSWORD, None, Role.STAFF
    )
    day = _weekday_ahead(8)

    # A patient at the desk's log-in screen: sign up, a wrong password, log in, book.
    desk.accounts.sign_up("Ana Silva", "ana@example.com", "555 123 4567", PASSWORD)
    with pytest.raises(DomainError):
        desk.accounts.log_in("ana@example.com", "wrong-password-1")
    ana = desk.accounts.log_in("ana@example.com", PASSWORD)
    desk.booking.doctor_summaries()
    desk.booking.availability("doc-001", day)
    mine = desk.booking.book(ana.user, "doc-001", day, "09:00")
    desk.booking.history(ana)
    desk.booking.cancel(ana, mine.appointment_id)
    desk.accounts.log_out(ana)
    # The receptionist: a doctor's day, a walk-in found by phone, booked, checked in.
    rita = desk.accounts.log_in("rita@example.com", PASSWORD)
    desk.staff.doctor_day(rita, "doc-001", day)
    walk_in = desk.staff.register_walk_in(rita, "Walk In", "wi@example.com", "555 777 8888")
    desk.staff.find_patients(rita, "555 777 8888")
    desk.staff.patient(rita, walk_in.user_id)
    refused = refuse(desk.notifier._sns, "before-send.sns.Publish", 400, THROTTLED_XML)  # type: ignore[attr-defined]
    booked = desk.staff.book_for(rita, walk_in.user_id, "doc-001", day, "10:00")
    assert refused["calls"] and desk.store.pending_notifications()
    with pytest.raises(DomainError):  # a week ahead: refused after reading it
        desk.staff.mark(rita, booked.appointment_id, AppointmentStatus.CHECKED_IN)
    desk.staff.cancel(rita, booked.appointment_id)
    # Another desk's every-minute job delivers what SNS refused this one.
    other = build_services(config, acting_device="local:desk-2")
    log.attach(other.store._db)  # type: ignore[attr-defined]
    log.attach(other.notifier._sns)  # type: ignore[attr-defined]
    report = other.jobs.run_due(config.now())
    assert [r.result.done for r in report.runs if r.result] == [2]  # booked, cancelled
    desk.accounts.log_out(rita)

    policy = _policy(DESK_POLICY)
    _check(policy, log)
    audit = log._table(f"{config.table_prefix}Audit")
    updates = [
        s for s in policy["Statement"] if _allows({"Statement": [s]}, "dynamodb:UpdateItem", audit)
    ]
    assert [_leading_keys(s) for s in updates] == [["DAYS"]]
    granted_tables = {
        r.split(":table/")[1].split("/")[0] for _, r in _grants(policy) if ":table/" in r
    }
    # Nothing of the server's sessions, rate-limit counts or devices; no doctor writes
    # (an admin editing doctors uses the admin policy).
    assert granted_tables.isdisjoint({"Care4U_Sessions", "Care4U_RequestCounts", "Care4U_Devices"})
    for action in ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"):
        assert not _allows(policy, action, log._table("Care4U_Doctors"))
