"""The report's numbers, read from a built history (tests/report_history.py): each one a
reader of the PDF would check against the runner's own record."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.report import (
    Report,
    ReportRangeError,
    build_report,
    write_report_csv,
)
from hipcoach.application.report_text import dose_rows, zones_text
from hipcoach.application.week import read_plan
from hipcoach.core.coaching import FlagKind, Zone
from hipcoach.core.model import Side
from tests import report_history as built
from tests.adapters.history.conftest import raw_rows


@pytest.fixture
def report(store: HistoryStore) -> Report:
    library = built.build(store)
    return build_report(
        store,
        plan=read_plan(store.data_dir, library),
        library=library,
        now=built.local(built.TODAY, 20),
    )


def test_the_range_is_the_last_twelve_weeks_by_default(report: Report) -> None:
    assert (report.since, report.until) == (built.SINCE, built.TODAY)
    assert [w.monday for w in report.weeks] == [built.SINCE + timedelta(weeks=n) for n in range(12)]
    assert len(report.sessions) == 34  # three a week, one in the last
    assert [w.sessions for w in report.weeks] == [3] * 11 + [1]


def test_adherence_counts_completed_sessions_against_the_plans_targets(report: Report) -> None:
    stopped_week = next(w for w in report.weeks if w.monday == date(2026, 4, 27))
    assert (stopped_week.sessions, stopped_week.completed) == (3, 2)
    strength, stretch, yoga = stopped_week.planned
    assert (strength.routine_id, strength.done) == ("hip-strength", 2)
    assert 1 <= strength.target <= 3  # the default plan: 1-3 a week, ramping
    assert (stretch.routine_id, stretch.done, stretch.target, stretch.after_run) == (
        "post-run-stretch", 0, 2, True
    )  # fmt: skip
    assert (yoga.done, yoga.target) == (0, 1)


def test_pain_zones_flags_and_answers(report: Report) -> None:
    assert report.zones == {Zone.SAFE: 30, Zone.ACCEPTABLE: 1, Zone.TOO_MUCH: 2}
    assert report.unevaluated == 1, "the stopped session had no pain after"
    assert zones_text(report) == (
        "safe (0-3): 30; acceptable (4-5): 1; too much (6-10): 2; no pain after given: 1"
    )
    assert [(f.kind, f.answer, f.since) for f in report.red_flags] == [
        (FlagKind.SEVERE, None, date(2026, 5, 11)),
        (FlagKind.ANSWER, "swelling", date(2026, 5, 11)),
    ]
    assert [(a.at.date(), a.answers) for a in report.answers] == [
        (date(2026, 5, 11), ("swelling",))
    ]
    next_day = [p for p in report.pain if p.next_day is not None]
    assert [(p.at.date(), p.after, p.next_day) for p in next_day] == [(date(2026, 4, 20), 2, 4)]


def test_each_side_of_the_clamshells_session_by_session(report: Report) -> None:
    (clams,) = [d for d in report.doses if d.exercise_id == "clamshells"]
    left, right = clams.side(Side.LEFT), clams.side(Side.RIGHT)
    assert left is not None and right is not None
    assert clams.hurt_marks == 2
    assert [d.at.date() for d in right.doses if d.hurt] == [date(2026, 3, 13), date(2026, 4, 10)]
    # The right side, short of its target now and then, stays a rung below the left.
    assert (left.doses[-1].asked, right.doses[-1].asked) == (36, 30)
    rows = dose_rows(clams)
    hurt = [r for r in rows if r.hurt]
    assert [(r.when, r.cells[1], r.hurt) for r in hurt] == [
        ("Fri 13 Mar", ("3 x 12 reps", "in full"), "right"),
        ("Fri 10 Apr", ("3 x 10 reps", "3 x 8 reps"), "right"),
    ]
    assert sum(int(r.when.split(", ")[1].split()[0]) if ", " in r.when else 1 for r in rows) == 34
    now = report.coaching["hip-strength"]
    assert {s.side: s.dose for s in now.exercises if s.exercise.id == "clamshells"} == {
        Side.LEFT: "3 x 11 reps",
        Side.RIGHT: "3 x 10 reps",
    }


def test_runs_per_week_with_the_one_caution(report: Report) -> None:
    assert sum(w.runs for w in report.runs) == 23
    spiked = [w for w in report.runs if w.cautions]
    assert [(w.monday, w.runs, w.km) for w in spiked] == [(date(2026, 4, 20), 2, 18.0)]
    (caution,) = report.cautions
    assert (caution.run.day, caution.run.km) == (date(2026, 4, 25), 12.0)
    assert caution.caution is not None and caution.caution.percent == 50


def test_the_notes_and_the_csv_rows_are_every_work_phase(
    report: Report, store: HistoryStore
) -> None:
    assert [n.text for n in report.notes] == [
        "=HYPERLINK(1)",
        "-tight after the hills",
        "Hip felt hot.",
    ]
    (counted,) = raw_rows(
        store.path,
        "SELECT count(*) AS n FROM work_phases JOIN sessions ON sessions.id = session_id "
        "WHERE sessions.started_at >= '2026-02-22 23:00:00'",  # 23 Feb, 00:00 in Berlin
    )
    out = io.StringIO()
    assert write_report_csv(store, out, built.SINCE, built.TODAY) == report.phases
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == report.phases == counted["n"] == 33 * 21 + 9  # one stopped at 9
    assert {r["exercise_id"] for r in rows} == {
        "glute-bridges", "clamshells", "side-lying-leg-lifts", "lunges"
    }  # fmt: skip


def test_a_range_that_runs_backwards_is_refused(store: HistoryStore) -> None:
    with pytest.raises(ReportRangeError, match="after --until"):
        build_report(store, date(2026, 5, 2), date(2026, 5, 1))


def test_over_a_long_range_an_exercise_reads_a_row_a_period(report: Report) -> None:
    (clams,) = [d for d in report.doses if d.exercise_id == "clamshells"]
    rows = dose_rows(clams, span_days=400)  # over half a year: a row a month
    assert [r.when for r in rows] == [
        "Feb 2026, 3 sessions",
        "Mar 2026, 13 sessions",
        "Apr 2026, 13 sessions",
        "May 2026, 5 sessions",
    ]
    march = rows[1]
    assert march.cells[0] == ("3 x 11 \u2013 3 x 12 reps", "in full 13 of 13")
    assert march.hurt == "right 1x"
    assert [r.when.split(",")[0] for r in dose_rows(clams, span_days=3 * 365)] == [
        "Q1 2026",
        "Q2 2026",
    ]
    assert [r.when.split(",")[0] for r in dose_rows(clams, span_days=9 * 365)] == ["2026"]


def test_the_decision_log_says_after_which_session_each_dose_moved_and_why(
    report: Report,
) -> None:
    (clams,) = [d for d in report.doses if d.exercise_id == "clamshells"]
    moves = report.moves["hip-strength"]
    assert all(report.since <= m.at.date() <= report.until for m in moves)
    rows = dose_rows(clams, moves=moves)
    said = [(r.when, r.moved) for r in rows if r.moved]
    assert said[:2] == [
        (
            "Mon 23 Feb",
            "After Mon 23 Feb: left 3 x 12 reps, right 3 x 12 reps "
            "(up: two easy sessions done in full)",
        ),
        (
            "Fri 13 Mar",
            "After Fri 13 Mar: right 3 x 11 reps (down: marked as hurting on the right)",
        ),
    ]
    # The newest move is the one "Prescribed now" gives as its reason.
    assert said[-1] == ("Mon 11 May", "After Mon 11 May: left 3 x 11 reps (down: pain 7/10 after)")
    # Over a long range, a period's row counts its moves.
    months = {r.when.split(",")[0]: r.moved for r in dose_rows(clams, span_days=400, moves=moves)}
    assert months["Mar 2026"].startswith("Mar 2026: doses moved up 1, down 3 (")
    assert "marked as hurting on the right 1x" in months["Mar 2026"]
    assert dose_rows(clams, moves=())[0].moved == "", "without the log, no decisions"
