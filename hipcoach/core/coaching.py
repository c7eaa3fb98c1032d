"""The coach: each exercise-side's prescription, its last decision and why, and the red flags.

docs/coaching.md is the reference for every rule here. Prescriptions are a pure function of
the routine file as it is now and the history as it is now: nothing is stored, so a
next-morning pain given days later, a deleted session or a changed range replays into the
right prescriptions. Red flags are about the runner, so they come from every routine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum, StrEnum
from typing import NamedTuple, Protocol

from hipcoach.core.model import Amount, Circuit, Exercise, Routine, Side, Unit
from hipcoach.core.plan import Prescription, Prescriptions
from hipcoach.core.records import (
    ANSWERS,
    Asked,
    Dosing,
    ExerciseSide,
    Reset,
    SideWork,
    Status,
)

SAFE_UP_TO = 3  # pain zones of the pain-monitoring model: 0-3 safe, 4-5 acceptable, 6-10 too much
ACCEPTABLE_UP_TO = 5
EASY_SESSIONS = 2  # easy sessions done in full that step a ladder up
HOLD_STEP = 5  # seconds between two rungs of a hold; reps and breaths go one at a time
LOWER_FROM = 6  # a pain before this high offers the session one rung lower
WINDOW = timedelta(days=28)  # red flags come from the sessions of the 28 days up to a moment
SEVERE_FROM = 7
RISING_TO = 4
LASTING_FROM = 4
LASTING_DAYS = 14

EVALUATED = frozenset({Status.COMPLETED, Status.STOPPED})


class Session(Protocol):
    """What the coach reads of a session (``records.Session`` and ``CheckedSession``)."""

    @property
    def id(self) -> int: ...
    @property
    def routine_id(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def status(self) -> Status: ...
    @property
    def pain_before(self) -> int | None: ...
    @property
    def pain_after(self) -> int | None: ...
    @property
    def next_day(self) -> int | None: ...
    @property
    def answers(self) -> tuple[str, ...] | None: ...
    @property
    def dosing(self) -> Dosing: ...


class Zone(Enum):
    SAFE = "safe"
    ACCEPTABLE = "acceptable"
    TOO_MUCH = "too much"


def zone(signal: int) -> Zone:
    if signal <= SAFE_UP_TO:
        return Zone.SAFE
    return Zone.ACCEPTABLE if signal <= ACCEPTABLE_UP_TO else Zone.TOO_MUCH


def signal(session: Session) -> int | None:
    """The pain that decides: the larger of pain after and the next morning's; None for a
    session that is not evaluated (not completed or stopped, or no pain after yet)."""
    if session.status not in EVALUATED or session.pain_after is None:
        return None
    if session.next_day is None:
        return session.pain_after
    return max(session.pain_after, session.next_day)


def _pain_words(session: Session) -> str:
    """ "pain 6/10 after" or "pain 7/10 the next morning": the score that decided."""
    assert session.pain_after is not None
    if session.next_day is not None and session.next_day > session.pain_after:
        return f"pain {session.next_day}/10 the next morning"
    return f"pain {session.pain_after}/10 after"


class Decision(StrEnum):
    START = "start"
    UP = "up"
    DOWN = "down"
    STAY = "stay"
    TOP = "top"


# The reasons in words (docs/coaching.md, "Decisions and their reasons").
START = "start"
UP = "up: two easy sessions done in full"
ONE_MORE = "stay: one more easy session before stepping up"
TOP = "top of the range"
FLAG_STANDS = "stay: a red flag stands"
AS_WRITTEN = "stay: run as written"
LOWER = "stay: run one rung lower"
NOT_REACHED = "stay: not reached before the session stopped"
STOPPED = "stay: the session was stopped before its end"
NOT_IN_FULL = "stay: not done in full"
CLIMB_FIRST = "stay: its exercises climb to the top of their ranges first"


def _hurt_words(side: Side | None) -> str:
    return "down: marked as hurting" + (f" on the {side.value}" if side else "")


# -- ladders ---------------------------------------------------------------------------------


def amounts(amount: Amount, unit: Unit) -> tuple[int, ...]:
    """Every amount a dose's range allows, in steps of one (rep, breath) or five seconds of
    hold, the high end always among them: "20-32" s gives 20, 25, 30, 32."""
    if amount.high is None:
        return (amount.low,)
    step = HOLD_STEP if unit is Unit.SECONDS else 1
    return (*range(amount.low, amount.high, step), amount.high)


@dataclass(frozen=True, slots=True)
class Ladder:
    """Every dose an exercise's ranges allow, easiest first: for each sets value from the low
    end of its range to the high end, every amount from low to high. Rungs count from 1."""

    sets_low: int
    sets_high: int
    amounts: tuple[int, ...]

    @staticmethod
    def of(exercise: Exercise) -> Ladder:
        dose = exercise.dose
        return Ladder(exercise.sets.low, exercise.sets.top, amounts(dose.amount, dose.unit))

    @property
    def rungs(self) -> int:
        return (self.sets_high - self.sets_low + 1) * len(self.amounts)

    def at(self, rung: int) -> Prescription:
        """The dose of a rung, read on this ladder: one past its top is its top."""
        index = min(max(rung, 1), self.rungs) - 1
        sets, step = divmod(index, len(self.amounts))
        return Prescription(self.sets_low + sets, self.amounts[step])


def rounds_rungs(circuit: Circuit) -> int:
    """A circuit's rounds ladder: one rung per round count from its low end to its high."""
    return circuit.rounds.top - circuit.rounds.low + 1


class Standing(NamedTuple):
    """Where one ladder stands after the sessions replayed so far, and the last decision."""

    rung: int = 1
    safe_count: int = 0
    decision: Decision = Decision.START
    why: str = START


_START = Standing()


def _counted(now: Standing, rungs: int) -> Standing:
    """An easy session done in full: the count goes up; at two, a rung up (at the top, the
    count just starts over)."""
    count = now.safe_count + 1
    if now.rung >= rungs:
        return Standing(now.rung, count % EASY_SESSIONS, Decision.TOP, TOP)
    if count >= EASY_SESSIONS:
        return Standing(now.rung + 1, 0, Decision.UP, UP)
    return Standing(now.rung, count, Decision.STAY, ONE_MORE)


def _stay(now: Standing, why: str) -> Standing:
    if now.safe_count == 0 and now.decision is Decision.STAY and now.why == why:
        return now
    return Standing(now.rung, 0, Decision.STAY, why)


def _down(now: Standing, why: str) -> Standing:
    return Standing(max(1, now.rung - 1), 0, Decision.DOWN, why)


class _Verdict(NamedTuple):
    """What an evaluated session says, the same for every exercise-side in it."""

    down: str | None  # too much: why every side it reached steps down
    hold: str | None  # why a side it reached stays (acceptable, or it cannot count)
    stopped: bool


def _verdict(session: Session, score: int, flagged: bool) -> _Verdict:
    found = zone(score)
    if found is Zone.TOO_MUCH:
        return _Verdict(f"down: {_pain_words(session)}", None, session.status is Status.STOPPED)
    hold = None
    if found is Zone.ACCEPTABLE:
        hold = f"stay: pain {score}/10, hold until it settles"
    elif flagged:
        hold = FLAG_STANDS
    elif session.dosing is Dosing.AS_WRITTEN:
        hold = AS_WRITTEN
    elif session.dosing is Dosing.LOWER:
        hold = LOWER
    elif session.status is not Status.COMPLETED:
        hold = STOPPED
    return _Verdict(None, hold, session.status is Status.STOPPED)


_HURT = {side: _hurt_words(side) for side in (None, Side.LEFT, Side.RIGHT)}


def _side_step(
    now: Standing, rungs: int, verdict: _Verdict, work: SideWork | None, side: Side | None
) -> Standing | None:
    """One exercise-side through one evaluated session; None leaves it as it was (the
    session did not have this exercise at all)."""
    if work is None:
        return _stay(now, NOT_REACHED) if verdict.stopped else None
    if verdict.down is not None:
        return _down(now, verdict.down)
    if work.hurt:
        return _down(now, _HURT[side])
    if verdict.hold is not None:
        return _stay(now, verdict.hold)
    if not work.full:
        return _stay(now, NOT_IN_FULL)
    return _counted(now, rungs)


def _circuit_step(
    now: Standing,
    rungs: int,
    verdict: _Verdict,
    works: Sequence[SideWork | None],
    all_at_top: bool,
) -> Standing | None:
    """A circuit's rounds, after its exercises: down with them, up only once every one of
    its exercise-sides stood on its top before the session."""
    if all(work is None for work in works):
        return _stay(now, NOT_REACHED) if verdict.stopped else None
    if verdict.down is not None:
        return _down(now, verdict.down)
    if any(work is not None and work.hurt for work in works):
        return _down(now, _HURT[None])
    if verdict.hold is not None:
        return _stay(now, verdict.hold)
    if not all_at_top:
        return _stay(now, CLIMB_FIRST)
    if not all(work is not None and work.full for work in works):
        return _stay(now, NOT_IN_FULL)
    return _counted(now, rungs)


# -- what the replay gives -------------------------------------------------------------------


def dose_text(prescription: Prescription, unit: Unit) -> str:
    """ "3 x 11 reps", "1 x 30 s", "2 x 9 breaths"."""
    return f"{prescription.sets} x {prescription.amount} {unit.short}"


@dataclass(frozen=True, slots=True)
class SideCoaching:
    """One exercise-side today: its rung, the dose it asks, and the last decision."""

    exercise: Exercise
    side: Side | None
    ladder: Ladder
    standing: Standing
    last: Prescription | None = None  # what the newest completed session that had it asked

    @property
    def key(self) -> ExerciseSide:
        return (self.exercise.id, self.side)

    @property
    def prescription(self) -> Prescription:
        return self.ladder.at(self.standing.rung)

    @property
    def name(self) -> str:
        """ "Clamshells, left" or "Glute bridges"."""
        return self.exercise.name + (f", {self.side.value}" if self.side else "")

    @property
    def dose(self) -> str:
        return dose_text(self.prescription, self.exercise.dose.unit)

    def to_json(self) -> dict[str, object]:
        """One exercise-side of ``coach --json`` (docs/coaching.md)."""
        now = self.prescription
        return {
            "id": self.exercise.id,
            "name": self.exercise.name,
            "side": self.side.value if self.side else None,
            "sets": now.sets,
            "amount": now.amount,
            "unit": self.exercise.dose.unit.short,
            "range": str(self.exercise.dose.amount),
            "rung": self.standing.rung,
            "rungs": self.ladder.rungs,
            "decision": self.standing.decision.value,
            "why": self.standing.why,
            "safe_count": self.standing.safe_count,
        }


@dataclass(frozen=True, slots=True)
class CircuitCoaching:
    """A circuit's rounds today, and the last decision about them."""

    circuit: Circuit
    standing: Standing
    last: int | None = None  # the rounds of the newest completed session that had it

    @property
    def rungs(self) -> int:
        return rounds_rungs(self.circuit)

    @property
    def rounds(self) -> int:
        return self.circuit.rounds.low + min(self.standing.rung, self.rungs) - 1

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.circuit.key,
            "name": self.circuit.name,
            "rounds": self.rounds,
            "range": str(self.circuit.rounds),
            "rung": self.standing.rung,
            "rungs": self.rungs,
            "decision": self.standing.decision.value,
            "why": self.standing.why,
            "safe_count": self.standing.safe_count,
        }


@dataclass(frozen=True, slots=True)
class RoutineCoaching:
    """One routine today: every exercise-side (routine order, left before right), every
    circuit, and the sessions still waiting for a check-in."""

    routine: Routine
    exercises: tuple[SideCoaching, ...]
    circuits: tuple[CircuitCoaching, ...] = ()
    pending: tuple[int, ...] = ()  # completed or stopped since the last evaluated, no pain after

    def side(self, exercise_id: str, side: Side | None) -> SideCoaching:
        for found in self.exercises:
            if found.key == (exercise_id, side):
                return found
        raise KeyError((exercise_id, side))

    def prescriptions(self, dosing: Dosing = Dosing.COACHED) -> Prescriptions:
        """The doses of a session run so: today's prescriptions, one rung lower for every
        exercise (pain before), or the file's low ends (as written)."""
        if dosing is Dosing.AS_WRITTEN:
            return Prescriptions()
        lower = 1 if dosing is Dosing.LOWER else 0
        return Prescriptions(
            {s.key: s.ladder.at(max(1, s.standing.rung - lower)) for s in self.exercises},
            {c.circuit.key: c.rounds for c in self.circuits},
        )

    @property
    def can_go_lower(self) -> bool:
        """Whether one rung lower would change anything (rung 1 stays rung 1)."""
        return any(s.standing.rung > 1 for s in self.exercises)

    def last_time(self) -> dict[ExerciseSide, Prescription]:
        """What each exercise-side asked the last time it was done: a cue says so when
        today's dose differs ("twelve reps, one more than last time")."""
        return {s.key: s.last for s in self.exercises if s.last is not None}

    def last_rounds(self) -> dict[str, int]:
        return {c.circuit.key: c.last for c in self.circuits if c.last is not None}

    def to_json(self) -> dict[str, object]:
        """One routine of ``coach --json`` (docs/coaching.md)."""
        return {
            "id": self.routine.id,
            "name": self.routine.name,
            "exercises": [s.to_json() for s in self.exercises],
            "circuits": [c.to_json() for c in self.circuits],
        }


# -- red flags -------------------------------------------------------------------------------


class FlagKind(StrEnum):
    SEVERE = "severe"
    RISING = "rising"
    LASTING = "lasting"
    ANSWER = "answer"


SEE_SOMEONE = "Stop the exercises that hurt and have a physiotherapist or doctor look at your hip."
SEE_A_DOCTOR = "Stop the exercises that hurt and see a doctor soon."
_REPORTED = {
    "swelling": f"You reported that your hip is swollen. {SEE_SOMEONE}",
    "sharp": f"You reported sharp pain in one spot. {SEE_SOMEONE}",
    "giving-way": f"You reported that your hip gives way. {SEE_SOMEONE}",
    "night-pain": f"You reported pain at night or at rest. {SEE_A_DOCTOR}",
    "no-weight": f"You reported that it is hard to put weight on your leg. {SEE_A_DOCTOR}",
}


def advice(kind: FlagKind, answer: str | None = None, score: int = SEVERE_FROM) -> str:
    """What a flag tells the runner: what they reported and what to do, never a cause."""
    if kind is FlagKind.SEVERE:
        return f"You reported pain of {score}/10. {SEE_SOMEONE}"
    if kind is FlagKind.RISING:
        return f"Your recent check-ins show pain that keeps rising. {SEE_SOMEONE}"
    if kind is FlagKind.LASTING:
        return (
            f"You started three sessions within two weeks with pain of 4/10 or more. {SEE_SOMEONE}"
        )
    assert answer is not None
    return _REPORTED[answer]


def advice_before(pain_before: int) -> str:
    """Shown before a session that starts with a pain of 6 or more, before the lower rung is
    offered (docs/coaching.md, "Pain before the session")."""
    return f"Your hip hurts {pain_before}/10 before you start. {SEE_SOMEONE}"


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A flag standing now: ``session`` raised it, ``since`` is the local date of the
    earliest session it rests on."""

    kind: FlagKind
    session: int
    since: date
    advice: str
    answer: str | None = None  # the question answered yes, for an answer flag

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "session": self.session,
            "since": self.since.isoformat(),
            "advice": self.advice,
        }


@dataclass(frozen=True, slots=True)
class _Raised:
    """One flag raised by ``by``, resting on the sessions from ``earliest`` to it."""

    kind: FlagKind
    by: Session
    earliest: Session
    answer: str | None = None
    score: int = 0


def _local_date(moment: datetime) -> date:
    return moment.astimezone().date()


class _Flags:
    """Red flags as the sessions of every routine come, in the order they started: which
    stood at each session, and which stand at the end."""

    def __init__(self, local_date: Callable[[datetime], date]) -> None:
        self.local_date = local_date
        self.live: list[_Raised] = []
        self._evaluated: list[tuple[Session, int]] = []
        self._sore_before: list[Session] = []

    def expire(self, moment: datetime) -> None:
        """Flags whose sessions left the 28 days up to ``moment`` lapse."""
        start = moment - WINDOW
        self.live = [r for r in self.live if r.earliest.started_at >= start]

    def take(self, session: Session) -> bool:
        """Add one session (the next to have started); True when a flag stood at it: one
        standing when it started, or one its own scores or answers raise."""
        if self.live:
            self.expire(session.started_at)
        score = signal(session)
        raised = self._raised_by(session, score)
        stood = bool(self.live) or bool(raised)
        if self.live and score is not None and zone(score) is Zone.SAFE:
            self.live = [r for r in self.live if r.kind is FlagKind.ANSWER]
        if self.live and session.answers is not None:
            given = session.answers
            self.live = [r for r in self.live if r.kind is not FlagKind.ANSWER or r.answer in given]
        self.live.extend(raised)
        if score is not None:
            self._evaluated.append((session, score))
        if session.pain_before is not None and session.pain_before >= LASTING_FROM:
            self._sore_before.append(session)
        return stood

    def _raised_by(self, session: Session, score: int | None) -> list[_Raised]:
        raised: list[_Raised] = []
        worst = max(session.pain_before or 0, session.pain_after or 0, session.next_day or 0)
        if worst >= SEVERE_FROM:
            raised.append(_Raised(FlagKind.SEVERE, session, session, score=worst))
        window_start = session.started_at - WINDOW
        if score is not None and score >= RISING_TO and len(self._evaluated) >= 2:
            (first, one), (_, two) = self._evaluated[-2:]
            if one < two < score and first.started_at >= window_start:
                raised.append(_Raised(FlagKind.RISING, session, first))
        if (
            session.pain_before is not None
            and session.pain_before >= LASTING_FROM
            and len(self._sore_before) >= 2
        ):
            # The two latest sore starts before this one: if the earlier of them is within
            # 14 days, no earlier pair can be, and it is the pattern's earliest session.
            first = self._sore_before[-2]
            days = (self.local_date(session.started_at) - self.local_date(first.started_at)).days
            if days <= LASTING_DAYS and first.started_at >= window_start:
                raised.append(_Raised(FlagKind.LASTING, session, first))
        for answer in session.answers or ():
            raised.append(_Raised(FlagKind.ANSWER, session, session, answer=answer))
        return raised

    def standing(self) -> tuple[RedFlag, ...]:
        """The live flags, one per kind (and per answer): raised by the latest of its
        sessions, since the earliest."""
        groups: dict[tuple[FlagKind, str | None], list[_Raised]] = defaultdict(list)
        for raised in self.live:
            groups[(raised.kind, raised.answer)].append(raised)
        order = list(FlagKind)
        flags = []
        for (kind, answer), found in sorted(
            groups.items(),
            key=lambda item: (
                order.index(item[0][0]),
                ANSWERS.index(item[0][1]) if item[0][1] in ANSWERS else -1,
            ),
        ):
            latest = max(found, key=lambda r: (r.by.started_at, r.by.id)).by
            earliest = min(found, key=lambda r: (r.earliest.started_at, r.earliest.id)).earliest
            score = max(r.score for r in found)
            flags.append(
                RedFlag(
                    kind,
                    latest.id,
                    self.local_date(earliest.started_at),
                    advice(kind, answer, score),
                    answer,
                )
            )
        return tuple(flags)


# -- the replay ------------------------------------------------------------------------------


_NO_WORK: Mapping[ExerciseSide, SideWork] = {}


@dataclass(frozen=True, slots=True)
class Move:
    """One exercise-side's dose moved in the replay: after a session (up, down) or at a
    reset (started over), from one prescription to another, and the coach's reason."""

    at: datetime
    session: int | None  # None: a reset moved it
    exercise_id: str
    side: Side | None
    before: Prescription
    after: Prescription
    why: str


RESET_WHY = "start: started over with coach --reset"


def _order(session: Session) -> tuple[datetime, int]:
    return (session.started_at, session.id)


class Coach:
    """The history as the coach reads it, at ``now``: give it every session of every
    routine (red flags come from all), the exercise-sides' work of the sessions of the
    routines to coach, the resets, and per routine what each exercise-side asked in its
    latest completed session (``last``, for the cues).

    ``routine(r)`` replays one routine's sessions over its file as it is now;
    ``red_flags`` are the flags standing now.
    """

    def __init__(
        self,
        sessions: Iterable[Session],
        work: Mapping[int, Mapping[ExerciseSide, SideWork]],
        resets: Iterable[Reset] = (),
        last: Mapping[str, Mapping[ExerciseSide, Asked]] | None = None,
        *,
        now: datetime,
        local_date: Callable[[datetime], date] = _local_date,
    ) -> None:
        self.now = now
        self.work = work
        self.last = last or {}
        self.sessions = sorted((s for s in sessions if s.started_at <= now), key=_order)
        self._resets = sorted((r for r in resets if r.at <= now), key=lambda r: r.at)
        flags = _Flags(local_date)
        self._flagged = {s.id: flags.take(s) for s in self.sessions}
        flags.expire(now)
        self.red_flags = flags.standing()
        self._of: dict[str, list[Session]] = defaultdict(list)
        for session in self.sessions:
            self._of[session.routine_id].append(session)

    def flag_stood(self, session_id: int) -> bool:
        """Whether a red flag stood at this session (it then counts toward no step up)."""
        return self._flagged.get(session_id, False)

    def routine(self, routine: Routine, moves: list[Move] | None = None) -> RoutineCoaching:
        """Today's prescriptions of one routine: its sessions replayed, in the order they
        started, with its resets, on the ladders of the file as it is now. Given a list,
        ``moves`` gets every move of an exercise-side's dose on the way, oldest first (the
        decision log: each session's reasons where the dose changed)."""
        sides = [
            (exercise, side, Ladder.of(exercise))
            for exercise in routine.exercises
            for side in exercise.side_list
        ]
        keys = [(e.id, side) for e, side, _ in sides]
        rungs = [ladder.rungs for _, _, ladder in sides]
        standing = [_START] * len(sides)  # in the order of ``sides``
        circuits = [step.circuit for step in routine.steps() if step.circuit is not None]
        members = {
            c.key: [i for i, (e, _, _) in enumerate(sides) if e.circuit == c.key] for c in circuits
        }
        rounds: dict[str, Standing] = {c.key: _START for c in circuits}
        pending: list[int] = []
        resets = [r for r in self._resets if r.routine_id == routine.id]
        next_reset = 0
        # Sessions that went alike share one work map (the history's reading): each map is
        # lined up with this routine's exercise-sides once.
        lined_up: dict[int, list[SideWork | None]] = {}

        def start_over(reset: Reset) -> None:
            for i, (exercise, side, ladder) in enumerate(sides):
                if reset.exercise_id is None or exercise.id == reset.exercise_id:
                    if moves is not None and standing[i].rung != _START.rung:
                        before, after = ladder.at(standing[i].rung), ladder.at(_START.rung)
                        moves.append(
                            Move(reset.at, None, exercise.id, side, before, after, RESET_WHY)
                        )
                    standing[i] = _START
            if reset.exercise_id is None:
                for circuit_key in rounds:
                    rounds[circuit_key] = _START

        for session in self._of.get(routine.id, ()):
            while next_reset < len(resets) and resets[next_reset].at <= session.started_at:
                start_over(resets[next_reset])
                next_reset += 1
            score = signal(session)
            if score is None:
                if session.status in EVALUATED:
                    pending.append(session.id)
                continue
            pending.clear()
            work = self.work.get(session.id, _NO_WORK)
            done = lined_up.get(id(work))
            if done is None:
                done = lined_up[id(work)] = [work.get(key) for key in keys]
            verdict = _verdict(session, score, self._flagged[session.id])
            before = list(standing) if circuits else standing
            for i, (exercise, side, ladder) in enumerate(sides):
                moved = _side_step(standing[i], rungs[i], verdict, done[i], side)
                if moved is not None:
                    if moves is not None and moved.rung != standing[i].rung:
                        moves.append(
                            Move(
                                session.started_at,
                                session.id,
                                exercise.id,
                                side,
                                ladder.at(standing[i].rung),
                                ladder.at(moved.rung),
                                moved.why,
                            )
                        )
                    standing[i] = moved
            for circuit in circuits:
                mine = members[circuit.key]
                moved = _circuit_step(
                    rounds[circuit.key],
                    rounds_rungs(circuit),
                    verdict,
                    [done[i] for i in mine],
                    all(before[i].rung >= rungs[i] for i in mine),
                )
                if moved is not None:
                    rounds[circuit.key] = moved
        for reset in resets[next_reset:]:
            start_over(reset)
        asked = self.last.get(routine.id, {})
        last_rounds: dict[str, int] = {}
        for circuit_key, mine in members.items():
            reached = [r for i in mine if (a := asked.get(keys[i])) and (r := a.rounds)]
            if reached:
                last_rounds[circuit_key] = max(reached)
        return RoutineCoaching(
            routine,
            tuple(
                SideCoaching(
                    e,
                    side,
                    ladder,
                    standing[i],
                    None if (a := asked.get(keys[i])) is None else Prescription(a.sets, a.amount),
                )
                for i, (e, side, ladder) in enumerate(sides)
            ),
            tuple(CircuitCoaching(c, rounds[c.key], last_rounds.get(c.key)) for c in circuits),
            tuple(pending),
        )
