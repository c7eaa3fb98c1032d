"""Left against right, per phase: which hip does more, and when the two are even."""

from __future__ import annotations

from hipcoach.core.balance import ahead, imbalance, per_phase
from hipcoach.core.model import Side
from hipcoach.core.records import Unit, WorkTotal


def side(which: Side, phases: int, done: int) -> WorkTotal:
    return WorkTotal("Clamshell", which, Unit.REPS, phases, 0, done, phases * 10)


def test_the_sides_are_compared_per_phase_not_in_total() -> None:
    # The left trained twice as often, but each time it did less than the right.
    share = imbalance(side(Side.LEFT, 8, 64), side(Side.RIGHT, 4, 40))
    assert share == -0.2, "the right did 10 reps a set, the left 8"
    assert ahead(share) == (Side.RIGHT, 20)
    assert imbalance(side(Side.LEFT, 4, 40), side(Side.RIGHT, 4, 32)) == 0.2


def test_a_side_without_work_leaves_nothing_to_compare() -> None:
    assert imbalance(side(Side.LEFT, 4, 40), None) is None
    assert imbalance(side(Side.LEFT, 4, 40), side(Side.RIGHT, 0, 0)) is None
    assert imbalance(side(Side.LEFT, 2, 0), side(Side.RIGHT, 2, 0)) == 0.0
    assert per_phase(0, 0) is None and per_phase(45, 2) == 22.5


def test_sides_within_five_percent_are_even() -> None:
    assert ahead(0.0) is None
    assert ahead(0.044) is None
    assert ahead(-0.044) is None
    assert ahead(0.05) == (Side.LEFT, 5)
    assert ahead(-0.123) == (Side.RIGHT, 12)
