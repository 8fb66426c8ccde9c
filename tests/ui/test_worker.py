"""TaskRunner: a burst of calls, each answered once, and nothing left behind."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from care4u_desktop.domain.errors import SlotTaken
from care4u_desktop.ui.worker import TaskRunner

CALLS = 200


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
