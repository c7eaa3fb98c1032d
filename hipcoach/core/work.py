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
        self._skipped: set[int] = set()  # skipped and not done since
        self._stopped: tuple[int, Phase, int] | None = None  # the pose a stop cut short

    def add(self, ended: PhaseEnded) -> None:
        if not ended.phase.is_work:
            return
        if counts(ended.outcome):
            self._counted[ended.index] = (ended.phase, ended.done)
            self._skipped.discard(ended.index)
        elif ended.outcome is Outcome.SKIPPED and ended.index not in self._counted:
            self._skipped.add(ended.index)
        elif ended.outcome is Outcome.STOPPED and ended.index not in self._counted:
            # Not counted as done work, but the breaths taken (the seconds held, the reps
            # made) before the stop are still the runner's: they show in the amounts.
            self._stopped = (ended.index, ended.phase, ended.done)

    def skipped(self) -> int:
        """Work phases skipped, and not done again since."""
        return len(self._skipped)

    def skipped_on(self, side: Side | None) -> int:
        return sum(1 for i in self._skipped if self.plan.phases[i].side is side)

    def indexes(self) -> frozenset[int]:
        """The plan indexes of the work phases that count."""
        return frozenset(self._counted)

    @property
    def count(self) -> int:
        """Work phases done: never more than the plan holds."""
        return len(self._counted)

    def planned(self, side: Side | None) -> int:
        return sum(1 for p in self.plan.phases if p.is_work and p.side is side)

    def counted(self, side: Side | None) -> int:
        return sum(1 for phase, _ in self._counted.values() if phase.side is side)

    def done(self, exercise_index: int, side: Side | None) -> int:
        """Seconds held, breaths taken or reps made: counted work, and the pose a stop cut
        short."""
        ended = list(self._counted.values())
        if self._stopped is not None:
            ended.append(self._stopped[1:])
        return sum(
            done
            for phase, done in ended
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


def work_line(work: Tally) -> str:
    """What the session came to, truthfully: "All 9 work phases done", or "7 of 21 work
    phases done, 14 skipped" (and how many a stop left unreached)."""
    total = sum(1 for p in work.plan.phases if p.is_work)
    done = work.count
    noun = "work phase" if total == 1 else "work phases"
    if done == total:
        return f"All {total} {noun} done" if total > 1 else f"The {noun} done"
    parts = [f"{done} of {total} {noun} done"]
    skipped = work.skipped()
    if skipped:
        parts.append(f"{skipped} skipped")
    unreached = total - done - skipped
    if unreached:
        parts.append(f"{unreached} not reached")
    return ", ".join(parts)
