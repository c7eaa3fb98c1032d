"""Reference cycles are collected on the GUI thread, never on a worker.

Python collects cycles on whichever thread happens to allocate past its threshold: the
window's worker (a report, the history's reads), the history writer, the speech engine's
reader. A cycle that holds a Qt object of the GUI thread (a closed dialog, a page and the
lambdas connected to it) is then destroyed on that other thread, where Qt forbids it and
PySide can deadlock against the GUI thread (a report being made on the worker hung the test
suite so, the two threads each waiting on the other). So the automatic collector is turned
off while the loop runs, and a timer on the GUI thread does its work, with Python's own
thresholds for the young generations. A full collection (tens of milliseconds over a heap
with SQLAlchemy in it) comes at most every ``FULL_EVERY_S``: Python itself puts one off
until enough has grown old, which it does not let us see.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 200  # how often the GUI thread looks at how much has been allocated
FULL_EVERY_S = 10.0


class GuiThreadCollector(QObject):
    """Made on the GUI thread (its parent's); ``close`` gives collection back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        self._last_full = time.monotonic()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int | None:
        """Collect what Python would have by now: the oldest generation collected, or None."""
        young, middle, old = self._thresholds
        allocated, collected_young, collected_middle = gc.get_count()
        if young <= 0 or allocated <= young:
            return None
        generation = 1 if collected_young > middle else 0
        now = time.monotonic()
        if generation and collected_middle > old and now - self._last_full >= FULL_EVERY_S:
            generation, self._last_full = 2, now
        gc.collect(generation)
        return generation

    def close(self) -> None:
        self._timer.stop()
        gc.collect()  # what is left, here, before any other thread can
        if self._was_enabled:
            gc.enable()
