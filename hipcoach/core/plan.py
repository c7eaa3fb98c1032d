"""A routine laid out in time: the exact sequence of phases a session steps through.

The timeline is a contract (``hipcoach plan`` prints it; docs/routine-format.md, "The
timeline"), so it is built in one place and every other part reads it rather than
re-deriving it. Every phase carries its own dose, set, round and side: nothing downstream
reads the dose from the exercise.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum

from hipcoach.core.model import Circuit, Exercise, Routine, Side, Step, Unit

MAX_SECONDS = 6 * 3600  # the longest timeline a routine file may allow
MAX_PHASES = 5000


class PhaseKind(Enum):
    EXPLAIN = "explain"
    PREPARE = "prepare"
    WORK = "work"
    SWITCH = "switch"
    SET_REST = "set_rest"
    ROUND_REST = "round_rest"
    REST = "rest"


RESTS = frozenset({PhaseKind.SET_REST, PhaseKind.ROUND_REST, PhaseKind.REST})


@dataclass(frozen=True, slots=True)
class Prescription:
    """What one exercise-side is asked today: this many sets of this amount."""

    sets: int
    amount: int


@dataclass(frozen=True, slots=True)
class Prescriptions:
    """Today's dose for each (exercise id, side) and rounds for each circuit key.

    Whatever is not given is trained at the low end of its range, as the file writes it.
    """

    doses: Mapping[tuple[str, Side | None], Prescription] = field(default_factory=dict)
    rounds: Mapping[str, int] = field(default_factory=dict)

    def dose(self, exercise: Exercise, side: Side | None) -> Prescription:
        given = self.doses.get((exercise.id, side))
        if given is not None:
            return given
        return Prescription(exercise.sets.low, exercise.dose.amount.low)

    def rounds_of(self, circuit: Circuit) -> int:
        return self.rounds.get(circuit.key, circuit.rounds.low)

    @staticmethod
    def high_ends(routine: Routine) -> Prescriptions:
        """Every range at its high end: the largest timeline a file allows."""
        doses = {
            (exercise.id, side): Prescription(exercise.sets.top, exercise.dose.amount.top)
            for exercise in routine.exercises
            for side in exercise.side_list
        }
        return Prescriptions(doses, {c.key: c.rounds.top for c in routine.circuits})


@dataclass(frozen=True, slots=True)
class Phase:
    """One stretch of the session with a single purpose and a fixed length.

    ``sets`` is how many sets the exercise has in this plan (its sides' largest), ``rounds``
    how many rounds its circuit has; ``target``, ``unit`` and ``unit_seconds`` (the seconds
    one second, breath or rep takes) are the work phase's dose, None or 0 elsewhere.
    """

    kind: PhaseKind
    exercise_index: int
    exercise: Exercise
    set: int
    side: Side | None
    seconds: int
    start: int  # seconds from the start of the session
    round: int | None = None
    circuit: str | None = None
    target: int | None = None
    unit: Unit | None = None
    unit_seconds: int = 0
    sets: int = 1
    rounds: int | None = None

    @property
    def end(self) -> int:
        return self.start + self.seconds

    @property
    def is_work(self) -> bool:
        return self.kind is PhaseKind.WORK

    @property
    def is_rest(self) -> bool:
        return self.kind in RESTS

    @property
    def exercise_id(self) -> str:
        return self.exercise.id

    def to_json(self) -> dict[str, object]:
        """One phase of ``plan --json`` (docs/command-line.md)."""
        return {
            "kind": self.kind.value,
            "exercise": self.exercise.name,
            "exercise_id": self.exercise.id,
            "side": self.side.value if self.side else None,
            "set": self.set,
            "round": self.round,
            "circuit": self.circuit,
            "seconds": self.seconds,
            "target": self.target,
            "unit": self.unit.short if self.unit else None,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    routine: Routine
    phases: tuple[Phase, ...]

    @property
    def total_seconds(self) -> int:
        return self.phases[-1].end if self.phases else 0

    @property
    def work_total(self) -> int:
        return sum(1 for phase in self.phases if phase.is_work)

    def circuit_name(self, phase: Phase) -> str | None:
        return self.routine.circuit(phase.circuit).name if phase.circuit else None

    def to_json(self) -> dict[str, object]:
        """The ``plan --json`` object (docs/command-line.md)."""
        return {
            "routine": self.routine.id,
            "name": self.routine.name,
            "total_seconds": self.total_seconds,
            "phases": [phase.to_json() for phase in self.phases],
        }


@dataclass(frozen=True, slots=True)
class _Draft:
    """A phase before it has its start; zero-second ones are still in."""

    kind: PhaseKind
    index: int
    set: int
    side: Side | None
    seconds: int
    round: int | None = None
    circuit: str | None = None
    target: int | None = None
    sets: int = 1
    rounds: int | None = None


def _single(routine: Routine, index: int, rx: Prescriptions, is_last: bool) -> Iterator[_Draft]:
    """An exercise on its own: prepare, each set's sides, set rests, then its rest."""
    exercise = routine.exercises[index]
    given = {side: rx.dose(exercise, side) for side in exercise.side_list}
    total = max(p.sets for p in given.values())
    yield _Draft(PhaseKind.PREPARE, index, 1, None, exercise.prepare, sets=total)
    for number in range(1, total + 1):
        # Sides prescribed fewer sets drop out of the later ones; the left goes first.
        sides = [side for side in exercise.side_list if given[side].sets >= number]
        for position, side in enumerate(sides):
            if position > 0:
                yield _Draft(PhaseKind.SWITCH, index, number, side, exercise.switch, sets=total)
            amount = given[side].amount
            yield _Draft(
                PhaseKind.WORK,
                index,
                number,
                side,
                exercise.dose.work_seconds(amount),
                target=amount,
                sets=total,
            )
        if number < total:
            yield _Draft(PhaseKind.SET_REST, index, number, None, exercise.set_rest, sets=total)
    if not is_last:
        yield _Draft(PhaseKind.REST, index, total, None, exercise.rest, sets=total)


def _circuit(
    routine: Routine, step: Step, circuit: Circuit, rx: Prescriptions, is_last: bool
) -> Iterator[_Draft]:
    """A circuit: round after round of its exercises, each once (per side)."""
    rounds = rx.rounds_of(circuit)
    key = circuit.key
    last = step.indexes[-1]
    for number in range(1, rounds + 1):
        for index in step.indexes:
            exercise = routine.exercises[index]
            yield _Draft(
                PhaseKind.PREPARE, index, 1, None, exercise.prepare, number, key, rounds=rounds
            )
            for position, side in enumerate(exercise.side_list):
                if position > 0:
                    yield _Draft(
                        PhaseKind.SWITCH,
                        index,
                        1,
                        side,
                        exercise.switch,
                        number,
                        key,
                        rounds=rounds,
                    )
                amount = rx.dose(exercise, side).amount
                yield _Draft(
                    PhaseKind.WORK,
                    index,
                    1,
                    side,
                    exercise.dose.work_seconds(amount),
                    number,
                    key,
                    target=amount,
                    rounds=rounds,
                )
            if index != last:
                yield _Draft(
                    PhaseKind.REST, index, 1, None, exercise.rest, number, key, rounds=rounds
                )
        if number < rounds:
            yield _Draft(
                PhaseKind.ROUND_REST,
                last,
                1,
                None,
                circuit.round_rest,
                number,
                key,
                rounds=rounds,
            )
    if not is_last:
        yield _Draft(PhaseKind.REST, last, 1, None, circuit.rest, rounds, key, rounds=rounds)


def _drafts(routine: Routine, rx: Prescriptions) -> Iterator[_Draft]:
    steps = list(routine.steps())
    for number, step in enumerate(steps):
        is_last = number == len(steps) - 1
        if step.circuit is None:
            yield from _single(routine, step.indexes[0], rx, is_last)
        else:
            yield from _circuit(routine, step, step.circuit, rx, is_last)


def _explained(drafts: Iterator[_Draft], explain: Mapping[int, int]) -> Iterator[_Draft]:
    """An ``explain`` phase before each exercise's first prepare (its first round in a
    circuit), for the exercises whose how-to is read, as long as the reading."""
    done: set[int] = set()
    for draft in drafts:
        index = draft.index
        if index in explain and index not in done and draft.kind is not PhaseKind.REST:
            done.add(index)
            yield _Draft(
                PhaseKind.EXPLAIN,
                index,
                1,
                None,
                explain[index],
                draft.round,
                draft.circuit,
                sets=draft.sets,
                rounds=draft.rounds,
            )
        yield draft


def make_plan(
    routine: Routine,
    prescriptions: Prescriptions | None = None,
    explain: Mapping[int, int] | None = None,
) -> Plan:
    """Lay the routine out as a timeline at ``prescriptions`` (default: every range at its
    low end); zero-second phases are left out.

    ``explain`` maps an exercise's index to the seconds its how-to takes to read: those
    exercises get an ``explain`` phase before they start (docs/routine-format.md)."""
    rx = prescriptions or Prescriptions()
    phases: list[Phase] = []
    clock = 0
    for draft in _explained(_drafts(routine, rx), explain or {}):
        if draft.seconds <= 0:
            continue
        exercise = routine.exercises[draft.index]
        work = draft.kind is PhaseKind.WORK
        phases.append(
            Phase(
                kind=draft.kind,
                exercise_index=draft.index,
                exercise=exercise,
                set=draft.set,
                side=draft.side,
                seconds=draft.seconds,
                start=clock,
                round=draft.round,
                circuit=draft.circuit,
                target=draft.target,
                unit=exercise.dose.unit if work else None,
                unit_seconds=exercise.dose.unit_seconds if work else 0,
                sets=draft.sets,
                rounds=draft.rounds,
            )
        )
        clock += draft.seconds
    return Plan(routine, tuple(phases))


def too_long(routine: Routine, prescriptions: Prescriptions) -> str | None:
    """Why the timeline at ``prescriptions`` is too big to run (over MAX_SECONDS or
    MAX_PHASES), or None. Stops counting at the first limit passed, so a hostile file of
    thousands of exercises costs microseconds, not the gigabytes its plan would."""
    seconds = phases = 0
    for draft in _drafts(routine, prescriptions):
        if draft.seconds <= 0:
            continue
        seconds += draft.seconds
        phases += 1
        if phases > MAX_PHASES:
            return f"more than {MAX_PHASES:,} phases"
        if seconds > MAX_SECONDS:
            return f"longer than {MAX_SECONDS // 3600} hours"
    return None


COUNTDOWN_ROOM = 3  # seconds of ticks before work: a reading leading straight into work ends first


def explain_seconds(how: str, rate: int, spoken: float | None, leads_into_work: bool) -> int:
    """How long an ``explain`` phase lasts: the rendered reading rounded up plus a second,
    else the estimate ceil(words x 60 / rate) + 1 (rate in words a minute); with room for
    the countdown when no prepare phase follows, so the ticks never talk over it."""
    if spoken is not None:
        seconds = math.ceil(spoken) + 1
    else:
        seconds = math.ceil(len(how.split()) * 60 / max(1, rate)) + 1
    return seconds + (COUNTDOWN_ROOM if leads_into_work else 0)
