"""Issue 14's figures in one run, each at scale next to its baseline, as ratios.

    .venv/bin/python benchmarks/scale_bench.py             # the issue's sizes; docs/scale.md
    .venv/bin/python benchmarks/scale_bench.py --quick     # smaller sizes, minutes; no docs
    .venv/bin/python benchmarks/scale_bench.py --only doctors history

Every baseline runs in the same run as its figure, on the same machine:

- the doctor list (log-in + the list with next free times, from a cold doctor cache) at
  10 doctors against 2,000, on SQLite (a file with 20 days of history a doctor) and on
  DynamoDB (a moto server over HTTP), with the requests counted; also with one doctor in a
  hundred booked up to the horizon ("-1%", the worst case); ``doctor_list_bench.py``;
- filtering that list, ms per keystroke, at 10 and at 2,000 doctors (the real proxy);
- "My appointments" with 5 past appointments against 1,000, and the desk's day with 5
  booked times against 1,000 (the real window, offscreen, SQLite); ``history_bench.py``;
- the SQLite store's queries at 1,000 appointments against 500,000 (this release's
  schema); ``sqlite_index_bench.py``;
- the requests of each step of a patient's visit, at 10 doctors and at 2,000, on SQLite,
  on DynamoDB and through ``care4u-server`` (HTTP requests); ``request_counts.py``;
- memory over 1,000 patient sessions in one process (the growth after warm-up, and the RSS
  slope), and the CPU of the kiosk's first screen left idle against the floor program (the
  smallest Qt program that shows a window); ``uptime_bench.py``.

"ratio" is the figure at scale over its baseline (1.00x: it does not grow). Times are
medians of several runs; the machine is shared, so a ratio moves by a few tenths from run
to run. The table is printed as markdown; a full run (not ``--quick``) also writes it into
``docs/scale.md`` with the date and the machine. Not a timed test.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = Path(__file__).resolve().parent
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import doctor_list_bench as doctor_list  # noqa: E402
import history_bench as history  # noqa: E402
import request_counts as requests  # noqa: E402
import sqlite_index_bench as sqlite_index  # noqa: E402
import uptime_bench as uptime  # noqa: E402

DOCS = ROOT / "docs" / "scale.md"
BEGIN = "<!-- scale-bench:begin -->"
END = "<!-- scale-bench:end -->"
PARTS = ("doctors", "history", "sqlite", "requests", "uptime")


@dataclass(frozen=True)
class Sizes:
    doctors: tuple[int, int] = (10, 2000)
    rows: tuple[int, int] = (5, 1000)
    appointments: tuple[int, int] = (1_000, 500_000)
    sessions: int = 1000
    idle_seconds: float = 20.0
    repeat: int = 9  # timed runs of each figure (medians)


FULL = Sizes()
QUICK = Sizes((10, 500), (5, 300), (1_000, 50_000), 200, 5.0, 5)


@dataclass(frozen=True)
class Figure:
    """One line of the table: what, its baseline and its figure at scale."""

    section: str
    what: str
    baseline: str
    at_scale: str
    base: float
    scaled: float
    unit: str
    target: str = ""

    @property
    def ratio(self) -> str:
        if self.base == 0:
            return "=" if self.scaled == 0 else "-"
        return f"{self.scaled / self.base:.2f}x"


def _fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "ms/s":
        return f"{value:.2f} ms/s"
    return f"{value:,.0f}"


# -- the doctor list -------------------------------------------------------------------------
def doctor_figures(sizes: Sizes, dynamodb: bool) -> list[Figure]:
    from care4u_desktop.adapters.passwords import WerkzeugHasher
    from care4u_desktop.domain import rules
    from care4u_desktop.domain.models import User

    hasher = WerkzeugHasher()
    user = User(
        rules.new_id(),
        "Ada Lovelace",
        doctor_list.EMAIL,
        "+15550000001",
        hasher.hash(doctor_list.PASSWORD),
    )
    few, many = sizes.doctors
    out: list[Figure] = []
    filtering: dict[int, float] = {}
    for booked_up, suffix in doctor_list.SCENARIOS:
        timed: dict[int, tuple[float, int]] = {}
        for size in sizes.doctors:
            with tempfile.TemporaryDirectory() as folder:
                os.chmod(folder, 0o700)
                store = doctor_list.sqlite_store(
                    Path(folder), doctor_list.doctors(size), user, booked_up
                )
                run = partial(doctor_list.log_in_and_list, store)
                made = doctor_list.requests_of(doctor_list.sql_counted(store), run)
                timed[size] = (doctor_list.median_ms(run, sizes.repeat), sum(made.values()))
                if not suffix:
                    filtering[size] = doctor_list.filter_ms_per_keystroke(
                        doctor_list.after(store), 3
                    )
        name = f"SQLite{' ' + suffix if suffix else ''}"
        out.append(_pair("doctor list", f"log-in + list, {name}", "doctors", timed, "ms", 0))
        out.append(_pair("doctor list", f"  requests, {name}", "doctors", timed, "", 1))
    out[0] = _target(out[0], "<= 1.5x")
    out.append(
        Figure(
            "doctor list",
            "filter, per keystroke",
            f"{few:,} doctors",
            f"{many:,} doctors",
            filtering[few],
            filtering[many],
            "ms",
            "< 16 ms",
        )
    )
    if dynamodb:
        out += _dynamodb_doctor_figures(sizes, user)
    return out


def _dynamodb_doctor_figures(sizes: Sizes, user: Any) -> list[Figure]:
    from tests.aws.support import MotoServer, aws_env

    out: list[Figure] = []
    server = MotoServer(serialize_writes=True)
    server.start()
    try:
        with aws_env(server.url):
            for booked_up, suffix in doctor_list.SCENARIOS:
                timed: dict[int, tuple[float, int]] = {}
                for size in sizes.doctors:
                    store = doctor_list.dynamodb_store(doctor_list.doctors(size), user, booked_up)
                    run = partial(doctor_list.after, store)
                    made = doctor_list.requests_of(doctor_list.api_counted(store), run)
                    # moto walks a whole table for an index Query: a few runs, not many.
                    timed[size] = (doctor_list.median_ms(run, 3), sum(made.values()))
                name = f"DynamoDB on moto{' ' + suffix if suffix else ''}"
                out.append(_pair("doctor list", f"list, {name}", "doctors", timed, "ms", 0))
                out.append(_pair("doctor list", f"  requests, {name}", "doctors", timed, "", 1))
    finally:
        server.stop()
    return out


def _pair(
    section: str,
    what: str,
    noun: str,
    timed: dict[int, tuple[float, int]],
    unit: str,
    field: int,
) -> Figure:
    few, many = sorted(timed)
    return Figure(
        section,
        what,
        f"{few:,} {noun}",
        f"{many:,} {noun}",
        float(timed[few][field]),
        float(timed[many][field]),
        unit,
        "a handful, flat" if unit == "" else "",
    )


def _target(figure: Figure, target: str) -> Figure:
    return Figure(**{**figure.__dict__, "target": target})


# -- histories -------------------------------------------------------------------------------
def history_figures(sizes: Sizes) -> list[Figure]:
    few, many = sizes.rows
    measured = history.measure(few, many, sizes.repeat)
    return [
        Figure(
            "histories", name, f"{few:,} rows", f"{many:,} rows", ms[few], ms[many], "ms", "<= 2x"
        )
        for name, ms in measured.items()
    ]


# -- the SQLite store's queries --------------------------------------------------------------
def sqlite_figures(sizes: Sizes) -> list[Figure]:
    from care4u_desktop.adapters.sqlite_store import SQLiteStore

    by_size: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="care4u-scale-") as tmp:
        for size in sizes.appointments:
            path = Path(tmp) / f"{size}.sqlite3"
            sqlite_index.fill(path, size)
            store = SQLiteStore(path)
            store.open()  # migrates the schema-4 file to this release's
            by_size[size] = {
                name: sqlite_index.median_ms(partial(query, store), 30)
                for name, query in sqlite_index.QUERIES.items()
            }
    low, high = sizes.appointments
    return [
        Figure(
            "SQLite queries",
            name,
            f"{low:,} appointments",
            f"{high:,} appointments",
            by_size[low][name],
            by_size[high][name],
            "ms",
            "flat (an index)",
        )
        for name in sqlite_index.QUERIES
    ]


# -- requests per step -----------------------------------------------------------------------
def request_figures(sizes: Sizes) -> tuple[list[Figure], dict[str, dict[str, int]]]:
    """The steps' requests at both sizes per backend, and the detail for the step table."""
    few, many = sizes.doctors
    out: list[Figure] = []
    table: dict[str, dict[str, int]] = {}
    for backend in requests.BACKENDS:
        counts = {size: requests.request_counts(backend, size) for size in (few, many)}
        for size, steps in counts.items():
            table[f"{backend} {size:,}"] = steps
        out.append(
            Figure(
                "requests",
                f"a visit's requests, {backend}",
                f"{few:,} doctors",
                f"{many:,} doctors",
                float(sum(counts[few].values())),
                float(sum(counts[many].values())),
                "",
                "flat",
            )
        )
    return out, table


# -- uptime ----------------------------------------------------------------------------------
def uptime_figures(sizes: Sizes) -> tuple[list[Figure], dict[str, Any]]:
    idle = uptime.idle_cpu(sizes.idle_seconds)
    try:
        memory = uptime.memory_per_session(sizes.sessions)
    except RuntimeError as failed:  # the sessions' driver stopped: say so in the table
        reason = str(failed).strip().splitlines()[-1]
        print(f"memory over sessions failed: {failed}", flush=True)
        return [_idle_figure(idle)], {"idle": idle, "memory_failed": reason}
    n = memory["sessions"]
    out = [
        Figure(
            "uptime",
            "Python objects grown",
            "after warm-up",
            f"after {n:,} sessions",
            0.0,
            float(memory["python_objects"]),
            "",
            "no growth",
        ),
        Figure(
            "uptime",
            "Qt objects grown",
            "after warm-up",
            f"after {n:,} sessions",
            0.0,
            float(memory["qt_objects"]),
            "",
            "no growth",
        ),
        Figure(
            "uptime",
            "tasks left (pending, threads)",
            "after warm-up",
            f"after {n:,} sessions",
            0.0,
            float(memory["pending_tasks"] + memory["active_threads"]),
            "",
            "none",
        ),
        _idle_figure(idle),
    ]
    return out, {"memory": memory, "idle": idle}


def _idle_figure(idle: dict[str, Any]) -> Figure:
    return Figure(
        "uptime",
        "idle CPU, first screen",
        "floor program",
        "kiosk",
        idle["floor_ms_per_s"],
        idle["app_ms_per_s"],
        "ms/s",
        "the floor + own timers",
    )


# -- the table -------------------------------------------------------------------------------
def markdown(
    figures: list[Figure], steps: dict[str, dict[str, int]], uptime_detail: dict[str, Any]
) -> str:
    lines = [
        "| figure | baseline | at scale | its figure | figure at scale | ratio | issue asks |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    section = ""
    for f in figures:
        if f.section != section:
            section = f.section
            lines.append(f"| **{section}** | | | | | | |")
        lines.append(
            f"| {f.what.strip()} | {f.baseline} | {f.at_scale} | {_fmt(f.base, f.unit)} |"
            f" {_fmt(f.scaled, f.unit)} | {f.ratio} | {f.target} |"
        )
    memory = uptime_detail.get("memory")
    if memory:
        lines += [
            "",
            f"Memory over {memory['sessions']:,} patient sessions (after {memory['warmup']} of"
            f" warm-up, {memory['ms_per_session']:.0f} ms a session): RSS"
            f" {memory['rss_kib_start']:,} -> {memory['rss_kib_end']:,} KiB, slope"
            f" **{memory['rss_kib_per_session']:.3f} KiB per session** (the issue asks for"
            " less than 0.2); Python objects grown by type:"
            f" {memory['python_by_type'] or 'none'}.",
        ]
    if "memory_failed" in uptime_detail:
        lines += ["", f"Memory over sessions: not measured, {uptime_detail['memory_failed']}"]
    idle = uptime_detail.get("idle")
    if idle:
        lines.append(
            f"Idle CPU over {idle['seconds']:.0f} s ({idle['platform']}): floor program"
            f" {idle['floor_ms_per_s']:.2f} ms/s ({idle['floor_wakeups_per_s']:.1f} wake-ups/s),"
            f" one focused QLineEdit {idle['line_edit_ms_per_s']:.2f} ms/s"
            f" ({idle['line_edit_wakeups_per_s']:.1f}/s), the kiosk's first screen"
            f" {idle['app_ms_per_s']:.2f} ms/s ({idle['app_wakeups_per_s']:.1f}/s):"
            f" {idle['app_over_floor_ms_per_s']:.2f} ms/s beyond the floor."
        )
    if steps:
        columns = list(steps)
        lines += [
            "",
            "Requests per step of a patient's visit (SQL statements; DynamoDB, SNS and STS"
            " calls on a moto server; HTTP requests to care4u-server), by backend and number"
            " of doctors:",
            "",
            "| step | " + " | ".join(columns) + " |",
            "|---|" + "---:|" * len(columns),
        ]
        for step in requests.STEPS:
            lines.append(f"| {step} | " + " | ".join(str(steps[c][step]) for c in columns) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    python = platform.python_version()
    from PySide6 import __version__ as pyside

    return (
        f"{platform.system()} {platform.release()}, {model or platform.machine()},"
        f" {os.cpu_count()} CPUs (shared), Python {python}, PySide6 {pyside}"
    )


def update_docs(text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    head, sep, rest = doc.partition(BEGIN)
    _old, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"{DOCS} has no {BEGIN} ... {END} block")
    DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


@contextmanager
def timed(name: str) -> Iterator[None]:
    started = time.perf_counter()
    print(f"[{name}] ...", flush=True)
    yield
    print(f"[{name}] {time.perf_counter() - started:.0f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes; docs untouched")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--no-dynamodb", action="store_true", help="the doctor list on SQLite")
    parser.add_argument("--no-docs", action="store_true", help=f"leave {DOCS.name} as it is")
    parser.add_argument("--sessions", type=int, help="patient sessions for the memory slope")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.sessions:
        sizes = dataclasses.replace(sizes, sessions=args.sessions)
    figures: list[Figure] = []
    steps: dict[str, dict[str, int]] = {}
    detail: dict[str, Any] = {}
    parts: dict[str, Callable[[], None]] = {}

    def run_history() -> None:
        figures.extend(history_figures(sizes))

    def run_doctors() -> None:
        figures.extend(doctor_figures(sizes, not args.no_dynamodb))

    def run_sqlite() -> None:
        figures.extend(sqlite_figures(sizes))

    def run_requests() -> None:
        found, table = request_figures(sizes)
        figures.extend(found)
        steps.update(table)

    def run_uptime() -> None:
        found, more = uptime_figures(sizes)
        figures.extend(found)
        detail.update(more)

    # The window first: it makes the QApplication the filter's model then shares.
    parts = {
        "history": run_history,
        "doctors": run_doctors,
        "sqlite": run_sqlite,
        "requests": run_requests,
        "uptime": run_uptime,
    }
    for name, run in parts.items():
        if name in args.only:
            with timed(name):
                run()
    order = {"doctor list": 0, "histories": 1, "SQLite queries": 2, "requests": 3, "uptime": 4}
    figures.sort(key=lambda f: order[f.section])
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = (
        f"Latest run: {stamp}, `benchmarks/scale_bench.py{' --quick' if args.quick else ''}"
        f"{f' --sessions {args.sessions}' if args.sessions else ''}`"
        f"{' --only ' + ' '.join(args.only) if set(args.only) != set(PARTS) else ''};"
        f" {machine()}."
    )
    text = header + "\n\n" + markdown(figures, steps, detail)
    print()
    print(text)
    if not args.quick and not args.no_docs:
        update_docs(text)
        print(f"\nwritten into {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
