"""Python's cyclic garbage collector, run on the GUI thread only.

Left to itself the collector runs in whichever thread crosses its allocation threshold,
and a worker's store call allocates plenty: it would then run the destructors of the GUI's
own garbage on that worker. Screens make cycles all the time (a slot that closes over its
view), so a cycle holding widgets would be deleted off the GUI thread, which crashes Qt
(seen in CI: a segmentation fault while "Garbage-collecting" in a worker opening the
store). So, as qutebrowser does, automatic collection is switched off while the app runs,
and a timer on the GUI thread collects what the collector's own thresholds say is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How often the GUI thread looks at the collector's counts (a look costs microseconds).
INTERVAL_MS = 500
#: The longest wait between looks while the counts stand still (an idle kiosk). A look
#: costs microseconds, but waking the process for it costs a few hundred: twice a second,
#: that was nine tenths of an idle kiosk's CPU once its caret rested (issue 14).
IDLE_INTERVAL_MS = 4_000
#: A change of the youngest generation's count this small is the timer's own call.
QUIET_CHANGE = 16


class GuiThreadCollector(QObject):
    """Owns the process's collection while it is started: ``start`` turns automatic
    collection off, ``stop`` collects everything on this thread and turns it back on."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guiThreadCollector")
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._last_count = -1

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        gc.enable()

    def collect_due(self) -> int | None:
        """Collect the generations the collector itself would have by now; the generation
        collected, or None when nothing was due.

        While next to nothing is allocated (an idle app) the next look comes later,
        twice as late each time up to ``IDLE_INTERVAL_MS``; any change brings it back to
        ``INTERVAL_MS``. Garbage made after a quiet spell waits at most that long."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        if abs(counts[0] - self._last_count) <= QUIET_CHANGE:
            self._timer.setInterval(min(self._timer.interval() * 2, IDLE_INTERVAL_MS))
        elif self._timer.interval() != INTERVAL_MS:
            self._timer.setInterval(INTERVAL_MS)
        self._last_count = counts[0]
        if counts[0] <= thresholds[0]:
            return None
        generation = 0
        if counts[1] > thresholds[1]:
            generation = 2 if counts[2] > thresholds[2] else 1
        gc.collect(generation)
        return generation


def install(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector, started (once per application)."""
    found = app.findChild(GuiThreadCollector, "guiThreadCollector")
    if isinstance(found, GuiThreadCollector):
        return found
    collector = GuiThreadCollector(app)
    collector.start()
    return collector


def uninstall(app: QCoreApplication) -> None:
    """Hand collection back to Python (tests, between windows)."""
    found = app.findChild(GuiThreadCollector, "guiThreadCollector")
    if isinstance(found, GuiThreadCollector):
        found.stop()
        found.setParent(None)
        found.deleteLater()
