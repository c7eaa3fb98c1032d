"""The session engine: a plain state machine that turns time into what happens next.

Time is absolute, never counted. The engine keeps the session's active seconds as a base
plus the run since the last resume; every phase ends at a deadline in those seconds, so a
late or missed poll never makes a phase longer or shorter, and a pause shifts every later
instant at once. Nothing here sleeps or schedules: a driver asks ``next_wake`` when to come
back and calls ``poll(now)``; tests do the same with a fake clock, in microseconds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol

from hipcoach.core.cues import Cue, CueKind, Script
from hipcoach.core.plan import Phase, PhaseKind, Plan
from hipcoach.core.work import Outcome as Outcome  # named here too: the events carry it
from hipcoach.core.work import Tally

SLEEP_GAP = 5.0  # seconds of suspend between two polls that mean the machine slept
MAX_POLL_INTERVAL = 1.0  # a driver polls at least this often, so a sleep is seen at once
LATE_LIMIT = 0.25  # a cue that cannot start within this many wall seconds is dropped
BACK_AGAIN = 2.0  # a second "back" within this many wall seconds goes to the previous work


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()


def machine_suspended() -> float:
    """Seconds the machine has spent suspended since it booted.

    The monotonic clock stops while the machine sleeps and CLOCK_BOOTTIME does not, so
    their difference grows across a real suspend only: a process stalled on a lock or
    starved of CPU is not a sleeping machine. Where there is no CLOCK_BOOTTIME, 0.
    """
    boot = getattr(time, "CLOCK_BOOTTIME", None)
    if boot is None:
        return 0.0
    return time.clock_gettime(boot) - time.monotonic()


class State(Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class PauseReason(Enum):
    USER = "user"
    SLEEP = "sleep"  # the clock jumped: the machine was asleep


# -- events: what happened, at which instant of session (active) time -----------------


@dataclass(frozen=True, slots=True)
class Event:
    at: float  # active session seconds of the instant it belongs to


@dataclass(frozen=True, slots=True)
class PhaseStarted(Event):
    index: int
    phase: Phase


@dataclass(frozen=True, slots=True)
class PhaseEnded(Event):
    index: int
    phase: Phase
    outcome: Outcome
    elapsed: float  # active seconds spent in the phase
    done: int  # for work: seconds held, breaths or reps completed; else 0
    target: int  # for work: what the plan asked for in the same unit; else 0


@dataclass(frozen=True, slots=True)
class CueDue(Event):
    index: int
    cue: Cue
    late: float = 0.0  # wall seconds after its instant; players drop it past LATE_LIMIT
    position: int = 0  # the cue's place in its phase's script

    @property
    def playable(self) -> bool:
        return self.late <= LATE_LIMIT

    @property
    def key(self) -> tuple[int, float, int]:
        """Which cue of which run of a phase this is (a phase run again starts later)."""
        return (self.index, self.at, self.position)


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A cue that will come due at ``wall`` unless the runner changes course first."""

    wall: float
    index: int
    at: float
    position: int
    cue: Cue

    @property
    def key(self) -> tuple[int, float, int]:
        return (self.index, self.at, self.position)


@dataclass(frozen=True, slots=True)
class Paused(Event):
    reason: PauseReason


@dataclass(frozen=True, slots=True)
class Resumed(Event):
    pass


@dataclass(frozen=True, slots=True)
class Finished(Event):
    """The timeline reached its end: the session is complete."""

    active_seconds: float
    work_done: int


@dataclass(frozen=True, slots=True)
class Stopped(Event):
    active_seconds: float
    work_done: int


def _target(phase: Phase) -> int:
    return phase.target or 0


def _done(phase: Phase, elapsed: float) -> int:
    """What a work phase achieved after ``elapsed`` active seconds, in its dose's unit."""
    elapsed = min(max(elapsed, 0.0), float(phase.seconds))
    return math.floor(elapsed / max(1, phase.unit_seconds) + 1e-9)


@dataclass
class _Now:
    """Where the session is within the current phase."""

    index: int = 0
    start: float = 0.0  # active seconds at which the current phase started
    next_cue: int = 0  # index of the next cue of the phase's script still to come
    last_back: float | None = None  # wall time of the last "back"


class SessionEngine:
    """Steps one plan: start, pause, resume, skip, back, done, stop; ``poll`` for the rest."""

    def __init__(
        self,
        plan: Plan,
        script: Script,
        speed: float = 1.0,
        sleep_gap: float = SLEEP_GAP,
        suspended: Callable[[], float] = machine_suspended,
    ) -> None:
        if not plan.phases:
            raise ValueError("a session needs at least one phase")
        if not speed > 0:
            raise ValueError("speed must be above 0")
        self.plan = plan
        self.script = script
        self.speed = speed
        self.sleep_gap = sleep_gap
        self.suspended = suspended  # injected so tests can put the machine to sleep
        self.state = State.READY
        self._active_base = 0.0  # active seconds accrued up to _run_since
        self._run_since = 0.0  # wall time the current run began (start or resume)
        self._last_seen = 0.0  # wall time of the last poll or control
        self._suspended_seen = 0.0  # the machine's suspended seconds at that moment
        self._at = _Now()
        self.work = Tally(plan)  # what counts as done so far, each work phase once

    # -- reading the clock ---------------------------------------------------------------

    def active(self, now: float) -> float:
        """Active session seconds at wall time ``now``: pauses excluded, speed applied."""
        if self.state is State.RUNNING:
            return self._active_base + (now - self._run_since) * self.speed
        return self._active_base

    def _wall(self, active: float) -> float:
        """The wall time at which the running session reaches ``active`` seconds."""
        return self._run_since + (active - self._active_base) / self.speed

    @property
    def index(self) -> int:
        return self._at.index

    @property
    def phase(self) -> Phase:
        return self.plan.phases[self._at.index]

    @property
    def work_done(self) -> int:
        return self.work.count

    def phase_elapsed(self, now: float) -> float:
        return min(max(0.0, self.active(now) - self._at.start), float(self.phase.seconds))

    def phase_remaining(self, now: float) -> float:
        if self.state in (State.FINISHED, State.STOPPED):
            return 0.0
        left = self._at.start + self.phase.seconds - self.active(now)
        return min(float(self.phase.seconds), max(0.0, left))

    def session_remaining(self, now: float) -> float:
        later = sum(p.seconds for p in self.plan.phases[self._at.index + 1 :])
        return self.phase_remaining(now) + (0 if self.state is State.FINISHED else later)

    def next_wake(self, now: float) -> float | None:
        """When the driver should poll next (wall time), or None when nothing will happen.

        It is the next cue or phase end, but never more than MAX_POLL_INTERVAL away, so that
        a sleep of the machine is noticed as soon as it wakes.
        """
        if self.state is not State.RUNNING:
            return None
        return min(self._wall(self._next_instant()), now + MAX_POLL_INTERVAL)

    def upcoming(self, now: float, horizon: float) -> tuple[list[Upcoming], float | None]:
        """The cues due by ``now + horizon`` if nothing changes, and when the next one after.

        A player whose output has a delay takes cues this far ahead, so that they are heard
        on their instant rather than that delay after it.
        """
        if self.state is not State.RUNNING:
            return [], None
        limit = now + horizon
        found: list[Upcoming] = []
        index, start, position = self._at.index, self._at.start, self._at.next_cue
        while index < len(self.plan.phases):
            cues = self.script.phases[index]
            for place in range(position, len(cues)):
                at = start + cues[place].offset
                wall = self._wall(at)
                if wall > limit:
                    return found, wall
                found.append(Upcoming(wall, index, at, place, self._truthful(cues[place], index)))
            start += self.plan.phases[index].seconds
            if self._wall(start) > limit + MAX_POLL_INTERVAL:
                return found, None  # the driver polls again before then anyway
            index, position = index + 1, 0
        return found, None

    def _truthful(self, cue: Cue, index: int) -> Cue:
        """The closing words say "complete" only when every work phase was done; those still
        to run before they come due (the last one, as a rule) count if they run to the end."""
        if cue.kind is not CueKind.FINISH or not cue.otherwise:
            return cue
        counted = self.work.indexes()
        pending = sum(
            1
            for i in range(self._at.index, index + 1)
            if self.plan.phases[i].is_work and i not in counted
        )
        if self.work.count + pending >= self.plan.work_total:
            return cue
        return replace(cue, say=cue.otherwise)

    def _next_instant(self) -> float:
        """Active seconds of the next thing due: a cue of this phase, else its end."""
        cues = self.script.phases[self._at.index]
        end = self._at.start + self.phase.seconds
        if self._at.next_cue < len(cues):
            return min(self._at.start + cues[self._at.next_cue].offset, end)
        return end

    # -- time passing --------------------------------------------------------------------

    def poll(self, now: float) -> list[Event]:
        """Everything due up to ``now``, in order; pauses instead if the machine slept."""
        if self.state is not State.RUNNING:
            self._seen(now)
            return []
        if self.suspended() - self._suspended_seen > self.sleep_gap:
            # The machine slept since the last poll: freeze the session where it was last
            # seen, rather than go on as if the runner had stayed on the mat. A late poll
            # of a stalled process is no sleep: what fell due meanwhile happens now, in order.
            at = self.active(self._last_seen)
            self._active_base = at
            self.state = State.PAUSED
            self._seen(now)
            return [Paused(at, PauseReason.SLEEP)]
        events: list[Event] = []
        while self.state is State.RUNNING:
            instant = self._next_instant()
            wall = self._wall(instant)
            if wall > now:
                break
            events.extend(self._due(instant, late=now - wall))
        self._seen(now)
        return events

    def _seen(self, now: float) -> None:
        self._last_seen = now
        self._suspended_seen = self.suspended()

    def _due(self, instant: float, late: float) -> list[Event]:
        """Handle the one thing due at ``instant``: a cue, else the end of the phase."""
        cues = self.script.phases[self._at.index]
        end = self._at.start + self.phase.seconds
        if self._at.next_cue < len(cues) and self._at.start + cues[self._at.next_cue].offset <= end:
            position = self._at.next_cue
            self._at.next_cue += 1
            return [
                CueDue(
                    instant,
                    self._at.index,
                    self._truthful(cues[position], self._at.index),
                    late,
                    position,
                )
            ]
        return self._end_phase(end, Outcome.COMPLETED)

    def _end_phase(self, at: float, outcome: Outcome) -> list[Event]:
        phase = self.phase
        elapsed = at - self._at.start
        done = target = 0
        if phase.is_work:
            target = _target(phase)
            done = target if outcome is Outcome.COMPLETED else _done(phase, elapsed)
        ended = PhaseEnded(at, self._at.index, phase, outcome, elapsed, done, target)
        self.work.add(ended)
        events: list[Event] = [ended]
        if outcome in (Outcome.STOPPED, Outcome.RESTARTED):
            return events
        if self._at.index + 1 >= len(self.plan.phases):
            self._settle(at)
            self.state = State.FINISHED
            events.append(Finished(at, at, self.work.count))
            return events
        events.extend(self._begin(self._at.index + 1, at))
        return events

    def _begin(self, index: int, at: float) -> list[Event]:
        self._at.index = index
        self._at.start = at
        self._at.next_cue = 0
        return [PhaseStarted(at, index, self.phase)]

    def _settle(self, at: float) -> None:
        """Fix the active seconds at ``at`` (a phase boundary or a control's instant)."""
        if self.state is State.RUNNING:
            self._run_since = self._wall(at)
        self._active_base = at

    # -- the runner's controls -----------------------------------------------------------

    def start(self, now: float, at: float | None = None) -> list[Event]:
        """Begin the session at wall time ``at`` (default: now).

        A later ``at`` lets a player with an output delay take even the first cues ahead.
        """
        if self.state is not State.READY:
            return []
        self.state = State.RUNNING
        self._run_since = now if at is None else max(now, at)
        self._seen(now)
        self._active_base = 0.0
        return [*self._begin(0, 0.0), *self.poll(now)]

    def pause(self, now: float, reason: PauseReason = PauseReason.USER) -> list[Event]:
        events = self.poll(now)
        if self.state is not State.RUNNING:
            return events
        at = self.active(now)
        self._active_base = at
        self.state = State.PAUSED
        return [*events, Paused(at, reason)]

    def resume(self, now: float) -> list[Event]:
        if self.state is not State.PAUSED:
            return []
        self.state = State.RUNNING
        self._run_since = now
        self._seen(now)
        return [Resumed(self._active_base), *self.poll(now)]

    def toggle_pause(self, now: float) -> list[Event]:
        return self.resume(now) if self.state is State.PAUSED else self.pause(now)

    def _control_instant(self, now: float) -> tuple[list[Event], float] | None:
        """Bring the session up to ``now`` before a control acts; None when it is over."""
        events = self.poll(now)
        if self.state not in (State.RUNNING, State.PAUSED):
            return None
        at = self.active(now)
        self._settle(at)
        return events, at

    def skip(self, now: float) -> list[Event]:
        """End this phase now, unrecorded as work, and start the next one."""
        ready = self._control_instant(now)
        if ready is None:
            return []
        events, at = ready
        return [*events, *self._end_phase(at, Outcome.SKIPPED)]

    def done(self, now: float) -> list[Event]:
        """The runner ends a work phase early: what they did so far counts."""
        ready = self._control_instant(now)
        if ready is None:
            return []
        events, at = ready
        if not self.phase.is_work:
            return events
        return [*events, *self._end_phase(at, Outcome.DONE)]

    def back(self, now: float) -> list[Event]:
        """To the start of this phase; again within BACK_AGAIN s, to the previous work phase."""
        ready = self._control_instant(now)
        if ready is None:
            return []
        events, at = ready
        again = self._at.last_back is not None and now - self._at.last_back <= BACK_AGAIN
        self._at.last_back = now
        target = self._at.index
        if again:
            earlier = [i for i in range(self._at.index) if self.plan.phases[i].is_work]
            if earlier:
                target = self._lead_in(earlier[-1])
        events.extend(self._end_phase(at, Outcome.RESTARTED))
        events.extend(self._begin(target, at))
        return [*events, *self.poll(now)]

    def _lead_in(self, work: int) -> int:
        """The prepare or switch just before a work phase, so the runner gets into position."""
        phases = self.plan.phases
        before = work - 1
        if (
            before >= 0
            and phases[before].kind in (PhaseKind.PREPARE, PhaseKind.SWITCH)
            and phases[before].exercise_index == phases[work].exercise_index
        ):
            return before
        return work

    def stop(self, now: float) -> list[Event]:
        ready = self._control_instant(now)
        if ready is None:
            return []
        events, at = ready
        events.extend(self._end_phase(at, Outcome.STOPPED))
        self.state = State.STOPPED
        return [*events, Stopped(at, at, self.work.count)]
