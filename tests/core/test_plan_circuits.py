"""Circuits and per-side doses laid out in time, checked by hand against
docs/routine-format.md ("The timeline"): every key of every phase."""

from __future__ import annotations

from hipcoach.core.model import Side
from hipcoach.core.plan import Prescription, Prescriptions, make_plan
from hipcoach.core.routine_file import parse_routine

ROUTINE = """\
format = 1
name = "Two circuits"
[defaults]
prepare = 2
switch = 1
set_rest = 4
rest = 3

[circuit.a]
name = "Glute circuit"
rounds = "2-3"
round_rest = 5

[circuit.b]
rounds = 2

[[exercise]]
name = "Warm"
hold = 6

[[exercise]]
name = "Bridge"
circuit = "a"
reps = "2-4"
tempo = [1, 0, 1]

[[exercise]]
name = "Clam"
circuit = "a"
sides = "each"
hold = 3
rest = 0

[[exercise]]
name = "Between"
breaths = 1
breath = 4
sets = "1-2"

[[exercise]]
name = "Plank"
circuit = "b"
hold = "5-10"
prepare = 0
"""

N = None


def rows(prescriptions: Prescriptions | None = None) -> list[tuple[object, ...]]:
    plan = make_plan(parse_routine(ROUTINE.encode(), "t.toml", "t"), prescriptions)
    return [
        (
            p["kind"],
            p["exercise_id"],
            p["side"],
            p["set"],
            p["round"],
            p["circuit"],
            p["seconds"],
            p["target"],
            p["unit"],
        )
        for p in plan.to_json()["phases"]  # type: ignore[union-attr]
    ]


def test_two_circuits_with_exercises_around_and_between_them_plan_as_the_contract_says() -> None:
    assert rows() == [
        ("prepare", "warm", N, 1, N, N, 2, N, N),
        ("work", "warm", N, 1, N, N, 6, 6, "s"),
        ("rest", "warm", N, 1, N, N, 3, N, N),
        # Circuit a, round 1: each exercise's prepare, its sides, its rest but the last's.
        ("prepare", "bridge", N, 1, 1, "a", 2, N, N),
        ("work", "bridge", N, 1, 1, "a", 4, 2, "reps"),
        ("rest", "bridge", N, 1, 1, "a", 3, N, N),
        ("prepare", "clam", N, 1, 1, "a", 2, N, N),
        ("work", "clam", "left", 1, 1, "a", 3, 3, "s"),
        ("switch", "clam", "right", 1, 1, "a", 1, N, N),
        ("work", "clam", "right", 1, 1, "a", 3, 3, "s"),
        ("round_rest", "clam", N, 1, 1, "a", 5, N, N),
        # Round 2 (rounds "2-3" at its low end).
        ("prepare", "bridge", N, 1, 2, "a", 2, N, N),
        ("work", "bridge", N, 1, 2, "a", 4, 2, "reps"),
        ("rest", "bridge", N, 1, 2, "a", 3, N, N),
        ("prepare", "clam", N, 1, 2, "a", 2, N, N),
        ("work", "clam", "left", 1, 2, "a", 3, 3, "s"),
        ("switch", "clam", "right", 1, 2, "a", 1, N, N),
        ("work", "clam", "right", 1, 2, "a", 3, 3, "s"),
        # The circuit's own rest (the routine's 3 s), on its last exercise and round.
        ("rest", "clam", N, 1, 2, "a", 3, N, N),
        ("prepare", "between", N, 1, N, N, 2, N, N),
        ("work", "between", N, 1, N, N, 4, 1, "breaths"),
        ("rest", "between", N, 1, N, N, 3, N, N),
        # Circuit b: no name, prepare 0 (left out), no rest at the end of the routine;
        # its round rest defaults to the routine's set_rest.
        ("work", "plank", N, 1, 1, "b", 5, 5, "s"),
        ("round_rest", "plank", N, 1, 1, "b", 4, N, N),
        ("work", "plank", N, 1, 2, "b", 5, 5, "s"),
    ]


def test_prescriptions_move_amounts_rounds_and_sets_and_each_side_can_differ() -> None:
    rx = Prescriptions(
        doses={
            ("clam", Side.LEFT): Prescription(1, 3),
            ("clam", Side.RIGHT): Prescription(1, 4),
            ("between", None): Prescription(2, 1),
            ("plank", None): Prescription(1, 10),
        },
        rounds={"a": 3},
    )
    laid = rows(rx)
    clams = [(r[2], r[4], r[7]) for r in laid if r[0] == "work" and r[1] == "clam"]
    assert clams == [
        ("left", 1, 3),
        ("right", 1, 4),
        ("left", 2, 3),
        ("right", 2, 4),
        ("left", 3, 3),
        ("right", 3, 4),
    ]
    between = [r[:4] for r in laid if r[1] == "between"]
    assert between == [
        ("prepare", "between", N, 1),
        ("work", "between", N, 1),
        ("set_rest", "between", N, 1),
        ("work", "between", N, 2),
        ("rest", "between", N, 2),
    ]
    assert [r[6] for r in laid if r[0] == "work" and r[1] == "plank"] == [10, 10]


def test_sides_prescribed_different_sets_run_together_while_both_have_a_set() -> None:
    text = (
        'format = 1\nname = "S"\n[defaults]\nprepare = 1\nswitch = 1\nset_rest = 2\n'
        '[[exercise]]\nname = "Lift"\nsides = "each"\nreps = 2\nsets = "1-3"\ntempo = [1, 0, 0]\n'
    )
    routine = parse_routine(text.encode(), "t.toml", "t")
    rx = Prescriptions(
        {("lift", Side.LEFT): Prescription(3, 2), ("lift", Side.RIGHT): Prescription(1, 2)}
    )
    plan = make_plan(routine, rx)
    assert [
        (p.kind.value, p.side.value if p.side else None, p.set, p.sets) for p in plan.phases
    ] == [
        ("prepare", None, 1, 3),
        ("work", "left", 1, 3),
        ("switch", "right", 1, 3),
        ("work", "right", 1, 3),
        ("set_rest", None, 1, 3),
        ("work", "left", 2, 3),
        ("set_rest", None, 2, 3),
        ("work", "left", 3, 3),
    ]
