"""Today from a real history: the plan in the data folder or the default one, what is due and
why, the next-morning question, the runs of the last days with their cautions."""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.application.runs import import_runs, log_run
from hipcoach.application.week import (
    read_plan,
    read_today,
    save_plan,
    what_is_due,
)
from hipcoach.core.library import Library, load_library
from hipcoach.core.plan_file import PlanFileError
from hipcoach.core.records import CheckIn, NewSession, Progress, Session, Status
from hipcoach.core.week_plan import DEFAULT_PLAN, PerWeek, PlannedRoutine, Reminder, WeekPlan
from tests.adapters.run_samples import gpx_text

MONDAY = date(2026, 5, 11)


@pytest.fixture
def library() -> Library:
    return load_library(paths.built_in_routines(), None)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def record(
    store: HistoryStore,
    routine: str,
    start: datetime,
    status: Status = Status.COMPLETED,
    after: int | None = None,
    next_day: int | None = None,
) -> int:
    with store.unit_of_work() as unit:
        session_id = unit.history.add(
            NewSession(routine, routine.replace("-", " ").capitalize(), "", "", start, 10)
        )
        unit.history.end(session_id, status, Progress(600, 0, 10, start + timedelta(minutes=10)))
        if after is not None or next_day is not None:
            unit.history.check_in(session_id, CheckIn(pain_after=after, next_day=next_day))
        unit.commit()
    return session_id


def test_without_a_plan_file_the_default_plan_applies(
    folder: Path, store: HistoryStore, library: Library
) -> None:
    record(store, "hip-strength", local(MONDAY, 18), after=1)
    today = what_is_due(folder, store, library, now=local(MONDAY + timedelta(days=3), 9))
    assert today.plan_path is None
    assert [(d.name, d.why) for d in today.due] == [
        ("Yoga hip flow", "0 of 1 done this week: 1 more, 4 days left")
    ]
    assert [(w.name, w.why) for w in today.waiting] == [
        ("Hip strength", "done for this week (1 of 1)"),
        ("Post-run hip stretch", "after your next run"),
    ]
    assert today.to_json()["due"] == [
        {
            "routine": "yoga-hip-flow",
            "name": "Yoga hip flow",
            "why": "0 of 1 done this week: 1 more, 4 days left",
            "because": "week",
            "done": 0,
            "target": 1,
        }
    ]


def test_the_plan_file_applies_and_an_invalid_one_is_refused_with_its_lines(
    folder: Path, store: HistoryStore, library: Library
) -> None:
    (folder / "plan.toml").write_text(
        'format = 1\n[[routine]]\nid = "foam-roll"\nper_week = 2\n', encoding="utf-8"
    )
    today = what_is_due(folder, store, library, now=local(MONDAY, 9))
    assert [(d.routine_id, d.name) for d in today.due] == [("foam-roll", "Foam roll for the hips")]
    assert today.plan_path == str(folder / "plan.toml")
    (folder / "plan.toml").write_text(
        'format = 1\n[[routine]]\nid = "foam-rol"\nper_week = 2\n', encoding="utf-8"
    )
    with pytest.raises(PlanFileError) as error:
        what_is_due(folder, store, library, now=local(MONDAY, 9))
    assert str(error.value) == (
        f'{folder / "plan.toml"}:2: no routine with id "foam-rol" (did you mean "foam-roll"?)'
    )


def test_an_imported_run_makes_the_stretch_due_and_a_spike_shows_its_caution(
    folder: Path, store: HistoryStore, library: Library, tmp_path: Path
) -> None:
    # The GPX run starts at 05:10 UTC on Tuesday 12 May (07:10 in Berlin), 5 km.
    log_run(store, 4.4, 30.0, MONDAY - timedelta(days=5), now=local(MONDAY, 20))
    gpx = tmp_path / "morning.gpx"
    gpx.write_text(gpx_text(5.0, 30), encoding="utf-8")
    [result] = import_runs(store, [gpx], now=local(MONDAY + timedelta(days=1), 8))
    assert result.note is not None and result.note.caution is not None
    today = what_is_due(folder, store, library, now=local(MONDAY + timedelta(days=1), 9))
    stretch = next(d for d in today.due if d.routine_id == "post-run-stretch")
    assert stretch.why == "after this morning's 5.0 km run"
    assert [note.run.km for note in today.runs] == [pytest.approx(5.0, rel=0.01), 4.4]
    assert [note.caution is not None for note in today.runs] == [True, False]
    assert today.cautions[0].caution is not None
    assert today.cautions[0].caution.text.startswith("5.0 km is 14 % longer")
    record(store, "post-run-stretch", local(MONDAY + timedelta(days=1), 8))
    later = what_is_due(folder, store, library, now=local(MONDAY + timedelta(days=1), 9))
    assert "post-run-stretch" not in [d.routine_id for d in later.due]


def test_the_morning_after_question_is_asked_for_36_hours_until_answered(
    folder: Path, store: HistoryStore, library: Library
) -> None:
    session_id = record(store, "hip-strength", local(MONDAY, 19), after=2)
    record(store, "yoga-hip-flow", local(MONDAY, 7), status=Status.INTERRUPTED)
    same_evening = what_is_due(folder, store, library, now=local(MONDAY, 22))
    assert same_evening.morning_after is None
    morning = what_is_due(folder, store, library, now=local(MONDAY + timedelta(days=1), 8))
    assert morning.morning_after is not None
    assert morning.morning_after.session_id == session_id
    assert morning.morning_after.question == (
        "How is the hip this morning, after yesterday's Hip strength? 0-10"
    )
    too_late = local(MONDAY + timedelta(days=2), 8)  # 37 hours after
    assert what_is_due(folder, store, library, now=too_late).morning_after is None
    with store.unit_of_work() as unit:
        unit.history.check_in(session_id, CheckIn(next_day=3))
        unit.commit()
    assert (
        what_is_due(folder, store, library, now=local(MONDAY, 8) + timedelta(days=1)).morning_after
        is None
    )


@dataclass
class FlagsFrom:
    """Stands in for the coach: a flag standing from ``since`` on, with its advice."""

    since: datetime
    seen: list[int]

    def __call__(self, sessions: Sequence[Session], now: datetime) -> FlagsFrom:
        self.seen.append(len(sessions))
        return self

    def stands_at(self, moment: datetime) -> bool:
        return moment >= self.since

    def advice(self) -> tuple[str, ...]:
        return ("Your recent check-ins show pain that keeps rising. See a physiotherapist.",)


def test_red_flags_come_from_the_coach_hold_the_ramp_and_give_their_advice(
    folder: Path, store: HistoryStore, library: Library
) -> None:
    for week in range(3):
        record(store, "hip-strength", local(MONDAY + timedelta(weeks=week, days=1), 18), after=1)
    fourth_week = local(MONDAY + timedelta(weeks=3), 9)
    plain = read_today(store, library, DEFAULT_PLAN, fourth_week)
    assert plain.targets["hip-strength"].target == 2
    assert plain.advice == ()
    flags = FlagsFrom(local(MONDAY + timedelta(weeks=2), 0), [])
    flagged = read_today(store, library, DEFAULT_PLAN, fourth_week, read_flags=flags)
    assert flags.seen == [3]  # the coach is given every session
    assert flagged.targets["hip-strength"].target == 1
    assert flagged.advice == (
        "Your recent check-ins show pain that keeps rising. See a physiotherapist.",
    )


def test_the_plan_is_saved_atomically_private_and_reads_back(
    folder: Path, library: Library
) -> None:
    plan = WeekPlan(
        (
            PlannedRoutine("hip-strength", PerWeek(2, 3), spacing=2),
            PlannedRoutine("post-run-stretch", after_run=True),
        ),
        Reminder(time(18, 30), (0, 3)),
    )
    path = save_plan(folder, plan)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temp file
    again = read_plan(folder, library)
    assert [(r.id, r.per_week, r.spacing, r.after_run) for r in again.routines] == [
        ("hip-strength", PerWeek(2, 3), 2, False),
        ("post-run-stretch", None, None, True),
    ]
    assert again.reminder == plan.reminder


def test_a_plan_that_cannot_be_edited_safely_is_left_as_it_was(folder: Path) -> None:
    from hipcoach.adapters.plan_files import PlanDocumentError

    text = 'format = 1  # inline, by hand\nroutine = [{id = "hip-strength", per_week = 2}]\n'
    (folder / "plan.toml").write_text(text)
    with pytest.raises(PlanDocumentError, match="cannot edit safely"):
        save_plan(folder, WeekPlan((PlannedRoutine("hip-strength", PerWeek(1, 1)),)))
    assert (folder / "plan.toml").read_text() == text


def test_a_plan_that_is_not_a_regular_file_is_refused_without_waiting(
    folder: Path, library: Library
) -> None:
    import os

    os.mkfifo(folder / "plan.toml")
    with pytest.raises(PlanFileError, match="not a regular file"):
        read_plan(folder, library)


def test_the_default_plan_leaves_out_a_routine_the_library_lacks() -> None:
    empty = Library(())
    assert read_plan(Path("/nonexistent-hipcoach"), empty).routines == ()
    assert read_plan(Path("/nonexistent-hipcoach")) is DEFAULT_PLAN
