"""What counts as done work, written once: the engine's count, the after-session summary, the
history's rows and its statistics all follow this (``work_done`` in docs/command-line.md).

A work phase counts when it ran to its end or the runner ended it early with Done; one that
was skipped, restarted with Back or cut short by a stop does not. A phase run again after
Back counts once, with what was done the last time it counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from hipcoach.core.model import Exercise, Side
from hipcoach.core.plan import Phase, Plan
from hipcoach.core.records import WorkOutcome

if TYPE_CHECKING:
    from hipcoach.core.engine import PhaseEnded


class Outcome(Enum):
    """How a phase ended, as the engine's ``PhaseEnded`` says."""

    COMPLETED = "completed"  # ran to its deadline
    DONE = "done"  # the runner ended a work phase early
    SKIPPED = "skipped"
    RESTARTED = "restarted"  # back: this phase or an earlier one starts again
    STOPPED = "stopped"


COUNTED = frozenset({WorkOutcome.COMPLETED, WorkOutcome.DONE})  # what "work_done" counts

_KEPT = {
    Outcome.COMPLETED: WorkOutcome.COMPLETED,
    Outcome.DONE: WorkOutcome.DONE,
    Outcome.SKIPPED: WorkOutcome.SKIPPED,
    Outcome.STOPPED: WorkOutcome.STOPPED,
}


def kept_as(outcome: Outcome) -> WorkOutcome | None:
    """How the history keeps a work phase that ended so; None for a restarted one, which is
    about to run again."""
    return _KEPT.get(outcome)


def counts(outcome: Outcome | WorkOutcome | None) -> bool:
    """Whether a work phase that ended so (live, or as the history kept it) is done work."""
    kept = kept_as(outcome) if isinstance(outcome, Outcome) else outcome
    return kept in COUNTED


@dataclass(frozen=True, slots=True)
class ExerciseWork:
    """One exercise of the plan and what its counted work phases achieved, per side."""

    index: int  # in the routine
    exercise: Exercise
    sided: bool
    done: dict[Side | None, int]  # seconds held, breaths or reps: left and right, or None


class Tally:
    """A session's work as it goes: each work phase once, with its last counted ending.

    A skip, restart or stop of a phase that already counted takes nothing away; doing it
    again replaces what it counted before.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._counted: dict[int, tuple[Phase, int]] = {}  # phase index: (phase, done)

    def add(self, ended: PhaseEnded) -> None:
        if ended.phase.is_work and counts(ended.outcome):
            self._counted[ended.index] = (ended.phase, ended.done)

    @property
    def count(self) -> int:
        """Work phases done: never more than the plan holds."""
        return len(self._counted)

    def planned(self, side: Side | None) -> int:
        return sum(1 for p in self.plan.phases if p.is_work and p.side is side)

    def counted(self, side: Side | None) -> int:
        return sum(1 for phase, _ in self._counted.values() if phase.side is side)

    def done(self, exercise_index: int, side: Side | None) -> int:
        return sum(
            done
            for phase, done in self._counted.values()
            if phase.exercise_index == exercise_index and phase.side is side
        )

    def exercises(self) -> list[ExerciseWork]:
        """Every exercise with work in the plan, in routine order, done or not."""
        out = []
        for index, exercise in enumerate(self.plan.routine.exercises):
            phases = [p for p in self.plan.phases if p.exercise_index == index and p.is_work]
            if not phases:
                continue
            sided = any(p.side is not None for p in phases)
            sides: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT) if sided else (None,)
            out.append(
                ExerciseWork(index, exercise, sided, {s: self.done(index, s) for s in sides})
            )
        return out
