"""50 simulated kiosks against ``care4u-server`` on loopback, next to the same work done
directly on the store, in the same run.

    .venv/bin/python benchmarks/server_bench.py                   # local: one SQLite file
    .venv/bin/python benchmarks/server_bench.py --backend aws     # DynamoDB on a moto server
    .venv/bin/python benchmarks/server_bench.py --kiosks 50 --rounds 10
    make bench-server BENCH_ARGS="--backend aws"

Each simulated kiosk is a thread with its own HTTP connection (httpx) and its own enrolled
kiosk device. It signs one patient up (``POST /v1/accounts``, untimed: that is password
hashing), then ``--rounds`` times books a slot of its own (``POST /v1/appointments``) and
cancels it (``POST /v1/appointments/{id}/cancel``); all kiosks start together (a barrier).
Each kiosk has a slot no other kiosk uses, so the figures are the cost of the work, not of
conflicts (the race tests cover those).

The baseline, in the same run: as many threads, each a patient made beforehand, doing the
same rounds through ``BookingService`` on the same store the server uses (the same SQLite
file, or the same tables on the same moto server), on another day so neither run meets
the other's bookings. It is what a kiosk did before the server: the service in its own
process, the store behind it. Both runs go through the same clock, notifier and store.

Printed: bookings per second (completed bookings / wall time of the whole run, cancels
included), p50 and p99 of one booking's latency (milliseconds), the same for the cancel,
and the ratio server / direct. On AWS both runs meet the moto server's serialised writes
(``tests/aws/support.py``), so the ratio there says what the HTTP hop adds on top of a
slow store. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from care4u_desktop.composition import Services, build_services  # noqa: E402
from care4u_desktop.config import Config  # noqa: E402
from care4u_desktop.domain.models import Doctor, Role, User  # noqa: E402

TIMEZONE = "Europe/Berlin"
DOCTORS = 10
SLOTS = tuple(f"{h:02d}:{m:02d}" for h in range(8, 18) for m in (0, 30))  # 20 a day
EVERY_DAY = (1, 2, 3, 4, 5, 6, 7)


@dataclass
class Timings:
    """One run's figures."""

    name: str
    wall_s: float = 0.0
    book_ms: list[float] = field(default_factory=list)
    cancel_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def bookings_per_s(self) -> float:
        return len(self.book_ms) / self.wall_s if self.wall_s else 0.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def letters(n: int) -> str:
    return chr(ord("A") + n // 26) + chr(ord("a") + n % 26)


def kiosk_slot(n: int) -> tuple[str, str]:
    """Kiosk ``n``'s own (doctor, time): no two kiosks share one."""
    return f"bench-doc-{n % DOCTORS:02d}", SLOTS[n // DOCTORS]


def doctors() -> list[Doctor]:
    return [
        Doctor(
            doctor_id=f"bench-doc-{i:02d}",
            name=f"Doctor {i:02d}",
            specialization="General Practice",
            available_slots=SLOTS,
            working_days=EVERY_DAY,
        )
        for i in range(DOCTORS)
    ]


def run_threads(n: int, work: Callable[[int, threading.Barrier], None]) -> float:
    """Run ``work(i, barrier)`` in ``n`` threads; the wall time from the barrier's release."""
    started: list[float] = []
    barrier = threading.Barrier(n + 1, action=lambda: started.append(time.perf_counter()))
    threads = [threading.Thread(target=work, args=(i, barrier)) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait()
    for t in threads:
        t.join()
    return time.perf_counter() - started[0]


# -- the baseline: BookingService on the store, in this process ------------------------------
def direct_run(
    new_services: Callable[[], Services], kiosks: int, rounds: int, day: date
) -> Timings:
    from care4u_desktop.domain.rules import new_id
    from care4u_desktop.services.accounts import Session

    timings = Timings("direct (BookingService on the store)")
    lock = threading.Lock()
    setup = new_services()
    clock = setup.config.now
    patients = []
    for n in range(kiosks):
        user = User(
            user_id=new_id(),
            name=f"Patient {letters(n)}",
            email=f"direct{n:02d}-{time.time_ns()}@example.com",
            phone="",
            password_hash="pbkdf2:sha256:1000$unused$00",
            role=Role.PATIENT,
            created_at=clock().isoformat(timespec="seconds"),
        )
        setup.store.add_user(user)
        patients.append(user)

    def work(n: int, barrier: threading.Barrier) -> None:
        # Each kiosk its own services, store client and notifier, as each kiosk had them.
        booking = new_services().booking
        booking.list_doctors()  # the doctor list is cached, as on a kiosk already in use
        doctor_id, hhmm = kiosk_slot(n)
        session = Session(patients[n])
        barrier.wait()
        for _ in range(rounds):
            try:
                t0 = time.perf_counter()
                appointment = booking.book(patients[n], doctor_id, day, hhmm)
                t1 = time.perf_counter()
                booking.cancel(session, appointment.appointment_id)
                t2 = time.perf_counter()
            except Exception as exc:  # counted and printed; the run goes on
                with lock:
                    timings.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            with lock:
                timings.book_ms.append((t1 - t0) * 1000)
                timings.cancel_ms.append((t2 - t1) * 1000)

    timings.wall_s = run_threads(kiosks, work)
    return timings


# -- the server: kiosks over HTTP ------------------------------------------------------------
def server_run(url: str, tokens: list[str], rounds: int, day: date) -> Timings:
    timings = Timings("care4u-server (HTTP, loopback)")
    lock = threading.Lock()
    sessions: dict[int, str] = {}
    # A kiosk waits as long as its client would (a slow answer is measured, not dropped).
    clients = [
        httpx.Client(base_url=url, headers={"X-Device-Token": t}, timeout=60.0) for t in tokens
    ]
    stamp = time.time_ns()
    for n, client in enumerate(clients):  # each kiosk signs its patient up (untimed)
        answer = client.post(
            "/v1/accounts",
            json={
                "name": f"Patient {letters(n)}",  # the sign-up rules: letters only
                "email": f"server{n:02d}-{stamp}@example.com",
                "phone": f"+1555{n:07d}",
                "password": f"bench-password-{n:02d}",
            },
        )
        answer.raise_for_status()
        sessions[n] = answer.json()["session"]["token"]

    def work(n: int, barrier: threading.Barrier) -> None:
        client = clients[n]
        auth = {"Authorization": f"Bearer {sessions[n]}"}
        doctor_id, hhmm = kiosk_slot(n)
        slot = {"doctor_id": doctor_id, "date": day.isoformat(), "time": hhmm}
        barrier.wait()
        for _ in range(rounds):
            try:
                t0 = time.perf_counter()
                booked = client.post("/v1/appointments", json=slot, headers=auth)
                t1 = time.perf_counter()
                booked.raise_for_status()
                appointment_id = booked.json()["appointment_id"]
                cancelled = client.post(f"/v1/appointments/{appointment_id}/cancel", headers=auth)
                t2 = time.perf_counter()
                cancelled.raise_for_status()
            except httpx.HTTPError as exc:  # counted and printed; the run goes on
                with lock:
                    timings.errors.append(f"{type(exc).__name__}: {exc}"[:160])
                continue
            with lock:
                timings.book_ms.append((t1 - t0) * 1000)
                timings.cancel_ms.append((t2 - t1) * 1000)

    try:
        timings.wall_s = run_threads(len(clients), work)
    finally:
        for client in clients:
            client.close()
    return timings


# -- the table -------------------------------------------------------------------------------
def table(direct: Timings, server: Timings, header: str) -> str:
    rows = [
        (
            "",
            "bookings/s",
            "book p50 ms",
            "book p99 ms",
            "cancel p50 ms",
            "cancel p99 ms",
            "errors",
        ),
    ]
    for t in (direct, server):
        rows.append(
            (
                t.name,
                f"{t.bookings_per_s:.1f}",
                f"{pct(t.book_ms, 50):.1f}",
                f"{pct(t.book_ms, 99):.1f}",
                f"{pct(t.cancel_ms, 50):.1f}",
                f"{pct(t.cancel_ms, 99):.1f}",
                str(len(t.errors)),
            )
        )

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}x" if b else "-"

    rows.append(
        (
            "ratio server / direct",
            ratio(server.bookings_per_s, direct.bookings_per_s),
            ratio(pct(server.book_ms, 50), pct(direct.book_ms, 50)),
            ratio(pct(server.book_ms, 99), pct(direct.book_ms, 99)),
            ratio(pct(server.cancel_ms, 50), pct(direct.cancel_ms, 50)),
            ratio(pct(server.cancel_ms, 99), pct(direct.cancel_ms, 99)),
            "",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [header]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    return "\n".join(lines)


# -- the store and the server ----------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """DynamoDB and SNS on a moto server in its own process (writes serialised, as
    DynamoDB itself orders conflicting writes: see ``tests/aws/support.py``)."""
    code = (
        "import sys; from tests.aws.support import MotoServer\n"
        "s = MotoServer(); s.start(); print(s.url, flush=True); sys.stdin.read(); s.stop()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.stdin.close()
        proc.wait(10)


@contextlib.contextmanager
def backend_config(backend: str, folder: Path) -> Iterator[tuple[Config, dict[str, str]]]:
    """A fresh store with the bench's doctors: its config and the server's environment."""
    data_dir = folder / "data"
    data_dir.mkdir()
    env = {"CARE4U_TIMEZONE": TIMEZONE, "CARE4U_CONFIG": os.devnull}
    if backend == "local":
        yield Config(data_dir=data_dir, backend="local", timezone=TIMEZONE), env
        return
    from tests.aws.support import FAKE_ENV, aws_env

    prefix = f"B{uuid.uuid4().hex[:8]}_"
    config_file = folder / "server-config.toml"
    config_file.write_text(f'topic_name = "{prefix}Appointments"\n', encoding="utf-8")
    config = Config(
        data_dir=data_dir,
        backend="aws",
        timezone=TIMEZONE,
        table_prefix=prefix,
        topic_name=f"{prefix}Appointments",
    )
    with moto_server() as url, aws_env(url):
        from care4u_desktop.adapters.aws_provision import provision_resources

        provision_resources(config, poll_seconds=0.05)
        env.update(FAKE_ENV)
        env.update(
            {
                "AWS_ENDPOINT_URL": url,
                "CARE4U_TABLE_PREFIX": prefix,
                "CARE4U_CONFIG": str(config_file),
            }
        )
        yield config, env


@contextlib.contextmanager
def care4u_server(config: Config, env: dict[str, str]) -> Iterator[str]:
    """``care4u-server`` (this checkout's) on 127.0.0.1; its URL once it says it listens."""
    port = free_port()
    child = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    # The limits are counted as deployed (every request pays for the count) but set high:
    # 50 kiosks in a few seconds is the load under test, not a flood to refuse.
    for name in ("KIOSK", "DESK", "ACCOUNT", "SIGN_IN"):
        child[f"CARE4U_RATE_{name}"] = "1000000"
    command = [
        sys.executable, "-m", "care4u_desktop.server", "--backend", config.backend,
        "--data-dir", str(config.data_dir), "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    log = config.data_dir.parent / "server.log"  # a file: a pipe nobody reads fills up
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=child, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "listening on" not in log.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"care4u-server did not start:\n{log.read_text()}")
            time.sleep(0.1)
        print(next(x for x in log.read_text().splitlines() if "listening on" in x))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("local", "aws"), default="local")
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10, help="bookings (and cancels) per kiosk")
    args = parser.parse_args(argv)
    if not 1 <= args.kiosks <= DOCTORS * len(SLOTS):
        parser.error(f"--kiosks must be 1 to {DOCTORS * len(SLOTS)} (one slot each)")
    load = os.getloadavg()[0]  # the machine may be shared: said next to the figures
    now = datetime.now(ZoneInfo(TIMEZONE))
    server_day, direct_day = (now + timedelta(days=1)).date(), (now + timedelta(days=2)).date()
    with (
        tempfile.TemporaryDirectory() as folder,
        backend_config(args.backend, Path(folder)) as (
            config,
            env,
        ),
    ):

        def new_services() -> Services:
            return build_services(config, seed_demo=False, acting_device="bench")

        setup = new_services()
        setup.store.put_doctors(doctors())
        direct = direct_run(new_services, args.kiosks, args.rounds, direct_day)
        tokens = [setup.devices.enrol(f"kiosk {n:02d}", "kiosk").token for n in range(args.kiosks)]
        with care4u_server(config, env) as url:
            server = server_run(url, tokens, args.rounds, server_day)
        header = (
            f"backend {args.backend}: {args.kiosks} kiosks x {args.rounds} rounds"
            f" (book + cancel); {os.cpu_count()} CPUs, load average before the run"
            f" {load:.1f}"
        )
        print()
        print(table(direct, server, header))
        for t in (direct, server):
            for error in sorted(set(t.errors))[:5]:
                print(f"  {t.name}: {error}")
        return 1 if direct.errors or server.errors else 0


if __name__ == "__main__":
    sys.exit(main())
