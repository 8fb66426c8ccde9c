"""The kiosk under a real X server and window manager: nothing gets it out of the way.

Each test starts the real app (``care4u_desktop.app.main``) with ``--kiosk`` as a
subprocess on Xvfb with openbox managing the screen, does to its window what a patient
could do with a window-manager key or menu, or what another program could do, and reads
the result with X's own tools (``xprop``, ``xwininfo``, ``wmctrl``): the window must be
mapped, full screen, on top and active again within ``BACK_WITHIN_S``.

Set CARE4U_SCREENSHOT_DIR to keep the screenshot taken after a minimise.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from .x11 import SCREEN, Display, poll, require, stop, x_display
from .x11_app import BACK_WITHIN_S, App, running_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def display() -> Iterator[Display]:
    with x_display() as shown:
        yield shown


@pytest.fixture
def kiosk(display: Display, tmp_path: Path) -> Iterator[App]:
    with running_app(display, tmp_path) as shown:
        yield shown


def distinct_colours(image: QImage, step: int = 16) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_a_window_manager_minimise_is_undone(kiosk: App, tmp_path: Path) -> None:
    kiosk.display.run("xdotool", "windowminimize", str(kiosk.window))
    took = kiosk.wait_in_front()
    print(f"back in front {took:.2f} s after the minimise")

    out = Path(os.environ.get("CARE4U_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    shot = out / "kiosk-after-minimise.png"
    kiosk.display.screenshot(str(shot))
    image = QImage(str(shot))
    assert (image.width(), image.height()) == SCREEN
    # The log-in screen, not an empty root window: many colours, and the kiosk's own
    # light background in the middle of the screen.
    assert distinct_colours(image) > 8
    middle = image.pixelColor(SCREEN[0] // 2, SCREEN[1] - 20)
    assert middle.lightness() > 200, middle.name()


def test_show_desktop_is_undone(kiosk: App) -> None:
    kiosk.display.run("wmctrl", "-k", "on")  # the window manager's "show the desktop"
    took = kiosk.wait_in_front()
    print(f"back in front {took:.2f} s after show-desktop")


def test_unmapping_the_window_is_undone(kiosk: App) -> None:
    kiosk.display.run("xdotool", "windowunmap", str(kiosk.window))
    took = kiosk.wait_in_front()
    print(f"back in front {took:.2f} s after an unmap")


def test_the_window_manager_cannot_close_it(kiosk: App) -> None:
    kiosk.display.run("wmctrl", "-i", "-c", hex(kiosk.window))  # as Alt+F4 or the menu
    kiosk.display.run("xdotool", "key", "--window", str(kiosk.window), "alt+F4")
    kiosk.wait_in_front()
    assert kiosk.process.poll() is None


def test_another_program_cannot_cover_the_kiosk(kiosk: App) -> None:
    require("xmessage")
    width, height = SCREEN
    other = subprocess.Popen(
        ["xmessage", "-geometry", f"{width}x{height}+0+0", "Another program"],
        env=kiosk.display.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def other_window() -> int:
            windows = kiosk.display.managed_windows(other.pid)
            if windows:
                return windows[0]
            titled = kiosk.display.run("xdotool", "search", "--name", "xmessage", check=False)
            assert titled.split(), "no xmessage window yet"
            return int(titled.split()[0])

        covering, _ = poll(other_window, BACK_WITHIN_S)
        kiosk.display.run("xdotool", "windowactivate", str(covering), check=False)
        took = kiosk.wait_in_front()
        print(f"back in front {took:.2f} s after another program took the focus")
    finally:
        stop(other)


def test_another_window_of_the_app_cannot_cover_the_kiosk(kiosk: App) -> None:
    kiosk.tell("cover")

    def covered() -> None:
        assert "covered" in kiosk.log.read_text(), "the app has not opened it yet"
        assert len(kiosk.display.managed_windows(kiosk.process.pid)) == 2, "not shown yet"

    poll(covered, BACK_WITHIN_S)
    took = kiosk.wait_in_front()
    print(f"back in front {took:.2f} s after another window of the app was opened over it")
