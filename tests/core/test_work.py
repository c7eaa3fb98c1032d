"""What counts as done work: the one rule behind "work done", each side and the history."""

from __future__ import annotations

from textwrap import dedent

import pytest

from hipcoach.core.engine import Outcome, PhaseEnded
from hipcoach.core.model import Side
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.records import WorkOutcome
from hipcoach.core.routine_file import parse_routine
from hipcoach.core.work import Tally, counts, kept_as, work_line

ROUTINE = dedent(
    """\
    format = 1
    name = "Two exercises"
    [defaults]
    prepare = 2
    switch = 2
    rest = 2

    [[exercise]]
    name = "Clamshell"
    sides = "each"
    reps = 10

    [[exercise]]
    name = "Pigeon"
    hold = 30

    [[exercise]]
    name = "Bridge"
    reps = 8
    """
)
# prepare 0, clamshell left 1, switch 2, clamshell right 3, rest 4, prepare 5, pigeon 6,
# rest 7, prepare 8, bridge 9
LEFT, RIGHT, PIGEON, BRIDGE = 1, 3, 6, 9


@pytest.fixture
def plan() -> Plan:
    return make_plan(parse_routine(ROUTINE.encode(), "t.toml", "t"))


def ended(plan: Plan, index: int, outcome: Outcome, done: int) -> PhaseEnded:
    phase = plan.phases[index]
    return PhaseEnded(phase.end, index, phase, outcome, phase.seconds, done, 10)


@pytest.mark.parametrize(
    ("outcome", "counted"),
    [
        (Outcome.COMPLETED, True),
        (Outcome.DONE, True),
        (Outcome.SKIPPED, False),
        (Outcome.RESTARTED, False),
        (Outcome.STOPPED, False),
    ],
)
def test_completed_and_done_work_counts_and_nothing_else(outcome: Outcome, counted: bool) -> None:
    assert counts(outcome) is counted
    kept = kept_as(outcome)
    assert counts(kept) is counted, "the history counts a kept phase as the session did"


def test_a_restarted_phase_is_not_kept_because_it_runs_again() -> None:
    assert kept_as(Outcome.RESTARTED) is None
    assert kept_as(Outcome.DONE) is WorkOutcome.DONE
    assert not counts(None)


def test_a_phase_done_again_after_back_counts_once_with_the_last_amount(plan: Plan) -> None:
    tally = Tally(plan)
    tally.add(ended(plan, LEFT, Outcome.DONE, 6))  # ended early at 6 reps
    tally.add(ended(plan, LEFT, Outcome.COMPLETED, 10))  # back, and all 10 this time
    assert tally.count == 1
    assert tally.counted(Side.LEFT) == 1
    assert tally.done(0, Side.LEFT) == 10, "not 16: the second time replaces the first"


def test_skipping_or_stopping_a_phase_already_done_takes_nothing_away(plan: Plan) -> None:
    tally = Tally(plan)
    tally.add(ended(plan, PIGEON, Outcome.COMPLETED, 30))
    tally.add(ended(plan, PIGEON, Outcome.SKIPPED, 0))  # back into it by mistake, skipped
    tally.add(ended(plan, PIGEON, Outcome.STOPPED, 3))
    assert (tally.count, tally.done(1, None)) == (1, 30)


def test_work_done_never_exceeds_the_plan_however_often_the_runner_goes_back(
    plan: Plan,
) -> None:
    tally = Tally(plan)
    for _ in range(3):
        for index in (LEFT, RIGHT, PIGEON, BRIDGE):
            tally.add(ended(plan, index, Outcome.COMPLETED, 10))
    assert tally.count == plan.work_total == 4


def test_skipped_work_and_other_phases_do_not_count(plan: Plan) -> None:
    tally = Tally(plan)
    tally.add(ended(plan, 0, Outcome.COMPLETED, 0))  # a prepare
    tally.add(ended(plan, 2, Outcome.COMPLETED, 0))  # a switch
    tally.add(ended(plan, RIGHT, Outcome.SKIPPED, 4))
    tally.add(ended(plan, BRIDGE, Outcome.RESTARTED, 5))
    assert tally.count == 0
    assert (tally.counted(Side.LEFT), tally.counted(Side.RIGHT), tally.counted(None)) == (0, 0, 0)
    assert (tally.planned(Side.LEFT), tally.planned(Side.RIGHT), tally.planned(None)) == (1, 1, 2)


def test_every_exercise_is_listed_in_routine_order_done_or_not(plan: Plan) -> None:
    tally = Tally(plan)
    tally.add(ended(plan, RIGHT, Outcome.DONE, 7))
    tally.add(ended(plan, BRIDGE, Outcome.COMPLETED, 8))
    rows = [(e.exercise.name, e.sided, e.done) for e in tally.exercises()]
    assert rows == [
        ("Clamshell", True, {Side.LEFT: 0, Side.RIGHT: 7}),
        ("Pigeon", False, {None: 0}),
        ("Bridge", False, {None: 8}),
    ]


def test_the_summary_tells_what_was_done_skipped_and_not_reached(plan: Plan) -> None:
    work = Tally(plan)
    assert work_line(work) == "0 of 4 work phases done, 4 not reached"
    work.add(ended(plan, LEFT, Outcome.COMPLETED, 10))
    work.add(ended(plan, RIGHT, Outcome.SKIPPED, 2))
    work.add(ended(plan, PIGEON, Outcome.SKIPPED, 0))
    assert (work.skipped(), work.skipped_on(Side.RIGHT), work.skipped_on(Side.LEFT)) == (2, 1, 0)
    assert work_line(work) == "1 of 4 work phases done, 2 skipped, 1 not reached"
    work.add(ended(plan, RIGHT, Outcome.COMPLETED, 10))  # back, and done this time
    work.add(ended(plan, BRIDGE, Outcome.COMPLETED, 8))
    assert work_line(work) == "3 of 4 work phases done, 1 skipped"
    work.add(ended(plan, PIGEON, Outcome.DONE, 20))
    assert work_line(work) == "All 4 work phases done"


def test_a_stopped_pose_keeps_what_was_done_in_it_without_counting_as_done(plan: Plan) -> None:
    work = Tally(plan)
    work.add(ended(plan, PIGEON, Outcome.STOPPED, 17))
    assert work.count == 0
    assert work.done(2, None) == 0 and work.done(1, None) == 17  # pigeon is exercise 1
