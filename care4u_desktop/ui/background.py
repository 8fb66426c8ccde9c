"""The app's side of the background jobs: a timer that runs what is due, on a worker.

The jobs themselves, and when each is due, are the service layer's
(``services/jobs.JobService``): ``care4u-admin jobs run`` runs the same ones from cron.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.errors import DomainError

if TYPE_CHECKING:
    from ..services.jobs import JobsReport
    from ..services.use_cases import BackgroundJobs
    from .worker import TaskRunner

log = logging.getLogger(__name__)

#: How often the timer asks for the due jobs: the notification retry's interval.
JOB_TICK_MS = 60_000


class JobTimer(QObject):
    """Every ``JOB_TICK_MS`` runs the due jobs through the runner; best effort: a job that
    fails is due again at its next interval (what it left stays pending)."""

    #: A tick's jobs have run (a ``JobsReport``); dropped, like any answer, after a log-out.
    ran = Signal(object)

    def __init__(
        self,
        jobs: Callable[[], BackgroundJobs],
        clock: Callable[[], datetime],
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # The job service is looked up on the worker: building it (and the services its
        # jobs call) is not the GUI thread's work, nor the first paint's.
        self._jobs = jobs
        self._clock = clock
        self._runner = runner
        self.timer = QTimer(self)
        self.timer.setInterval(JOB_TICK_MS)
        self.timer.timeout.connect(self.run_due)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def run_due(self) -> None:
        jobs, clock = self._jobs, self._clock

        def run() -> JobsReport:
            return jobs().run_due(clock())

        self._runner.run(run, on_result=self._ran, on_error=_ignore)

    def _ran(self, report: JobsReport) -> None:
        self.ran.emit(report)


def _ignore(error: DomainError) -> None:
    """Best effort: the service layer could not be built or reached; the next tick tries
    again, and the job's work (the pending messages) is still there."""
    log.info("background jobs not run: %s", error.message)
