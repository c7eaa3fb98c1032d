"""Weekly minutes, the streak and per-side totals, as the history page and command show them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hipcoach.core.model import Side
from hipcoach.history.fake import FakeStore
from hipcoach.history.model import NewSession, Progress, Status, Unit, Week, WorkTotal
from hipcoach.history.stats import (
    minutes_per_week,
    per_exercise,
    streak,
    summarise,
    summary_of,
)

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


def test_minutes_per_week_fills_the_empty_weeks_oldest_first() -> None:
    weeks = minutes_per_week([week(0, minutes=20), week(3, minutes=45)], until=TODAY, count=5)
    assert [w.monday for w in weeks] == [THIS_MONDAY - timedelta(weeks=n) for n in (4, 3, 2, 1, 0)]
    assert [w.minutes for w in weeks] == [0, 45, 0, 0, 20]
    everything = minutes_per_week([week(0), week(3)], until=TODAY)
    assert len(everything) == 4 and everything[0].monday == THIS_MONDAY - timedelta(weeks=3)
    assert minutes_per_week([], until=TODAY) == [Week(THIS_MONDAY)]


def test_per_exercise_keeps_the_sides_apart_and_shows_the_imbalance() -> None:
    totals = per_exercise(
        [
            WorkTotal("Clamshell", Side.LEFT, Unit.REPS, 4, 0, 40, 40),
            WorkTotal("Clamshell", Side.RIGHT, Unit.REPS, 4, 1, 32, 40),
            WorkTotal("Pigeon pose", None, Unit.SECONDS, 2, 0, 60, 60),
            WorkTotal("Clamshell", None, Unit.SECONDS, 1, 0, 30, 30),
        ]
    )
    assert [(t.exercise, t.unit, t.phases) for t in totals] == [
        ("Clamshell", Unit.REPS, 8),
        ("Pigeon pose", Unit.SECONDS, 2),
        ("Clamshell", Unit.SECONDS, 1),
    ]
    clamshell = totals[0]
    assert (clamshell.done, clamshell.target, clamshell.skipped) == (72, 80, 1)
    assert clamshell.left is not None and clamshell.left.done == 40
    assert clamshell.right is not None and clamshell.right.done == 32
    assert clamshell.imbalance() == 0.2, "the left did 10 reps a set, the right 8"
    assert totals[1].imbalance() is None, "no sides to compare"


def test_the_summary_from_a_store() -> None:
    store = FakeStore()
    with store.unit_of_work() as unit:
        for days_ago, status, seconds in (
            (0, Status.COMPLETED, 900),
            (2, Status.STOPPED, 300),
            (9, Status.COMPLETED, 600),
        ):
            started = datetime(2026, 5, 13, 6, tzinfo=UTC) - timedelta(days=days_ago)
            session_id = unit.history.add(NewSession("r", "R", "", "", started, 4))
            unit.history.end(session_id, status, Progress(seconds, 0, 4, started))
        unit.commit()
    summary = summary_of(store, on=TODAY, count=4)
    assert (summary.this_week.sessions, summary.this_week.completed) == (2, 1)
    assert summary.this_week.minutes == 20
    assert summary.streak == 2
    assert [w.minutes for w in summary.weeks] == [0, 0, 10, 20]
    assert summary == summarise(store.committed().week_totals(), [], on=TODAY, count=4)
