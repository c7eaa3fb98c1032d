"""Preparing one session, the same way for the window and for ``hipcoach run``.

A session is a routine laid out as a plan, its cues, a player getting them ready, an
engine, a driver that runs the engine on an event loop, and a history record that follows
it from ``begin``, once the player is ready. The driver (Qt) and the player (QtMultimedia)
are handed in as factories, so this use case imports no Qt and is tested with fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from hipcoach.core.cue_player import CuePlayer
from hipcoach.core.cues import NOTED, Cue, LastTime, make_script, speakable
from hipcoach.core.engine import Event, SessionEngine, State
from hipcoach.core.model import Routine, Side
from hipcoach.core.plan import (
    Phase,
    PhaseKind,
    Plan,
    Prescription,
    Prescriptions,
    explain_seconds,
    make_plan,
)
from hipcoach.core.records import CheckIn, Dosing, ExerciseSide, LastDone
from hipcoach.core.settings import HowReading, Settings

__all__ = [
    "CheckIn",
    "Driver",
    "NoLog",
    "PreparedSession",
    "SessionDose",
    "SessionLog",
    "explained",
    "plan_session",
    "prepare_session",
]


@dataclass(frozen=True, slots=True)
class SessionDose:
    """How a session is dosed: the prescriptions it runs at, how they were chosen (kept in
    history: only a session at its prescriptions counts toward a step up), and what each
    exercise-side and circuit asked last time, so the cues say when a dose moved.

    The default is what a runner with no history gets: every range at its low end."""

    prescriptions: Prescriptions = field(default_factory=Prescriptions)
    dosing: Dosing = Dosing.COACHED
    last: Mapping[ExerciseSide, Prescription] = field(default_factory=dict)
    last_rounds: Mapping[str, int] = field(default_factory=dict)
    # How often each exercise was met before (the how-tos' "first three times"), read with
    # the doses on the window's worker; None: ``prepare_session`` asks the log itself.
    times_met: Mapping[str, int] | None = None


class SessionLog(Protocol):
    """Where sessions are recorded as they happen (the history store's recorder)."""

    def begin(self, routine: Routine, plan: Plan, dosing: Dosing = Dosing.COACHED) -> int | None:
        """Record the start, with how it is dosed; return the handle its later records name
        (None: not recorded).

        Never waits for the database: history is written on a thread of its own.
        """
        ...

    def record(self, session_id: int | None, event: Event) -> None: ...

    def end(self, session_id: int | None) -> None: ...

    def check_in(self, session_id: int, check_in: CheckIn) -> None: ...

    def mark_hurt(self, session_id: int | None, exercise_id: str, side: Side | None) -> None:
        """ "This hurts": that exercise-side's work in this session, done and to come."""
        ...

    def last_done(self) -> Mapping[str, LastDone]:
        """When each routine id was last done (completed, or stopped after some work)."""
        ...

    def times_met(self, routine_id: str) -> Mapping[str, int]:
        """Per exercise id of the routine: sessions that did a counted work phase of it."""
        ...

    def flush(self, timeout: float | None = None) -> bool:
        """Wait (on a worker thread, never the GUI's) until what was recorded is written."""
        ...


class NoLog:
    """Records nothing: history could not be opened, or a test does not look at it."""

    def begin(self, routine: Routine, plan: Plan, dosing: Dosing = Dosing.COACHED) -> int | None:
        return None

    def record(self, session_id: int | None, event: Event) -> None:
        pass

    def end(self, session_id: int | None) -> None:
        pass

    def check_in(self, session_id: int, check_in: CheckIn) -> None:
        pass

    def mark_hurt(self, session_id: int | None, exercise_id: str, side: Side | None) -> None:
        pass

    def last_done(self) -> Mapping[str, LastDone]:
        return {}

    def times_met(self, routine_id: str) -> Mapping[str, int]:
        return {}

    def flush(self, timeout: float | None = None) -> bool:
        return True


class Driver(Protocol):
    """What this use case needs of the driver that runs the engine on an event loop."""

    @property
    def engine(self) -> SessionEngine: ...

    def add_listener(self, listener: Callable[[Event], None]) -> None: ...

    def start(self) -> None: ...

    def skip(self) -> None: ...

    def say(self, cue: Cue) -> None:
        """Say a reply now, through the session's player (H's "noted")."""
        ...


D = TypeVar("D", bound=Driver)


@dataclass
class PreparedSession(Generic[D]):
    """One session getting ready, about to start or running: its driver, plan and history
    id (None until ``begin``, and when history is not recorded)."""

    routine: Routine
    plan: Plan
    driver: D
    player: CuePlayer
    log: SessionLog = field(default_factory=NoLog)
    session_id: int | None = None
    begun: bool = False
    _closed: bool = False
    dose: SessionDose = field(default_factory=SessionDose)
    pain_before: int | None = None  # "pain now", asked before it started (None: not given)

    def ready(self) -> bool:
        """The player is ready: ``begin``, then ``driver.start()``. Never waits."""
        return self.player.ready()

    def begin(self) -> None:
        """Record the session as begun; every event of the driver goes to the log from its
        first one. Right before ``driver.start()``: one given up while getting ready leaves
        no trace in the history. The pain given before it starts is its pain before, as if
        checked in: the after-session page shows it filled."""
        if self.begun:
            return
        self.begun = True
        self.session_id = self.log.begin(self.routine, self.plan, self.dose.dosing)
        if self.pain_before is not None and self.session_id is not None:
            self.log.check_in(self.session_id, CheckIn(pain_before=self.pain_before))

    def close(self) -> None:
        """The session is over (or given up while getting ready): mark the history record
        ended and let the player go."""
        if self._closed:
            return
        self._closed = True
        if self.begun:
            self.log.end(self.session_id)
        self.player.close()

    def hurting(self) -> Phase | None:
        """The work phase "this hurts" is about now: the current one, else the last one done
        of the exercise under way (a rest or switch after it), else the next one of it."""
        engine = self.driver.engine
        if engine.state not in (State.RUNNING, State.PAUSED):
            return None
        phases = self.plan.phases
        now = phases[engine.index]
        if now.is_work:
            return now
        same = [
            p
            for p in phases
            if p.is_work and (p.exercise_index, p.round) == (now.exercise_index, now.round)
        ]
        done = [p for p in same if p.start < now.start]
        if done and now.kind not in (PhaseKind.PREPARE, PhaseKind.EXPLAIN):
            return done[-1]
        ahead = [p for p in same if p.start > now.start]
        return ahead[0] if ahead else (done[-1] if done else None)

    def mark_hurt(self) -> Phase | None:
        """H in the player: mark the exercise-side under way as hurting, now and for the
        rest of this session (docs/coaching.md), and say "noted" (rendered with the
        script's phrases); returns the work phase it marked, for what the screen shows, or
        None when there is none to mark (and nothing is said)."""
        phase = self.hurting()
        if phase is not None:
            self.log.mark_hurt(self.session_id, phase.exercise.id, phase.side)
            self.driver.say(NOTED)
        return phase

    def skip_exercise(self) -> None:
        """Skip what is left of the exercise under way (both sides, every set; in a circuit,
        this round of it): the runner said it hurts. Its work phases are kept as skipped."""
        engine = self.driver.engine
        if engine.state not in (State.RUNNING, State.PAUSED):
            return
        now = self.plan.phases[engine.index]
        mine = (now.exercise_index, now.round)
        while engine.state in (State.RUNNING, State.PAUSED):
            phase = self.plan.phases[engine.index]
            if (phase.exercise_index, phase.round) != mine or phase.kind in (
                PhaseKind.REST,
                PhaseKind.ROUND_REST,
            ):
                return
            self.driver.skip()


FIRST_TIMES = 3  # how-tos are read until an exercise was done in this many sessions


def explained(
    routine: Routine,
    reading: HowReading,
    times_met: Mapping[str, int],
    rate: int,
    spoken: Callable[[str], float | None] = lambda _text: None,
) -> dict[int, int]:
    """Which exercises get their how-to read before them, and for how many seconds.

    ``times_met`` counts, per exercise id, the earlier sessions that did a counted work phase
    of it; ``spoken`` gives a rendered reading's length (None: estimated from ``rate``)."""
    if reading is HowReading.NEVER:
        return {}
    out: dict[int, int] = {}
    for index, exercise in enumerate(routine.exercises):
        if not exercise.how:
            continue
        if reading is HowReading.FIRST and times_met.get(exercise.id, 0) >= FIRST_TIMES:
            continue
        straight_to_work = exercise.prepare == 0
        text = speakable(exercise.how)
        out[index] = explain_seconds(text, rate, spoken(text), straight_to_work)
    return out


def plan_session(
    routine: Routine,
    settings: Settings,
    times_met: Mapping[str, int],
    prescriptions: Prescriptions | None = None,
    spoken: Callable[[str], float | None] = lambda _text: None,
) -> Plan:
    """The timeline a session will run: at ``prescriptions`` (None: the file's low ends),
    with the how-tos the runner wants read (``plan --coached`` shows the same)."""
    # With the voice off the how-to still gets its phase, shown large: read by eye instead.
    explain = explained(routine, settings.how_reading, times_met, settings.rate, spoken)
    return make_plan(routine, prescriptions, explain)


def prepare_session(
    routine: Routine,
    settings: Settings,
    player: CuePlayer,
    make_driver: Callable[[SessionEngine, CuePlayer], D],
    log: SessionLog,
    speed: float = 1.0,
    dose: SessionDose | None = None,
    pain_before: int | None = None,
) -> PreparedSession[D]:
    """Everything a session needs, its player getting ready; the clock has not started.

    Never waits for the player: once ``ready()``, ``begin()`` then ``driver.start()``.
    ``routine`` carries the default timings it was loaded with; how-tos and beeps follow
    ``settings``; ``dose`` is what it runs at (the coach's: ``BeforeSession.dose`` in
    ``application.coaching``; None: the file's low ends). ``begin()`` records it as begun,
    with its dosing and ``pain_before`` (the answer to "pain now", when one was given).
    """
    dose = dose or SessionDose()
    met = dose.times_met if dose.times_met is not None else log.times_met(routine.id)
    plan = plan_session(routine, settings, met, dose.prescriptions, player.spoken_seconds)
    script = make_script(plan, LastTime(dose.last, dose.last_rounds))
    player.prepare(script.phrases(), sounds=settings.beeps)
    driver = make_driver(SessionEngine(plan, script, speed=speed), player)
    session = PreparedSession(
        routine, plan, driver, player, log, dose=dose, pain_before=pain_before
    )
    driver.add_listener(lambda event: log.record(session.session_id, event))
    return session
