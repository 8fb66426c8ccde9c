"""The floor for any Qt app here: the smallest PySide6 program that shows one QLabel.

``package_bench.py`` freezes it with ``floor.spec`` (the same PyInstaller rules as
``build.spec``) and times ``floor --smoke-test`` against ``care4u-desktop --smoke-test``:
both start, paint their first window once, print one line and exit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

TIMEOUT_MS = 20_000


class FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.first_paint_done)  # once this paint event is over
        return False

    def first_paint_done(self) -> None:
        # Flushed at once, as Care4U's is: the benchmark times both runs to this line.
        print("floor: first paint (the label)", flush=True)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    label = QLabel("Care4U floor: one QLabel")
    label.resize(480, 160)
    watcher = FirstPaint()
    smoke = "--smoke-test" in sys.argv
    if smoke:
        label.installEventFilter(watcher)
        QTimer.singleShot(TIMEOUT_MS, QApplication.quit)
    label.show()
    code = app.exec()
    if smoke:
        if not watcher.painted:
            print("floor smoke test FAILED: the label was not painted", file=sys.stderr)
            return 1
        print("floor smoke test OK: label painted", flush=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
