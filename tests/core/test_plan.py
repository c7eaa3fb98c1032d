"""The timeline contract (docs/routine-format.md, "The timeline"), checked against examples worked out by hand."""

from __future__ import annotations

from textwrap import dedent

from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import parse_routine


def plan_of(text: str) -> Plan:
    return make_plan(parse_routine(dedent(text).encode(), "t.toml", "t"))


def rows(plan: Plan) -> list[tuple[str, str, str | None, int, int]]:
    return [
        (p.kind.value, p.exercise.name, p.side.value if p.side else None, p.set, p.seconds)
        for p in plan.phases
    ]


def test_both_sides_with_sets_then_a_hold_with_no_rest_after_the_last() -> None:
    plan = plan_of(
        """\
        format = 1
        name = "Mix"
        [defaults]
        prepare = 5
        switch = 4
        set_rest = 20
        rest = 15
        tempo = [1, 1, 2]

        [[exercise]]
        name = "Clamshell"
        sides = "each"
        reps = "10-12"
        sets = 2

        [[exercise]]
        name = "Butterfly"
        hold = "30-60"
        """
    )
    assert rows(plan) == [
        ("prepare", "Clamshell", None, 1, 5),
        ("work", "Clamshell", "left", 1, 40),  # 10 reps x (1 + 1 + 2) s, the range's low end
        ("switch", "Clamshell", "right", 1, 4),
        ("work", "Clamshell", "right", 1, 40),
        ("set_rest", "Clamshell", None, 1, 20),
        ("work", "Clamshell", "left", 2, 40),
        ("switch", "Clamshell", "right", 2, 4),
        ("work", "Clamshell", "right", 2, 40),
        ("rest", "Clamshell", None, 2, 15),
        ("prepare", "Butterfly", None, 1, 5),
        ("work", "Butterfly", None, 1, 30),
    ]
    assert plan.total_seconds == 5 + 40 + 4 + 40 + 20 + 40 + 4 + 40 + 15 + 5 + 30
    assert plan.work_total == 5
    starts = [p.start for p in plan.phases]
    assert starts == [0, 5, 45, 49, 89, 109, 149, 153, 193, 208, 213]


def test_breaths_take_count_times_breath_and_zero_second_phases_are_left_out() -> None:
    plan = plan_of(
        """\
        format = 1
        name = "Flow"
        [defaults]
        prepare = 0
        rest = 0
        breath = 5

        [[exercise]]
        name = "Lizard"
        sides = "each"
        breaths = "8-10"
        switch = 0

        [[exercise]]
        name = "Garland"
        breaths = 6
        breath = 4
        sets = 2
        set_rest = 0
        """
    )
    assert rows(plan) == [
        ("work", "Lizard", "left", 1, 40),
        ("work", "Lizard", "right", 1, 40),
        ("work", "Garland", None, 1, 24),
        ("work", "Garland", None, 2, 24),
    ]
    assert plan.total_seconds == 128


def test_a_single_hold_is_prepare_then_work() -> None:
    plan = plan_of('format = 1\nname = "One"\n[[exercise]]\nname = "A"\nhold = 30\n')
    assert rows(plan) == [("prepare", "A", None, 1, 5), ("work", "A", None, 1, 30)]
    assert plan.total_seconds == 35


def test_default_tempo_is_three_seconds_a_rep() -> None:
    plan = plan_of('format = 1\nname = "R"\n[[exercise]]\nname = "A"\nreps = 12\n')
    assert plan.phases[1].seconds == 36


def test_plan_json_matches_the_contract() -> None:
    plan = plan_of(
        'format = 1\nname = "J"\n[[exercise]]\nname = "A"\nhold = 10\nsides = "each"\n'
        '[[exercise]]\nname = "B"\nreps = 2\n'
    )
    assert plan.to_json() == {
        "routine": "t",
        "name": "J",
        "total_seconds": 5 + 10 + 5 + 10 + 10 + 5 + 6,
        "phases": [
            phase("prepare", "A", None, 5),
            phase("work", "A", "left", 10, 10, "s"),
            phase("switch", "A", "right", 5),
            phase("work", "A", "right", 10, 10, "s"),
            phase("rest", "A", None, 10),
            phase("prepare", "B", None, 5),
            phase("work", "B", None, 6, 2, "reps"),
        ],
    }


def phase(
    kind: str,
    name: str,
    side: str | None,
    seconds: int,
    target: int | None = None,
    unit: str | None = None,
) -> dict[str, object]:
    """One phase of a flat routine as ``plan --json`` prints it: no round, no circuit."""
    return {
        "kind": kind,
        "exercise": name,
        "exercise_id": name.lower(),
        "side": side,
        "set": 1,
        "round": None,
        "circuit": None,
        "seconds": seconds,
        "target": target,
        "unit": unit,
    }


def test_exercise_ids_follow_the_documented_rule() -> None:
    """The table of examples in docs/routine-format.md, "Ids"."""
    from hipcoach.core.model import exercise_id

    assert {
        name: exercise_id(name)
        for name in (
            "Side-lying leg lifts",
            "Figure-4 stretch",
            "90/90 hip switch",
            "Hip flexor (low lunge)",
            "Butterfly_stretch",
            "Étirement du piriforme",
            "🧘",
        )
    } == {
        "Side-lying leg lifts": "side-lying-leg-lifts",
        "Figure-4 stretch": "figure-4-stretch",
        "90/90 hip switch": "90-90-hip-switch",
        "Hip flexor (low lunge)": "hip-flexor-low-lunge",
        "Butterfly_stretch": "butterfly-stretch",
        "Étirement du piriforme": "etirement-du-piriforme",
        "🧘": "",
    }
