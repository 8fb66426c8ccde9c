"""One run of the real app under a screen reader's eyes: Xvfb, the buses, the app.

``walk_screens`` starts everything once, drives the app (``app_driver``) to each screen in
turn and walks its accessible tree there (``walker.py`` under /usr/bin/python3), so that
one app process serves every screen of the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..x11 import poll, stop, x_display
from ..x11_app import REPO, app_env
from .buses import SYSTEM_PYTHON, accessibility_session
from .tree import Node

WALKER = Path(__file__).with_name("walker.py")
SCREEN_WITHIN_S = 30.0


@dataclass
class Walk:
    trees: dict[str, Node] = field(default_factory=dict)
    #: What the app's service layer said about a screen (``driver facts``).
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: str = ""


def walk_screens(folder: Path, screens: tuple[str, ...]) -> Walk:
    walk = Walk()
    with x_display() as display, accessibility_session(display.env) as session:
        env = {
            **app_env(display, folder),
            "DBUS_SESSION_BUS_ADDRESS": session["DBUS_SESSION_BUS_ADDRESS"],
            "XDG_RUNTIME_DIR": session["XDG_RUNTIME_DIR"],
            # Qt's AT-SPI bridge on, as when a screen reader runs on the desktop.
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        }
        log = folder / "app.log"
        with log.open("w") as out:
            app = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.ui.atspi.app_driver",
                    "--data-dir",
                    str(folder / "data"),
                ],
                cwd=REPO,
                env=env,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )
        try:
            for screen in screens:
                assert app.stdin is not None
                app.stdin.write(f"go {screen}\n")
                app.stdin.flush()

                def answered(screen: str = screen) -> str:
                    assert app.poll() is None, f"the app exited: {log.read_text()}"
                    lines = log.read_text().splitlines()
                    done = [
                        ln
                        for ln in lines
                        if ln.startswith((f"driver ready {screen}", f"driver failed {screen}:"))
                    ]
                    assert done, f"the app is not at {screen} yet"
                    return done[0]

                line = poll(answered, SCREEN_WITHIN_S, interval=0.1)[0]
                assert line.startswith("driver ready"), line
                for ln in log.read_text().splitlines():
                    if ln.startswith(f"driver facts {screen} "):
                        walk.facts[screen] = json.loads(ln.split(" ", 3)[3])
                walked = subprocess.run(
                    [str(SYSTEM_PYTHON), str(WALKER), str(app.pid)],
                    env={**session, "PYTHONPATH": ""},
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                assert walked.returncode == 0, f"{screen}: the walk failed: {walked.stderr}"
                walk.trees[screen] = json.loads(walked.stdout)
        finally:
            stop(app)
            walk.log = log.read_text()
    return walk
