"""Timers that fire when a fake clock is moved: a session stepped exactly, in no real time.

``ManualTime`` hands the driver its timers (``SessionDriver(..., timers=manual)``) and owns
the clock they read. ``advance(seconds)`` moves the clock from one due timer to the next,
firing each on its deadline in order, as a real event loop would on an idle machine; the
widgets then see the same sequence of events, at the same session instants, every run.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject

from tests.fakes.clock import FakeClock


class FakeTimer:
    """The driver's side of a timer; ``ManualTime`` decides when it fires."""

    def __init__(self, owner: ManualTime, fire: Callable[[], None], repeat: bool) -> None:
        self.owner = owner
        self.fire = fire
        self.repeat = repeat
        self.interval = 0.0
        self.deadline: float | None = None
        self.order = 0

    def start(self, msec: int) -> None:
        self.interval = msec / 1000
        self.deadline = self.owner.clock.now() + self.interval
        self.order = next(self.owner.counter)

    def stop(self) -> None:
        self.deadline = None

    @property
    def active(self) -> bool:
        return self.deadline is not None


class ManualTime:
    """A fake clock and every timer made from it; time moves only in ``advance``."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        self.clock = clock or FakeClock(1000.0)
        self.timers: list[FakeTimer] = []
        self.counter = itertools.count()

    def __call__(
        self, owner: QObject, fire: Callable[[], None], *, precise: bool, repeat: bool
    ) -> FakeTimer:
        timer = FakeTimer(self, fire, repeat)
        self.timers.append(timer)
        return timer

    def now(self) -> float:
        return self.clock.now()

    def _next(self) -> FakeTimer | None:
        active = [t for t in self.timers if t.deadline is not None]
        return min(active, key=lambda t: (t.deadline, t.order), default=None)

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` on, firing every timer that comes due on the way, on
        its deadline; Qt's own events (queued signals, repaints) are processed after each."""
        end = self.clock.now() + seconds
        while (timer := self._next()) is not None and timer.deadline is not None:
            if timer.deadline > end + 1e-9:
                break
            self.clock.set(max(self.clock.now(), timer.deadline))
            if timer.repeat:
                timer.deadline = self.clock.now() + max(timer.interval, 0.001)
                timer.order = next(self.counter)
            else:
                timer.deadline = None
            timer.fire()
            QCoreApplication.processEvents()
        self.clock.set(max(self.clock.now(), end))

    def run_until(self, done: Callable[[], bool], limit: float = 3600.0, step: float = 0.1) -> None:
        """Advance in small steps until ``done()``; fails after ``limit`` fake seconds."""
        start = self.clock.now()
        while not done():
            assert self.clock.now() - start < limit, "never got there"
            self.advance(step)
