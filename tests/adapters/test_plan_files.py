"""A plan saved from Settings is the runner's file with the values changed, nothing else:
comments, blank lines and order stay where they were written (docs/coaching.md)."""

from __future__ import annotations

from datetime import time

import pytest

from hipcoach.adapters.plan_files import PlanDocumentError, edited_plan_text
from hipcoach.core.plan_file import parse_plan
from hipcoach.core.week_plan import PerWeek, PlannedRoutine, Reminder, WeekPlan

HAND_WRITTEN = """\
# My plan, as the physio gave it.
format = 1

# Strength: building up, never two days running.
[[routine]]
id = "hip-strength"
per_week = "1-3"   # three at most
spacing = 1

# After every run.
[[routine]]
id = "post-run-stretch"
after_run = true

[[routine]]
id = "yoga-hip-flow"  # Sundays, mostly
per_week = 1

# After work.
[reminder]
at = "18:00"   # or later
"""


def read(text: str) -> WeekPlan:
    return parse_plan(text.encode(), "plan.toml")


def test_a_plan_saved_unchanged_is_the_same_text() -> None:
    assert edited_plan_text(HAND_WRITTEN, read(HAND_WRITTEN)) == HAND_WRITTEN


def test_changed_values_keep_their_comments_and_a_removed_routine_takes_its_own() -> None:
    plan = read(HAND_WRITTEN)
    strength, _stretch, yoga = plan.routines
    edited = WeekPlan(
        (
            PlannedRoutine("hip-strength", PerWeek(2, 3), None, False),
            yoga,
            PlannedRoutine("foam-roll", None, None, True),
        ),
        Reminder(time(7, 30), (5, 6)),
        plan.path,
    )
    assert strength.spacing == 1
    assert edited_plan_text(HAND_WRITTEN, edited) == (
        "# My plan, as the physio gave it.\n"
        "format = 1\n"
        "\n"
        "# Strength: building up, never two days running.\n"
        "[[routine]]\n"
        'id = "hip-strength"\n'
        'per_week = "2-3"   # three at most\n'
        "\n"
        "[[routine]]\n"
        'id = "yoga-hip-flow"  # Sundays, mostly\n'
        "per_week = 1\n"
        "\n"
        "[[routine]]\n"
        'id = "foam-roll"\n'
        "after_run = true\n"
        "\n"
        "# After work.\n"
        "[reminder]\n"
        'at = "07:30"   # or later\n'
        'days = ["sat", "sun"]\n'
    )


def test_a_reorder_moves_each_routine_with_its_comments() -> None:
    plan = read(HAND_WRITTEN)
    strength, stretch, yoga = plan.routines
    text = edited_plan_text(HAND_WRITTEN, WeekPlan((yoga, strength, stretch), plan.reminder))
    assert [r.id for r in read(text).routines] == [
        "yoga-hip-flow",
        "hip-strength",
        "post-run-stretch",
    ]
    assert text.index("# Strength") < text.index('id = "hip-strength"')
    assert text.index('id = "yoga-hip-flow"') < text.index("# Strength")


def test_a_reminder_is_added_at_the_end_and_a_new_file_is_written_whole() -> None:
    text = 'format = 1  # mine\n\n[[routine]]\nid = "hip-strength"\nper_week = 2'
    plan = WeekPlan(read(text).routines, Reminder(time(6, 45)))
    assert edited_plan_text(text, plan) == (
        'format = 1  # mine\n\n[[routine]]\nid = "hip-strength"\nper_week = 2\n\n'
        '[reminder]\nat = "06:45"\n'
    )
    fresh = edited_plan_text(None, plan)
    assert read(fresh).routines == read(text).routines
    assert fresh.startswith("format = 1\n")


@pytest.mark.parametrize(
    "text",
    [
        'format = 1\nroutine = [{id = "hip-strength", per_week = 2}]\n',
        'format = 1\nreminder.at = "18:00"\n',
        "format = 1\n[[routine\n",
    ],
)
def test_a_layout_that_cannot_be_edited_safely_is_refused(text: str) -> None:
    with pytest.raises(PlanDocumentError):
        edited_plan_text(text, WeekPlan((PlannedRoutine("hip-strength", PerWeek(1, 1)),)))
