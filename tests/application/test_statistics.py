"""Weekly minutes, the summary and per-side totals, as the history page and command show them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hipcoach.application.statistics import (
    Day,
    calendar,
    minutes_per_week,
    overview_of,
    per_exercise,
    summarise,
    summary_of,
)
from hipcoach.core.model import Side
from hipcoach.core.records import (
    NewSession,
    Progress,
    Session,
    Status,
    Unit,
    Week,
    WorkOutcome,
    WorkPhase,
    WorkTotal,
)
from tests.fakes.history import FakeStore

THIS_MONDAY = date(2026, 5, 11)
TODAY = date(2026, 5, 13)  # a Wednesday


def week(
    weeks_ago: int, completed: int = 1, sessions: int | None = None, minutes: float = 15
) -> Week:
    monday = THIS_MONDAY - timedelta(weeks=weeks_ago)
    return Week(monday, completed if sessions is None else sessions, completed, minutes * 60)


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
    assert (clamshell.average(Side.LEFT), clamshell.average(Side.RIGHT)) == (10, 8)
    assert clamshell.average(None) is None and totals[1].average(None) == 30
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


def test_the_calendar_has_every_day_with_its_sessions_in_local_time() -> None:
    def session(started: datetime, status: Status, seconds: float) -> Session:
        return Session(1, "r", "R", "", started, None, started, status, seconds, 0, 4, 4)

    late_sunday = datetime(2026, 5, 10, 21, 30, tzinfo=UTC)  # 23:30 Sunday in Berlin
    days = calendar(
        [
            session(late_sunday, Status.COMPLETED, 600),
            session(late_sunday + timedelta(hours=1), Status.STOPPED, 120),  # Monday
            session(late_sunday + timedelta(hours=2), Status.COMPLETED, 300),
            session(late_sunday - timedelta(days=30), Status.COMPLETED, 60),  # before
        ],
        date(2026, 5, 10),
        date(2026, 5, 12),
    )
    assert days == [
        Day(date(2026, 5, 10), 1, 1, 600),
        Day(date(2026, 5, 11), 2, 1, 420),
        Day(date(2026, 5, 12)),
    ]


def test_the_overview_has_the_summary_calendar_newest_sessions_and_doses() -> None:
    store = FakeStore()
    with store.unit_of_work() as unit:
        for days_ago, status, seconds in (
            (0, Status.COMPLETED, 900),
            (2, Status.STOPPED, 300),
            (9, Status.COMPLETED, 600),
            (60, Status.COMPLETED, 1200),  # before the four weeks shown
        ):
            started = datetime(2026, 5, 13, 6, tzinfo=UTC) - timedelta(days=days_ago)
            session_id = unit.history.add(NewSession("r", "R", "", "", started, 4))
            unit.history.add_work(
                session_id,
                WorkPhase(
                    1,
                    "Bridge",
                    None,
                    1,
                    Unit.REPS,
                    12,
                    10,
                    WorkOutcome.COMPLETED,
                    started,
                    started,
                    30.0,
                ),
            )
            unit.history.end(session_id, status, Progress(seconds, 0, 4, started))
        unit.commit()
    overview = overview_of(store, on=TODAY, count=4, shown=3)
    assert overview.summary == summary_of(store, on=TODAY, count=4)
    assert next(d.day for d in overview.days) == THIS_MONDAY - timedelta(weeks=3)
    assert [d.day for d in overview.days][-1] == THIS_MONDAY + timedelta(days=6)
    assert [(d.day, d.completed) for d in overview.days if d.sessions] == [
        (date(2026, 5, 4), 1),
        (date(2026, 5, 11), 0),
        (date(2026, 5, 13), 1),
    ]
    assert len(overview.recent) == 3 and overview.total_sessions == 4
    assert (overview.period_sessions, overview.period_minutes, overview.active_days) == (3, 30, 2)
    (bridge,) = overview.doses  # the period's three sessions, oldest first
    (only,) = bridge.sides
    assert [(d.asked, d.achieved) for d in only.doses] == [(12, 10)] * 3
    assert overview.pain == []
