"""When a booking's or a cancellation's message is delivered: after the answer.

The message is stored with the booking, in the outbox, in the same transaction; delivering
it (the SNS publish and its "sent" mark) is the outbox's business from then on, and the
person at the screen need not wait for it. ``BookingService`` hands each delivery to a
``Later``: ``at_once`` runs it before the call returns (the CLI prints once it is done,
Lambda freezes the process after the answer, tests read the outbox at once);
``BackgroundDelivery`` runs it on a thread of its own after the call has returned (the
desktop app: the confirmation is shown while SNS is still being asked). Either way a
delivery that fails leaves the message pending for the retry job, and nobody is told that
it was not sent: it will be.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

#: Runs a delivery (a call that never raises a domain error: see
#: ``NotificationService.deliver``) now or later.
Later = Callable[[Callable[[], object]], None]

#: The delivery thread's name (the benchmark counts its requests apart by it).
THREAD_NAME = "care4u-delivery"


def at_once(call: Callable[[], object]) -> None:
    call()


class BackgroundDelivery:
    """Deliveries one at a time, in the order handed in, on one thread started on first
    use. The thread is joined when the interpreter exits, so a message handed in just
    before the kiosk closes is still sent (or left pending) first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._last: Future[None] | None = None

    def __call__(self, call: Callable[[], object]) -> None:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
            self._last = self._executor.submit(_run, call)

    def wait(self, timeout: float | None = None) -> bool:
        """True once every delivery handed in so far has run (False: still running after
        ``timeout`` seconds). For tests and benchmarks; the app never waits."""
        with self._lock:
            last = self._last
        if last is None:
            return True
        try:
            last.result(timeout)
        except TimeoutError:
            return False
        return True


def _run(call: Callable[[], object]) -> None:
    try:
        call()
    except Exception:
        # A bug, not SNS being down (``deliver`` handles that): the message stays pending
        # in the outbox and the retry job sends it; the thread goes on with the next one.
        log.exception("a delivery failed unexpectedly; the message stays pending")
