"""How the history reads, in the window and in the terminal alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hipcoach.application.history_text import (
    amount_text,
    balance_text,
    minutes_text,
    note_line,
    pain_text,
    status_text,
    streak_note,
    week_note,
    when_text,
)
from hipcoach.application.statistics import Summary
from hipcoach.core.records import Session, Status, Unit, Week

MONDAY = date(2026, 5, 11)


def session(
    pain: tuple[int | None, int | None] = (None, None), notes: str | None = None
) -> Session:
    started = datetime(2026, 5, 13, 16, tzinfo=UTC)
    return Session(
        1, "r", "R", "", started, None, started, Status.COMPLETED, 600, 0, 4, 4, *pain, None, notes
    )


def test_a_week_of_training_reads_in_hours_and_minutes() -> None:
    assert minutes_text(41.6) == "42 min"
    assert minutes_text(65) == "1 h 5 min"
    assert minutes_text(120) == "2 h"


def test_work_reads_in_its_own_unit_with_the_right_plural() -> None:
    assert amount_text(29.4, Unit.SECONDS) == "29 s"
    assert amount_text(65, Unit.SECONDS) == "1:05"
    assert amount_text(9.5, Unit.REPS) == "9.5 reps"
    assert amount_text(10.0, Unit.REPS) == "10 reps"
    assert amount_text(1, Unit.REPS) == "1 rep"
    assert amount_text(1, Unit.BREATHS) == "1 breath"
    assert amount_text(0, Unit.BREATHS) == "0 breaths"
    assert amount_text(None, Unit.REPS) == "\u2013", "a side never done shows a dash, not 0"


def test_the_balance_names_the_side_that_does_more() -> None:
    assert balance_text(0.2) == "Left 20 % more"
    assert balance_text(-0.123) == "Right 12 % more"
    assert balance_text(0.03) == "Even"
    assert balance_text(None) == "", "nothing to compare"


def test_a_session_reads_the_same_in_the_window_and_the_terminal() -> None:
    assert when_text(datetime(2026, 5, 13, 16, tzinfo=UTC), date(2026, 5, 13)) == (
        "Wed 13 May, 18:00"
    )  # Berlin, summer time
    assert when_text(datetime(2025, 12, 30, 8, tzinfo=UTC), date(2026, 1, 2)) == (
        "Tue 30 Dec 2025, 09:00"
    ), "another year says which"
    assert pain_text(session((3, 2))) == "3 \u2192 2"
    assert pain_text(session((3, 2)), arrow="->") == "3 -> 2"
    assert pain_text(session((None, 1))) == "? \u2192 1"
    assert pain_text(session()) == ""
    assert status_text(Status.IN_PROGRESS) == "In progress"
    assert note_line(session(notes="\n  Right hip tight\nbetter after")) == "Right hip tight"
    assert note_line(session(notes="   ")) == ""


def test_the_streak_says_what_keeps_it() -> None:
    done, open_week = Week(MONDAY, 1, 1, 900), Week(MONDAY, 1, 0, 300)
    assert streak_note(Summary(done, 0, [done], [])) == "Complete a session to start one"
    assert streak_note(Summary(open_week, 3, [open_week], [])) == (
        "Complete one this week to keep it"
    )
    assert streak_note(Summary(done, 3, [done], [])) == "A completed session every week"
    assert week_note(Week(MONDAY)) == "No session yet this week"
    assert week_note(Week(MONDAY, 2, 1)) == "2 sessions, 1 completed"
