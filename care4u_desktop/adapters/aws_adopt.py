"""Adopting the seed app's data: the guard items its records need, so the rules hold
for old data as for new (``care4u-admin provision``, step 2)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from . import dynamodb_items as items
from .aws_clients import error_code, unavailable_on_aws_errors
from .aws_provision_report import ProvisionReport

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


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
