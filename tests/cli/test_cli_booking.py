"""book, cancel and appointments, through the real command line on one SQLite file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import (
    assert_fails,
    ok_json,
    register,
    run_cli,
    weekday_ahead,
    weekend_ahead,
)

APPOINTMENT_KEYS = {
    "appointment_id",
    "user_id",
    "doctor_id",
    "date",
    "time",
    "status",
    "created_at",
    "doctor_name",
    "specialization",
}


@pytest.fixture(scope="module")
def patients(seeded_dir: Path) -> dict[str, dict[str, Any]]:
    return {
        "ann": register(seeded_dir, "ann@example.com", name="Ann Lee"),
        "bob": register(seeded_dir, "bob@example.com", name="Bob Roe"),
    }


def book(data_dir: Path, email: str, doctor: str, day: str, hhmm: str) -> Any:
    return run_cli(
        data_dir,
        "book",
        "--email",
        email,
        "--doctor",
        doctor,
        "--date",
        day,
        "--time",
        hhmm,
        "--json",
    )


def test_booking_gives_an_appointment_number_and_the_slot_is_then_taken(
    seeded_dir: Path, patients: dict[str, dict[str, Any]]
) -> None:
    day = weekday_ahead(7)

    booked = ok_json(book(seeded_dir, "ann@example.com", "doc-001", day, "09:00"))
    taken = book(seeded_dir, "bob@example.com", "doc-001", day, "09:00")

    assert set(booked) >= APPOINTMENT_KEYS
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", booked["appointment_id"])
    assert booked["user_id"] == patients["ann"]["user_id"]
    assert (booked["doctor_id"], booked["date"], booked["time"]) == ("doc-001", day, "09:00")
    assert booked["doctor_name"] == "Sarah Johnson"
    assert booked["specialization"] == "Cardiology"
    assert booked["status"] == "booked"
    assert_fails(taken, 3, "This time slot has just been booked")


def test_human_output_shows_number_doctor_and_time(
    seeded_dir: Path, patients: dict[str, dict[str, Any]]
) -> None:
    day = weekday_ahead(7)
    proc = run_cli(
        seeded_dir,
        *("book", "--email", "ann@example.com", "--doctor", "doc-002"),
        *("--date", day, "--time", "10:00"),
    )

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Booked appointment ")
    assert "Michael Chen (Pediatrics)" in proc.stdout
    assert "10:00" in proc.stdout


def test_a_patient_cannot_be_in_two_places_at_once(
    seeded_dir: Path, patients: dict[str, dict[str, Any]]
) -> None:
    day = weekday_ahead(8)
    assert book(seeded_dir, "bob@example.com", "doc-001", day, "11:00").returncode == 0

    clash = book(seeded_dir, "bob@example.com", "doc-010", day, "11:00")

    assert_fails(clash, 3, "You already have an appointment at that time")


@pytest.mark.parametrize(
    ("email", "doctor", "message"),
    [
        ("ann@example.com", "doc-999", "That doctor is no longer listed"),
        ("nobody@example.com", "doc-001", "No account uses that email."),
    ],
)
def test_unknown_doctor_or_patient_is_not_found(
    seeded_dir: Path, patients: dict[str, dict[str, Any]], email: str, doctor: str, message: str
) -> None:
    proc = book(seeded_dir, email, doctor, weekday_ahead(9), "09:00")

    assert_fails(proc, 4, message)


@pytest.mark.parametrize(
    ("day", "hhmm", "message"),
    [
        ("next tuesday", "09:00", "A date is written YYYY-MM-DD"),
        (weekday_ahead(9), "9 o'clock", "A time is written HH:MM"),
        (weekday_ahead(9), "09:15", "has no appointment at 09:15"),
        (weekend_ahead(9), "09:00", "does not see patients on Sundays"),
        ("2020-01-06", "09:00", "That day has passed."),
        (weekday_ahead(90), "09:00", "up to 60 days ahead"),
    ],
)
def test_unbookable_input_is_invalid(
    seeded_dir: Path, patients: dict[str, dict[str, Any]], day: str, hhmm: str, message: str
) -> None:
    proc = book(seeded_dir, "ann@example.com", "doc-001", day, hhmm)

    assert_fails(proc, 2, message)


def test_cancel_frees_the_slot_and_cannot_be_repeated(
    seeded_dir: Path, patients: dict[str, dict[str, Any]]
) -> None:
    day = weekday_ahead(10)
    booked = ok_json(book(seeded_dir, "ann@example.com", "doc-001", day, "14:00"))

    cancelled = ok_json(run_cli(seeded_dir, "cancel", booked["appointment_id"], "--json"))
    again = run_cli(seeded_dir, "cancel", booked["appointment_id"])
    rebooked = book(seeded_dir, "bob@example.com", "doc-001", day, "14:00")

    assert cancelled["appointment_id"] == booked["appointment_id"]
    assert cancelled["status"] == "cancelled"
    assert_fails(again, 3, "This appointment has already been cancelled.")
    assert rebooked.returncode == 0, rebooked.stderr


def test_cancel_accepts_the_number_as_a_patient_reads_it_out(
    seeded_dir: Path, patients: dict[str, dict[str, Any]]
) -> None:
    booked = ok_json(book(seeded_dir, "ann@example.com", "doc-001", weekday_ahead(10), "15:00"))

    proc = run_cli(seeded_dir, "cancel", f" {booked['appointment_id'].lower()} ")

    assert proc.returncode == 0, proc.stderr
    assert f"Cancelled appointment {booked['appointment_id']}" in proc.stdout


def test_cancelling_an_unknown_appointment_is_not_found(seeded_dir: Path) -> None:
    assert_fails(run_cli(seeded_dir, "cancel", "ZZZZ-ZZZZ"), 4, "could not find that appointment")


def test_appointments_of_a_patient_and_of_a_doctors_day(
    seeded_dir: Path, patients: dict[str, dict[str, Any]]
) -> None:
    day = weekday_ahead(20)
    first = ok_json(book(seeded_dir, "bob@example.com", "doc-002", day, "09:00"))
    second = ok_json(book(seeded_dir, "ann@example.com", "doc-002", day, "11:00"))
    later = ok_json(book(seeded_dir, "bob@example.com", "doc-001", weekday_ahead(30), "10:00"))
    assert run_cli(seeded_dir, "cancel", later["appointment_id"]).returncode == 0

    bobs = ok_json(run_cli(seeded_dir, "appointments", "--email", "BOB@example.com", "--json"))
    the_day = ok_json(
        run_cli(seeded_dir, "appointments", "--doctor", "doc-002", "--date", day, "--json")
    )
    table = run_cli(seeded_dir, "appointments", "--doctor", "doc-002", "--date", day)

    bob_ids = {a["appointment_id"]: a["status"] for a in bobs}
    assert bob_ids[first["appointment_id"]] == "booked"
    assert bob_ids[later["appointment_id"]] == "cancelled"
    assert second["appointment_id"] not in bob_ids
    assert all(set(a) >= APPOINTMENT_KEYS for a in bobs)
    assert all(a["user_id"] == patients["bob"]["user_id"] for a in bobs)
    assert [(a["time"], a["patient_name"]) for a in the_day] == [
        ("09:00", "Bob Roe"),
        ("11:00", "Ann Lee"),
    ]
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split()[:2] == ["Appointment", "When"]
    assert first["appointment_id"] in table.stdout
    assert "Ann Lee" in table.stdout


def test_a_quiet_day_lists_nothing(seeded_dir: Path) -> None:
    day = weekday_ahead(40)

    listed = ok_json(
        run_cli(seeded_dir, "appointments", "--doctor", "doc-010", "--date", day, "--json")
    )
    table = run_cli(seeded_dir, "appointments", "--doctor", "doc-010", "--date", day)

    assert listed == []
    assert table.stdout.strip() == "No appointments."


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "Say whose appointments"),
        (("--email", "ann@example.com", "--doctor", "doc-001"), 2, "not allowed with"),
        (("--email", "ann@example.com", "--date", "2030-01-01"), 2, "--date goes with --doctor"),
        (("--doctor", "doc-001", "--date", "01/02/2030"), 2, "A date is written YYYY-MM-DD"),
        (("--doctor", "doc-999", "--date", "2030-01-01"), 4, "That doctor is no longer listed"),
    ],
)
def test_appointments_needs_a_clear_question(
    seeded_dir: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    assert_fails(run_cli(seeded_dir, "appointments", *args), code, message)
