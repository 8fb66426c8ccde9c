"""The kiosk's log file: private to its OS user, free of control characters, emails,
password hashes and AWS request bodies, even at DEBUG."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from care4u_desktop import logs
from care4u_desktop.domain.text import is_hidden
from care4u_desktop.services.accounts import AccountService
from tests.fakes import FakeNotifier, fixed_clock
from tests.smoke_run import smoke

REPO_ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs")


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


@posix_only
def test_a_real_start_writes_a_private_log_file_and_tightens_an_old_one(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    log_dir.mkdir(mode=0o755)
    old = log_dir / logs.LOG_FILENAME
    old.write_text("2026-01-01 older release\n", encoding="utf-8")
    old.chmod(0o644)
    log_dir.chmod(0o755)
    proc = smoke(tmp_path, CARE4U_LOG_DIR=str(log_dir))
    assert proc.returncode == 0, proc.stderr

    text = old.read_text(encoding="utf-8")
    assert text.startswith("2026-01-01 older release\n")  # appended to, not replaced
    assert "INFO care4u_desktop: Care4U Desktop" in text and "starting" in text
    assert (mode(log_dir), mode(old)) == ("0o700", "0o600")


def test_a_record_with_control_characters_reaches_the_file_escaped(
    tmp_path: Path, logging_restored: None
) -> None:
    log_file = logs.open_log_file(tmp_path / "logs")
    assert log_file is not None
    logs.configure(logging.DEBUG, log_file=log_file)
    name = "Eve\x1b[2J\u202eevil\x07\nFORGED 2026-01-01 INFO care4u_desktop: all good"

    logging.getLogger("care4u_desktop.test").warning("sign-up refused for %s", name)
    try:
        raise ValueError(f"bad name {name}")
    except ValueError:
        logging.getLogger("care4u_desktop.test").exception("a failure")

    text = log_file.read_text(encoding="utf-8")
    assert [c for c in text if is_hidden(c) and c != "\n"] == []
    assert "sign-up refused for Eve\\x1b[2J\\u202eevil\\x07\\x0aFORGED" in text
    assert not any(line.startswith("FORGED") for line in text.splitlines())
    assert "Traceback (most recent call last):\n" in text  # a traceback keeps its lines
    assert "ValueError: bad name Eve\\x1b[2J" in text
    if os.name != "nt":
        assert mode(log_file) == "0o600"


def test_emails_and_password_hashes_are_masked_whoever_logs_them(
    tmp_path: Path, logging_restored: None
) -> None:
    log_file = tmp_path / "care4u.log"
    logs.configure(logging.DEBUG, log_file=log_file)
    hashed = "pbkdf2:sha256:600000$Qx7bW1kP$9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"

    logging.getLogger("anything").info("user maria.garcia@example.com hash %s", hashed)

    text = log_file.read_text(encoding="utf-8")
    assert "m***@example.com" in text and "[password hash]" in text
    assert "maria.garcia" not in text and "Qx7bW1kP" not in text and "9f86d0" not in text


@pytest.mark.slow
def test_debug_on_dynamodb_logs_no_body_email_hash_or_password(
    tmp_path: Path, logging_restored: None
) -> None:
    from moto import mock_aws

    from care4u_desktop.adapters.passwords import WerkzeugHasher
    from tests.aws.support import aws_env, fresh_store

    log_file = tmp_path / "care4u.log"
    logs.configure(logging.DEBUG, log_file=log_file)
    email, password, phone = "ana.silva@example.com", "correct horse 42", "5551234567"
    with aws_env(), mock_aws():  # moto in-process still goes through botocore's logging
        store = fresh_store()
        accounts = AccountService(store, FakeNotifier(), WerkzeugHasher(), fixed_clock())
        accounts.sign_up("Ana Silva", email, phone, password, password)
        accounts.log_in(email.upper(), password)
        user = store.find_user_by_email(email)
    assert user is not None
    logging.getLogger("care4u_desktop.test").debug("signed up and logged in")

    text = log_file.read_text(encoding="utf-8")
    assert "signed up and logged in" in text  # DEBUG is on
    assert "botocore" in text  # the wire loggers still say what they do at INFO
    for secret in (email, password, phone, user.password_hash.split("$", 1)[1]):
        assert secret not in text, secret
    assert " DEBUG botocore" not in text and " DEBUG urllib3" not in text


@posix_only
def test_the_log_file_rotates_by_size_and_every_generation_stays_private(
    tmp_path: Path, logging_restored: None
) -> None:
    log_file = tmp_path / "care4u.log"
    handler = logs.PrivateLogFile(log_file, max_bytes=200, kept=2)
    handler.setFormatter(logs.SafeFormatter("%(message)s"))
    logger = logging.getLogger("care4u_desktop.rotation")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for n in range(40):
            logger.warning("line %02d %s", n, "x" * 40)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
        handler.close()

    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["care4u.log", "care4u.log.1", "care4u.log.2"]
    assert all(mode(tmp_path / name) == "0o600" for name in files)
    newest = log_file.read_text(encoding="utf-8") + (tmp_path / "care4u.log.1").read_text(
        encoding="utf-8"
    )
    assert "line 39" in newest and "line 00" not in newest  # the oldest lines are gone
