"""register: the password comes on standard input (or a terminal prompt), never as an argument."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.support import PASSWORD, REPO_ROOT, assert_fails, ok_json, register, run_cli


def _register(
    data_dir: Path, email: str, *extra: str, stdin: str = PASSWORD + "\n"
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        data_dir,
        "register",
        "--name",
        "Jane Doe",
        "--email",
        email,
        "--phone",
        "+1 (555) 123-4567",
        *extra,
        stdin=stdin,
    )


def test_register_reads_the_password_from_stdin_and_never_prints_it(seeded_dir: Path) -> None:
    proc = _register(seeded_dir, "  Jane.Doe@Example.COM ", "--json")

    user = ok_json(proc)
    assert user["email"] == "jane.doe@example.com"
    assert user["name"] == "Jane Doe"
    assert user["phone"] == "+15551234567"
    assert user["role"] == "patient"
    assert user["user_id"]
    assert not any("password" in key or "hash" in key for key in user)
    assert PASSWORD not in proc.stdout + proc.stderr
    for marker in ("pbkdf2", "scrypt"):
        assert marker not in proc.stdout


def test_human_output_confirms_the_account(seeded_dir: Path) -> None:
    proc = _register(seeded_dir, "human@example.com")

    assert proc.returncode == 0, proc.stderr
    assert "Registered Jane Doe <human@example.com> as patient." in proc.stdout


def test_password_as_an_argument_is_refused_and_nothing_is_stored(seeded_dir: Path) -> None:
    refused = _register(seeded_dir, "argv@example.com", "--password", PASSWORD)

    assert_fails(refused, 2, "standard input")
    # The account was not created: registering properly now works.
    assert register(seeded_dir, "argv@example.com")["email"] == "argv@example.com"


def test_registering_an_email_twice_is_a_conflict(seeded_dir: Path) -> None:
    register(seeded_dir, "twice@example.com")

    again = _register(seeded_dir, "TWICE@example.com")

    assert_fails(again, 3, "That email is already registered. Log in instead?")


def test_an_invalid_email_is_refused_and_nothing_is_stored(seeded_dir: Path) -> None:
    proc = _register(seeded_dir, "not-an-email")

    assert_fails(proc, 2, "does not look like an email address")
    lookup = run_cli(seeded_dir, "appointments", "--email", "not-an-email")
    assert_fails(lookup, 4, "No account uses that email.")


@pytest.mark.parametrize(
    ("stdin", "message"),
    [("short\n", "at least 8 characters"), ("", "No password on standard input")],
)
def test_a_missing_or_short_password_is_invalid_input(
    seeded_dir: Path, stdin: str, message: str
) -> None:
    proc = _register(seeded_dir, "weak@example.com", stdin=stdin)

    assert_fails(proc, 2, message)


def test_staff_accounts_can_be_created(seeded_dir: Path) -> None:
    user = register(seeded_dir, "desk@example.com", name="Rita Desk", role="staff")

    assert user["role"] == "staff"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    ("second", "code", "expected"),
    [(PASSWORD, 0, "Registered"), ("something else", 2, "The two passwords are not the same.")],
)
def test_at_a_terminal_the_password_is_asked_twice(
    seeded_dir: Path, second: str, code: int, expected: str
) -> None:
    import pty

    email = f"tty{code}@example.com"
    argv = [sys.executable, "-m", "care4u_desktop.cli", "--data-dir", str(seeded_dir)]
    argv += ["register", "--name", "Tess Tty", "--email", email, "--phone", "5551234567"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARE4U_")}
    env["CARE4U_CONFIG"] = str(seeded_dir.parent / "no-such-config.toml")
    env["CARE4U_MACHINE_CONFIG"] = os.devnull
    env["CARE4U_LOG_DIR"] = os.environ["CARE4U_LOG_DIR"]
    env["PYTHONPATH"] = str(REPO_ROOT)

    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal, as at a real console
        os.chdir(REPO_ROOT)
        os.execve(sys.executable, argv, env)
    transcript = _answer(fd, [("Password:", PASSWORD), ("Repeat the password:", second)])
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == code, transcript
    assert expected in transcript
    assert PASSWORD not in transcript  # not echoed
    assert "Traceback" not in transcript


def _answer(fd: int, script: list[tuple[str, str]]) -> str:
    """Reply to each prompt as it appears; return everything the terminal showed."""
    import select

    seen = ""
    pending = list(script)
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        assert ready, f"the CLI stopped answering: {seen!r}"
        try:
            chunk = os.read(fd, 1024).decode("utf-8", "replace")
        except OSError:  # the child closed the terminal
            return seen
        if not chunk:
            return seen
        seen += chunk
        if pending and pending[0][0] in seen.rsplit("\n", 1)[-1]:
            os.write(fd, (pending.pop(0)[1] + "\n").encode())
