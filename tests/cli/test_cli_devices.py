"""devices and audit: enrolling, listing and revoking care4u-server's devices, and reading
the trail, as an administrator would, on the SQLite file and on DynamoDB (a moto server over
HTTP)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.aws.support import FAKE_ENV, shared_server, unique_prefix
from tests.cli.support import PASSWORD, assert_fails, ok_json, run_cli, weekday_ahead

Admin = Callable[..., Any]


@pytest.fixture(params=["local", pytest.param("aws", marks=pytest.mark.slow)])
def admin(request: pytest.FixtureRequest, tmp_path: Path) -> Admin:
    """``admin(*args, stdin=...)`` runs care4u-admin on a fresh store of either backend."""
    data_dir = tmp_path / "data"
    env: dict[str, str] = {}
    if request.param == "aws":
        env = {
            **FAKE_ENV,
            "AWS_ENDPOINT_URL": shared_server().url,
            "CARE4U_BACKEND": "aws",
            "CARE4U_TABLE_PREFIX": unique_prefix(),
        }
    assert run_cli(data_dir, "provision", env=env).returncode == 0
    assert run_cli(data_dir, "seed-doctors", env=env).returncode == 0

    def run(*args: str, stdin: str = "") -> Any:
        return run_cli(data_dir, *args, stdin=stdin, env=env)

    run.data_dir = data_dir  # type: ignore[attr-defined]
    run.env = env  # type: ignore[attr-defined]
    return run


def test_add_prints_the_token_once_and_nothing_shows_it_again(admin: Admin) -> None:
    made = ok_json(admin("devices", "add", "--name", "Lobby kiosk 1", "--kind", "kiosk", "--json"))

    assert sorted(made) == ["device_id", "token"]
    device_id, secret = made["token"].split(".", 1)
    assert device_id == made["device_id"] and len(secret) >= 32

    listed = ok_json(admin("devices", "list", "--json"))
    table = admin("devices", "list")
    assert listed == [
        {
            "device_id": device_id,
            "name": "Lobby kiosk 1",
            "kind": "kiosk",
            "created_at": listed[0]["created_at"],
            "revoked_at": None,
        }
    ]
    assert secret not in json.dumps(listed) and secret not in table.stdout
    assert "Lobby kiosk 1" in table.stdout and device_id in table.stdout
    if not admin.env:  # the SQLite file holds the secret's hash, never the secret
        assert secret.encode() not in (admin.data_dir / "care4u.sqlite3").read_bytes()


def test_the_table_output_says_where_the_token_goes(admin: Admin) -> None:
    out = admin("devices", "add", "--name", "Desk A", "--kind", "desk")

    assert out.returncode == 0, out.stderr
    [token_line] = [
        line.strip()
        for line in out.stdout.splitlines()
        if "." in line.strip() and line.startswith("  ")
    ]
    device_id = token_line.split(".", 1)[0]
    assert f"Enrolled desk 'Desk A' as {device_id}." in out.stdout
    assert "device_token" in out.stdout and "shown this once" in out.stdout
    assert out.stdout.count(token_line) == 1


def test_revoke_marks_it_and_keeps_the_first_time(admin: Admin) -> None:
    keep = ok_json(admin("devices", "add", "--name", "Kiosk keep", "--kind", "kiosk", "--json"))
    gone = ok_json(admin("devices", "add", "--name", "Kiosk stolen", "--kind", "kiosk", "--json"))

    revoked = ok_json(admin("devices", "revoke", gone["device_id"], "--json"))
    again = ok_json(admin("devices", "revoke", gone["device_id"], "--json"))

    assert revoked["revoked_at"] and again["revoked_at"] == revoked["revoked_at"]
    by_id = {d["device_id"]: d for d in ok_json(admin("devices", "list", "--json"))}
    assert by_id[gone["device_id"]]["revoked_at"] == revoked["revoked_at"]
    assert by_id[keep["device_id"]]["revoked_at"] is None
    table = admin("devices", "list").stdout
    assert revoked["revoked_at"] in table


def test_revoking_an_unknown_device_is_exit_4_and_changes_nothing(admin: Admin) -> None:
    ok_json(admin("devices", "add", "--name", "Kiosk 1", "--kind", "kiosk", "--json"))
    before = ok_json(admin("devices", "list", "--json"))

    assert_fails(admin("devices", "revoke", "dev-made-up"), 4, "No device has that id")
    assert ok_json(admin("devices", "list", "--json")) == before


def test_bad_input_is_refused_where_it_was_typed(admin: Admin) -> None:
    assert_fails(admin("devices", "add", "--name", "K", "--kind", "tablet"), 2, "invalid choice")
    assert_fails(admin("devices", "add", "--name", "   ", "--kind", "kiosk"), 2, "name")
    assert_fails(admin("devices", "add", "--kind", "kiosk"), 2, "--name")
    assert ok_json(admin("devices", "list", "--json")) == []
    assert admin("devices", "list").stdout.startswith("No devices yet.")


# -- audit --------------------------------------------------------------------------------
def _register(admin: Admin, email: str, name: str) -> dict[str, Any]:
    made: dict[str, Any] = ok_json(
        admin(
            "register",
            "--name",
            name,
            "--email",
            email,
            "--phone",
            "555 123 4567",
            "--json",
            stdin=PASSWORD + "\n",
        )
    )
    return made


def _book(admin: Admin, email: str, day: str, hhmm: str) -> dict[str, Any]:
    booked: dict[str, Any] = ok_json(
        admin(
            "book", "--email", email, "--doctor", "doc-001", "--date", day, "--time", hhmm, "--json"
        )
    )
    return booked


def test_audit_lists_device_changes_and_bookings_with_ids_only(admin: Admin) -> None:
    made = ok_json(admin("devices", "add", "--name", "Kiosk 1", "--kind", "kiosk", "--json"))
    admin("devices", "revoke", made["device_id"])
    ana = _register(admin, "ana@example.com", "Ana Silva")
    booked = _book(admin, "ana@example.com", weekday_ahead(9), "10:00")

    trail = ok_json(admin("audit", "--json"))

    seeded = [e for e in trail if e["action"] == "doctors_seeded"]
    assert {e["targets"]["doctor_id"] for e in seeded} >= {"doc-001", "doc-002"}
    enrolled, revoked, signed_up, booking = [e for e in trail if e not in seeded]
    assert [e["action"] for e in (enrolled, revoked, signed_up, booking)] == [
        "device_enrolled",
        "device_revoked",
        "sign_up",
        "booking",
    ]
    assert enrolled["targets"] == {"device_id": made["device_id"]} == revoked["targets"]
    assert enrolled["device_id"] == "cli" and enrolled["outcome"] == "ok"
    assert signed_up["targets"] == {"user_id": ana["user_id"]}
    assert booking["targets"]["appointment_id"] == booked["appointment_id"]
    assert booking["targets"]["user_id"] == ana["user_id"]
    # Ids only: the patient's name, email and phone are nowhere in the trail.
    text = json.dumps(trail)
    assert "Ana Silva" not in text and "ana@example.com" not in text
    assert "5551234567" not in text and "555 123 4567" not in text
    assert all(e["at"] for e in trail) and trail == sorted(trail, key=lambda e: e["at"])


def test_audit_filters_by_user_email_or_id_and_by_since(admin: Admin) -> None:
    ana = _register(admin, "ana@example.com", "Ana Silva")
    ben = _register(admin, "ben@example.com", "Ben Okafor")
    ana_booking = _book(admin, "ana@example.com", weekday_ahead(9), "10:00")
    ben_booking = _book(admin, "ben@example.com", weekday_ahead(9), "11:00")

    by_email = ok_json(admin("audit", "--user", "ANA@example.com", "--json"))
    by_id = ok_json(admin("audit", "--user", ana["user_id"], "--json"))

    assert by_email == by_id and by_email
    ids = {v for e in by_email for v in e["targets"].values()}
    assert ana_booking["appointment_id"] in ids and ben_booking["appointment_id"] not in ids
    assert all(ben["user_id"] not in (e["actor_user_id"], *e["targets"].values()) for e in by_email)
    assert ok_json(admin("audit", "--since", "2999-01-01", "--json")) == []
    everything = ok_json(admin("audit", "--json"))
    first = everything[0]["at"]
    assert ok_json(admin("audit", "--since", first, "--json")) == everything
    table = admin("audit", "--since", "2999-01-01")
    assert table.stdout.strip() == "No audit entries match."
    limited = admin("audit", "--limit", "1")
    assert "the first 1, oldest first" in limited.stdout


def test_audit_refuses_a_bad_since_and_an_unknown_email(admin: Admin) -> None:
    assert_fails(admin("audit", "--since", "yesterday"), 2, "neither a date")
    assert_fails(admin("audit", "--since", "2026-13-01"), 2, "neither a date")
    assert_fails(admin("audit", "--user", "nobody@example.com"), 4, "No account uses that email")
    assert_fails(admin("audit", "--limit", "0"), 2, "--limit")
