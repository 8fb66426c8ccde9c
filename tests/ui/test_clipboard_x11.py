"""What was copied in a session, on a real X clipboard and selection, after the log-out.

The app runs as a subprocess on Xvfb + openbox (``x11_app``); keys are typed and buttons
clicked through the X server (``xdotool``), and another X client reads CLIPBOARD and
PRIMARY as the next program would. A kiosk wipes both at every log-out; a staff desk wipes
what the app owns and leaves another program's text alone.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import PASSWORD
from .x11 import Display, poll, x_display
from .x11_app import REPO, another_program_owning_the_clipboard, app_env, running_app, x_clipboard

pytestmark = pytest.mark.slow

EMAIL = "lucia@example.com"
STAFF = "desk@example.com"


@pytest.fixture(scope="module")
def display() -> Iterator[Display]:
    with x_display() as shown:
        yield shown


def type_and_copy(display: Display, text: str) -> None:
    """Typed into the field with the focus, selected (PRIMARY), copied (CLIPBOARD)."""
    display.run("xdotool", "type", "--delay", "10", text)
    display.run("xdotool", "key", "ctrl+a", "ctrl+c")


def test_what_a_patient_copied_is_gone_from_the_x_clipboard_after_the_idle_log_out(
    display: Display, tmp_path: Path
) -> None:
    config = "idle_seconds = 5\nidle_countdown_seconds = 1\n"
    with running_app(display, tmp_path, config=config) as kiosk:
        type_and_copy(display, EMAIL)  # the log-in screen's email field has the focus
        assert x_clipboard(display) == [EMAIL, EMAIL]  # the attack's premise

        def wiped() -> None:
            assert x_clipboard(display) == ["", ""]

        took = poll(wiped, 15.0, interval=0.5)[1]
        print(f"clipboard and selection empty {took:.1f} s after the copy")
        kiosk.assert_in_front()


def register_staff(display: Display, folder: Path) -> None:
    cli = [sys.executable, "-m", "care4u_desktop.cli", "--data-dir", str(folder / "data")]
    account = ["--name", "Rita Desk", "--email", STAFF, "--phone", "555 010 2030"]
    done = subprocess.run(
        [*cli, "register", *account, "--role", "staff"],
        input=PASSWORD + "\n",
        cwd=REPO,
        env=app_env(display, folder),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_a_desk_log_out_wipes_what_the_app_copied_and_leaves_another_program_s(
    display: Display, tmp_path: Path
) -> None:
    register_staff(display, tmp_path)
    with running_app(display, tmp_path, kiosk=False) as desk:

        def log_in() -> None:
            desk.where("loginButton")  # the log-in screen is up, its email field focused
            display.run("xdotool", "type", "--delay", "10", STAFF)
            display.run("xdotool", "key", "Tab")
            display.run("xdotool", "type", "--delay", "10", PASSWORD)
            display.run("xdotool", "key", "Return")
            desk.where("staffLogoutButton")

        # The receptionist copies a patient's email in the app, then logs out.
        log_in()
        type_and_copy(display, EMAIL)  # into the patient search, which has the focus
        assert x_clipboard(display) == [EMAIL, EMAIL]
        desk.click("staffLogoutButton")
        desk.where("loginButton")
        poll(lambda: _equal(x_clipboard(display), ["", ""]), 10.0, interval=0.5)

        # Another program copies something; the app's log-out leaves it alone.
        note = "a note from the email program"
        with another_program_owning_the_clipboard(display, note):
            log_in()
            desk.click("staffLogoutButton")
            desk.where("loginButton")
            assert x_clipboard(display) == [note, note]


def _equal(found: list[str], wanted: list[str]) -> None:
    assert found == wanted
