"""Training weeks and the streak: consecutive weeks with a completed session."""

from __future__ import annotations

from datetime import date, timedelta

from hipcoach.core.records import Week
from hipcoach.core.weeks import monday, streak, streak_at_risk

THIS_MONDAY = date(2026, 5, 11)
TODAY = date(2026, 5, 13)  # a Wednesday


def week(
    weeks_ago: int, completed: int = 1, sessions: int | None = None, minutes: float = 15
) -> Week:
    monday = THIS_MONDAY - timedelta(weeks=weeks_ago)
    return Week(monday, completed if sessions is None else sessions, completed, minutes * 60)


def test_the_streak_counts_this_week_once_it_has_a_completed_session() -> None:
    assert streak([week(0), week(1), week(2)], on=TODAY) == 3
    assert streak([week(1), week(2)], on=TODAY) == 2, "this week still open: runs to last week"
    assert streak([week(0)], on=TODAY) == 1


def test_the_streak_breaks_at_a_week_without_a_completed_session() -> None:
    assert streak([week(0), week(1), week(3), week(4)], on=TODAY) == 2
    assert streak([week(0), week(1, completed=0, sessions=2), week(2)], on=TODAY) == 1
    assert streak([week(2), week(3)], on=TODAY) == 0
    assert streak([], on=TODAY) == 0


def test_the_streak_crosses_the_new_year_by_iso_weeks() -> None:
    weeks = [
        Week(date(2026, 1, 5), 1, 1),
        Week(date(2025, 12, 29), 1, 1),
        Week(date(2025, 12, 22), 1, 1),
    ]
    assert streak(weeks, on=date(2026, 1, 7)) == 3
    assert Week(date(2025, 12, 29)).iso == (2026, 1)


def test_a_week_runs_monday_to_sunday() -> None:
    assert monday(TODAY) == THIS_MONDAY
    assert monday(THIS_MONDAY) == THIS_MONDAY
    assert monday(date(2026, 5, 17)) == THIS_MONDAY, "Sunday still belongs to Monday's week"
    assert monday(date(2026, 5, 18)) == date(2026, 5, 18)


def test_a_streak_is_at_risk_until_this_week_has_a_completed_session() -> None:
    assert streak_at_risk(2, week(0, completed=0, sessions=1))
    assert not streak_at_risk(2, week(0)), "this week already counts"
    assert not streak_at_risk(0, week(0, completed=0)), "no streak, nothing to lose"
