"""Every routine hipcoach ships loads, plans, and follows the seeds' doses."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.core.library import routine_files
from hipcoach.core.model import Amount, Breaths, Hold, Reps, Sides
from hipcoach.core.plan import PhaseKind, make_plan
from hipcoach.core.routine_file import load_routine

ROUTINES = Path(__file__).resolve().parents[2] / "routines"
SHIPPED = routine_files(ROUTINES)


def test_the_library_has_the_routines_the_product_promises() -> None:
    assert {p.stem for p in SHIPPED} >= {
        "post-run-stretch",
        "yoga-hip-flow",
        "hip-strength",
        "tfl-itb-care",
        "foam-roll",
        "pre-run-warm-up",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_routine_validates_and_plans(path: Path) -> None:
    routine = load_routine(path)
    plan = make_plan(routine)
    assert 3 * 60 <= plan.total_seconds <= 30 * 60, "a routine a runner does in one go"
    assert plan.phases[0].start == 0
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        assert after.start == before.end
    assert plan.phases[-1].kind is PhaseKind.WORK, "nothing after the last exercise's work"
    assert routine.summary, "every routine says what it is for"
    for exercise in routine.exercises:
        assert exercise.how, f"{exercise.name} needs a how-to"


def test_doses_follow_the_seeds() -> None:
    by_id = {p.stem: load_routine(p) for p in SHIPPED}
    yoga = by_id["yoga-hip-flow"].exercises
    assert all(isinstance(e.dose, Breaths) and str(e.dose.count) == "8-10" for e in yoga)
    strength = {e.name: e for e in by_id["hip-strength"].exercises}
    leg_lifts = strength["Side-lying leg lifts"]
    assert isinstance(leg_lifts.dose, Reps) and str(leg_lifts.dose.count) == "10-12"
    assert leg_lifts.sets == Amount(3) and leg_lifts.sides is Sides.EACH
    itb = by_id["post-run-stretch"].exercises[0]
    assert isinstance(itb.dose, Hold) and itb.dose.seconds.low == 30 and itb.sides is Sides.EACH
    rolls = by_id["foam-roll"].exercises
    assert all(isinstance(e.dose, Hold) and str(e.dose.seconds) == "20-30" for e in rolls)
