"""A real X display for tests: Xvfb and openbox started by the test, read with X's own tools.

``require`` skips a test when a tool is missing on a developer's machine and fails it on CI
(``CI=true``), where the Debian packages are installed: there a skip would hide a kiosk
that was never tested under a window manager.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from tests import components

#: Debian packages that bring the tools used here.
PACKAGES = "xvfb openbox xdotool wmctrl x11-utils imagemagick"
SCREEN = (1280, 800)
START_TIMEOUT_S = 15.0
T = TypeVar("T")


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    components.require(not missing, f"{', '.join(missing)} (Debian packages: {PACKAGES})")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a process this test started, and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def poll(check: Callable[[], T], timeout: float, interval: float = 0.05) -> tuple[T, float]:
    """Call ``check`` until it stops raising AssertionError; return its value and the time
    it took. After ``timeout`` seconds its last AssertionError is raised."""
    start = time.monotonic()
    while True:
        try:
            return check(), time.monotonic() - start
        except AssertionError:
            if time.monotonic() - start > timeout:
                raise
        time.sleep(interval)


@dataclass
class Display:
    name: str  # ":3"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.name}

    def run(self, *command: str, check: bool = True) -> str:
        done = subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=10, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed: {done.stderr.strip()}")
        return done.stdout

    def prop(self, window: int | None, name: str) -> str:
        target = ["-root"] if window is None else ["-id", str(window)]
        return self.run("xprop", *target, name, check=False)

    def active_window(self) -> int | None:
        found = re.search(r"window id # (0x[0-9a-f]+)", self.prop(None, "_NET_ACTIVE_WINDOW"))
        return int(found.group(1), 16) if found else None

    def stacking(self) -> list[int]:
        """Managed windows from bottom to top."""
        text = self.prop(None, "_NET_CLIENT_LIST_STACKING")
        return [int(w, 16) for w in re.findall(r"0x[0-9a-f]+", text)]

    def managed_windows(self, pid: int) -> list[int]:
        """The window manager's windows of process ``pid`` (``wmctrl -lp``)."""
        rows = [line.split(None, 4) for line in self.run("wmctrl", "-lp").splitlines()]
        return [int(row[0], 16) for row in rows if len(row) >= 3 and row[2] == str(pid)]

    def map_state(self, window: int) -> str:
        found = re.search(r"Map State: (\w+)", self.run("xwininfo", "-id", str(window)))
        return found.group(1) if found else "?"

    def size(self, window: int) -> tuple[int, int]:
        info = self.run("xwininfo", "-id", str(window))
        width = re.search(r"Width: (\d+)", info)
        height = re.search(r"Height: (\d+)", info)
        return (int(width.group(1)) if width else 0, int(height.group(1)) if height else 0)

    def screenshot(self, path: str) -> None:
        self.run("import", "-window", "root", path)


@contextmanager
def x_display() -> Iterator[Display]:
    """Xvfb on a free display number (``-displayfd``) with openbox managing it."""
    require("Xvfb", "openbox", "xdotool", "wmctrl", "xprop", "xwininfo", "import")
    read, write = os.pipe()
    width, height = SCREEN
    command = ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24"]
    server = subprocess.Popen(
        [*command, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    manager: subprocess.Popen[bytes] | None = None
    try:
        ready, _, _ = select.select([read], [], [], START_TIMEOUT_S)
        assert ready, "Xvfb did not start"
        number = os.read(read, 16).decode().strip()
        assert number, "Xvfb did not say which display it took"
        display = Display(f":{number}")
        manager = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env=display.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def managing() -> None:
            assert "window id" in display.prop(None, "_NET_SUPPORTING_WM_CHECK"), "no WM yet"

        poll(managing, START_TIMEOUT_S)
        yield display
    finally:
        os.close(read)
        if manager is not None:
            stop(manager)
        stop(server)
