"""A clock that moves only when told, and the one loop that drives an engine with it."""

from __future__ import annotations

from collections.abc import Callable

from hipcoach.core.engine import Event, SessionEngine, State


class FakeClock:
    """A clock that moves only when told: tests run a 40-minute session in milliseconds."""

    def __init__(self, start: float = 0.0) -> None:
        self.time = start
        self.asleep = 0.0  # seconds the machine has been suspended

    def now(self) -> float:
        return self.time

    def suspended(self) -> float:
        """The engine's ``suspended`` source: what CLOCK_BOOTTIME counts beyond ``now``."""
        return self.asleep

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: the monotonic clock stands still, the boot clock does not."""
        self.asleep += seconds

    def advance(self, seconds: float) -> float:
        self.time += seconds
        return self.time

    def set(self, instant: float) -> float:
        self.time = instant
        return self.time


def drive(
    engine: SessionEngine,
    clock: FakeClock,
    record: Callable[[Event], None] | None = None,
    until: float | None = None,
    after_each: Callable[[list[Event]], None] | None = None,
) -> list[Event]:
    """Poll exactly when the engine asks, as the Qt driver does, up to wall time ``until``.

    Starts the engine first if it has not started; every event goes to ``record`` and every
    batch to ``after_each``, in order. Returns the events in order."""
    events: list[Event] = []

    def feed(batch: list[Event]) -> None:
        if record is not None:
            for event in batch:
                record(event)
        events.extend(batch)
        if after_each is not None:
            after_each(batch)

    if engine.state is State.READY:
        feed(engine.start(clock.now()))
    while (wake := engine.next_wake(clock.now())) is not None:
        if until is not None and wake > until:
            clock.set(until)
            feed(engine.poll(until))
            break
        clock.set(wake)
        feed(engine.poll(wake))
    return events
