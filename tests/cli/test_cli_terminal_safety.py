"""Nothing stored can drive the administrator's terminal: care4u-admin shows it escaped.

The values are written into the store directly, past every rule, as the seed web app
(which checked nothing) could have written them.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from care4u_desktop.adapters.sqlite_store import DB_FILENAME, SQLiteStore
from care4u_desktop.domain.text import is_hidden
from tests.fakes import make_doctor, make_user

from .support import ok_json, run_cli, weekday_ahead, weekend_ahead

CLEAR_SCREEN = "\x1b[2J"
#: Shows as "Eve Sneaky" and then everything after it reversed.
NAME = f"Eve{CLEAR_SCREEN}\u202e Sneaky\x07"
EMAIL = "eve\u200b@example.com"
DOCTOR = "Dr\x1b]0;owned\x07 Who\u2066"


def raw_hidden(text: str) -> list[str]:
    """The hidden characters in ``text`` (line breaks between lines are the output's own)."""
    return [
        f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in text if is_hidden(c) and c != "\n"
    ]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The data dir, the booked day, and what ``book`` printed."""
    data_dir = tmp_path_factory.mktemp("cli-safety") / "data"
    store = SQLiteStore(data_dir / DB_FILENAME)
    store.add_user(make_user(EMAIL, name=NAME))
    store.put_doctor(make_doctor("doc-evil", name=DOCTOR, specialization="Cardi\u202eology"))
    day = weekday_ahead(3)
    proc = run_cli(
        data_dir, "book", "--email", EMAIL, "--doctor", "doc-evil", "--date", day,
        "--time", "09:00",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return data_dir, day, proc.stdout


def test_the_booking_card_shows_hidden_characters_escaped(seeded: tuple[Path, str, str]) -> None:
    shown = seeded[2]
    assert not raw_hidden(shown), shown
    assert "Patient:  Eve\\x1b[2J\\u202e Sneaky\\x07 <eve\\u200b@example.com>" in shown


@pytest.mark.parametrize(
    "command",
    [
        ["doctors"],
        ["appointments", "--email", EMAIL],
        ["appointments", "--doctor", "doc-evil", "--date", "DAY"],
        ["notifications"],
    ],
    ids=["doctors", "by-patient", "by-doctor", "notifications"],
)
def test_listings_show_hidden_characters_escaped(seeded: tuple[Path, str, str], command) -> None:
    data_dir, day, _ = seeded
    proc = run_cli(data_dir, *[day if a == "DAY" else a for a in command])

    assert proc.returncode == 0, proc.stderr
    assert not raw_hidden(proc.stdout), proc.stdout
    assert not raw_hidden(proc.stderr), proc.stderr
    shown = proc.stdout
    assert "Dr\\x1b]0;owned\\x07 Who\\u2066" in shown or "eve\\u200b@example.com" in shown


def test_json_escapes_them_and_still_reads_back_as_stored(seeded: tuple[Path, str, str]) -> None:
    data_dir = seeded[0]
    proc = run_cli(data_dir, "appointments", "--email", EMAIL, "--json")

    assert not raw_hidden(proc.stdout), proc.stdout
    (record,) = ok_json(proc)
    assert (record["patient_name"], record["patient_email"]) == (NAME, EMAIL)
    assert record["doctor_name"] == DOCTOR
    assert json.loads(proc.stdout) == [record]


def test_an_error_naming_a_stored_value_is_escaped_too(seeded: tuple[Path, str, str]) -> None:
    data_dir = seeded[0]
    # "<doctor> does not see patients on Sundays." names the doctor.
    proc = run_cli(
        data_dir, "book", "--email", EMAIL, "--doctor", "doc-evil", "--date", weekend_ahead(3),
        "--time", "09:00",
    )  # fmt: skip

    assert proc.returncode == 2, proc.stderr
    assert "Dr\\x1b]0;owned\\x07 Who\\u2066 does not see patients" in proc.stderr
    assert not raw_hidden(proc.stderr), proc.stderr
