"""The Qt binding itself: a kiosk emits signals all day, so emitting must not leak.

PySide6 6.12.0 drops a reference to ``True`` on every emit of a signal declared in Python.
On CPython 3.11 (whose ``True`` is not immortal) the interpreter aborts with "bool_dealloc"
once the count runs out: after a few thousand emits, i.e. minutes of a kiosk's life.
pyproject.toml excludes that release; this test says so if it ever comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    plain = Signal()
    carrying = Signal(object)


def test_emitting_signals_keeps_every_reference(qapp):
    emitter = Emitter()
    received: list[object] = []
    emitter.plain.connect(lambda: received.append(None))
    emitter.carrying.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(200):
        emitter.plain.emit()
        emitter.carrying.emit(True)
    received.clear()
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    assert after == before, f"references lost to emits: {before} -> {after}"
