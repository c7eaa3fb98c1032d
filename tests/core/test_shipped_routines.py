"""Every routine hipcoach ships loads, plans, and follows the seeds' doses."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.core.library import routine_files
from hipcoach.core.model import Amount, Breaths, Hold, Reps, Sides, Tempo, exercise_id
from hipcoach.core.plan import PhaseKind, make_plan
from hipcoach.core.routine_file import load_routine

ROUTINES = Path(__file__).resolve().parents[2] / "routines"
SHIPPED = routine_files(ROUTINES)


# The first six routines and their exercises' names, as they shipped: history and
# progression key on these ids (docs/routine-format.md, "Ids"), so they never change.
KEPT = {
    "post-run-stretch": [
        "Standing ITB stretch",
        "Pigeon pose",
        "Low-lunge hip flexor stretch",
        "Figure-4 piriformis stretch",
        "Butterfly stretch",
    ],
    "yoga-hip-flow": ["Half lord of the fishes", "Lizard pose", "Pigeon pose", "Garland pose"],
    "hip-strength": ["Glute bridges", "Clamshells", "Side-lying leg lifts", "Lunges"],
    "tfl-itb-care": [
        "TFL roll",
        "ITB roll",
        "Standing ITB stretch",
        "Clamshells",
        "Side-lying leg lifts",
    ],
    "foam-roll": ["TFL roll", "ITB roll", "Glute and piriformis roll", "Hip flexor roll"],
    "pre-run-warm-up": [
        "Hip circles",
        "Standing knee drives",
        "Front-to-back leg swings",
        "Side-to-side leg swings",
        "Walking lunges",
    ],
}


def test_the_library_has_the_routines_the_product_promises() -> None:
    ids = {load_routine(p).id for p in SHIPPED}
    assert ids >= {*KEPT, "hip-stability", "strength-circuit", "core-for-runners"}
    assert "hip-flexor-care" in ids
    assert len(ids) >= 9


@pytest.mark.parametrize("routine_id", KEPT)
def test_the_first_routines_keep_their_ids_and_exercise_names(routine_id: str) -> None:
    routine = load_routine(ROUTINES / f"{routine_id}.toml")
    assert routine.id == routine_id
    assert [e.name for e in routine.exercises] == KEPT[routine_id]
    assert [e.id for e in routine.exercises] == [exercise_id(n) for n in KEPT[routine_id]]


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


def test_the_hip_stability_routine_is_the_fit_hips_set() -> None:
    """Seed 004: 1-2 sets of 10-15 with a hold at the top, stretches held 30 s a side."""
    exercises = {e.name: e for e in load_routine(ROUTINES / "hip-stability.toml").exercises}
    assert list(exercises) == [
        "Clamshells",
        "Banded glute bridge",
        "Prone hip extension",
        "Knee-to-chest hip stretch",
        "Hip flexor stretch on a chair",
        "Banded knee drive",
        "Single-leg squat",
    ]
    for exercise in exercises.values():
        assert exercise.sets == Amount(1, 2), exercise.name
        if isinstance(exercise.dose, Reps):
            assert exercise.dose.count == Amount(10, 15), exercise.name
        else:
            assert exercise.dose == Hold(Amount(30)) and exercise.sides is Sides.EACH
    for name in ("Clamshells", "Banded glute bridge", "Prone hip extension"):
        dose = exercises[name].dose
        assert isinstance(dose, Reps) and 1 <= dose.tempo.hold <= 5, "a hold at the top"


def test_the_strength_circuit_runs_in_announced_rounds() -> None:
    routine = load_routine(ROUTINES / "strength-circuit.toml")
    assert [(c.name, str(c.rounds)) for c in routine.circuits] == [
        ("Glute circuit", "2-3"),
        ("Standing circuit", "2-3"),
    ]
    plan = make_plan(routine)
    rounds = {(p.circuit, p.round) for p in plan.phases if p.circuit is not None}
    assert rounds == {("glutes", 1), ("glutes", 2), ("standing", 1), ("standing", 2)}


def test_core_work_has_planks_and_dead_bugs() -> None:
    names = [e.name for e in load_routine(ROUTINES / "core-for-runners.toml").exercises]
    assert {"Dead bugs", "Front plank", "Side plank"} <= set(names)


def test_the_knee_lift_is_held_ten_seconds_three_times_ten_each_side() -> None:
    """Seed 003: hold 10 s, three sets of 10 on each side; and the hip-flexor roll-out."""
    exercises = {e.name: e for e in load_routine(ROUTINES / "hip-flexor-care.toml").exercises}
    lift = exercises["Single-leg knee lift"]
    assert lift.dose == Reps(Amount(10), Tempo(1, 10, 1))
    assert lift.sets == Amount(3) and lift.sides is Sides.EACH
    assert "Hip flexor roll-out" in exercises
