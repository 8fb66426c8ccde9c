"""Service calls off the GUI thread.

A ``Task`` runs on the thread pool and its signals carry the outcome back; a ``_Relay`` living in
the GUI thread receives them (so the callbacks run there) and drops results that belong
to a session that has since ended, so a slow answer never shows up for the next patient.
A call the server refused because the session is over (``session_ended``: logged out
elsewhere, idle, end of shift) goes to ``TaskRunner.session_ended`` instead of the screen
that made it: the window goes back to the log-in, whatever screen asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar, TypeVarTuple

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QAbstractButton

from ..domain.errors import DomainError, NotAuthenticated, ServiceUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

ErrorCallback = Callable[[DomainError], None]


class TaskSignals(QObject):
    result = Signal(object)
    error = Signal(object)
    finished = Signal()


class Task:
    """One call for the pool: ``run`` is what a worker thread runs.

    Deliberately not a ``QRunnable`` subclass: PySide6 keeps the Python wrapper of a short
    ``QRunnable`` handed to ``QThreadPool.start`` alive for good when the run is over before
    ``start`` has returned (with ``setAutoDelete(False)`` it keeps every one), about 2 KiB a
    call, without bound, on a kiosk that runs for weeks (issue 14). The pool wraps a plain
    callable in a runnable of its own, in C++, and lets go of it once run.
    """

    def __init__(self, fn: Callable[..., object], *args: object) -> None:
        self.signals = TaskSignals()
        self._fn = fn
        self._args = args

    def run(self) -> None:
        try:
            value = self._fn(*self._args)
        except DomainError as exc:
            self._emit("error", exc)
        except Exception:
            # Never a traceback on screen: log it, show the patient a plain message.
            log.exception("unexpected failure in %s", getattr(self._fn, "__qualname__", self._fn))
            self._emit("error", ServiceUnavailable())
        else:
            self._emit("result", value)
        finally:
            self._emit("finished")

    def _emit(self, name: str, *value: object) -> None:
        try:
            getattr(self.signals, name).emit(*value)
        except RuntimeError:
            # The window (and with it this task's relay and signals) is gone: a call that
            # outlived the 5 s a closing window waits. Nobody is left to tell.
            log.info("a task finished after its window closed")


class _Relay(QObject):
    def __init__(
        self,
        runner: TaskRunner,
        epoch: int,
        # Checked against the call by ``TaskRunner.run``; the value crosses the signal as
        # an ``object``, so the relay only carries the callback.
        on_result: Callable[[Any], None],
        on_error: ErrorCallback,
        busy: QAbstractButton | None,
        busy_text: str,
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._epoch = epoch
        self._on_result = on_result
        self._on_error = on_error
        self._busy = busy
        self._idle_text = busy.text() if busy else ""
        if busy is not None:
            busy.setEnabled(False)
            busy.setText(busy_text)
            busy.setProperty("busy", True)

    @Slot(object)
    def deliver_result(self, value: object) -> None:
        if self._epoch == self._runner.epoch:
            self._on_result(value)

    @Slot(object)
    def deliver_error(self, error: DomainError) -> None:
        if self._epoch != self._runner.epoch:
            return
        if isinstance(error, NotAuthenticated) and error.code == "session_ended":
            self._runner.session_ended.emit(error)
        else:
            self._on_error(error)

    @Slot()
    def done(self) -> None:
        if self._busy is not None:
            self._busy.setText(self._idle_text)
            self._busy.setProperty("busy", False)
            self._busy.setEnabled(True)
        self._runner.release(self)


class TaskRunner(QObject):
    """Runs service calls on a thread pool; every outcome comes back as a signal."""

    #: Emitted in the GUI thread after a task's callbacks have run.
    task_finished = Signal()
    #: A call of the current session was refused because the session is over (the
    #: ``NotAuthenticated`` error): its own ``on_error`` is not called.
    session_ended = Signal(object)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self.epoch = 0
        self._relays: set[_Relay] = set()

    def run(
        self,
        call: Callable[[*Ts], T],
        *args: *Ts,
        on_result: Callable[[T], None],
        on_error: ErrorCallback,
        busy: QAbstractButton | None = None,
        busy_text: str = "",
    ) -> None:
        """Run ``call(*args)`` on the pool; ``on_result`` gets what it returns, in the GUI
        thread, and mypy checks that the arguments fit the call and the callback its answer.

        The arguments are taken now, in the GUI thread (a session that ends while the call
        runs is still the one it was made for); ``call`` may be a zero-argument lambda that
        looks its service up on the worker (see the log-in screen). Every caller says what
        an error shows: there is deliberately no default that would swallow it.
        """
        task = Task(call, *args)
        busy_text = busy_text or self.tr("Please wait…")
        relay = _Relay(self, self.epoch, on_result, on_error, busy, busy_text)
        self._relays.add(relay)
        task.signals.result.connect(relay.deliver_result)
        task.signals.error.connect(relay.deliver_error)
        task.signals.finished.connect(relay.done)
        # The relay owns the signals object (both live in this thread): it stays alive
        # until its queued events are delivered, and goes with the relay, in C++, after
        # the connections between them are gone. Left to Python's reference counting, it
        # could be freed in the middle of the relay's own destruction (a rare crash).
        task.signals.setParent(relay)
        self._pool.start(task.run)

    def forget_pending(self) -> None:
        """Results of tasks already running will be dropped (e.g. after log-out)."""
        self.epoch += 1

    @property
    def pending(self) -> int:
        return len(self._relays)

    def release(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        self.task_finished.emit()

    def wait_for_done(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)
