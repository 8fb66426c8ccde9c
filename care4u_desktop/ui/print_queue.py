"""The kiosk's printer: is it ready, and did our slip leave its queue?

A slip sent to a printer that cannot print waits in the queue and comes out later, for
whoever stands at the kiosk then. So the kiosk asks before it prints and watches after:

- before: the printer must exist, not be stopped, and accept jobs. Qt's
  ``QPrinterInfo.state()`` reports a stopped CUPS queue (as ``Error``, checked against
  ``cupsdisable``) but not one that rejects jobs (``cupsreject`` leaves it ``Idle``), so
  where CUPS is, ``lpstat`` is asked as well (``readiness``).
- after: our job must leave the queue within ``JOB_DEADLINE_S`` (a ready printer takes it
  in a second or two). If the printer stops or rejects meanwhile, or the time runs out (an
  unplugged printer leaves its queue "idle" and the job waiting), our job is cancelled and
  the patient is told the printer is not ready (``watch``).
- at log-out: ``cancel_pending_jobs`` cancels whatever of ours is still queued.

Everything here runs the CUPS command line tools (``lpstat``, ``cancel``: the cups-client
package, there wherever CUPS is) with ``LC_ALL=C`` (their output is translated otherwise)
and a short time-out; ``CUPS_SERVER`` reaches them as it reaches Qt. No Qt here: these run
on worker threads. Where there is no CUPS (Windows), only Qt's state is known and nothing
is watched.
"""

from __future__ import annotations

import getpass
import itertools
import logging
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: How long a job may stay queued before the kiosk gives up and cancels it.
JOB_DEADLINE_S = 15.0
POLL_S = 0.25
#: One ``lpstat`` against the local scheduler takes milliseconds; a hung one is a failure.
TOOL_TIMEOUT_S = 3.0

#: Reasons (for the log; the patient always reads the same sentence).
ABSENT = "no such printer"
STOPPED = "stopped"
REJECTING = "not accepting jobs"
NO_ANSWER = "CUPS did not answer"

_pending_lock = threading.Lock()
#: Slips sent and not yet seen leaving the queue: token -> (printer, jobs queued before).
#: Entered on the GUI thread before the slip is sent, so a log-out at any moment after
#: it finds the job, whether or not the worker watching it has looked yet.
_pending: dict[int, tuple[str, frozenset[str]]] = {}
_tokens = itertools.count(1)


@dataclass(frozen=True)
class Snapshot:
    """Before printing: why the printer is not ready ("" if it is), and the jobs already
    queued on it (None where there is no CUPS to ask)."""

    not_ready: str
    queued: frozenset[str] | None


def has_cups() -> bool:
    return os.name != "nt" and shutil.which("lpstat") is not None


def _run(*args: str) -> subprocess.CompletedProcess[str] | None:
    tool = shutil.which(args[0])
    if tool is None:
        return None
    try:
        return subprocess.run(
            [tool, *args[1:]],
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT_S,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("%s failed: %s", args[0], type(exc).__name__)
        return None


def readiness(printer: str) -> str:
    """Why ``printer`` cannot print now, or "" when it can."""
    if not has_cups():
        return ""  # Qt's state is all there is to know
    answer = _run("lpstat", "-p", printer, "-a", printer)
    if answer is None:
        return NO_ANSWER
    if answer.returncode != 0 or not answer.stdout.strip():
        return ABSENT  # "Invalid destination name", or no scheduler at all
    for line in answer.stdout.splitlines():
        words = line.split()
        # "printer P disabled since ..." / "P not accepting requests since ..."
        if words[:3] == ["printer", printer, "disabled"]:
            return STOPPED
        if words[:3] == [printer, "not", "accepting"]:
            return REJECTING
    return ""


def queued_jobs(printer: str) -> frozenset[str] | None:
    """Ids of this user's jobs on ``printer`` that have not finished; None if unknown."""
    answer = _run("lpstat", "-o", printer)
    if answer is None or answer.returncode != 0:
        return None
    me = getpass.getuser()
    jobs = set()
    for line in answer.stdout.splitlines():
        words = line.split()
        # "P-12   user   22528   Tue Dec  1 09:23:26 2026"
        if len(words) >= 2 and words[0].startswith(f"{printer}-") and words[1] == me:
            jobs.add(words[0])
    return frozenset(jobs)


def snapshot(printer: str) -> Snapshot:
    """Before printing (on a worker): is it ready, and what is already queued?"""
    if not has_cups():
        return Snapshot("", None)
    not_ready = readiness(printer)
    if not_ready:
        return Snapshot(not_ready, None)
    queued = queued_jobs(printer)
    return Snapshot("" if queued is not None else NO_ANSWER, queued)


def expect_job(printer: str, before: frozenset[str] | None) -> int:
    """Just before sending a slip to ``printer``: remember it, for ``watch`` and for
    ``cancel_pending_jobs``. Returns the token ``watch`` takes."""
    token = next(_tokens)
    if before is not None:
        with _pending_lock:
            _pending[token] = (printer, before)
    return token


def watch(
    printer: str, before: frozenset[str] | None, token: int, deadline_s: float | None = None
) -> str:
    """After printing (on a worker): wait until the jobs that appeared since ``before``
    have left the queue. Returns "" when they have; else cancels them and says why."""
    if before is None:
        return ""  # no CUPS: nothing to watch
    deadline = JOB_DEADLINE_S if deadline_s is None else deadline_s
    end = time.monotonic() + deadline
    while True:
        queued = queued_jobs(printer)  # None: no answer this time; try again until the end
        reason = ""
        if queued is not None:
            if not queued - before:
                with _pending_lock:
                    _pending.pop(token, None)
                return ""  # printed (or cancelled at log-out, whose answer nobody reads)
            reason = readiness(printer)
        if not reason and time.monotonic() >= end:
            reason = NO_ANSWER if queued is None else f"still queued after {deadline:.0f} s"
        if reason:
            log.warning("slip not printed (%s): cancelling our job", reason)
            cancel_pending_jobs()
            return reason
        time.sleep(POLL_S)


def cancel_pending_jobs() -> None:
    """Cancel (and purge) every slip of ours that may still be queued: at log-out, and
    when a printer turned out not ready. No I/O at all when nothing is pending."""
    with _pending_lock:
        sent = list(_pending.values())
        _pending.clear()
    for printer, before in sent:
        queued = queued_jobs(printer)
        for job in sorted((queued or frozenset()) - before):
            # -x purges the job's file too, so no copy of the slip stays in the spool.
            answer = _run("cancel", "-x", job)
            if answer is None or answer.returncode != 0:
                answer = _run("cancel", job)
            if answer is not None and answer.returncode == 0:
                log.info("print job %s on %s cancelled", job, printer)
