"""A routine laid out in time: the exact sequence of phases a session steps through.

The timeline is a contract (``hipcoach plan`` prints it; SPEC section 3), so it is built in
one place and every other part reads it rather than re-deriving it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from hipcoach.core.model import Exercise, Routine, Side, Sides


class PhaseKind(Enum):
    PREPARE = "prepare"
    WORK = "work"
    SWITCH = "switch"
    SET_REST = "set_rest"
    REST = "rest"


@dataclass(frozen=True, slots=True)
class Phase:
    """One stretch of the session with a single purpose and a fixed length."""

    kind: PhaseKind
    exercise_index: int
    exercise: Exercise
    set: int
    side: Side | None
    seconds: int
    start: int  # seconds from the start of the session

    @property
    def end(self) -> int:
        return self.start + self.seconds

    @property
    def is_work(self) -> bool:
        return self.kind is PhaseKind.WORK


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

    def to_json(self) -> dict[str, object]:
        """The ``plan --json`` object of SPEC section 4."""
        return {
            "routine": self.routine.id,
            "name": self.routine.name,
            "total_seconds": self.total_seconds,
            "phases": [
                {
                    "kind": phase.kind.value,
                    "exercise": phase.exercise.name,
                    "side": phase.side.value if phase.side else None,
                    "set": phase.set,
                    "seconds": phase.seconds,
                }
                for phase in self.phases
            ],
        }


def _exercise_phases(
    exercise: Exercise, is_last: bool
) -> list[tuple[PhaseKind, int, Side | None, int]]:
    """(kind, set, side, seconds) for one exercise, zero-second phases included."""
    sides: list[Side | None] = [Side.LEFT, Side.RIGHT] if exercise.sides is Sides.EACH else [None]
    work = exercise.dose.work_seconds()
    out: list[tuple[PhaseKind, int, Side | None, int]] = [
        (PhaseKind.PREPARE, 1, None, exercise.prepare)
    ]
    for number in range(1, exercise.sets + 1):
        for position, side in enumerate(sides):
            if position > 0:
                out.append((PhaseKind.SWITCH, number, side, exercise.switch))
            out.append((PhaseKind.WORK, number, side, work))
        if number < exercise.sets:
            out.append((PhaseKind.SET_REST, number, None, exercise.set_rest))
    if not is_last:
        out.append((PhaseKind.REST, exercise.sets, None, exercise.rest))
    return out


def make_plan(routine: Routine) -> Plan:
    """Lay the routine out as a timeline; zero-second phases are left out."""
    phases: list[Phase] = []
    clock = 0
    last = len(routine.exercises) - 1
    for index, exercise in enumerate(routine.exercises):
        for kind, number, side, seconds in _exercise_phases(exercise, index == last):
            if seconds <= 0:
                continue
            phases.append(Phase(kind, index, exercise, number, side, seconds, clock))
            clock += seconds
    return Plan(routine, tuple(phases))
