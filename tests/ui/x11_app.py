"""The real app as a subprocess on a test's X display, and what tests ask of it.

The subprocess runs ``care4u_desktop.app.main`` as the executable does, with a few
commands a test can write on its standard input (test code, not the app's):

- ``cover``: open another top-level window of the same app over it and activate it
  (standing in for any dialog or stray window the app might ever open);
- ``where N NAME``: where the widget ``NAME`` is on screen, if it is shown, so that the
  test can click it through the X server (``xdotool``); the answer is a line
  ``driver N at X Y`` or ``driver N nowhere`` in the app's log.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .x11 import SCREEN, Display, poll, stop

REPO = Path(__file__).resolve().parents[2]
#: How long the kiosk may take to be back in front (it reacts 50 ms after the event; the
#: rest is the window manager and the polling of X tools).
BACK_WITHIN_S = 3.0
START_WITHIN_S = 30.0

DRIVER = """
import sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QLabel, QWidget
qapp = QApplication(["care4u-desktop"])
others = []

def where(number, name):
    for top in QApplication.topLevelWidgets():
        found = [top] if top.objectName() == name else top.findChildren(QWidget, name)
        for widget in found:
            if widget.isVisible():
                centre = widget.mapToGlobal(widget.rect().center())
                return f"driver {number} at {centre.x()} {centre.y()}"
    return f"driver {number} nowhere"

def command():
    words = sys.stdin.readline().split()
    if words == ["cover"]:
        other = QLabel("Another window of the app")
        other.setWindowTitle("Another window of the app")
        other.setGeometry(0, 0, 1280, 800)
        other.show()
        other.raise_()
        other.activateWindow()
        others.append(other)
        print("covered", flush=True)
    elif len(words) == 3 and words[0] == "where":
        print(where(words[1], words[2]), flush=True)

notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(command)
from care4u_desktop.app import main
sys.exit(main(sys.argv[1:]))
"""

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

#: Another X client putting its own text on the clipboard and the selection, and keeping
#: them (an X clipboard lives as long as its owner) until it is ended.
OWNER = """
import sys
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.clipboard().setText(sys.argv[1], QClipboard.Mode.Clipboard)
app.clipboard().setText(sys.argv[1], QClipboard.Mode.Selection)
print("owning", flush=True)
app.exec()
"""


@dataclass
class App:
    display: Display
    process: subprocess.Popen[str]
    window: int
    log: Path
    _numbers: Iterator[int] = field(default_factory=itertools.count)

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
        """Full screen, mapped, on top and active: a kiosk as it should be."""
        state = self.state()
        assert self.process.poll() is None, f"the app exited: {self.log.read_text()}"
        assert state == (
            "managed=True map=IsViewable "
            "net_wm_state=[_NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_ABOVE] wm_state=Normal "
            f"size={SCREEN} active=True on_top=True"
        ), f"the kiosk is not back in front: {state}"

    def wait_in_front(self) -> float:
        """Seconds until the kiosk is in front again."""
        return poll(self.assert_in_front, BACK_WITHIN_S)[1]

    def tell(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def where(self, name: str) -> tuple[int, int]:
        """Where the widget ``name`` is on screen, once it is shown."""

        def shown() -> tuple[int, int]:
            number = next(self._numbers)
            self.tell(f"where {number} {name}")

            def answered() -> list[str]:
                lines = self.log.read_text().splitlines()
                words = next((ln.split() for ln in lines if ln.startswith(f"driver {number} ")), [])
                assert words, "no answer yet"
                return words

            words = poll(answered, 5.0)[0]
            assert words[2] == "at", f"{name} is not on screen"
            return int(words[3]), int(words[4])

        return poll(shown, 10.0, interval=0.2)[0]

    def click(self, name: str) -> None:
        """Click the widget ``name`` with the X server's pointer."""
        x, y = self.where(name)
        self.display.run("xdotool", "mousemove", str(x), str(y), "click", "1")


def app_env(display: Display, folder: Path, config: str = "") -> dict[str, str]:
    home = folder / "home"
    config_file = folder / "config.toml"
    config_file.write_text(config, encoding="utf-8")
    return {
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


@contextmanager
def running_app(
    display: Display, folder: Path, *args: str, config: str = "", kiosk: bool = True
) -> Iterator[App]:
    """The app on ``display`` (a kiosk: in front), killed afterwards whatever happened."""
    log = folder / "app.log"
    argv = [*(["--kiosk"] if kiosk else []), "--data-dir", str(folder / "data"), *args]
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, *argv],
            cwd=REPO,
            env=app_env(display, folder, config),
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
        shown = App(display, process, window, log)
        if kiosk:
            poll(shown.assert_in_front, START_WITHIN_S, interval=0.2)
        else:
            poll(lambda: _assert(display.active_window() == window), START_WITHIN_S, 0.2)
        yield shown
    finally:
        stop(process)  # a kiosk refuses to close: it is killed


def _assert(condition: bool) -> None:
    assert condition


def x_clipboard(display: Display) -> list[str]:
    """[CLIPBOARD, PRIMARY] as another X client reads them."""
    env = {**display.env, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-c", READER], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@contextmanager
def another_program_owning_the_clipboard(display: Display, text: str) -> Iterator[None]:
    env = {**display.env, "QT_QPA_PLATFORM": "xcb"}
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, text],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert owner.stdout is not None
        assert owner.stdout.readline().strip() == "owning"
        yield
    finally:
        stop(owner)
