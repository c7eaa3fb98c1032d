"""The week's red flags are the coach's: standing at a moment from the 28 days up to it, and
holding a ranged weekly target back (docs/coaching.md, "Red flags", "Weekly targets")."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hipcoach.application.red_flags import coach_flags
from hipcoach.core.coaching import Coach
from hipcoach.core.week_plan import DEFAULT_PLAN, local_midnight, weekly_targets
from tests.core.week_history import at, session

MONDAY = date(2026, 11, 2)


def test_a_severe_score_stands_until_a_later_safe_session_and_gives_the_coachs_advice() -> None:
    sore = session("yoga-hip-flow", MONDAY + timedelta(days=1), after=7)
    safe = session("hip-strength", MONDAY + timedelta(days=5), after=2)
    flags = coach_flags([safe, sore], at(MONDAY + timedelta(days=3), 9))
    assert flags.stands_at(at(MONDAY + timedelta(days=2), 9))
    assert not flags.stands_at(at(MONDAY, 9))  # before the score
    assert not flags.stands_at(at(MONDAY + timedelta(days=6), 9))  # cleared by the safe one
    assert flags.advice() == tuple(
        f.advice for f in Coach([sore], {}, now=at(MONDAY + timedelta(days=3), 9)).red_flags
    )
    assert flags.advice() and "7/10" in flags.advice()[0]


def test_a_flag_lapses_once_its_sessions_leave_the_28_days() -> None:
    sore = session("yoga-hip-flow", MONDAY, after=8)
    flags = coach_flags([sore], at(MONDAY + timedelta(days=40), 9))
    assert flags.stands_at(at(MONDAY + timedelta(days=27), 9))
    assert not flags.stands_at(at(MONDAY + timedelta(days=29), 9))
    assert flags.advice() == ()


def test_the_ramp_waits_while_the_coach_sees_a_flag() -> None:
    # Three good weeks of hip strength; a sharp-pain answer on Sunday of the third week
    # (the session itself safe) stands at its end: no ramp until a check-in answers none.
    weeks = [
        session("hip-strength", MONDAY + timedelta(weeks=n, days=1), after=1) for n in range(3)
    ]
    answered = session("yoga-hip-flow", MONDAY + timedelta(weeks=2, days=6), after=1)
    answered = dataclasses.replace(answered, answers=("sharp",))
    sessions = [*weeks, answered]
    now = at(MONDAY + timedelta(weeks=3, days=1), 9)
    flags = coach_flags(sessions, now)
    assert flags.stands_at(local_midnight(MONDAY + timedelta(weeks=3)))
    held = weekly_targets(DEFAULT_PLAN, sessions, now.date(), flags.stands_at)["hip-strength"]
    assert held.target == 1
    free = weekly_targets(DEFAULT_PLAN, weeks, now.date(), coach_flags(weeks, now).stands_at)
    assert free["hip-strength"].target == 2
