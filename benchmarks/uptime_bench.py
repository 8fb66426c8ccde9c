"""Weeks of uptime (issue 14, item 5): memory over many patient sessions, CPU while idle.

    .venv/bin/python benchmarks/uptime_bench.py                    # 1,000 sessions, 20 s idle
    .venv/bin/python benchmarks/uptime_bench.py --sessions 200 --idle-seconds 10
    .venv/bin/python benchmarks/uptime_bench.py --platform xcb     # under its own Xvfb

``memory_per_session(sessions)``: a kiosk (offscreen, a real SQLite file) in a process of
its own serves ``sessions`` patients one after the other, each through the real widgets as
a patient would: type the e-mail and password, Log in (scrypt, as shipped), the doctor
list, Book on one doctor, the first free time, Confirm, the confirmation, Done (a kiosk
logs out). After ``warmup`` sessions it takes a first count; at the end a second one:
Python objects by type (``gc.get_objects`` after a collection), Qt objects (every
``QObject`` under the application and its windows), tasks (``TaskRunner.pending``, the
pool's active threads), and the resident set size sampled every few sessions, whose slope
(least squares over the samples after warm-up) is the KiB a session costs. The issue asks
for no growth in the counts and less than 0.2 KiB per session.

``idle_cpu(seconds)``: the kiosk's first screen, left alone, against the floor program
(the smallest PySide6 program that shows a window: one QLabel, as
``benchmarks/packaging/floor_app.py``), and, for scale, the same with one focused
QLineEdit (a blinking caret and nothing else). Each runs in its own process; after it
has settled, its CPU time (every thread's, from ``/proc/<pid>/task/*/schedstat``) is read over
``seconds``; printed as CPU ms per second of wall time, and the app over the floor.

Both run their baselines in the same run. Part of ``benchmarks/scale_bench.py``'s table;
not a timed test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "correct horse 12"
#: Patients take turns: each session books one more appointment for one of them.
NAMES = (
    "Ana Lima", "Ben Okafor", "Chen Wei", "Dana Cohen", "Emil Novak",
    "Fatima Zahra", "Gus Berg", "Hana Sato", "Ivan Petrov", "Jade Moreau",
)  # fmt: skip
PATIENTS = len(NAMES)
#: RSS is read every this many sessions (a read costs a file open).
RSS_EVERY = 10
#: How long a program may settle (start-up checks, first paint) before idle is measured.
SETTLE_S = 4.0
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


# -- memory over sessions ------------------------------------------------------------------


def rss_kib(pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * PAGE_KIB


def slope(points: list[tuple[int, int]]) -> float:
    """Least-squares slope of y over x."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var if var else 0.0


def memory_per_session(sessions: int, warmup: int = 50) -> dict[str, Any]:
    """Run ``sessions`` patient sessions (after ``warmup`` more) in a fresh process; the
    deltas between the count after warm-up and the count at the end, and the RSS slope."""
    out = subprocess.run(
        [sys.executable, __file__, "--child-memory", str(sessions), "--warmup", str(warmup)],
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the sessions' process failed:\n{out.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _counts(app: Any, window: Any) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool

    # What deleteLater left for the loop, and then Python's garbage: a count of what lives.
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        gc.collect()
    python = Counter(type(o).__qualname__ for o in gc.get_objects())
    qt_objects = {id(o) for o in app.findChildren(QObject)}
    for top in app.topLevelWidgets():
        qt_objects.add(id(top))
        qt_objects.update(id(o) for o in top.findChildren(QObject))
    return {
        "python": python,
        "qt": len(qt_objects),
        "runner_children": len(window.runner.findChildren(QObject)),
        "pending": window.runner.pending,
        "active_threads": QThreadPool.globalInstance().activeThreadCount(),
    }


def _child_memory(sessions: int, warmup: int) -> dict[str, Any]:
    from PySide6.QtCore import QSettings

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        config = Path(tmp, "config.toml")
        # Clocks long enough that no idle prompt or confirmation time-out cuts a session.
        config.write_text("idle_seconds = 600\nconfirmation_seconds = 600\n", encoding="utf-8")
        os.environ["CARE4U_CONFIG"] = str(config)
        kiosk = Kiosk(["--kiosk", "--data-dir", tmp])
        try:
            for n in range(warmup):
                kiosk.session()
                if n == warmup // 2:
                    # The minute's background jobs, once: their first run builds their
                    # services (a one-off a session's count must not include).
                    kiosk.window.jobs.run_due()
                    kiosk.wait_idle()
            before = middle = _counts(kiosk.app, kiosk.window)
            rss: list[tuple[int, int]] = [(0, rss_kib())]
            start = time.perf_counter()
            for n in range(1, sessions + 1):
                kiosk.session()
                if n % RSS_EVERY == 0:
                    rss.append((n, rss_kib()))
                if n == sessions // 2:
                    middle = _counts(kiosk.app, kiosk.window)
            elapsed = time.perf_counter() - start
            after = _counts(kiosk.app, kiosk.window)
        finally:
            kiosk.close()
    return {
        "sessions": sessions,
        "warmup": warmup,
        "ms_per_session": elapsed * 1000 / sessions,
        "python_objects": _total(after) - _total(before),
        "python_by_type": _grown(before, after),
        # What the second half added: growth that goes on, apart from any one-off.
        "python_objects_second_half": _total(after) - _total(middle),
        "python_by_type_second_half": _grown(middle, after),
        "qt_objects": after["qt"] - before["qt"],
        "qt_objects_second_half": after["qt"] - middle["qt"],
        "runner_children": after["runner_children"] - before["runner_children"],
        "pending_tasks": after["pending"],
        "active_threads": after["active_threads"],
        "rss_kib_start": rss[0][1],
        "rss_kib_end": rss[-1][1],
        "rss_kib_per_session": slope(rss),
        "rss_kib_samples": rss,
    }


def _total(counts: dict[str, Any]) -> int:
    return sum(counts["python"].values())


def _grown(before: dict[str, Any], after: dict[str, Any]) -> dict[str, int]:
    """The types whose count changed most, by how much (a type that shrank does not make
    up for one that grew: both are listed)."""
    old, new = before["python"], after["python"]
    changed = {name: new[name] - old.get(name, 0) for name in new if new[name] != old.get(name, 0)}
    changed.update({name: -old[name] for name in old if name not in new})
    return dict(sorted(changed.items(), key=lambda kv: -abs(kv[1]))[:8])


class Kiosk:
    """A kiosk window driven as a patient drives it (real widgets, offscreen)."""

    def __init__(self, argv: list[str]) -> None:
        from PySide6.QtWidgets import QApplication

        from care4u_desktop.app import build_main_window

        self.window = build_main_window(argv)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        self.wait(lambda: self.window.login.isVisible())
        self.wait_idle()
        accounts = self.window.services.accounts
        self.emails = [f"patient{n}@example.com" for n in range(PATIENTS)]
        for email, name in zip(self.emails, NAMES, strict=True):
            accounts.sign_up(name, email, "555 123 4567", PASSWORD, PASSWORD)
        self.count = 0

    def wait(self, done: Callable[[], bool], timeout_s: float = 30.0) -> None:
        """Run the event loop until ``done()``. A real loop, as the kiosk's ``exec`` is:
        ``processEvents`` alone never deletes what ``deleteLater`` left (the time
        buttons of every day shown), which would count as growth the app does not have."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(1)
        deadline = time.monotonic() + timeout_s
        timed_out = False

        def check() -> None:
            nonlocal timed_out
            if done():
                loop.quit()
            elif time.monotonic() > deadline:
                timed_out = True
                loop.quit()

        poll.timeout.connect(check)
        poll.start()
        if not done():
            loop.exec()
        poll.stop()
        if timed_out:
            raise TimeoutError(f"the kiosk did not get there in {timeout_s} s")

    def wait_idle(self) -> None:
        self.wait(lambda: not self.window.runner.pending)

    def click(self, button: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if not (button.isVisible() and button.isEnabled()):
            raise RuntimeError(f"{button.objectName()} cannot be clicked")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def session(self) -> None:
        """One patient: log in, book the first free time of one doctor, Done."""
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLineEdit, QPushButton

        window = self.window
        login = window.login
        email = self.emails[self.count % len(self.emails)]
        for name, text in (("emailInput", email), ("passwordInput", PASSWORD)):
            line = login.findChild(QLineEdit, name)
            line.setFocus()
            QTest.keyClicks(line, text)
        self.click(login.findChild(QPushButton, "loginButton"))
        self.wait(lambda: window.current_view() is window.doctors and not window.runner.pending)
        doctors = window.doctors
        self.wait(lambda: doctors.proxy.rowCount() > 0)
        doctors.table.selectRow(self.count % doctors.proxy.rowCount())
        self.click(doctors.findChild(QPushButton, "bookButton"))
        self.wait(lambda: window.current_view() is window.booking and not window.runner.pending)
        booking = window.booking
        free = [
            b
            for b in booking.findChildren(QPushButton)
            if b.objectName().startswith("slot-") and b.isEnabled() and b.isVisible()
        ]
        if not free:
            raise RuntimeError("the doctor's next free day shows no free time")
        self.click(free[0])
        self.click(booking.findChild(QPushButton, "confirmBookingButton"))
        self.wait(lambda: booking.pages.currentIndex() == 1 and not window.runner.pending)
        self.click(booking.confirmation.done_button)
        self.wait(lambda: window.current_view() is window.login and not window.runner.pending)
        self.count += 1

    def close(self) -> None:
        self.window.runner.forget_pending()
        self.window.runner.wait_for_done()
        self.window.exit_allowed = True
        self.window.close()


# -- CPU while idle ------------------------------------------------------------------------

FLOOR_LABEL = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("Care4U floor: one QLabel")
label.resize(480, 160)
label.show()
sys.exit(app.exec())
"""

FLOOR_LINE_EDIT = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication(sys.argv)
line = QLineEdit()
line.resize(480, 40)
line.show()
line.activateWindow()
line.setFocus()
sys.exit(app.exec())
"""


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of ``pid``, in seconds, to the nanosecond: the scheduler's
    own count (``/proc/<pid>/task/*/schedstat``); ``/proc/<pid>/stat`` counts in ticks of
    10 ms, too coarse for a program that wakes for microseconds."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        # A thread that ended between the listing and the read counted nothing more.
        with suppress(FileNotFoundError, ProcessLookupError):
            total += int((task / "schedstat").read_text(encoding="ascii").split()[0])
    return total / 1e9


@contextmanager
def display(platform: str) -> Iterator[dict[str, str]]:
    """The environment a measured program runs in: offscreen, or xcb on an Xvfb of its own."""
    if platform == "offscreen":
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"}
    finally:
        server.terminate()
        server.wait(10)


def idle_cpu_of(argv: list[str], seconds: float, env: dict[str, str]) -> float:
    """CPU ms per second of ``argv`` left alone for ``seconds`` after it settled."""
    proc = subprocess.Popen(
        argv, env=os.environ | env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(SETTLE_S)
        if proc.poll() is not None:
            raise RuntimeError(f"{argv} exited with {proc.returncode}")
        cpu0, wall0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        cpu1, wall1 = cpu_seconds(proc.pid), time.monotonic()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return (cpu1 - cpu0) * 1000 / (wall1 - wall0)


def idle_cpu(seconds: float, platform: str = "offscreen") -> dict[str, Any]:
    """The kiosk's first screen against the floor program, CPU ms per second while idle."""
    with tempfile.TemporaryDirectory() as tmp, display(platform) as env:
        settings = Path(tmp, "settings")
        settings.mkdir()
        config = Path(tmp, "config.toml")
        config.write_text(f'log_dir = "{Path(tmp, "logs")}"\n', encoding="utf-8")
        env = env | {"CARE4U_CONFIG": str(config), "XDG_CONFIG_HOME": str(settings)}
        python = sys.executable
        app_argv = [python, "-m", "care4u_desktop", "--kiosk", "--data-dir", str(tmp)]
        floor = idle_cpu_of([python, "-c", FLOOR_LABEL], seconds, env)
        caret = idle_cpu_of([python, "-c", FLOOR_LINE_EDIT], seconds, env)
        app = idle_cpu_of(app_argv, seconds, env | {"PYTHONPATH": str(ROOT)})
    return {
        "platform": platform,
        "seconds": seconds,
        "floor_ms_per_s": floor,
        "line_edit_ms_per_s": caret,
        "app_ms_per_s": app,
        "ratio": app / floor if floor else float("inf"),
    }


# -- the printout ----------------------------------------------------------------------------


def print_memory(m: dict[str, Any]) -> None:
    print(
        f"Memory over {m['sessions']} patient sessions after {m['warmup']} of warm-up "
        f"(kiosk, offscreen, SQLite; {m['ms_per_session']:.0f} ms a session):"
    )
    print(f"  Python objects     {m['python_objects']:+d}   by type: {m['python_by_type']}")
    half = m["sessions"] - m["sessions"] // 2
    print(
        f"    in the last {half}  {m['python_objects_second_half']:+d}   by type: "
        f"{m['python_by_type_second_half']}"
    )
    print(
        f"  Qt objects         {m['qt_objects']:+d} (last {half}: {m['qt_objects_second_half']:+d})"
        f"   under the runner: {m['runner_children']:+d}"
    )
    print(
        f"  tasks              pending {m['pending_tasks']}, active threads {m['active_threads']}"
    )
    print(
        f"  RSS                {m['rss_kib_start']} -> {m['rss_kib_end']} KiB, "
        f"slope {m['rss_kib_per_session']:.3f} KiB/session (issue: < 0.2)"
    )


def print_idle(c: dict[str, Any]) -> None:
    print(f"CPU while idle, {c['seconds']:.0f} s after settling ({c['platform']}):")
    print(f"  floor (one QLabel)       {c['floor_ms_per_s']:7.2f} ms/s")
    print(f"  one focused QLineEdit    {c['line_edit_ms_per_s']:7.2f} ms/s")
    print(f"  kiosk's first screen     {c['app_ms_per_s']:7.2f} ms/s")
    print(f"  ratio kiosk / floor      {c['ratio']:7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--platform", choices=("offscreen", "xcb"), default="offscreen")
    parser.add_argument("--child-memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory is not None:
        print(json.dumps(_child_memory(args.child_memory, args.warmup)))
        return
    print_idle(idle_cpu(args.idle_seconds, args.platform))
    print_memory(memory_per_session(args.sessions, args.warmup))


if __name__ == "__main__":
    main()
