"""TaskRunner: a burst of calls, each answered once, and nothing left behind, however many."""

from __future__ import annotations

import gc
from collections import Counter

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool

from care4u_desktop.domain.errors import DomainError, SlotTaken
from care4u_desktop.ui.worker import TaskRunner

CALLS = 200
#: About what 100 patient sessions ask of the worker.
LEAK_CALLS = 500


def _square_unless_third(n: int) -> int:
    if n % 3 == 0:
        raise SlotTaken()
    return n * n


def test_a_burst_of_calls_is_answered_and_cleaned_up(qtbot) -> None:
    runner = TaskRunner()
    results: list[int] = []
    errors: list[str] = []
    with qtbot.waitSignals([runner.task_finished] * CALLS, timeout=20_000):
        for n in range(1, CALLS + 1):
            runner.run(
                _square_unless_third,
                n,
                on_result=results.append,
                on_error=lambda error: errors.append(type(error).__name__),
            )
    # The relays, and the signal objects they own, are deleted later: let that happen and
    # let Python collect what they held; nothing may be left under the runner.
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()

    assert sorted(results) == [n * n for n in range(1, CALLS + 1) if n % 3]
    assert errors == ["SlotTaken"] * (CALLS // 3)
    assert runner.pending == 0
    assert runner.findChildren(QObject) == []
    assert runner.wait_for_done(5_000)


def _live_objects() -> Counter[str]:
    """Python objects alive, by type, once what Qt deletes later and the collector are done."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def _one_call_at_a_time(qtbot, runner: TaskRunner, calls: int) -> list[int]:
    """As a patient's session makes them: each call answered before the next is made. The
    calls are as short as calls get (an embedded store's log-out does next to nothing)."""
    answers: list[int] = []
    for n in range(calls):
        with qtbot.waitSignal(runner.task_finished, timeout=10_000):
            runner.run(abs, -n, on_result=answers.append, on_error=_unexpected)
    return answers


def _unexpected(error: DomainError) -> None:
    raise AssertionError(f"unexpected {error!r}")


def test_finished_calls_leave_no_python_or_qt_objects_behind(qtbot) -> None:
    """Weeks of uptime: a kiosk makes a handful of calls per patient, thousands a day. Once
    each is answered, nothing of it may stay (issue 14: PySide6 kept the short QRunnables,
    ~2 KiB each, for good)."""
    runner = TaskRunner()
    pool = QThreadPool.globalInstance()
    # Warm-up: the pool's threads, and the caches the first count fills (abc's weak sets).
    _one_call_at_a_time(qtbot, runner, 50)
    _live_objects()
    before = _live_objects()

    answers = _one_call_at_a_time(qtbot, runner, LEAK_CALLS)

    after = _live_objects()
    assert answers == list(range(LEAK_CALLS))
    grown = {name: after[name] - before[name] for name in after if after[name] > before[name]}
    # The count's own (``before``, ``answers``) may show up; one object per call may not.
    assert sum(grown.values()) < LEAK_CALLS // 50, f"objects grew: {grown}"
    assert runner.pending == 0
    assert runner.findChildren(QObject) == []
    assert pool.waitForDone(5_000)
    assert pool.activeThreadCount() == 0
