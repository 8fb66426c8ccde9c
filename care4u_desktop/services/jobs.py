"""Background jobs: work that runs on a schedule rather than for someone at the screen.

The notification retry is the first job; appointment reminders will be the next. A job is
a name, how often it runs and a call that says how much it did and how much it left for
a later run (``JobResult``). ``JobService`` holds no clock and no thread of its own: a
driver asks it to run what is due at the time it gives (the kiosk's timer on a worker
thread, ``care4u-admin jobs run`` from cron, later a server's scheduler), so every front
end runs the same jobs the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.errors import DomainError

if TYPE_CHECKING:
    from .notifications import NotificationService

log = logging.getLogger(__name__)

#: Deliver the outbox entries that could not be sent at booking time.
NOTIFICATION_RETRY = "notification_retry"
NOTIFICATION_RETRY_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class JobResult:
    """What one run of a job did: things handled (messages sent) and things it had to
    leave for a later run (messages still pending)."""

    done: int
    left: int


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], JobResult]


@dataclass(frozen=True)
class JobRun:
    """One job's run: its result, or the error that stopped it (never both)."""

    name: str
    started: datetime
    result: JobResult | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class JobsReport:
    """The jobs one ``run_due`` ran, in the order they were registered."""

    runs: tuple[JobRun, ...]

    @property
    def failed(self) -> tuple[JobRun, ...]:
        return tuple(run for run in self.runs if not run.ok)


class JobService:
    """Named jobs and when each last ran, in this process (a CLI run is a new process, so
    every job is due for it).

    Drivers call it from worker threads: a job still running when it is due again (a retry
    waiting on an unreachable notifier for longer than a minute) is not started twice.
    """

    #: A job is due a tenth of its interval early: the timer that drives it may fire a
    #: little before the interval is over (Qt's coarse timers by up to 5%), and a job run
    #: every minute by a one-minute tick must not skip every other tick.
    EARLY = 0.1

    def __init__(self, jobs: Iterable[Job] = ()) -> None:
        self._jobs: dict[str, Job] = {}
        self._last_started: dict[str, datetime] = {}
        self._running: set[str] = set()
        self._lock = threading.Lock()
        for job in jobs:
            self.add(job)

    def add(self, job: Job) -> None:
        if job.name in self._jobs:
            raise ValueError(f"a job named {job.name!r} is registered already")
        self._jobs[job.name] = job

    @property
    def jobs(self) -> tuple[Job, ...]:
        return tuple(self._jobs.values())

    def job(self, name: str) -> Job:
        """Raises ``KeyError`` for a name no job has."""
        return self._jobs[name]

    def is_due(self, name: str, now: datetime) -> bool:
        job = self.job(name)
        last = self._last_started.get(name)
        return last is None or now - last >= job.every * (1 - self.EARLY)

    def run(self, name: str, now: datetime) -> JobResult:
        """Run one job now, due or not; its errors are the caller's (a CLI command that
        asked for it says why it failed)."""
        job = self.job(name)
        with self._lock:
            self._started(job, now)
        return self._execute(job)

    def run_due(self, now: datetime) -> JobsReport:
        """Run every job that is due at ``now``. One that fails is logged and reported, and
        the others still run; it is due again at its next interval, not at once."""
        with self._lock:
            due = [
                job
                for job in self._jobs.values()
                if job.name not in self._running and self.is_due(job.name, now)
            ]
            for job in due:
                self._started(job, now)
        runs: list[JobRun] = []
        for job in due:
            try:
                result = self._execute(job)
            except DomainError as exc:
                # In the kiosk's log (INFO); the CLI prints its own one line.
                log.info("job %s failed: %s", job.name, exc.message)
                runs.append(JobRun(job.name, now, error=exc))
            else:
                runs.append(JobRun(job.name, now, result=result))
        return JobsReport(tuple(runs))

    def _started(self, job: Job, now: datetime) -> None:
        self._last_started[job.name] = now
        self._running.add(job.name)

    def _execute(self, job: Job) -> JobResult:
        try:
            return job.run()
        finally:
            with self._lock:
                self._running.discard(job.name)


def notification_retry(notifications: Callable[[], NotificationService]) -> Job:
    """The outbox retry as a job. ``notifications`` is looked up when the job runs: the
    service is built on the driver's worker thread, not when the job is registered."""

    def retry() -> JobResult:
        report = notifications().retry_pending()
        return JobResult(done=report.sent, left=report.still_pending)

    return Job(NOTIFICATION_RETRY, NOTIFICATION_RETRY_EVERY, retry)
