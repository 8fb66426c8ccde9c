"""The kiosk under a real X server and window manager: nothing gets it out of the way.

Each test starts the real app (``care4u_desktop.app.main``) with ``--kiosk`` as a
subprocess on Xvfb with openbox managing the screen, does to its window what a patient
could do with a window-manager key or menu, or what another program could do, and reads
the result with X's own tools (``xprop``, ``xwininfo``, ``wmctrl``): the window must be
mapped, full screen, on top and active again within ``BACK_WITHIN_S``.

Set CARE4U_SCREENSHOT_DIR to keep the screenshot taken after a minimise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from .x11 import SCREEN, Display, poll, require, stop, x_display

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
#: How long the kiosk may take to be back in front (it reacts within a tenth of a second;
#: the rest is the window manager and the polling of X tools).
BACK_WITHIN_S = 3.0
START_WITHIN_S = 30.0

#: The real entry point, plus one thing a test can ask on stdin: "cover" opens another
#: top-level window of the same app over the kiosk and activates it (standing in for any
#: dialog or stray window the app might ever open).
DRIVER = """
import sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QLabel
qapp = QApplication(["care4u-desktop"])
others = []

def command():
    line = sys.stdin.readline().strip()
    if line == "cover":
        other = QLabel("Another window of the app")
        other.setWindowTitle("Another window of the app")
        other.setGeometry(0, 0, 1280, 800)
        other.show()
        other.raise_()
        other.activateWindow()
        others.append(other)
        print("covered", flush=True)

notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(command)
from care4u_desktop.app import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Kiosk:
    display: Display
    process: subprocess.Popen[str]
    window: int
    log: Path

    def state(self) -> str:
        d, w = self.display, self.window
        return (
            f"managed={w in d.managed_windows(self.process.pid)} map={d.map_state(w)} "
            f"net_wm_state=[{d.prop(w, '_NET_WM_STATE').partition('=')[2].strip()}] "
            f"wm_state={'Normal' if 'Normal' in d.prop(w, 'WM_STATE') else 'not normal'} "
            f"size={d.size(w)} active={d.active_window() == w} "
            f"on_top={d.stacking()[-1:] == [w]}"
        )

    def assert_in_front(self) -> None:
        state = self.state()
        assert self.process.poll() is None, f"the app exited: {self.log.read_text()}"
        assert state == (
            "managed=True map=IsViewable "
            "net_wm_state=[_NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_ABOVE] wm_state=Normal "
            f"size={SCREEN} active=True on_top=True"
        ), "the kiosk is not back in front"

    def wait_in_front(self) -> float:
        """Seconds until the kiosk is in front again."""
        return poll(self.assert_in_front, BACK_WITHIN_S)[1]


@pytest.fixture(scope="module")
def display() -> Iterator[Display]:
    with x_display() as shown:
        yield shown


@contextmanager
def running_kiosk(display: Display, folder: Path, config: str = "") -> Iterator[Kiosk]:
    """The app in kiosk mode on ``display``, in front; killed afterwards, whatever happened."""
    data = folder / "data"
    home = folder / "home"
    log = folder / "app.log"
    config_file = folder / "config.toml"
    config_file.write_text(config, encoding="utf-8")
    env = {
        **display.env,
        "QT_QPA_PLATFORM": "xcb",
        "CARE4U_CONFIG": str(config_file),
        # The app's settings and anything else per user stay in this test's folder.
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, "--kiosk", "--data-dir", str(data)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:

        def started() -> int:
            assert process.poll() is None, f"the app exited: {log.read_text()}"
            windows = display.managed_windows(process.pid)
            assert windows, "no window yet"
            return windows[0]

        window, _ = poll(started, START_WITHIN_S, interval=0.2)
        shown = Kiosk(display, process, window, log)
        poll(shown.assert_in_front, START_WITHIN_S, interval=0.2)
        yield shown
    finally:
        stop(process)  # a kiosk refuses to close: it is killed


@pytest.fixture
def kiosk(display: Display, tmp_path: Path) -> Iterator[Kiosk]:
    with running_kiosk(display, tmp_path) as shown:
        yield shown


def distinct_colours(image: QImage, step: int = 16) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_a_window_manager_minimise_is_undone(kiosk: Kiosk, tmp_path: Path) -> None:
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


def test_show_desktop_is_undone(kiosk: Kiosk) -> None:
    kiosk.display.run("wmctrl", "-k", "on")  # the window manager's "show the desktop"
    took = kiosk.wait_in_front()
    print(f"back in front {took:.2f} s after show-desktop")


def test_unmapping_the_window_is_undone(kiosk: Kiosk) -> None:
    kiosk.display.run("xdotool", "windowunmap", str(kiosk.window))
    took = kiosk.wait_in_front()
    print(f"back in front {took:.2f} s after an unmap")


def test_the_window_manager_cannot_close_it(kiosk: Kiosk) -> None:
    kiosk.display.run("wmctrl", "-i", "-c", hex(kiosk.window))  # as Alt+F4 or the menu
    kiosk.display.run("xdotool", "key", "--window", str(kiosk.window), "alt+F4")
    kiosk.wait_in_front()
    assert kiosk.process.poll() is None


def test_another_program_cannot_cover_the_kiosk(kiosk: Kiosk) -> None:
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


def test_another_window_of_the_app_cannot_cover_the_kiosk(kiosk: Kiosk) -> None:
    assert kiosk.process.stdin is not None
    kiosk.process.stdin.write("cover\n")
    kiosk.process.stdin.flush()

    def covered() -> None:
        assert "covered" in kiosk.log.read_text(), "the app has not opened it yet"
        assert len(kiosk.display.managed_windows(kiosk.process.pid)) == 2, "not shown yet"

    poll(covered, BACK_WITHIN_S)
    took = kiosk.wait_in_front()
    print(f"back in front {took:.2f} s after another window of the app was opened over it")


#: Another X client reading the clipboard and the selection, as the next program would.
READER = """
import json
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication
app = QApplication([])
clipboard = app.clipboard()
print(json.dumps([clipboard.text(QClipboard.Mode.Clipboard),
                  clipboard.text(QClipboard.Mode.Selection)]))
"""


def x_clipboard(display: Display) -> list[str]:
    """[CLIPBOARD, PRIMARY] as another X client reads them."""
    env = {**display.env, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-c", READER], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_what_a_patient_copied_is_gone_from_the_x_clipboard_after_the_idle_log_out(
    display: Display, tmp_path: Path
) -> None:
    email = "lucia@example.com"
    config = "idle_seconds = 5\nidle_countdown_seconds = 1\n"
    with running_kiosk(display, tmp_path, config) as kiosk:
        # Typed into the log-in screen's email field (it has the focus), selected, copied.
        display.run("xdotool", "type", "--delay", "10", email)
        display.run("xdotool", "key", "ctrl+a", "ctrl+c")
        assert x_clipboard(display) == [email, email]  # the attack's premise

        def wiped() -> None:
            assert x_clipboard(display) == ["", ""]

        took = poll(wiped, 15.0, interval=0.5)[1]
        print(f"clipboard and selection empty {took:.1f} s after the copy")
        kiosk.assert_in_front()
