"""seed-doctors and doctors, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import assert_fails, ok_json, run_cli

DOCTOR_KEYS = {"doctor_id", "name", "specialization", "available_slots", "working_days"}


def test_seed_then_doctors_json_lists_the_demo_doctors(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    seeded = run_cli(data_dir, "seed-doctors")
    assert seeded.returncode == 0, seeded.stderr
    assert "Seeded 10 doctors" in seeded.stdout

    doctors = ok_json(run_cli(data_dir, "doctors", "--json"))

    assert len(doctors) >= 8
    assert all(set(d) == DOCTOR_KEYS for d in doctors)
    by_name = {d["name"]: d for d in doctors}
    assert by_name["Sarah Johnson"]["specialization"] == "Cardiology"
    assert by_name["Michael Chen"]["specialization"] == "Pediatrics"
    assert "09:00" in by_name["Sarah Johnson"]["available_slots"]
    assert by_name["Sarah Johnson"]["working_days"] == [1, 2, 3, 4, 5]
    assert len({d["specialization"] for d in doctors}) >= 5


def test_seed_doctors_from_a_file_adds_and_updates(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_cli(data_dir, "seed-doctors").returncode == 0
    extra = tmp_path / "doctors.json"
    extra.write_text(
        json.dumps(
            [
                {
                    "doctor_id": "doc-001",
                    "name": "Sarah Johnson-Smith",
                    "specialization": "Cardiology",
                    "available_slots": ["08:00"],
                },
                {
                    "doctor_id": "doc-100",
                    "name": "Ada Nwosu",
                    "specialization": "Radiology",
                    "available_slots": ["12:00", "10:00"],
                    "working_days": [2, 4],
                },
            ]
        ),
        encoding="utf-8",
    )

    seeded = ok_json(run_cli(data_dir, "seed-doctors", "--file", str(extra), "--json"))
    doctors = {d["doctor_id"]: d for d in ok_json(run_cli(data_dir, "doctors", "--json"))}

    assert [d["doctor_id"] for d in seeded] == ["doc-001", "doc-100"]
    assert len(doctors) == 11
    assert doctors["doc-001"]["name"] == "Sarah Johnson-Smith"
    assert doctors["doc-001"]["available_slots"] == ["08:00"]
    assert doctors["doc-100"]["available_slots"] == ["10:00", "12:00"]


def test_seed_doctors_refuses_a_bad_file_and_changes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_cli(data_dir, "seed-doctors").returncode == 0
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text('[{"doctor_id": "doc-200", "available_slots": []}]', encoding="utf-8")

    assert_fails(run_cli(data_dir, "seed-doctors", "--file", broken.name), 2, "Cannot read")
    assert_fails(run_cli(data_dir, "seed-doctors", "--file", str(broken)), 2, "not valid JSON")
    assert_fails(run_cli(data_dir, "seed-doctors", "--file", str(incomplete)), 2, "'name'")
    assert len(ok_json(run_cli(data_dir, "doctors", "--json"))) == 10


def test_doctors_table_is_aligned_for_people(seeded_dir: Path) -> None:
    proc = run_cli(seeded_dir, "doctors")

    assert proc.returncode == 0
    header, rule, *rows = proc.stdout.splitlines()
    assert header.split() == ["ID", "Name", "Specialization", "Days", "Slots"]
    assert set(rule.replace(" ", "")) == {"-"}
    name_at, spec_at = header.index("Name"), header.index("Specialization")
    sarah = next(r for r in rows if "Sarah Johnson" in r)
    assert sarah.index("Sarah Johnson") == name_at
    assert sarah.index("Cardiology") == spec_at
    assert "Mon-Fri" in sarah
    assert all(r[name_at - 1] == " " for r in rows)


def test_json_may_come_before_or_after_the_command(seeded_dir: Path) -> None:
    before = ok_json(run_cli(seeded_dir, "--json", "doctors"))
    after = ok_json(run_cli(seeded_dir, "doctors", "--json"))

    assert before == after


def _doctor_file(path: Path, count: int) -> Path:
    records = [
        {
            "doctor_id": f"doc-{n:03d}",
            "name": f"Doctor {n:03d}",
            "specialization": "General Practice",
            "available_slots": ["09:00"],
        }
        for n in range(count)
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_seed_doctors_takes_a_hundred_doctors_in_one_go(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    doctors_file = _doctor_file(tmp_path / "hundred.json", 100)

    seeded = run_cli(data_dir, "seed-doctors", "--file", str(doctors_file))

    assert seeded.returncode == 0, seeded.stderr
    assert "Seeded 100 doctors" in seeded.stdout
    assert len(ok_json(run_cli(data_dir, "doctors", "--json"))) == 100


def test_seed_doctors_refuses_more_than_a_hundred_and_stores_none(tmp_path: Path) -> None:
    # All or none is one transaction; DynamoDB's holds 100 writes. Rather than chunks that
    # could half-succeed, a bigger file is refused whole, on every backend alike.
    data_dir = tmp_path / "data"
    assert run_cli(data_dir, "seed-doctors").returncode == 0
    before = ok_json(run_cli(data_dir, "doctors", "--json"))
    doctors_file = _doctor_file(tmp_path / "many.json", 101)  # doc-001 ... renamed too

    refused = run_cli(data_dir, "seed-doctors", "--file", str(doctors_file))

    assert_fails(refused, 2, "holds 101 doctors; at most 100 are stored in one go (all or none)")
    assert "Split it into smaller files." in refused.stderr
    assert ok_json(run_cli(data_dir, "doctors", "--json")) == before
