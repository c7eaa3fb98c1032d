"""The coach's decisions as the library's detail says them, with the doses in them."""

from __future__ import annotations

import pytest

from hipcoach.application.coaching_text import can_start_over, today_line
from hipcoach.core.coaching import (
    FLAG_STANDS,
    TOP,
    UP,
    Decision,
    Ladder,
    SideCoaching,
    Standing,
)
from hipcoach.core.model import Amount, Side
from tests.core.coaching_history import exercise, hold, reps

CLAMS = exercise("Clamshells", reps(10, 12), sets=Amount(1, 2))  # 1x10 ... 2x12: 6 rungs
PLANK = exercise("Plank", hold(20, 30))  # 20, 25, 30 s


def coached(made: object, standing: Standing) -> SideCoaching:
    return SideCoaching(made, Side.LEFT, Ladder.of(made), standing)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("made", "standing", "line"),
    [
        (CLAMS, Standing(), "1 x 10 reps today: the start of its range"),
        (exercise("Bridge", reps(12)), Standing(), "1 x 12 reps today"),  # no range to climb
        (CLAMS, Standing(2, 0, Decision.UP, UP),
         "1 x 11 reps today, up from 1 x 10 reps after two easy sessions done in full"),
        (CLAMS, Standing(4, 0, Decision.UP, UP),  # past the top amount: a set more
         "2 x 10 reps today, up from 1 x 12 reps after two easy sessions done in full"),
        (CLAMS, Standing(3, 0, Decision.DOWN, "down: marked as hurting on the left"),
         "1 x 12 reps today, down from 2 x 10 reps: marked as hurting on the left"),
        (CLAMS, Standing(1, 0, Decision.DOWN, "down: pain 6/10 after"),
         "1 x 10 reps today, the first step of its range: pain 6/10 after"),
        (PLANK, Standing(3, 1, Decision.TOP, TOP), "1 x 30 s today: the top of its range"),
        (PLANK, Standing(2, 0, Decision.STAY, FLAG_STANDS), "1 x 25 s today: a red flag stands"),
    ],
)  # fmt: skip
def test_each_decision_reads_as_a_sentence_with_its_doses(
    made: object, standing: Standing, line: str
) -> None:
    assert today_line(coached(made, standing)) == line


def test_only_a_side_the_coach_has_moved_can_start_over() -> None:
    assert not can_start_over(coached(CLAMS, Standing()))
    assert can_start_over(coached(CLAMS, Standing(2, 0, Decision.UP, UP)))
    assert can_start_over(coached(CLAMS, Standing(1, 0, Decision.DOWN, "down: x")))
