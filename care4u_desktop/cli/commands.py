"""One function per subcommand. Each calls the services; none re-implements a rule.

Each takes the use cases it calls (``services/use_cases.py``) and nothing else, as
zero-argument providers like the screens' (``main`` picks them out of the composition
root): a use case is built where the command first calls it, so a bad date or file is
reported before a backend that cannot be built is, as it always was.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from ..composition import load_doctor_file, provision_backend
from ..config import Config
from ..domain import rules
from ..domain.models import Appointment, Role, User
from ..resources import resource_path
from ..services.accounts import Session
from ..services.jobs import NOTIFICATION_RETRY
from ..services.ports import MAX_DOCTORS_PER_WRITE
from ..services.use_cases import (
    AccountAdmin,
    BackgroundJobs,
    Booking,
    DoctorAdmin,
    Notifications,
    StaffDesk,
)
from .errors import EXIT_INVALID, EXIT_OK, EXIT_UNAVAILABLE, CliError
from .output import (
    APPOINTMENT_COLUMNS,
    DOCTOR_COLUMNS,
    NOTIFICATION_COLUMNS,
    Output,
    Record,
    appointment_record,
    describe_appointment,
    doctor_record,
    notification_record,
    user_record,
)

#: Whoever runs care4u-admin acts for the hospital: staff authority, no account of its own.
OPERATOR = User(
    user_id="care4u-admin",
    name="Care4U administrator",
    email="",
    phone="",
    password_hash="",
    role=Role.ADMIN,
)


def operator_session() -> Session:
    return Session(OPERATOR)


# -- provisioning -------------------------------------------------------------------------
def provision(config: Config, args: argparse.Namespace, out: Output) -> int:
    try:
        summary = provision_backend(config, unsubscribe_unfiltered=args.unsubscribe_unfiltered)
    except OSError as exc:
        raise CliError(
            f"Cannot use the data directory {config.data_dir}: {exc.strerror or exc}.",
            EXIT_UNAVAILABLE,
        ) from exc
    if out.json_mode:
        out.json({"backend": config.backend, "topic_arn": summary.topic_arn, "log": summary.lines})
    else:
        for line in summary.lines:
            out.line(line)
    return EXIT_OK


# -- doctors ------------------------------------------------------------------------------
def seed_doctors(admin: Callable[[], DoctorAdmin], args: argparse.Namespace, out: Output) -> int:
    path: Path = args.file or resource_path("demo_doctors.json")
    try:
        doctors = load_doctor_file(path)
    except OSError as exc:
        raise CliError(f"Cannot read {path}: {exc.strerror or exc}.", EXIT_INVALID) from exc
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{path} is not valid JSON ({exc.msg}, line {exc.lineno}).", EXIT_INVALID
        ) from exc
    except (TypeError, AttributeError) as exc:
        raise CliError(f"{path} must hold a JSON list of doctor records.", EXIT_INVALID) from exc
    if len(doctors) > MAX_DOCTORS_PER_WRITE:
        # All or none is one transaction, and DynamoDB's holds at most 100 writes.
        raise CliError(
            f"{path} holds {len(doctors)} doctors; at most {MAX_DOCTORS_PER_WRITE} are stored"
            " in one go (all or none). Split it into smaller files.",
            EXIT_INVALID,
        )
    admin().seed_doctors(operator_session(), doctors)
    records = [doctor_record(d) for d in doctors]
    if out.json_mode:
        out.json(records)
    else:
        out.line(f"Seeded {len(records)} doctor{'s' if len(records) != 1 else ''} from {path}.")
        if records:
            out.line()
            out.table(DOCTOR_COLUMNS, records)
    return EXIT_OK


def doctors(booking: Callable[[], Booking], args: argparse.Namespace, out: Output) -> int:
    records = [doctor_record(d) for d in booking().list_doctors()]
    out.listing(records, DOCTOR_COLUMNS, "No doctors yet. Run: care4u-admin seed-doctors")
    return EXIT_OK


# -- accounts -----------------------------------------------------------------------------
def read_password(stdin: TextIO | None) -> tuple[str, str | None]:
    """The password and, when typed at a terminal, its repetition to compare."""
    if stdin is not None and stdin.isatty():
        first = getpass.getpass("Password: ")
        return first, getpass.getpass("Repeat the password: ")
    line = stdin.readline() if stdin is not None else ""
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise CliError(
            "No password on standard input: type it when asked, or pipe one line in.",
            EXIT_INVALID,
        )
    return password, None


def register(accounts: Callable[[], AccountAdmin], args: argparse.Namespace, out: Output) -> int:
    password, confirm = read_password(sys.stdin)
    result = accounts().sign_up(
        args.name, args.email, args.phone, password, confirm, Role(args.role)
    )
    record = {**user_record(result.session.user), "subscribed": result.subscribed}
    if out.json_mode:
        out.json(record)
        return EXIT_OK
    out.line(f"Registered {record['name']} <{record['email']}> as {record['role']}.")
    out.line(f"  User id: {record['user_id']}")
    if not result.subscribed:
        out.line("  Email notifications could not be set up yet; bookings still work.")
    return EXIT_OK


# -- appointments -------------------------------------------------------------------------
def book(
    accounts: Callable[[], AccountAdmin],
    booking: Callable[[], Booking],
    args: argparse.Namespace,
    out: Output,
) -> int:
    day = rules.parse_date(args.date)
    patient = accounts().find_by_email(args.email)
    appointment = booking().book(patient, args.doctor, day, args.time)
    return _show_one(out, "Booked appointment", appointment_record(appointment, patient))


def cancel(desk: Callable[[], StaffDesk], args: argparse.Namespace, out: Output) -> int:
    session = operator_session()
    appointment = desk().cancel(session, args.appointment_id)
    patient = desk().patient(session, appointment.user_id)
    return _show_one(out, "Cancelled appointment", appointment_record(appointment, patient))


def _show_one(out: Output, heading: str, record: Record) -> int:
    if out.json_mode:
        out.json(record)
    else:
        describe_appointment(out, heading, record)
    return EXIT_OK


def appointments(
    accounts: Callable[[], AccountAdmin],
    booking: Callable[[], Booking],
    desk: Callable[[], StaffDesk],
    clock: Callable[[], datetime],
    args: argparse.Namespace,
    out: Output,
) -> int:
    found: list[Appointment]
    if args.email is not None:
        if args.date is not None:
            raise CliError("--date goes with --doctor, not with --email.", EXIT_INVALID)
        patient = accounts().find_by_email(args.email)
        history = booking().history(operator_session(), patient.user_id)
        found = history.upcoming + history.past
        records = [appointment_record(a, patient) for a in found]
    elif args.doctor is not None:
        day = rules.parse_date(args.date) if args.date else clock().date()
        doctor_day = desk().doctor_day(operator_session(), args.doctor, day)
        found = doctor_day.appointments
        records = [appointment_record(a, doctor_day.patients[a.user_id]) for a in found]
    else:
        raise CliError(
            "Say whose appointments: --email E, or --doctor D [--date YYYY-MM-DD].", EXIT_INVALID
        )
    out.listing(records, APPOINTMENT_COLUMNS, "No appointments.")
    return EXIT_OK


# -- notifications ------------------------------------------------------------------------
def notifications(
    outbox: Callable[[], Notifications],
    background: Callable[[], BackgroundJobs],
    now: Callable[[], datetime],
    args: argparse.Namespace,
    out: Output,
) -> int:
    if not args.retry:
        records = [notification_record(n) for n in outbox().recent(args.limit)]
        out.listing(records, NOTIFICATION_COLUMNS, "No notifications yet.")
        return EXIT_OK
    # The kiosk's every-minute job, run once now (care4u-admin jobs runs them all).
    report = background().run(NOTIFICATION_RETRY, now())
    if out.json_mode:
        out.json({"sent": report.done, "still_pending": report.left})
    else:
        out.line(f"Sent {report.done}; still pending {report.left}.")
    if report.left:
        raise CliError(
            f"{report.left} notification(s) could not be delivered and stay pending; retry later.",
            EXIT_UNAVAILABLE,
        )
    return EXIT_OK
