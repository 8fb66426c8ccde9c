"""Growing waits after failed attempts at one place, e.g. one kiosk's Staff exit.

The Staff exit must not count towards an account's lock (a patient at the kiosk could
lock a member of staff out), so guessing there is slowed down on that kiosk instead:
after each failure the next try waits twice as long (1 s, 2 s, 4 s ... at most
``longest_s``), and a success starts again. Plain Python, no Qt: it lives as long as the
app's services, so neither a log-out nor the exit screen being reset lets anyone skip it.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from ..domain.errors import TryAgainLater

FIRST_WAIT_S = 1.0
#: Five minutes: after about ten failures, 12 guesses an hour, fewer than the account lock
#: allows (5 every 15 minutes).
LONGEST_WAIT_S = 300.0


class Throttle:
    """Thread-safe. ``clock`` is a monotonic clock in seconds (tests use their own)."""

    def __init__(
        self,
        first_s: float = FIRST_WAIT_S,
        longest_s: float = LONGEST_WAIT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.first_s = first_s
        self.longest_s = longest_s
        self.clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._ready_at = -math.inf
        self._busy = False

    def wait_seconds(self) -> float:
        """How long until the next attempt is allowed (0: now)."""
        with self._lock:
            return max(0.0, self._ready_at - self.clock())

    def start(self) -> None:
        """Begin an attempt, or raise ``TryAgainLater`` if it must wait (or one is under
        way: attempts here go one at a time). End it with ``finish``."""
        with self._lock:
            wait = max(0.0, self._ready_at - self.clock())
            if wait > 0 or self._busy:
                raise TryAgainLater(max(1, math.ceil(wait)))
            self._busy = True

    def hold(self, seconds: float) -> None:
        """Wait at least ``seconds`` before the next attempt, whatever the count says (a
        server that limits this place too has answered "try again later")."""
        with self._lock:
            self._ready_at = max(self._ready_at, self.clock() + seconds)

    def finish(self, succeeded: bool | None) -> None:
        """End the attempt: it succeeded, failed, or (None) could not be checked at all,
        e.g. the store was unreachable, which is nobody's guess and is not counted."""
        with self._lock:
            self._busy = False
            if succeeded:
                self._failures, self._ready_at = 0, -math.inf
            elif succeeded is not None:
                self._failures += 1
                wait = min(self.first_s * 2 ** (self._failures - 1), self.longest_s)
                self._ready_at = self.clock() + wait
