"""Rendering for the CLI: JSON for scripts, aligned tables for people.

JSON uses the seed system's attribute names. Password hashes never leave this module,
because no record built here has a field for them.

Whatever is printed may hold a value a patient typed, or one the seed web app stored
unchecked: a character that would drive the terminal (ESC, a right-to-left override; see
``domain.text``) is printed written out (``\\x1b``, ``\\u202e``), and in JSON as its
``\\uXXXX`` escape, which any JSON reader turns back into the stored value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from ..domain.models import Appointment, Doctor, Notification, User
from ..domain.text import escape_hidden, is_hidden

Record = dict[str, Any]
#: A table column: its header and how to show a record's cell in it.
Column = tuple[str, Callable[[Record], str]]

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass
class Output:
    json_mode: bool
    stream: TextIO

    def line(self, text: str = "") -> None:
        self.stream.write(escape_hidden(text) + "\n")

    def json(self, data: object) -> None:
        text = json.dumps(data, indent=2, ensure_ascii=False)
        # json escapes U+0000-001F in strings itself (a raw line break is the indent's);
        # DEL, the C1 controls, format and bidi characters it writes raw. They can only
        # stand inside strings, where \uXXXX means the same.
        if any(is_hidden(c) and c != "\n" for c in text):
            text = "".join(json.dumps(c)[1:-1] if is_hidden(c) and c != "\n" else c for c in text)
        self.stream.write(text + "\n")

    def listing(self, records: Sequence[Record], columns: Sequence[Column], empty: str) -> None:
        """A JSON list of the records, or a table of the chosen columns."""
        if self.json_mode:
            self.json(list(records))
        elif not records:
            self.line(empty)
        else:
            self.table(columns, records)

    def table(self, columns: Sequence[Column], records: Sequence[Record]) -> None:
        headers = [header for header, _ in columns]
        rows = [[escape_hidden(cell(r)) for _, cell in columns] for r in records]
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

        def render(cells: Sequence[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        self.line(render(headers))
        self.line(render(["-" * w for w in widths]))
        for row in rows:
            self.line(render(row))


def field(name: str) -> Callable[[Record], str]:
    """A cell showing one attribute as it is."""

    def cell(record: Record) -> str:
        value = record.get(name)
        return "" if value is None else str(value)

    return cell


# -- records ------------------------------------------------------------------------------
def doctor_record(doctor: Doctor) -> Record:
    return {
        "doctor_id": doctor.doctor_id,
        "name": doctor.name,
        "specialization": doctor.specialization,
        "available_slots": list(doctor.available_slots),
        "working_days": list(doctor.working_days),
    }


def user_record(user: User) -> Record:
    return {
        "user_id": user.user_id,
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role.value,
        "created_at": user.created_at,
    }


def appointment_record(appointment: Appointment, patient: User | None = None) -> Record:
    record: Record = {**appointment.record_fields()}
    if patient is not None:
        record["patient_name"] = patient.name
        record["patient_email"] = patient.email
    return record


def notification_record(notification: Notification) -> Record:
    return {
        **notification.message_fields(),
        "sent_at": notification.sent_at,
        "attempts": notification.attempts,
        "last_error": notification.last_error,
        "status": "pending" if notification.pending else "sent",
    }


# -- columns ------------------------------------------------------------------------------
def days_text(days: Sequence[int]) -> str:
    """ISO weekdays as people say them: ``Mon-Fri``, ``Mon, Wed, Fri``, ``every day``."""
    days = sorted(set(days))
    if not days or days == list(range(1, 8)):
        return "every day"
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        first, last = _DAY_NAMES[run[0] - 1], _DAY_NAMES[run[-1] - 1]
        if len(run) >= 3:
            parts.append(f"{first}-{last}")
        else:
            parts.extend(_DAY_NAMES[d - 1] for d in run)
    return ", ".join(parts)


def when_text(day: str, hhmm: str) -> str:
    return f"{date.fromisoformat(day).strftime('%a %d %b %Y')} {hhmm}"


DOCTOR_COLUMNS: Sequence[Column] = (
    ("ID", field("doctor_id")),
    ("Name", field("name")),
    ("Specialization", field("specialization")),
    ("Days", lambda r: days_text(r["working_days"])),
    ("Slots", lambda r: " ".join(r["available_slots"])),
)

APPOINTMENT_COLUMNS: Sequence[Column] = (
    ("Appointment", field("appointment_id")),
    ("When", lambda r: when_text(r["date"], r["time"])),
    ("Status", field("status")),
    ("Doctor", field("doctor_name")),
    ("Specialization", field("specialization")),
    ("Patient", field("patient_name")),
    ("Email", field("patient_email")),
)

NOTIFICATION_COLUMNS: Sequence[Column] = (
    ("Created", field("created_at")),
    ("Appointment", field("appointment_id")),
    ("Event", field("event")),
    ("Recipient", field("recipient")),
    ("Status", field("status")),
    ("Tries", field("attempts")),
    ("Last error", field("last_error")),
)


def describe_appointment(out: Output, heading: str, record: Mapping[str, Any]) -> None:
    """A short card for one appointment (after booking or cancelling)."""
    out.line(f"{heading} {record['appointment_id']}")
    rows = [
        ("Doctor", f"{record['doctor_name']} ({record['specialization']})"),
        ("When", when_text(record["date"], record["time"])),
        ("Status", record["status"]),
    ]
    if record.get("patient_name"):
        rows.insert(0, ("Patient", f"{record['patient_name']} <{record['patient_email']}>"))
    for label, value in rows:
        out.line(f"  {label + ':':<9} {value}")
