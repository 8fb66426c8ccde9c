"""notifications: what was (or will be) emailed, and retrying what the notifier refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.support import assert_fails, ok_json, register, run_cli, weekday_ahead

OUTBOX = "outbox.jsonl"


def _book(data_dir: Path, email: str, hhmm: str) -> Any:
    return run_cli(
        data_dir,
        *("book", "--email", email, "--doctor", "doc-001"),
        *("--date", weekday_ahead(12), "--time", hhmm, "--json"),
    )


def _outbox(data_dir: Path) -> list[dict[str, Any]]:
    lines = (data_dir / OUTBOX).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_booked_and_cancelled_messages_are_listed_as_sent(seeded_dir: Path) -> None:
    register(seeded_dir, "nia@example.com", name="Nia Park")
    booked = ok_json(_book(seeded_dir, "nia@example.com", "10:00"))
    number = booked["appointment_id"]
    assert run_cli(seeded_dir, "cancel", number).returncode == 0

    listed = ok_json(run_cli(seeded_dir, "notifications", "--json"))
    table = run_cli(seeded_dir, "notifications")

    mine = {n["event"]: n for n in listed if n["appointment_id"] == number}
    assert set(mine) == {"booked", "cancelled"}
    for event, message in mine.items():
        assert message["recipient"] == "nia@example.com"
        assert message["status"] == "sent"
        assert message["sent_at"]
        assert number in message["subject"]
        assert "Sarah Johnson" in message["body"]
        assert "Cardiology" in message["body"]
        assert event in message["subject"]
    assert {(m["appointment_id"], m["event"]) for m in _outbox(seeded_dir)} >= {
        (number, "booked"),
        (number, "cancelled"),
    }
    rows = [line for line in table.stdout.splitlines() if number in line]
    assert len(rows) == 2
    assert all("sent" in row and "nia@example.com" in row for row in rows)


def test_a_refused_message_stays_pending_and_a_retry_delivers_it_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_cli(data_dir, "seed-doctors").returncode == 0
    register(data_dir, "omar@example.com", name="Omar Said")
    # A directory where the outbox file belongs: every publish now fails.
    (data_dir / OUTBOX).mkdir()

    booking = _book(data_dir, "omar@example.com", "11:00")
    booked = ok_json(booking)
    pending = ok_json(run_cli(data_dir, "notifications", "--json"))
    still_broken = run_cli(data_dir, "notifications", "--retry", "--json")

    assert "left pending" in booking.stderr  # a warning; the booking itself succeeded
    assert [(n["appointment_id"], n["status"]) for n in pending] == [
        (booked["appointment_id"], "pending")
    ]
    assert pending[0]["last_error"]
    assert still_broken.returncode == 5
    assert json.loads(still_broken.stdout) == {"sent": 0, "still_pending": 1}
    assert "could not be delivered and stay pending" in still_broken.stderr.splitlines()[-1]

    (data_dir / OUTBOX).rmdir()
    retried = ok_json(run_cli(data_dir, "notifications", "--retry", "--json"))
    nothing_left = run_cli(data_dir, "notifications", "--retry")
    after = ok_json(run_cli(data_dir, "notifications", "--json"))

    assert retried == {"sent": 1, "still_pending": 0}
    assert nothing_left.returncode == 0
    assert nothing_left.stdout.strip() == "Sent 0; still pending 0."
    assert after[0]["status"] == "sent"
    delivered = [m for m in _outbox(data_dir) if m["appointment_id"] == booked["appointment_id"]]
    assert len(delivered) == 1
    assert delivered[0]["recipient"] == "omar@example.com"


def test_no_notifications_yet(tmp_path: Path) -> None:
    proc = run_cli(tmp_path / "data", "notifications")

    assert proc.returncode == 0
    assert proc.stdout.strip() == "No notifications yet."


def test_limit_must_be_a_number(seeded_dir: Path) -> None:
    assert_fails(run_cli(seeded_dir, "notifications", "--limit", "many"), 2, "invalid int")
