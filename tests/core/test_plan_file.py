"""plan.toml: the documented example reads as written; each problem is a FILE:LINE line, all
of them at once, in line order; what the window writes reads back as the same plan."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

import pytest

from hipcoach.core.plan_file import (
    PlanFileError,
    load_plan,
    parse_plan,
    plan_text,
    unknown_routines,
)
from hipcoach.core.week_plan import DEFAULT_PLAN, PerWeek, PlannedRoutine, Reminder, WeekPlan

DOCUMENTED = """\
format = 1

[[routine]]
id = "hip-strength"
per_week = "1-3"          # a range: starts at 1 a week, ramps toward 3
spacing = 1               # at least one day between two sessions of it

[[routine]]
id = "post-run-stretch"
after_run = true          # due after every logged run

[[routine]]
id = "yoga-hip-flow"
per_week = 1              # a fixed count: never moves

[reminder]
at = "18:00"
days = ["mon", "wed", "fri"]
"""


def lines(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as error:
        parse_plan(text.encode(), "plan.toml")
    return [str(p) for p in error.value.problems]


def test_the_documented_plan_reads_as_written() -> None:
    plan = parse_plan(DOCUMENTED.encode(), "plan.toml")
    assert plan.routines == (
        PlannedRoutine("hip-strength", PerWeek(1, 3), spacing=1, line=3),
        PlannedRoutine("post-run-stretch", after_run=True, line=8),
        PlannedRoutine("yoga-hip-flow", PerWeek(1, 1), line=12),
    )
    assert plan.reminder == Reminder(time(18, 0), (0, 2, 4))
    assert plan.path == "plan.toml"


def test_every_problem_is_a_line_at_the_key_at_fault_in_line_order() -> None:
    text = """\
format = 1
colour = "green"
[[routine]]
id = "hip-strength"
per_week = "3-1"
spacng = 2
[[routine]]
id = "yoga"
per_week = 15
after_run = "yes"
[[routine]]
per_week = 2
[[routine]]
id = "foam"
[[routine]]
id = "hip-strength"
per_week = true
spacing = -1
[reminder]
at = "25:00"
days = ["mon", "someday"]
"""
    assert lines(text) == [
        'plan.toml:2: unknown key "colour"',
        'plan.toml:5: routine "hip-strength": per_week range "3-1" must go from low to high',
        'plan.toml:6: routine "hip-strength": unknown key "spacng" (did you mean "spacing"?)',
        'plan.toml:9: routine "yoga": per_week = 15 is out of bounds (1 to 14)',
        'plan.toml:10: routine "yoga": after_run must be true or false',
        "plan.toml:11: routine 3: missing key id (the routine's id, as `hipcoach routines` lists it)",
        'plan.toml:13: routine "foam": say when it is due: per_week (sessions a week), '
        "after_run = true, or both",
        'plan.toml:17: routine "hip-strength": per_week must be a whole number from 1 to 14, '
        'or a range like "1-3"',
        'plan.toml:18: routine "hip-strength": spacing = -1 is out of bounds (0 to 999999999)',
        'plan.toml:20: reminder: at must be a time of day in quotes, like "18:00"',
        'plan.toml:21: reminder: days must be a list of days from "mon", "tue", "wed", "thu", '
        '"fri", "sat", "sun"',
    ]


def test_a_routine_twice_in_the_plan_is_a_problem_at_the_second() -> None:
    text = 'format = 1\n[[routine]]\nid = "a"\nper_week = 1\n[[routine]]\nid = "a"\nper_week = 2\n'
    assert lines(text) == ['plan.toml:6: routine "a" is already in the plan (line 2)']


def test_numbers_are_whole_and_short() -> None:
    text = 'format = 1\n[[routine]]\nid = "a"\nper_week = 1.5\nspacing = 1234567890\n'
    assert lines(text) == [
        'plan.toml:4: routine "a": per_week must be a whole number from 1 to 14, or a range '
        'like "1-3", not 1.5',
        'plan.toml:5: routine "a": spacing = 1234567890 is out of bounds (0 to 999999999)',
    ]
    huge = 'format = 1\n[[routine]]\nid = "a"\nper_week = 1\nspacing = ' + "9" * 5000 + "\n"
    assert lines(huge) == ["plan.toml:5: a number of more than 9 digits"]


def test_whole_file_problems_are_at_line_one_or_where_the_syntax_breaks() -> None:
    assert lines("") == ["plan.toml:1: missing key format (this hipcoach reads format = 1)"]
    assert lines("format = 2\n[[routine]]\nbogus = 1\n") == [
        "plan.toml:1: format 2 is not supported (this hipcoach reads format = 1)"
    ]
    assert lines('format = 1\n[[routine]\nid = "a"\n')[0].startswith("plan.toml:2: TOML syntax")
    with pytest.raises(PlanFileError) as error:
        parse_plan(b"format = 1\n\xff\n", "plan.toml")
    assert str(error.value) == "plan.toml:1: not UTF-8 text (the first bad byte is on line 2)"
    assert lines("format = 1\nroutine = 3\n") == [
        "plan.toml:2: routine must be written as [[routine]] tables"
    ]


def test_a_plan_with_no_routines_is_valid_and_asks_for_nothing() -> None:
    assert parse_plan(b"format = 1\n", "plan.toml").routines == ()


def test_nothing_waits_on_a_named_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    with pytest.raises(PlanFileError) as error:
        load_plan(fifo)
    assert str(error.value) == f"{fifo}:1: not a regular file (a named pipe)"
    with pytest.raises(PlanFileError) as error:
        load_plan(tmp_path / "missing.toml")
    assert "cannot be read" in str(error.value)


def test_routines_the_library_does_not_have_are_named_at_their_lines() -> None:
    plan = parse_plan(DOCUMENTED.replace("yoga-hip-flow", "yoga-hip-flwo").encode(), "p.toml")
    problems = unknown_routines(plan, {"hip-strength", "post-run-stretch", "yoga-hip-flow"})
    assert [str(p) for p in problems] == [
        'p.toml:12: no routine with id "yoga-hip-flwo" (did you mean "yoga-hip-flow"?)'
    ]
    broken = unknown_routines(plan, {"hip-strength"}, {"post-run-stretch": "x.toml:3: bad"})
    assert str(broken[0]) == ('p.toml:8: routine "post-run-stretch" cannot be used: x.toml:3: bad')


@pytest.mark.parametrize(
    "plan",
    [
        DEFAULT_PLAN,
        WeekPlan(
            (
                PlannedRoutine("hip-strength", PerWeek(2, 4), spacing=2),
                PlannedRoutine("post-run-stretch", PerWeek(1, 1), after_run=True),
            ),
            Reminder(time(7, 5), (5, 6)),
        ),
        WeekPlan((), Reminder(time(18, 0))),
    ],
)
def test_what_is_written_reads_back_as_the_same_plan(plan: WeekPlan) -> None:
    again = parse_plan(plan_text(plan).encode(), "plan.toml")
    assert [(r.id, r.per_week, r.spacing, r.after_run) for r in again.routines] == [
        (r.id, r.per_week, r.spacing, r.after_run) for r in plan.routines
    ]
    assert again.reminder == plan.reminder
