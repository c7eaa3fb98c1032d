"""The reminder's words: what is due by name, each with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from hipcoach.application.reminders import reminder_words


@dataclass(frozen=True)
class Due:
    routine_id: str
    name: str
    why: str


def test_one_routine_due() -> None:
    summary, body = reminder_words([Due("yoga-hip-flow", "Yoga hip flow", "once a week")])
    assert summary == "Yoga hip flow is due today"
    assert body == "Yoga hip flow: once a week"


def test_three_routines_due_name_the_first_and_count_the_rest() -> None:
    due = [Due("a", "Hip strength", "1 more"), Due("b", "Stretch", "after a run")]
    due.append(Due("c", "Yoga", "once a week"))
    summary, body = reminder_words(due)
    assert summary == "Hip strength and 2 more are due today"
    assert body.splitlines() == [
        "Hip strength: 1 more",
        "Stretch: after a run",
        "Yoga: once a week",
        "Start begins Hip strength.",
    ]
