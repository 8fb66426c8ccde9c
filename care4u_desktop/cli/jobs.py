"""``care4u-admin jobs``: the background jobs the kiosk runs every minute, run from cron.

They are the service layer's ``JobService`` jobs, the same the kiosk's timer runs. Each run
of the CLI is a new process, so every job is due in it: ``jobs run`` runs them all (or the
ones named) once.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..domain.errors import DomainError
from .errors import EXIT_INVALID, EXIT_OK, EXIT_UNAVAILABLE, CliError, exit_code_for, message_for
from .output import Column, Output, Record, field

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from ..services.jobs import JobResult, JobRun
    from ..services.use_cases import BackgroundJobs

JOB_COLUMNS: list[Column] = [("job", field("job")), ("every", field("every"))]
RUN_COLUMNS: list[Column] = [
    ("job", field("job")),
    ("done", field("done")),
    ("left", field("left")),
    ("error", field("error")),
]


def jobs(
    background: Callable[[], BackgroundJobs],
    now: Callable[[], datetime],
    args: argparse.Namespace,
    out: Output,
) -> int:
    if args.action == "list":
        if args.names:
            raise CliError("Name jobs to run with: jobs run NAME ...", EXIT_INVALID)
        records = [
            {"job": job.name, "every_seconds": int(job.every.total_seconds())}
            for job in background().jobs
        ]
        rows = [{**r, "every": f"{r['every_seconds']} s"} for r in records]
        out.listing(records if out.json_mode else rows, JOB_COLUMNS, "No jobs.")
        return EXIT_OK
    return _run(background(), now, args.names, out)


def _run(
    job_service: BackgroundJobs, now: Callable[[], datetime], names: list[str], out: Output
) -> int:
    known = [job.name for job in job_service.jobs]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CliError(
            f"No job named {', '.join(unknown)}; the jobs are: {', '.join(known)}.", EXIT_INVALID
        )
    runs: list[JobRun]
    if names:
        runs = [_run_one(job_service, name, now()) for name in dict.fromkeys(names)]
    else:
        runs = list(job_service.run_due(now()).runs)  # a new process: every job is due
    records = [_run_record(run) for run in runs]
    if out.json_mode:
        out.json(records)
    else:
        out.table(RUN_COLUMNS, records)
    for run in runs:  # the first failure is the one line on standard error
        if run.error is not None:
            raise CliError(
                f"Job {run.name} failed: {message_for(run.error)}", exit_code_for(run.error)
            )
    left = [f"{run.name} left {_left(run.result)}" for run in runs if _left(run.result)]
    if left:
        # Like notifications --retry: a scheduled job notices what is still to do.
        raise CliError("; ".join(left) + " for a later run.", EXIT_UNAVAILABLE)
    return EXIT_OK


def _run_one(job_service: BackgroundJobs, name: str, now: datetime) -> JobRun:
    from ..services.jobs import JobRun

    try:
        return JobRun(name, now, result=job_service.run(name, now))
    except DomainError as exc:
        return JobRun(name, now, error=exc)


def _left(result: JobResult | None) -> int:
    return 0 if result is None else result.left


def _run_record(run: JobRun) -> Record:
    return {
        "job": run.name,
        "started": run.started.isoformat(timespec="seconds"),
        "done": run.result.done if run.result else None,
        "left": run.result.left if run.result else None,
        "error": None if run.error is None else message_for(run.error),
        "error_code": None if run.error is None else run.error.code,
    }
