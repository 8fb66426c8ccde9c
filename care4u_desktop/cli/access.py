"""``care4u-admin devices`` and ``care4u-admin audit``: who may call care4u-server, and
what was done through it.

A device's token is printed once, by ``devices add``, and never again: the store keeps only
its hash, and no record built here has a field for either. The audit trail holds ids only;
``--user`` takes an email for convenience and looks the account up, but the trail is
searched by the account's id.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from .errors import EXIT_INVALID, EXIT_OK, CliError
from .output import Column, Output, Record, field

if TYPE_CHECKING:
    from ..domain.models import AuditEntry, Device
    from ..services.audit import AuditLog
    from ..services.devices import DeviceService
    from ..services.use_cases import AccountAdmin

DEVICE_COLUMNS: list[Column] = [
    ("ID", field("device_id")),
    ("Kind", field("kind")),
    ("Name", field("name")),
    ("Created", field("created_at")),
    ("Revoked", lambda r: r["revoked_at"] or "-"),
]

AUDIT_COLUMNS: list[Column] = [
    ("When", field("at")),
    ("Action", field("action")),
    ("Outcome", field("outcome")),
    ("Device", field("device_id")),
    ("User", lambda r: r["actor_user_id"] or "-"),
    ("Targets", lambda r: " ".join(f"{k}={v}" for k, v in r["targets"].items())),
]


def device_record(device: Device) -> Record:
    return {
        "device_id": device.device_id,
        "name": device.name,
        "kind": device.kind.value,
        "created_at": device.created_at,
        "revoked_at": device.revoked_at,
    }


def audit_record(entry: AuditEntry) -> Record:
    return {
        "entry_id": entry.entry_id,
        "at": entry.at,
        "action": entry.action,
        "outcome": entry.outcome,
        "device_id": entry.device_id,
        "actor_user_id": entry.actor_user_id,
        "targets": dict(entry.targets),
    }


# -- devices ------------------------------------------------------------------------------
def devices_add(devices: Callable[[], DeviceService], args: argparse.Namespace, out: Output) -> int:
    enrolment = devices().enrol(args.name, args.kind)
    device = enrolment.device
    if out.json_mode:
        # Exactly these two: a provisioning script stores the token and nothing else.
        out.json({"device_id": device.device_id, "token": enrolment.token})
        return EXIT_OK
    out.line(f"Enrolled {device.kind.value} {device.name!r} as {device.device_id}.")
    out.line("Its device token, shown this once (only its hash is stored):")
    out.line()
    out.line(f"  {enrolment.token}")
    out.line()
    out.line("Put it in that machine's config file as device_token (or CARE4U_DEVICE_TOKEN).")
    out.line(f"Lost it? Revoke the device (care4u-admin devices revoke {device.device_id})")
    out.line("and enrol it again.")
    return EXIT_OK


def devices_list(
    devices: Callable[[], DeviceService], args: argparse.Namespace, out: Output
) -> int:
    records = [device_record(d) for d in devices().list()]
    out.listing(
        records, DEVICE_COLUMNS, "No devices yet. Enrol one: care4u-admin devices add --name N"
    )
    return EXIT_OK


def devices_revoke(
    devices: Callable[[], DeviceService], args: argparse.Namespace, out: Output
) -> int:
    device = devices().revoke(args.device_id)
    record = device_record(device)
    if out.json_mode:
        out.json(record)
        return EXIT_OK
    out.line(
        f"Revoked {device.kind.value} {device.name!r} ({device.device_id}) at {device.revoked_at}."
    )
    out.line("Its token is refused from its next request on, and its sessions end with it.")
    return EXIT_OK


# -- audit --------------------------------------------------------------------------------
def parse_since(value: str, now: datetime) -> str:
    """``--since`` as the ISO time the trail is compared with, in the hospital's zone: a
    date is that day's midnight, a time without an offset is the hospital's."""
    text = value.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(), tzinfo=now.tzinfo)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=now.tzinfo)
    except ValueError:
        raise CliError(
            f"--since {value!r} is neither a date (YYYY-MM-DD) nor an ISO time"
            " (YYYY-MM-DDTHH:MM, optionally with seconds and an offset such as +01:00).",
            EXIT_INVALID,
        ) from None
    return moment.astimezone(now.tzinfo).isoformat(timespec="seconds")


def audit(
    trail: Callable[[], AuditLog],
    accounts: Callable[[], AccountAdmin],
    clock: Callable[[], datetime],
    args: argparse.Namespace,
    out: Output,
) -> int:
    if args.limit < 1:
        raise CliError("--limit must be 1 or more.", EXIT_INVALID)
    since = parse_since(args.since, clock()) if args.since else None
    user_id: str | None = None
    if args.user:
        who = args.user.strip()
        # An email names the account; the trail itself holds only its id.
        user_id = accounts().find_by_email(who).user_id if "@" in who else who
    entries = trail().entries(since=since, user_id=user_id, limit=args.limit)
    records = [audit_record(e) for e in entries]
    out.listing(records, AUDIT_COLUMNS, "No audit entries match.")
    if not out.json_mode and len(records) == args.limit:
        last = records[-1]["at"]
        out.line(f"(the first {args.limit}, oldest first; for more: --since {last} or --limit)")
    return EXIT_OK
