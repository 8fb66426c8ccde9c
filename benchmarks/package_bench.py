"""Size and start-up of the packaged app against the floor (one QLabel, frozen the same way).

    .venv/bin/python benchmarks/package_bench.py              # build both, 21 runs each
    .venv/bin/python benchmarks/package_bench.py --runs 15 --update-docs

Builds ``build.spec`` and ``benchmarks/packaging/floor.spec`` with PyInstaller into
``build/bench/`` (``--app-dir``/``--floor-dir`` reuse existing folders instead), then:

- size: the bytes of every file in each folder (symlinks count as links, not targets);
- start-up: each executable is started with ``--smoke-test`` (offscreen unless
  ``QT_QPA_PLATFORM`` says otherwise). Both print (flushed) a ``first paint`` line as soon
  as their first window's first paint event is over, and a ``smoke test OK`` line once
  their checks are done: for the floor at once; for Care4U when its store has answered
  too (opened, on a first start created and seeded, on a worker while the view painted).
  Three times are taken from just before the process is spawned: to the ``first paint``
  line (start-to-first-paint, the budgeted figure), to the ``OK`` line, and to the exit.
  Windows GUI executables have no stdout: there all three are the time to the exit.
  Runs alternate app/floor after one unmeasured warm-up run of each, so both see the
  same disk cache and machine load.

Prints a table and the ratios against the budgets (size <= 1.25x, start-up <= 1.5x),
writes ``build/bench/results.json``, and with ``--update-docs`` replaces the figures
block in ``docs/packaging.md``. Exits 1 when a budget is exceeded and ``--check`` is set.
It is a measurement, not part of the pass/fail test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "build" / "bench"
DOCS = ROOT / "docs" / "packaging.md"
SIZE_BUDGET = 1.25
START_BUDGET = 1.5
EXE = ".exe" if sys.platform == "win32" else ""
BEGIN, END = "<!-- package-bench:begin -->", "<!-- package-bench:end -->"


@dataclass
class Figures:
    name: str
    folder: str
    size_bytes: int
    files: int
    start_ms: list[float]
    ok_ms: list[float]
    exit_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.start_ms)


def build(spec: Path, name: str) -> Path:
    dist, work = BENCH / "dist", BENCH / "work" / name
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(dist), "--workpath", str(work), str(spec)]
    print(f"building {spec.relative_to(ROOT)} ...", flush=True)
    env = {k: v for k, v in os.environ.items() if k != "ONEFILE"}
    log = BENCH / f"build-{name}.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise SystemExit(f"building {spec.name} failed; see {log}")
    return dist


def folder_size(folder: Path) -> tuple[int, int]:
    total = files = 0
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            files += 1
    return total, files


FIRST_PAINT, OK = "first paint", "smoke test OK"


def start_once(exe: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Milliseconds from spawning ``exe --smoke-test`` to its first-paint line, to its OK
    line and to its exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "--smoke-test"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        cwd=BENCH,
    )
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    for line in proc.stdout:
        for marker in (FIRST_PAINT, OK):
            if marker in line and marker not in seen:
                seen[marker] = time.perf_counter()
        if OK in seen:
            break
    _out, err = proc.communicate(timeout=60)
    exited = time.perf_counter()
    if proc.returncode != 0:
        raise SystemExit(f"{exe.name} --smoke-test failed ({proc.returncode}): {err.strip()}")
    if len(seen) < 2:
        if not (sys.platform == "win32" and exe.name.startswith("care4u")):
            raise SystemExit(f"{exe.name} --smoke-test printed no {FIRST_PAINT!r}/{OK!r} lines")
        seen = {FIRST_PAINT: exited, OK: exited}

    def ms(t: float) -> float:
        return (t - start) * 1000

    return ms(seen[FIRST_PAINT]), ms(seen[OK]), ms(exited)


def measure(app_dir: Path, floor_dir: Path, runs: int) -> tuple[Figures, Figures]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A user with no settings yet, not the developer's: both programs look up their
    # per-user folders as on any start (Care4U finds no config file and no display choices).
    env.pop("CARE4U_CONFIG", None)
    home = BENCH / "home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env["HOME"] = env["USERPROFILE"] = str(home)
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("APPDATA", "AppData/Roaming"),
        ("LOCALAPPDATA", "AppData/Local"),
    ):
        env[name] = str(home / sub)
    targets = [
        ("care4u-desktop", app_dir, app_dir / f"care4u-desktop{EXE}"),
        ("floor", floor_dir, floor_dir / f"floor{EXE}"),
    ]
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name, *_ in targets}
    for _name, _dir, exe in targets:
        start_once(exe, env)  # warm-up: page cache, fontconfig cache
    for _ in range(runs):
        for name, _dir, exe in targets:
            times[name].append(start_once(exe, env))
    out = []
    for name, folder, _exe in targets:
        size, files = folder_size(folder)
        paint, ok, exits = (list(column) for column in zip(*times[name], strict=True))
        out.append(Figures(name, str(folder), size, files, paint, ok, exits))
    return out[0], out[1]


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def report(app: Figures, floor: Figures, runs: int) -> dict[str, Any]:
    size_ratio = app.size_bytes / floor.size_bytes
    start_ratio = app.median / floor.median
    return {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "qpa": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "runs": runs,
        "app": asdict(app) | {"median_ms": app.median},
        "floor": asdict(floor) | {"median_ms": floor.median},
        "ok_ratio": statistics.median(app.ok_ms) / statistics.median(floor.ok_ms),
        "exit_ratio": statistics.median(app.exit_ms) / statistics.median(floor.exit_ms),
        "size_ratio": size_ratio,
        "start_ratio": start_ratio,
        "size_ok": size_ratio <= SIZE_BUDGET,
        "start_ok": start_ratio <= START_BUDGET,
    }


def markdown(r: dict[str, Any], app: Figures, floor: Figures) -> str:
    def row(f: Figures) -> str:
        ms = f.start_ms
        return (
            f"| `{f.name}` | {mib(f.size_bytes)} ({f.files} files) "
            f"| {statistics.median(ms):.0f} | {min(ms):.0f} | {max(ms):.0f} "
            f"| {statistics.median(f.ok_ms):.0f} | {statistics.median(f.exit_ms):.0f} |"
        )

    def verdict(ok: bool) -> str:
        return "within budget" if ok else "OVER BUDGET"

    return "\n".join(
        [
            f"Measured {r['when']} on {r['machine']}, QT_QPA_PLATFORM={r['qpa']}, "
            f"{r['runs']} runs each after one warm-up.",
            "",
            "| folder | size | to first paint, median (ms) | min | max "
            "| to OK line, median | to exit, median |",
            "|---|---|---|---|---|---|---|",
            row(app),
            row(floor),
            "",
            f"- size ratio: **{r['size_ratio']:.2f}x** (budget {SIZE_BUDGET}x, "
            f"{verdict(r['size_ok'])})",
            f"- start-to-first-paint ratio (medians): **{r['start_ratio']:.2f}x** "
            f"(budget {START_BUDGET}x, {verdict(r['start_ok'])})",
            f"- to the OK line (Care4U's store opened and counted; no budget): "
            f"{r['ok_ratio']:.2f}x; to the exit, shut-down included (no budget): "
            f"{r['exit_ratio']:.2f}x",
        ]
    )


def update_docs(text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    head, sep, rest = doc.partition(BEGIN)
    _old, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"{DOCS} has no {BEGIN} ... {END} block")
    DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--app-dir", type=Path, help="an existing dist/care4u-desktop")
    parser.add_argument("--floor-dir", type=Path, help="an existing floor folder")
    parser.add_argument("--update-docs", action="store_true", help="rewrite docs/packaging.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when over a budget")
    args = parser.parse_args(argv)

    BENCH.mkdir(parents=True, exist_ok=True)
    app_dir = args.app_dir or build(ROOT / "build.spec", "app") / "care4u-desktop"
    floor_dir = args.floor_dir or (
        build(ROOT / "benchmarks" / "packaging" / "floor.spec", "floor") / "floor"
    )
    app, floor = measure(app_dir.resolve(), floor_dir.resolve(), args.runs)
    result = report(app, floor, args.runs)
    (BENCH / "results.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    text = markdown(result, app, floor)
    print(text)
    if args.update_docs:
        update_docs(text)
        print(f"updated {DOCS.relative_to(ROOT)}")
    ok = bool(result["size_ok"]) and bool(result["start_ok"])
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
