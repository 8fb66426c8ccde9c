"""Python's cyclic garbage is collected on the GUI thread, never on a worker.

The collector runs in whichever thread crosses its allocation threshold. On a worker (a
store call allocates plenty) it would run the destructors of the GUI's garbage there: a
screen's widgets caught in a reference cycle (a slot that closes over its view) are
deleted off the GUI thread, which crashes Qt. A CI run of the whole suite died that way:
"Segmentation fault ... Garbage-collecting" in a worker opening the SQLite store.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget


class _Finaliser:
    """Records the thread that frees it (its cycle is only ever freed by the collector)."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen
        self.cycle = self

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def _allocate() -> list[list[int]]:
    """What a worker's store call does to the collector's counts: allocate containers (and
    answer with them, so the counts stay up once the worker is done)."""
    return [[i] for i in range(200_000)]


def test_garbage_left_by_the_gui_is_collected_on_the_gui_thread(window, qtbot) -> None:
    seen: list[str] = []
    answers: list[list[list[int]]] = []
    gc.collect()
    _Finaliser(seen)  # garbage now: only the collector can free it

    with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
        window.runner.run(_allocate, on_result=answers.append, on_error=lambda _e: None)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)

    assert seen == [threading.main_thread().name]


def test_the_windows_widgets_survive_many_worker_calls(window, qtbot) -> None:
    """A cycle holding a widget, dropped by the GUI, then workers allocating: no crash, and
    the widget is freed on the GUI thread."""
    seen: list[str] = []
    answers: list[list[list[int]]] = []
    gc.collect()
    holder = _Finaliser(seen)
    holder.widget = QWidget()  # type: ignore[attr-defined]
    del holder
    for _ in range(3):
        with qtbot.waitSignal(window.runner.task_finished, timeout=10_000):
            window.runner.run(_allocate, on_result=answers.append, on_error=lambda _e: None)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [threading.main_thread().name]
