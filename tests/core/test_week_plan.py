"""The weekly plan's rules (docs/coaching.md, "Weekly targets", "Due today"), on histories
built week by week, with the day taken as today given."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from hipcoach.core.model import Kind
from hipcoach.core.records import Session, Status
from hipcoach.core.runs import Run
from hipcoach.core.week_plan import (
    DEFAULT_PLAN,
    Because,
    Change,
    PerWeek,
    PlannedRoutine,
    WeekPlan,
    due_today,
    local_midnight,
    weekly_targets,
)
from tests.core.week_history import at, hand_run, imported_run, local_zone, session

WEEK1 = date(2026, 11, 2)  # a Monday
STRENGTH = PlannedRoutine("hip-strength", per_week=PerWeek(1, 3))
PLAN = WeekPlan((STRENGTH,))
KINDS = {"hip-strength": Kind.STRENGTH, "post-run-stretch": Kind.STRETCH, "yoga": Kind.YOGA}


@pytest.fixture(autouse=True)
def berlin() -> Iterator[None]:
    with local_zone("Europe/Berlin"):
        yield


def week(n: int, weekday: int = 0) -> date:
    """Day ``weekday`` (0 Monday) of week ``n`` (1 is WEEK1)."""
    return WEEK1 + timedelta(weeks=n - 1, days=weekday)


def strength_weeks(*counts: int, after: int = 2) -> list[Session]:
    """Completed hip-strength sessions, ``counts[i]`` of them in week i + 1, each checked
    in safe, a day apart from Tuesday."""
    return [
        session("hip-strength", week(n, 1 + 2 * k), after=after)
        for n, count in enumerate(counts, start=1)
        for k in range(count)
    ]


def targets_by_week(plan: WeekPlan, sessions: list[Session], weeks: int, **kw: object) -> list[int]:
    """The hip-strength target of weeks 1 .. ``weeks``, each as Monday of it would show it."""
    return [
        weekly_targets(plan, sessions, week(n), **kw)["hip-strength"].target  # type: ignore[arg-type]
        for n in range(1, weeks + 1)
    ]


# -- weekly targets ----------------------------------------------------------------------------


def test_the_documented_ramp_and_step_back_week_by_week() -> None:
    """docs/coaching.md's table: targets 1 1 1 2 2 2 2 1, then 1."""
    sessions = strength_weeks(1, 2, 1, 2, 1, 2, 2, 1)
    sessions.append(session("yoga", week(6, 6), after=5))  # acceptable: not good
    sessions.append(session("yoga", week(7, 6), after=2, next_day=6))  # too much: step back
    assert targets_by_week(PLAN, sessions, 9) == [1, 1, 1, 2, 2, 2, 2, 1, 1]
    found = weekly_targets(PLAN, sessions, week(9))["hip-strength"]
    assert [(w.target, w.completed, w.good, w.good_in_a_row) for w in found.weeks] == [
        (1, 1, True, 1),
        (1, 2, True, 2),
        (1, 1, True, 0),
        (2, 2, True, 1),
        (2, 1, False, 0),
        (2, 2, False, 0),
        (2, 2, False, 0),
        (1, 1, True, 1),
    ]
    assert [w.change for w in found.weeks][2::4] == [Change.UP, Change.BACK]
    assert found.why == "1 a week (of 1-3): back after a week with a too-much session"


def test_a_ranged_target_starts_at_its_low_end() -> None:
    found = weekly_targets(PLAN, [], week(1))["hip-strength"]
    assert (found.target, found.weeks) == (1, ())
    assert found.why == "1 a week (of 1-3): starts at its low end"


def test_the_ramp_needs_three_good_weeks_again_after_each_step_and_stops_at_the_top() -> None:
    sessions = strength_weeks(1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3)
    assert targets_by_week(PLAN, sessions, 13) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3]
    found = weekly_targets(PLAN, sessions, week(13))["hip-strength"]
    assert found.weeks[8].change is Change.TOP
    assert found.why == "3 a week (of 1-3): at its high end"


def test_a_missed_target_breaks_the_row() -> None:
    # Two good weeks, one short, then three good ones: the ramp comes after week 6.
    sessions = strength_weeks(1, 1, 0, 1, 1, 1)
    assert targets_by_week(PLAN, sessions, 7) == [1, 1, 1, 1, 1, 1, 2]


def test_sessions_without_a_check_in_do_not_spoil_a_week_and_unfinished_ones_do_not_count() -> None:
    sessions = [
        session("hip-strength", week(1, 1)),  # no check-in: not evaluated
        session("hip-strength", week(2, 1), after=None),
        session("hip-strength", week(2, 3), status=Status.INTERRUPTED, after=8),
        session("hip-strength", week(3, 1), status=Status.STOPPED, after=1),  # evaluated, safe
        session("hip-strength", week(3, 3)),
    ]
    assert targets_by_week(PLAN, sessions, 4) == [1, 1, 1, 2]
    # A stopped session is evaluated but is not a completed one: alone it misses the target.
    only_stopped = [session("hip-strength", week(n, 1), status=Status.STOPPED) for n in (1, 2, 3)]
    assert targets_by_week(PLAN, only_stopped, 4) == [1, 1, 1, 1]


def test_a_too_much_week_steps_back_but_never_below_the_low_end() -> None:
    plan = WeekPlan((PlannedRoutine("hip-strength", per_week=PerWeek(2, 4)),))
    sessions = strength_weeks(2, 2, 2, 3, 3)
    sessions.append(session("hip-strength", week(5, 6), after=6))  # too much in week 5
    sessions.append(session("yoga", week(6, 2), after=7))  # and in week 6, of another routine
    assert targets_by_week(plan, sessions, 7) == [2, 2, 2, 3, 3, 2, 2]


def test_a_fixed_count_never_moves() -> None:
    plan = WeekPlan((PlannedRoutine("hip-strength", per_week=PerWeek(2, 2)),))
    sessions = strength_weeks(3, 3, 3, 3, 3, 3, 0, 0)
    sessions.append(session("yoga", week(7, 2), after=9))
    assert targets_by_week(plan, sessions, 9) == [2] * 9
    assert weekly_targets(plan, sessions, week(9))["hip-strength"].why == "a fixed 2 a week"


def test_no_ramp_while_a_red_flag_stands_and_the_ramp_comes_once_it_is_gone() -> None:
    sessions = strength_weeks(1, 1, 1, 1, 1, 1, 1)
    flag_until = local_midnight(week(5, 1))  # a flag stands until Tuesday of week 5

    def flagged(moment: datetime) -> bool:
        return moment < flag_until

    # Week 3 ends with three good weeks under the flag: held; week 4 ends under it too;
    # week 5, good, ends with the flag gone: up.
    assert targets_by_week(PLAN, sessions, 7, flag_stands=flagged) == [1, 1, 1, 1, 1, 2, 2]
    found = weekly_targets(PLAN, sessions, week(5), flag_stands=flagged)["hip-strength"]
    assert [w.change for w in found.weeks] == [
        Change.NONE,
        Change.NONE,
        Change.HELD,
        Change.HELD,
    ]
    assert found.why == "1 a week (of 1-3): three good weeks, but a red flag stands"


def test_stepping_back_goes_on_under_a_red_flag() -> None:
    sessions = strength_weeks(1, 1, 1, 2, 2)
    sessions.append(session("hip-strength", week(5, 5), after=8))
    assert targets_by_week(PLAN, sessions, 6, flag_stands=lambda _m: True) == [1, 1, 1, 1, 1, 1]
    assert targets_by_week(PLAN, sessions, 6) == [1, 1, 1, 2, 2, 1]


def test_weeks_are_local_iso_weeks_in_a_zone_far_ahead_of_utc() -> None:
    with local_zone("Pacific/Kiritimati"):  # UTC+14: Monday 00:30 there is Sunday in UTC
        monday_early = session("hip-strength", week(2, 0), hour=0, minute=30, after=1)
        assert monday_early.started_at.weekday() == 6  # Sunday, in UTC
        sessions = [
            session("hip-strength", week(1, 6), hour=23, minute=30, after=1),  # Sunday night
            monday_early,
            session("hip-strength", week(3, 0), hour=0, minute=30, after=1),
        ]
        found = weekly_targets(PLAN, sessions, week(4))["hip-strength"]
        assert [(w.monday, w.completed) for w in found.weeks] == [
            (week(1), 1),
            (week(2), 1),
            (week(3), 1),
        ]
        assert found.target == 2


def test_weeks_are_local_iso_weeks_in_a_zone_far_behind_utc() -> None:
    with local_zone("America/Adak"):  # UTC-10: Sunday 20:00 there is Monday in UTC
        sunday_late = session("hip-strength", week(1, 6), hour=20, after=1)
        assert sunday_late.started_at.weekday() == 0
        found = weekly_targets(PLAN, [sunday_late], week(3))["hip-strength"]
        assert [(w.monday, w.completed) for w in found.weeks] == [(week(1), 1), (week(2), 0)]
        today = datetime.combine(week(1, 6), datetime.min.time()).replace(hour=21).astimezone()
        due, waiting = due_today(PLAN, KINDS, {"hip-strength": found}, [sunday_late], [], today)
        assert due == [] and waiting[0].why == "done for this week (1 of 1)"


# -- due today ---------------------------------------------------------------------------------


def two_a_week(spacing: int | None = None) -> WeekPlan:
    return WeekPlan((PlannedRoutine("hip-strength", PerWeek(2, 2), spacing=spacing),))


def due_on(plan: WeekPlan, sessions: list[Session], runs: list[Run], now: datetime) -> list[str]:
    targets = weekly_targets(plan, sessions, now.astimezone().date())
    due, waiting = due_today(plan, KINDS, targets, sessions, runs, now)
    return [f"{d.routine_id}: {d.why}" for d in due] + [
        f"({w.routine_id}: {w.why})" for w in waiting
    ]


def test_a_weekly_routine_is_due_until_its_target_is_met_and_says_how_many_and_days_left() -> None:
    tuesday = session("hip-strength", week(1, 1))
    thursday = at(week(1, 3), 9)
    assert due_on(two_a_week(), [tuesday], [], thursday) == [
        "hip-strength: 1 of 2 done this week: 1 more, 4 days left"
    ]
    done = [tuesday, session("hip-strength", week(1, 3), hour=8)]
    assert due_on(two_a_week(), done, [], thursday) == [
        "(hip-strength: done for this week (2 of 2))"
    ]
    assert due_on(two_a_week(), [], [], at(week(1, 6), 9)) == [
        "hip-strength: 0 of 2 done this week: 2 more, 1 day left"
    ]


def test_spacing_keeps_a_routine_from_being_due_the_day_after_a_session() -> None:
    tuesday = [session("hip-strength", week(1, 1))]
    for weekday, expected in (
        (1, "(hip-strength: 1 of 2 done this week; done today, due again on Thursday)"),
        (2, "(hip-strength: 1 of 2 done this week; done yesterday, due again on Thursday)"),
        (3, "hip-strength: 1 of 2 done this week: 1 more, 4 days left"),
    ):
        assert due_on(two_a_week(spacing=1), tuesday, [], at(week(1, weekday), 20)) == [expected]
    # Two days apart: Tuesday's session holds it back through Thursday.
    assert due_on(two_a_week(spacing=2), tuesday, [], at(week(1, 3), 20)) == [
        "(hip-strength: 1 of 2 done this week; done on Tuesday, due again on Friday)"
    ]
    # Saturday's session with two days of spacing: no room left this week.
    saturday = [session("hip-strength", week(1, 5))]
    assert due_on(two_a_week(spacing=2), saturday, [], at(week(1, 6), 9)) == [
        "(hip-strength: 1 of 2 done this week; done yesterday, due again next week)"
    ]


def test_without_spacing_only_the_target_holds_a_routine_back() -> None:
    plan = two_a_week(spacing=0)
    assert due_on(plan, [session("hip-strength", week(1, 1), hour=7)], [], at(week(1, 1), 20)) == [
        "hip-strength: 1 of 2 done this week: 1 more, 6 days left"
    ]


def test_the_default_spacing_is_a_day_for_strength_and_none_for_the_rest() -> None:
    assert PlannedRoutine("x").spacing_for(Kind.STRENGTH) == 1
    assert PlannedRoutine("x").spacing_for(Kind.YOGA) == 0
    assert PlannedRoutine("x", spacing=3).spacing_for(Kind.STRENGTH) == 3
    plan = WeekPlan((PlannedRoutine("yoga", PerWeek(2, 2)),))
    assert due_on(plan, [session("yoga", week(1, 1), hour=7)], [], at(week(1, 1), 20)) == [
        "yoga: 1 of 2 done this week: 1 more, 6 days left"
    ]


STRETCH = WeekPlan((PlannedRoutine("post-run-stretch", after_run=True),))


def test_after_an_imported_run_the_stretch_is_due_until_done_or_the_next_day_ends() -> None:
    run = imported_run(week(1, 1), 8.2, hour=7, minute=10)  # Tuesday 07:10
    assert due_on(STRETCH, [], [run], at(week(1, 1), 7, 5)) == [
        "(post-run-stretch: after your next run)"
    ]
    assert due_on(STRETCH, [], [run], at(week(1, 1), 9)) == [
        "post-run-stretch: after this morning's 8.2 km run"
    ]
    assert due_on(STRETCH, [], [run], at(week(1, 2), 21)) == [
        "post-run-stretch: after yesterday morning's 8.2 km run"
    ]
    assert due_on(STRETCH, [], [run], at(week(1, 3), 0, 1)) == [
        "(post-run-stretch: after your next run)"
    ]
    # A stretch that started before the run does not answer it; one after it does.
    early = session("post-run-stretch", week(1, 1), hour=6)
    assert due_on(STRETCH, [early], [run], at(week(1, 1), 9))[0].startswith(
        "post-run-stretch: after"
    )
    later = session("post-run-stretch", week(1, 1), hour=7, minute=50)
    assert due_on(STRETCH, [early, later], [run], at(week(1, 1), 9)) == [
        "(post-run-stretch: done after this morning's 8.2 km run)"
    ]
    # A stretch stopped half-way is not done.
    stopped = session("post-run-stretch", week(1, 1), hour=8, status=Status.STOPPED)
    assert due_on(STRETCH, [stopped], [run], at(week(1, 1), 9))[0].startswith(
        "post-run-stretch: after"
    )


def test_a_run_added_by_hand_without_a_time_counts_from_when_it_was_added() -> None:
    stretched = session("post-run-stretch", week(1, 1), hour=18)
    added = at(week(1, 1), 20)
    run = hand_run(week(1, 1), 5.0, added)
    assert due_on(STRETCH, [stretched], [run], at(week(1, 1), 20, 30)) == [
        "post-run-stretch: after today's 5.0 km run"
    ]
    after = session("post-run-stretch", week(1, 1), hour=20, minute=10)
    assert due_on(STRETCH, [stretched, after], [run], at(week(1, 1), 21)) == [
        "(post-run-stretch: done after today's 5.0 km run)"
    ]
    # Added on Wednesday for Tuesday: due through Wednesday, named as yesterday's.
    late = hand_run(week(1, 1), 6.0, at(week(1, 2), 8))
    assert due_on(STRETCH, [], [late], at(week(1, 2), 9)) == [
        "post-run-stretch: after yesterday's 6.0 km run"
    ]


def test_the_latest_run_of_today_or_yesterday_is_the_one_to_answer() -> None:
    yesterday = imported_run(week(1, 1), 10.0, hour=18)
    today = imported_run(week(1, 2), 4.0, hour=21, minute=30)
    stretched = session("post-run-stretch", week(1, 1), hour=19)
    assert due_on(STRETCH, [stretched], [yesterday, today], at(week(1, 2), 22)) == [
        "post-run-stretch: after tonight's 4.0 km run"
    ]


def test_the_default_plan_in_the_seeds_rhythm() -> None:
    assert [(r.id, r.per_week, r.after_run) for r in DEFAULT_PLAN.routines] == [
        ("hip-strength", PerWeek(1, 3), False),
        ("post-run-stretch", None, True),
        ("yoga-hip-flow", PerWeek(1, 1), False),
    ]
    assert DEFAULT_PLAN.path is None


def test_a_routine_both_weekly_and_after_runs_gives_both_reasons() -> None:
    plan = WeekPlan((PlannedRoutine("post-run-stretch", PerWeek(3, 3), after_run=True),))
    run = imported_run(week(1, 0), 6.0, hour=15)
    targets = weekly_targets(plan, [], week(1))
    due, _ = due_today(plan, KINDS, targets, [], [run], at(week(1, 0), 19))
    assert [(d.because, d.why, d.done, d.target) for d in due] == [
        (
            Because.RUN,
            "after this afternoon's 6.0 km run; 0 of 3 done this week: 3 more, 7 days left",
            0,
            3,
        )
    ]


def test_weeks_hold_across_a_change_of_clocks_and_a_gap_of_weeks() -> None:
    # Berlin leaves summer time on Sunday 25 October 2026: that week is an hour longer.
    sessions = [
        session("hip-strength", date(2026, 10, 25), hour=23, minute=30, after=1),  # Sunday
        session("hip-strength", date(2026, 10, 26), hour=0, minute=30, after=1),  # Monday
        session("hip-strength", date(2026, 11, 29), hour=23, minute=59, after=1),  # a gap
        session("hip-strength", date(2026, 11, 30), hour=0, minute=0, after=1),
    ]
    found = weekly_targets(PLAN, sessions, date(2026, 12, 7))["hip-strength"]
    weeks = {w.monday: w.completed for w in found.weeks if w.completed}
    assert weeks == {
        date(2026, 10, 19): 1,
        date(2026, 10, 26): 1,
        date(2026, 11, 23): 1,
        date(2026, 11, 30): 1,
    }
