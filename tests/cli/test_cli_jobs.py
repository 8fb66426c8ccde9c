"""jobs: the kiosk's background jobs, listed and run once from the command line (cron)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import assert_fails, ok_json, register, run_cli, weekday_ahead

OUTBOX = "outbox.jsonl"


def test_the_jobs_are_listed_with_how_often_the_kiosk_runs_them(seeded_dir: Path) -> None:
    assert ok_json(run_cli(seeded_dir, "jobs", "--json")) == [
        {"job": "notification_retry", "every_seconds": 60}
    ]
    table = run_cli(seeded_dir, "jobs").stdout.splitlines()
    assert table[0].split() == ["job", "every"]
    assert table[2].split() == ["notification_retry", "60", "s"]


def test_a_run_delivers_the_pending_messages_and_says_what_is_left(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_cli(data_dir, "seed-doctors").returncode == 0
    register(data_dir, "omar@example.com", name="Omar Said")
    (data_dir / OUTBOX).mkdir()  # every publish fails while a directory is in the way
    booked = ok_json(
        run_cli(
            data_dir,
            *("book", "--email", "omar@example.com", "--doctor", "doc-001"),
            *("--date", weekday_ahead(12), "--time", "11:00", "--json"),
        )
    )

    still_broken = run_cli(data_dir, "jobs", "run", "--json")
    assert still_broken.returncode == 5
    [run] = json.loads(still_broken.stdout)
    assert (run["job"], run["done"], run["left"], run["error"]) == (
        "notification_retry",
        0,
        1,
        None,
    )
    # After the notifier's own warning ("... left pending: ..."), the command's one line:
    assert still_broken.stderr.splitlines()[-1] == (
        "care4u-admin: notification_retry left 1 for a later run."
    )

    (data_dir / OUTBOX).rmdir()
    table = run_cli(data_dir, "jobs", "run")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[2].split() == ["notification_retry", "1", "0"]
    lines = (data_dir / OUTBOX).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["appointment_id"] for line in lines] == [booked["appointment_id"]]
    again = ok_json(run_cli(data_dir, "jobs", "run", "notification_retry", "--json"))
    assert (again[0]["done"], again[0]["left"]) == (0, 0)  # delivered once, not again


def test_a_store_that_cannot_be_used_fails_the_job_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data directory should be", encoding="utf-8")
    proc = run_cli(blocker / "data", "jobs", "run")
    assert proc.returncode == 5, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("care4u-admin: Job notification_retry failed:")
    assert "Cannot use the data directory" in lines[0]


def test_an_unknown_job_is_refused_before_anything_runs(seeded_dir: Path) -> None:
    assert_fails(run_cli(seeded_dir, "jobs", "run", "reminders"), 2, "No job named reminders")
    assert_fails(run_cli(seeded_dir, "jobs", "list", "notification_retry"), 2, "jobs run NAME")
