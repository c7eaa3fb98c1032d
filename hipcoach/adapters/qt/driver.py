"""The Qt driver of the session engine, shared by the window and ``hipcoach run``.

It owns no timing logic: it asks the engine when the next instant is, aims one single-shot
PreciseTimer at it (rounded up to whole milliseconds, so it never fires early, and the
deadline is re-checked when it fires), and hands what happened to the cue player, to the
listeners (history, terminal, widgets) and out as a Qt signal. A slower display tick only
asks the widgets to redraw the time left.

Its two timers come from a ``TimerFactory`` (QTimers by default): tests hand in timers that
fire when a fake clock is moved, so a window test steps a session exactly, in no real time.
"""

from __future__ import annotations

import gc
import logging
import math
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from hipcoach.core.cue_player import CuePlayer, SilentPlayer
from hipcoach.core.cues import Cue
from hipcoach.core.engine import (
    Clock,
    CueDue,
    Event,
    Finished,
    MonotonicClock,
    Paused,
    PauseReason,
    SessionEngine,
    State,
    Stopped,
)

DISPLAY_INTERVAL_MS = 100

logger = logging.getLogger(__name__)

Listener = Callable[[Event], None]


class Timer(Protocol):
    """What the driver asks of a timer: (re)start it ``msec`` from now, or stop it."""

    def start(self, msec: int) -> None: ...

    def stop(self) -> None: ...


class TimerFactory(Protocol):
    def __call__(
        self, owner: QObject, fire: Callable[[], None], *, precise: bool, repeat: bool
    ) -> Timer: ...


def qt_timer(owner: QObject, fire: Callable[[], None], *, precise: bool, repeat: bool) -> QTimer:
    """The real thing: a QTimer owned by ``owner``, precise (to the millisecond) or coarse."""
    timer = QTimer(owner)
    timer.setTimerType(Qt.TimerType.PreciseTimer if precise else Qt.TimerType.CoarseTimer)
    timer.setSingleShot(not repeat)
    timer.timeout.connect(fire)
    return timer


class SessionDriver(QObject):
    """Runs one SessionEngine on the Qt event loop."""

    happened = Signal(object)  # each engine Event, in order
    display = Signal()  # time to redraw the countdown
    ended = Signal(object)  # the Finished or Stopped event

    def __init__(
        self,
        engine: SessionEngine,
        player: CuePlayer | None = None,
        clock: Clock | None = None,
        parent: QObject | None = None,
        timers: TimerFactory = qt_timer,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.player: CuePlayer = player or SilentPlayer("")
        self.clock = clock or MonotonicClock()
        self._listeners: list[Listener] = []
        self._ahead: set[tuple[int, float, int]] = set()  # cues handed to the player early
        self.origin: float | None = None  # wall time of the session's first instant
        self._timer = timers(self, self._on_timer, precise=True, repeat=False)
        self._display = timers(self, self._on_display, precise=False, repeat=True)

    def add_listener(self, listener: Listener) -> None:
        """Called with every event, before the signal: the history recorder, a terminal."""
        self._listeners.append(listener)

    def now(self) -> float:
        return self.clock.now()

    # -- controls ------------------------------------------------------------------------

    def start(self) -> None:
        # Before the clock starts: freeze what exists, so that no full garbage collection
        # mid-session scans it all while holding the interpreter lock (the audio output
        # thread must run every few milliseconds). Only the young generations are collected
        # first: a full collection here held the window 50-65 ms at Start
        # (bench/gui_stall.py); old garbage frozen with the rest is freed after the session.
        gc.collect(1)
        gc.freeze()
        # A player that wants cues ahead gets the session's first instant a lead away too.
        now = self.clock.now()
        self.origin = now + self.player.lead()
        self._dispatch(self.engine.start(now, self.origin))
        self._arm()
        self._display.start(DISPLAY_INTERVAL_MS)

    def toggle_pause(self) -> None:
        if self.engine.state is State.RUNNING:
            self.pause()
        else:
            self.resume()

    def pause(self) -> None:
        self._silence()
        self._apply(self.engine.pause)

    def resume(self) -> None:
        self._apply(self.engine.resume)

    def skip(self) -> None:
        self._silence()
        self._apply(self.engine.skip)

    def back(self) -> None:
        self._silence()
        self._apply(self.engine.back)

    def done(self) -> None:
        if self.engine.phase.is_work:
            self._silence()
        self._apply(self.engine.done)

    def stop(self) -> None:
        self._silence()
        self._apply(self.engine.stop)

    def say(self, cue: Cue) -> None:
        """A reply the runner asked for (H's "noted"), through the session's player now: it
        was rendered with the rest, and a muted or voiceless player says nothing."""
        self._guarded(self.player.play, cue)

    def _silence(self) -> None:
        """Cut off what plays, and forget the cues handed over ahead: the course changes."""
        self._ahead.clear()
        self.player.silence()

    # -- the loop ------------------------------------------------------------------------

    def _apply(self, action: Callable[[float], list[Event]]) -> None:
        self._dispatch(action(self.clock.now()))
        self._arm()

    def _on_timer(self) -> None:
        self._dispatch(self.engine.poll(self.clock.now()))
        self._arm()

    def _on_display(self) -> None:
        # The display tick also polls: cheap, and it keeps the sleep detector honest.
        self._dispatch(self.engine.poll(self.clock.now()))
        self._arm()
        self.display.emit()

    def _guarded(self, call: Callable[[Any], None], argument: object) -> None:
        """One failing listener must not stop the session, nor keep it from ending."""
        try:
            call(argument)
        except Exception:
            logger.exception("a session listener failed; the session goes on")

    def _arm(self) -> None:
        now = self.clock.now()
        wake = self.engine.next_wake(now)
        if wake is None:
            self._timer.stop()
            if self.engine.state in (State.FINISHED, State.STOPPED):
                self._display.stop()
            return
        lead = self.player.lead()
        if lead > 0:
            coming, later = self.engine.upcoming(now, lead)
            for cue in coming:
                if cue.key not in self._ahead:
                    self._ahead.add(cue.key)
                    self._guarded(lambda c: self.player.play(c.cue, c.wall), cue)
            if later is not None:
                wake = min(wake, later - lead)
        # Rounded up: a timer aimed at a truncated millisecond fires before the instant.
        self._timer.start(max(0, math.ceil((wake - now) * 1000)))

    def _dispatch(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, CueDue):
                if event.key in self._ahead:
                    self._ahead.discard(event.key)  # already with the player, on its instant
                elif event.playable:
                    self._guarded(self.player.play, event.cue)
            elif isinstance(event, Paused) and event.reason is PauseReason.SLEEP:
                self._silence()  # the machine slept: what was handed over ahead is stale
            for listener in self._listeners:
                self._guarded(listener, event)
            self.happened.emit(event)
            if isinstance(event, Finished | Stopped):
                gc.unfreeze()
                self.ended.emit(event)
