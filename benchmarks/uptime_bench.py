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
QLineEdit (a blinking caret and nothing else). Each runs in its own process, left alone
``SETTLE_S`` (start-up done; the kiosk's caret rests 10 s after the last input); then its
CPU time and wake-ups (every thread's, from ``/proc/<pid>/task/*``) are read over ``seconds``;
printed as CPU ms per second of wall time, and the app over the floor.

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
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The session driver sits beside this file (and this file is imported by scale_bench.py).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kiosk_sessions import Kiosk  # noqa: E402

#: RSS is read every this many sessions (a read costs a file open).
RSS_EVERY = 10
#: How long a program is left before its idle CPU is read: start-up done, and the kiosk's
#: caret rested (``ui/caret.BLINK_FOR_MS``, 10 s) and its collector slowed (7.5 s).
SETTLE_S = 12.0
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


def _counts(app: Any, window: Any, held: int) -> dict[str, Any]:
    """What lives now; ``held``: how many earlier counts are kept alive meanwhile (each is
    a dict and a Counter of its own, which are not the app's)."""
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
    python["dict"] -= held
    python["Counter"] -= held
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
            # A first count makes Python wrappers for the Qt objects it walks (scroll bars,
            # layouts Python never saw): they stay while their objects live. The count's
            # own one-off, then, not the app's.
            _counts(kiosk.app, kiosk.window, held=0)
            before = middle = _counts(kiosk.app, kiosk.window, held=0)
            rss: list[tuple[int, int]] = [(0, rss_kib())]
            counted = 0
            start = time.perf_counter()
            for n in range(1, sessions + 1):
                kiosk.session()
                if n % RSS_EVERY == 0:
                    rss.append((n, rss_kib() - counted))
                if n == sessions // 2:
                    # The count itself raises the heap (a Counter of every object): what
                    # it added is taken off the later samples, so the slope is the app's.
                    ahead = rss_kib()
                    middle = _counts(kiosk.app, kiosk.window, held=1)
                    counted = rss_kib() - ahead
            elapsed = time.perf_counter() - start
            after = _counts(kiosk.app, kiosk.window, held=2 if sessions > 1 else 1)
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


def thread_counts(pid: int) -> dict[str, tuple[int, int]]:
    """Per thread of ``pid``: CPU ns so far (the scheduler's own count, from
    ``/proc/<pid>/task/*/schedstat``: ``/proc/<pid>/stat`` counts in ticks of 10 ms, too
    coarse for a program that wakes for microseconds) and voluntary context switches
    (each is the thread going back to sleep: for an idle program, its wake-ups)."""
    found: dict[str, tuple[int, int]] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        # A thread that ended between the listing and the read is left out.
        with suppress(FileNotFoundError, ProcessLookupError):
            ns = int((task / "schedstat").read_text(encoding="ascii").split()[0])
            status = (task / "status").read_text(encoding="ascii")
            switches = next(
                int(line.split()[1])
                for line in status.splitlines()
                if line.startswith("voluntary_ctxt_switches:")
            )
            found[task.name] = (ns, switches)
    return found


def grown_by(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> tuple[float, int]:
    """CPU seconds and wake-ups between two ``thread_counts``. Per thread: a sum over the
    process would go down when a thread ends (the pool's idle threads expire after 30 s);
    one that ended meanwhile adds only what it spent ending."""
    cpu = sum(ns - before.get(tid, (0, 0))[0] for tid, (ns, _) in after.items())
    woke = sum(n - before.get(tid, (0, 0))[1] for tid, (_, n) in after.items())
    return cpu / 1e9, woke


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


def idle_cpu_of(argv: list[str], seconds: float, env: dict[str, str]) -> tuple[float, float]:
    """CPU ms per second, and wake-ups per second, of ``argv`` left alone for ``seconds``
    after ``SETTLE_S``."""
    proc = subprocess.Popen(
        argv, env=os.environ | env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(SETTLE_S)
        if proc.poll() is not None:
            raise RuntimeError(f"{argv} exited with {proc.returncode}")
        before, wall0 = thread_counts(proc.pid), time.monotonic()
        time.sleep(seconds)
        after, wall1 = thread_counts(proc.pid), time.monotonic()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    wall = wall1 - wall0
    cpu, woke = grown_by(before, after)
    return cpu * 1000 / wall, woke / wall


def idle_cpu(seconds: float, platform: str = "offscreen") -> dict[str, Any]:
    """The kiosk's first screen against the floor program, CPU ms per second while idle;
    ``app_over_floor_ms_per_s`` is what the kiosk costs beyond the floor."""
    with tempfile.TemporaryDirectory() as tmp, display(platform) as env:
        settings = Path(tmp, "settings")
        settings.mkdir()
        config = Path(tmp, "config.toml")
        config.write_text(f'log_dir = "{Path(tmp, "logs")}"\n', encoding="utf-8")
        env = env | {"CARE4U_CONFIG": str(config), "XDG_CONFIG_HOME": str(settings)}
        python = sys.executable
        app_argv = [python, "-m", "care4u_desktop", "--kiosk", "--data-dir", str(tmp)]
        floor, floor_woke = idle_cpu_of([python, "-c", FLOOR_LABEL], seconds, env)
        caret, caret_woke = idle_cpu_of([python, "-c", FLOOR_LINE_EDIT], seconds, env)
        app, app_woke = idle_cpu_of(app_argv, seconds, env | {"PYTHONPATH": str(ROOT)})
    return {
        "platform": platform,
        "seconds": seconds,
        "floor_ms_per_s": floor,
        "line_edit_ms_per_s": caret,
        "app_ms_per_s": app,
        "app_over_floor_ms_per_s": app - floor,
        # The floor may well spend nothing measurable: then there is no ratio to give.
        "ratio": app / floor if floor > 0 else None,
        "floor_wakeups_per_s": floor_woke,
        "line_edit_wakeups_per_s": caret_woke,
        "app_wakeups_per_s": app_woke,
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
    print(
        f"CPU while idle, {c['seconds']:.0f} s after {SETTLE_S:.0f} s untouched ({c['platform']}):"
    )
    rows = (
        ("floor (one QLabel)", "floor"),
        ("one focused QLineEdit", "line_edit"),
        ("kiosk's first screen", "app"),
    )
    for label, key in rows:
        print(
            f"  {label:<24} {c[f'{key}_ms_per_s']:7.3f} ms/s   "
            f"{c[f'{key}_wakeups_per_s']:6.2f} wake-ups/s"
        )
    ratio = f"{c['ratio']:.2f}x" if c["ratio"] is not None else "(the floor spends nothing)"
    print(f"  kiosk - floor            {c['app_over_floor_ms_per_s']:7.3f} ms/s   ratio {ratio}")


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
