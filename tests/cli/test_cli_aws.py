"""care4u-admin on the AWS backend, over HTTP to a moto server, as an administrator would."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.aws.support import FAKE_ENV, shared_server, unique_prefix
from tests.cli.support import PASSWORD, assert_fails, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def aws(tmp_path: Path) -> dict[str, str]:
    return {
        **FAKE_ENV,
        "AWS_ENDPOINT_URL": shared_server().url,
        "CARE4U_BACKEND": "aws",
        "CARE4U_TABLE_PREFIX": unique_prefix(),
    }


def admin(tmp_path: Path, env: dict[str, str], *args: str, stdin: str = ""):
    return run_cli(tmp_path / "unused", *args, stdin=stdin, env=env)


def test_provision_is_idempotent_and_prints_the_topic_arn(tmp_path, aws) -> None:
    first = admin(tmp_path, aws, "provision")
    assert first.returncode == 0, first.stderr
    assert "arn:aws:sns:" in first.stdout and ":Care4U_Appointments" in first.stdout
    assert "Created table" in first.stdout

    again = admin(tmp_path, aws, "--json", "provision")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["topic_arn"].endswith(":Care4U_Appointments")
    assert not any(line.startswith("Created table") for line in report["log"])


def test_seed_register_book_and_refuse_a_double_booking_on_aws(tmp_path, aws) -> None:
    assert admin(tmp_path, aws, "provision").returncode == 0
    assert admin(tmp_path, aws, "seed-doctors").returncode == 0
    listed = json.loads(admin(tmp_path, aws, "--json", "doctors").stdout)
    assert {"Sarah Johnson", "Michael Chen"} <= {d["name"] for d in listed}
    for email in ("ana@example.com", "ben@example.com"):
        made = admin(
            tmp_path,
            aws,
            "register",
            "--name",
            "Ana Silva",
            "--email",
            email,
            "--phone",
            "555 123 4567",
            stdin=PASSWORD + "\n",
        )
        assert made.returncode == 0, made.stderr
    dup = admin(
        tmp_path,
        aws,
        "register",
        "--name",
        "Ana Again",
        "--email",
        "ANA@example.com",
        "--phone",
        "555 123 4567",
        stdin=PASSWORD + "\n",
    )
    assert_fails(dup, 3, "already registered")

    from datetime import date, timedelta

    day = date.today() + timedelta(days=7)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    slot = ["--doctor", "doc-001", "--date", day.isoformat(), "--time", "10:00"]
    booked = admin(tmp_path, aws, "--json", "book", "--email", "ana@example.com", *slot)
    assert booked.returncode == 0, booked.stderr
    number = json.loads(booked.stdout)["appointment_id"]
    lost = admin(tmp_path, aws, "book", "--email", "ben@example.com", *slot)
    assert_fails(lost, 3, "This time slot has just been booked")
    history = json.loads(
        admin(tmp_path, aws, "--json", "appointments", "--email", "ana@example.com").stdout
    )
    assert [a["appointment_id"] for a in history] == [number]


def test_provision_against_an_unreachable_endpoint_is_exit_5(tmp_path) -> None:
    env = {**FAKE_ENV, "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "CARE4U_BACKEND": "aws"}
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    assert_fails(admin(tmp_path, env, "provision"), 5, "Could not connect to the endpoint")


def test_seed_doctors_on_aws_is_all_or_none(tmp_path, aws) -> None:
    """A doctor DynamoDB cannot take (an item over its 400 KB) takes the whole file with it:
    one TransactWriteItems, not one write per doctor."""
    assert admin(tmp_path, aws, "provision").returncode == 0
    doctors_file = tmp_path / "doctors.json"
    doctor = {"specialization": "Cardiology", "available_slots": ["09:00"]}
    doctors_file.write_text(
        json.dumps(
            [
                {**doctor, "doctor_id": "doc-001", "name": "Sarah Johnson"},
                {**doctor, "doctor_id": "doc-002", "name": "M" * 420_000},
            ]
        ),
        encoding="utf-8",
    )

    seeded = admin(tmp_path, aws, "seed-doctors", "--file", str(doctors_file))

    assert_fails(seeded, 5, "not responding")
    assert json.loads(admin(tmp_path, aws, "--json", "doctors").stdout) == []
