"""Exit codes and one-line errors when the input, the backend or the store is wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from care4u_desktop import __version__
from tests.cli.support import PASSWORD, assert_fails, run_cli


def test_a_data_dir_under_a_regular_file_is_store_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")

    proc = run_cli(blocker / "data", "doctors")

    assert_fails(proc, 5, "Cannot use the data directory")


def test_a_corrupt_database_file_is_store_unavailable(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "care4u.sqlite3").write_bytes(b"this is not a database\n" * 400)

    proc = run_cli(data_dir, "doctors")

    assert_fails(proc, 5, "The booking system is not responding right now")


def test_an_unreachable_aws_endpoint_is_unavailable(tmp_path: Path) -> None:
    env = {
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",  # discard port: nothing listens
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    proc = run_cli(tmp_path / "data", "--backend", "aws", "doctors", env=env)

    assert_fails(proc, 5, "The booking system is not responding right now")


def test_an_unknown_backend_in_the_environment_is_invalid(tmp_path: Path) -> None:
    proc = run_cli(tmp_path / "data", "doctors", env={"CARE4U_BACKEND": "mainframe"})

    assert_fails(proc, 2, "Unknown backend 'mainframe'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        ((), "required"),
        (("book", "--email", "a@example.com"), "required: --doctor, --date, --time"),
        (("register", "--name", "Ann Lee", "--email", "a@example.com"), "--phone"),
        (("register", "--role", "superuser"), "invalid choice: 'superuser'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    assert_fails(run_cli(tmp_path / "data", *args), 2, message)


@pytest.mark.parametrize(
    "args",
    [
        ("doctors",),
        ("seed-doctors",),
        ("appointments", "--doctor", "doc-001"),
        ("notifications",),
        ("notifications", "--retry"),
    ],
)
def test_every_listing_speaks_json(seeded_dir: Path, args: tuple[str, ...]) -> None:
    proc = run_cli(seeded_dir, *args, "--json")

    assert proc.returncode == 0, proc.stderr
    assert isinstance(json.loads(proc.stdout), list | dict)


def test_register_speaks_json_after_the_command(seeded_dir: Path) -> None:
    proc = run_cli(
        seeded_dir,
        *("register", "--json", "--name", "Ann Lee", "--email", "json@example.com"),
        *("--phone", "5551234567"),
        stdin=PASSWORD + "\n",
    )

    assert json.loads(proc.stdout)["email"] == "json@example.com"


def test_version_and_help(tmp_path: Path) -> None:
    version = run_cli(tmp_path / "data", "--version")
    helped = run_cli(tmp_path / "data", "--help")

    assert version.returncode == 0
    assert version.stdout.strip() == f"care4u-admin {__version__}"
    assert helped.returncode == 0
    for command in ("seed-doctors", "doctors", "register", "book", "cancel", "appointments"):
        assert command in helped.stdout
    assert "exit codes" in helped.stdout
