"""The repository's contract, held by the SQLite implementation and the fake alike."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import StatementError

from hipcoach.adapters.history.repository import HistoryError, Store
from hipcoach.adapters.history.store import HistoryStore, open_history
from hipcoach.core.model import Side
from hipcoach.core.records import (
    Asked,
    CheckIn,
    LastDone,
    NewSession,
    Progress,
    Reset,
    SideWork,
    Status,
    Unit,
    Week,
    WeekWork,
    WorkOutcome,
    WorkPhase,
    WorkTotal,
)
from tests.fakes.history import FakeStore

from .conftest import T0, raw_rows


@pytest.fixture(params=["sqlite", "fake"])
def any_store(
    request: pytest.FixtureRequest, folder: Path, utc: Callable[[], datetime]
) -> Iterator[Store]:
    if request.param == "fake":
        yield FakeStore()
        return
    with open_history(folder, utc=utc) as store:
        yield store


def new(started: datetime, name: str = "Test hips", text: str = "format = 1") -> NewSession:
    return NewSession("test-hips", name, "/r/test-hips.toml", text, started, 6)


def add(store: Store, *starts: datetime) -> list[int]:
    with store.unit_of_work() as unit:
        ids = [unit.history.add(new(start)) for start in starts]
        unit.commit()
    return ids


def work(
    exercise: str,
    side: Side | None,
    outcome: WorkOutcome,
    done: int,
    target: int = 10,
    unit: Unit = Unit.REPS,
) -> WorkPhase:
    return WorkPhase(1, exercise, side, 1, unit, target, done, outcome, T0, T0, 20.0)


def test_sessions_come_newest_first_with_since_inclusive_and_a_limit(any_store: Store) -> None:
    days = [T0 + timedelta(days=n) for n in (0, 3, 1, 2)]
    ids = add(any_store, *days)
    with any_store.reading() as unit:
        assert [s.id for s in unit.history.sessions()] == [ids[1], ids[3], ids[2], ids[0]]
        assert [s.id for s in unit.history.sessions(since=days[2])] == [ids[1], ids[3], ids[2]]
        assert [s.id for s in unit.history.sessions(limit=2)] == [ids[1], ids[3]]
        assert unit.history.get(999) is None


def test_nothing_is_kept_without_a_commit(any_store: Store) -> None:
    with any_store.unit_of_work() as unit:
        unit.history.add(new(T0))
    with any_store.reading() as unit:
        assert unit.history.sessions() == []


def test_end_and_check_in_and_interrupt(any_store: Store) -> None:
    (session_id,) = add(any_store, T0)
    later = T0 + timedelta(minutes=15)
    with any_store.unit_of_work() as unit:
        unit.history.add_work(session_id, work("Clamshell", Side.LEFT, WorkOutcome.DONE, 8))
        with pytest.raises(ValueError, match="ends as"):
            unit.history.end(session_id, Status.IN_PROGRESS, Progress(1, 0, 0, later))
        unit.history.end(session_id, Status.STOPPED, Progress(900.5, 12.0, 1, later))
        assert unit.history.interrupt(session_id) is False, "only an in-progress one"
        unit.history.check_in(session_id, CheckIn(pain_before=4, effort=7))
        unit.history.check_in(session_id, CheckIn(pain_after=0, notes=""))
        unit.commit()
    with any_store.reading() as unit:
        session = unit.history.get(session_id)
        kept = unit.history.work(session_id)
    assert session is not None
    assert (session.status, session.ended_at, session.active_seconds) == (
        Status.STOPPED,
        later,
        900.5,
    )
    assert (session.paused_seconds, session.work_done) == (12.0, 1)
    assert (session.pain_before, session.pain_after, session.effort) == (4, 0, 7)
    assert session.notes == ""
    assert kept == [work("Clamshell", Side.LEFT, WorkOutcome.DONE, 8)]


def test_work_is_totalled_per_exercise_side_and_unit(any_store: Store) -> None:
    (session_id,) = add(any_store, T0)
    with any_store.unit_of_work() as unit:
        for phase in (
            work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 10),
            work("Clamshell", Side.LEFT, WorkOutcome.DONE, 7),
            work("Clamshell", Side.RIGHT, WorkOutcome.COMPLETED, 10),
            work("Clamshell", Side.RIGHT, WorkOutcome.SKIPPED, 3),
            work("Clamshell", Side.RIGHT, WorkOutcome.STOPPED, 4),
            work("Clamshell", None, WorkOutcome.COMPLETED, 30, 30, Unit.SECONDS),
            work("Bridge", None, WorkOutcome.COMPLETED, 12, 12),
        ):
            unit.history.add_work(session_id, phase)
        unit.commit()
    with any_store.reading() as unit:
        totals = set(unit.history.work_totals())
    assert totals == {
        WorkTotal("Clamshell", Side.LEFT, Unit.REPS, 2, 0, 17, 20),
        WorkTotal("Clamshell", Side.RIGHT, Unit.REPS, 1, 1, 10, 10),
        WorkTotal("Clamshell", None, Unit.SECONDS, 1, 0, 30, 30),
        WorkTotal("Bridge", None, Unit.REPS, 1, 0, 12, 12),
    }


def test_weeks_are_local_iso_weeks(any_store: Store, local_zone: str) -> None:
    assert local_zone == "Europe/Berlin"
    sunday_late = datetime(2026, 5, 10, 21, 30, tzinfo=UTC)  # 23:30 Sunday in Berlin
    monday_early = datetime(2026, 5, 10, 22, 30, tzinfo=UTC)  # 00:30 Monday in Berlin
    new_year = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)  # Thursday of ISO week 2026-W01
    ids = add(any_store, sunday_late, monday_early, monday_early, new_year)
    with any_store.unit_of_work() as unit:
        unit.history.end(ids[1], Status.COMPLETED, Progress(600.0, 0, 6, monday_early))
        unit.history.save_progress(ids[2], Progress(300.0, 0, 2, monday_early))
        unit.history.end(ids[3], Status.COMPLETED, Progress(60.0, 0, 6, new_year))
        unit.commit()
    with any_store.reading() as unit:
        weeks = sorted(unit.history.week_totals(), key=lambda w: w.monday)
    assert weeks == [
        Week(date(2025, 12, 29), 1, 1, 60.0),
        Week(date(2026, 5, 4), 1, 0, 0.0),
        Week(date(2026, 5, 11), 2, 1, 900.0),
    ]
    assert weeks[0].iso == (2026, 1)


def test_a_naive_time_never_reaches_the_database(store: HistoryStore) -> None:
    with store.unit_of_work() as unit, pytest.raises(StatementError, match="naive"):
        unit.history.add(new(datetime(2026, 5, 11, 8, 0)))


def test_times_are_stored_in_utc_whatever_zone_they_come_in(store: HistoryStore) -> None:
    from zoneinfo import ZoneInfo

    (session_id,) = add(store, datetime(2026, 5, 11, 8, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    assert raw_rows(store.path, "SELECT started_at FROM sessions") == [
        {"started_at": "2026-05-11 06:00:00.000000"}
    ]
    with store.reading() as unit:
        session = unit.history.get(session_id)
    assert session is not None and session.started_at == T0
    assert session.started_at.tzinfo is UTC


def test_a_routine_text_is_stored_once_however_many_sessions_share_it(
    store: HistoryStore,
) -> None:
    with store.unit_of_work() as unit:
        unit.history.add(new(T0, text="format = 1 # a"))
        unit.history.add(new(T0, text="format = 1 # a"))
        unit.history.add(new(T0, text="format = 1 # b"))
        unit.commit()
    assert raw_rows(store.path, "SELECT count(*) AS n FROM routine_texts") == [{"n": 2}]


def test_ids_are_never_reused(store: HistoryStore) -> None:
    _, second = add(store, T0, T0)
    con = sqlite3.connect(store.path)
    with con:
        con.execute("DELETE FROM sessions WHERE id = ?", (second,))
    con.close()
    (third,) = add(store, T0)
    assert third > second


def test_the_totals_follow_phases_deleted_or_changed_by_any_means(store: HistoryStore) -> None:
    kept, dropped = add(store, T0, T0)
    with store.unit_of_work() as unit:
        unit.history.add_work(kept, work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 10))
        unit.history.add_work(dropped, work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 9))
        unit.commit()
    con = sqlite3.connect(store.path)
    con.execute("PRAGMA foreign_keys = ON")
    with con:
        con.execute("DELETE FROM sessions WHERE id = ?", (dropped,))  # cascades to its phases
        con.execute("UPDATE work_phases SET outcome = 'skipped' WHERE session_id = ?", (kept,))
    con.close()
    with store.reading() as unit:
        assert unit.history.work_totals() == [
            WorkTotal("Clamshell", Side.LEFT, Unit.REPS, 0, 1, 0, 0)
        ]
    grouped = raw_rows(
        store.path,
        "SELECT count(*) AS n FROM work_phases WHERE session_id = ?",
        dropped,
    )
    assert grouped == [{"n": 0}]


def test_a_write_that_cannot_get_the_lock_comes_out_as_one_line(folder: Path) -> None:
    quick = open_history(folder, busy_timeout=0.1)
    other = sqlite3.connect(quick.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with (
            pytest.raises(HistoryError, match="locked by another program") as caught,
            quick.unit_of_work() as unit,
        ):
            unit.history.add(new(T0))
            unit.commit()
        assert "\n" not in str(caught.value)
        with quick.reading() as unit:
            assert unit.history.sessions() == [], "readers never wait for a writer"
    finally:
        other.execute("ROLLBACK")
        other.close()
        quick.close()


def test_last_completed_is_per_routine_and_ignores_unfinished_sessions(any_store: Store) -> None:
    with any_store.unit_of_work() as unit:
        history = unit.history
        old, new_one, stopped, other, running = (
            history.add(NewSession(routine, "R", "", "", T0 + timedelta(days=day), 2))
            for routine, day in (("a", 0), ("a", 2), ("a", 3), ("b", 1), ("b", 4))
        )
        for session_id, status, day in (
            (old, Status.COMPLETED, 0),
            (new_one, Status.COMPLETED, 2),
            (stopped, Status.STOPPED, 3),
            (other, Status.COMPLETED, 1),
        ):
            ended = T0 + timedelta(days=day, minutes=15)
            history.end(session_id, status, Progress(900, 0, 2, ended))
        assert running
        unit.commit()
    with any_store.reading() as unit:
        assert unit.history.last_completed() == {
            "a": T0 + timedelta(days=2, minutes=15),
            "b": T0 + timedelta(days=1, minutes=15),
        }


def test_last_done_counts_a_stopped_session_that_did_work_but_not_one_that_did_none(
    any_store: Store,
) -> None:
    with any_store.unit_of_work() as unit:
        history = unit.history
        done, stopped, empty = (
            history.add(NewSession(routine, "R", "", "", T0 + timedelta(days=day), 4))
            for routine, day in (("a", 0), ("a", 2), ("b", 1))
        )
        history.end(done, Status.COMPLETED, Progress(900, 0, 4, T0 + timedelta(minutes=15)))
        history.end(stopped, Status.STOPPED, Progress(250, 0, 1, T0 + timedelta(days=2, minutes=5)))
        history.end(empty, Status.STOPPED, Progress(20, 0, 0, T0 + timedelta(days=1, minutes=1)))
        unit.commit()
    with any_store.reading() as unit:
        assert unit.history.last_done() == {
            "a": LastDone(T0 + timedelta(days=2, minutes=5), stopped_after=250),
        }


def test_work_per_week_counts_done_work_by_the_local_week_its_session_started(
    any_store: Store, local_zone: str
) -> None:
    sunday_late = datetime(2026, 5, 10, 21, 30, tzinfo=UTC)  # 23:30 Sunday in Berlin
    monday_early = datetime(2026, 5, 10, 22, 30, tzinfo=UTC)  # 00:30 Monday in Berlin
    first, second, third = add(any_store, sunday_late, monday_early, monday_early)
    with any_store.unit_of_work() as unit:
        unit.history.add_work(first, work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 10))
        unit.history.add_work(first, work("Clamshell", Side.LEFT, WorkOutcome.SKIPPED, 0))
        unit.history.add_work(second, work("Clamshell", Side.LEFT, WorkOutcome.DONE, 6))
        unit.history.add_work(third, work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 10))
        unit.history.add_work(third, work("Clamshell", Side.RIGHT, WorkOutcome.STOPPED, 2))
        unit.history.add_work(third, work("Bridge", None, WorkOutcome.COMPLETED, 12, 12))
        unit.commit()
    with any_store.reading() as unit:
        everything = set(unit.history.work_per_week())
        recent = set(unit.history.work_per_week(since=monday_early))
    this_week = {
        WeekWork(date(2026, 5, 11), "Clamshell", Side.LEFT, Unit.REPS, 2, 16, 20),
        WeekWork(date(2026, 5, 11), "Bridge", None, Unit.REPS, 1, 12, 12),
    }
    assert everything == this_week | {
        WeekWork(date(2026, 5, 4), "Clamshell", Side.LEFT, Unit.REPS, 1, 10, 10)
    }
    assert recent == this_week


def test_a_deleted_session_takes_its_phases_and_their_totals_with_it(any_store: Store) -> None:
    kept, dropped = add(any_store, T0, T0 + timedelta(hours=1))
    with any_store.unit_of_work() as unit:
        unit.history.add_work(kept, work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 10))
        unit.history.add_work(dropped, work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 9))
        unit.history.add_work(dropped, work("Bridge", None, WorkOutcome.SKIPPED, 0))
        unit.commit()
    with any_store.unit_of_work() as unit:
        assert unit.history.delete(dropped) is True
        assert unit.history.delete(dropped) is False
        unit.commit()
    with any_store.reading() as unit:
        assert [s.id for s in unit.history.sessions()] == [kept]
        assert unit.history.work(dropped) == []
        assert [s.id for s, _ in unit.history.phases()] == [kept]
        assert sorted(unit.history.work_totals()) == [
            WorkTotal("Clamshell", Side.LEFT, Unit.REPS, 1, 0, 10, 10)
        ]


def test_phases_and_sessions_keep_a_range_from_since_to_before_until(any_store: Store) -> None:
    first, second, third = add(any_store, T0, T0 + timedelta(days=1), T0 + timedelta(days=2))
    with any_store.unit_of_work() as unit:
        for session_id in (first, second, third):
            unit.history.add_work(session_id, work("Clamshell", Side.LEFT, WorkOutcome.DONE, 8))
        unit.commit()
    since, until = T0 + timedelta(hours=1), T0 + timedelta(days=2)
    with any_store.reading() as unit:
        assert [s.id for s in unit.history.sessions(since, until=until)] == [second]
        assert [s.id for s, _ in unit.history.phases(since, until)] == [second]
        assert [s.id for s, _ in unit.history.phases(until=until)] == [second, first]


def test_a_deleted_note_is_nowhere_in_the_database_files(store: HistoryStore) -> None:
    secret = "knee clicked on the stairs 7f3a"
    keep, drop = add(store, T0, T0 + timedelta(hours=1))
    with store.unit_of_work() as unit:
        unit.history.add_work(drop, work("Clamshell", Side.LEFT, WorkOutcome.COMPLETED, 10))
        unit.history.check_in(drop, CheckIn(notes=secret))
        unit.history.check_in(keep, CheckIn(notes="fine"))
        unit.commit()
    with store.unit_of_work() as unit:
        unit.history.delete(drop)
        unit.commit()
    store.checkpoint()
    files = [p for p in store.path.parent.iterdir() if p.name.startswith(store.path.name)]
    assert files
    for path in files:
        assert secret.encode() not in path.read_bytes(), path.name
    with store.reading() as unit:
        assert [s.notes for s in unit.history.sessions()] == ["fine"]


def phase(
    index: int,
    exercise_id: str,
    side: Side | None,
    outcome: WorkOutcome = WorkOutcome.COMPLETED,
    done: int = 10,
    *,
    set_number: int = 1,
    target: int = 10,
    round_: int | None = None,
) -> WorkPhase:
    return WorkPhase(
        index,
        exercise_id.title(),
        side,
        set_number,
        Unit.REPS,
        target,
        done,
        outcome,
        T0,
        T0,
        20.0,
        exercise_id=exercise_id,
        round=round_,
    )


def test_side_work_is_what_the_coach_reads_of_each_exercise_side(any_store: Store) -> None:
    first, other, done = add(any_store, T0, T0 + timedelta(days=1), T0 + timedelta(days=2))
    with any_store.unit_of_work() as unit:
        for work in (
            phase(1, "clamshells", Side.LEFT),
            phase(3, "clamshells", Side.LEFT, set_number=2, target=11, done=11),
            phase(2, "clamshells", Side.RIGHT, WorkOutcome.DONE, 7),
            phase(4, "clamshells", Side.RIGHT, WorkOutcome.SKIPPED, 0, set_number=2),
            phase(5, "bridges", None, WorkOutcome.SKIPPED, 0),
            phase(5, "bridges", None, round_=2),  # run again after Back, to its end
        ):
            unit.history.add_work(first, work)
        unit.history.add_work(other, phase(1, "clamshells", Side.LEFT, WorkOutcome.STOPPED, 4))
        unit.history.add_work(done, phase(1, "clamshells", Side.LEFT, target=12, done=12))
        unit.history.end(first, Status.COMPLETED, Progress(60, 0, 4, T0))
        unit.history.end(other, Status.STOPPED, Progress(60, 0, 0, T0))
        unit.commit()
    with any_store.unit_of_work() as unit:
        unit.history.mark_hurt(first, "clamshells", Side.RIGHT)
        unit.commit()
    with any_store.reading() as unit:
        work = unit.history.side_work()
        assert unit.history.side_work(["another-routine"]) == {}
        assert unit.history.side_work(["test-hips"]) == work
        last = unit.history.last_asked()
        assert unit.history.last_asked(["another-routine"]) == {}
    assert work == {
        first: {
            ("clamshells", Side.LEFT): SideWork(True, False),
            ("clamshells", Side.RIGHT): SideWork(False, True),
            ("bridges", None): SideWork(True, False),
        },
        other: {("clamshells", Side.LEFT): SideWork(False, False)},
        done: {("clamshells", Side.LEFT): SideWork(True, False)},
    }
    assert last == {
        "test-hips": {
            ("clamshells", Side.LEFT): Asked(2, 11),
            ("clamshells", Side.RIGHT): Asked(2, 10),
            ("bridges", None): Asked(1, 10, 2),
        }
    }, "the latest completed session: the third one is still in progress"


def test_hurt_marks_given_in_a_check_in_replace_every_earlier_one(any_store: Store) -> None:
    (session_id,) = add(any_store, T0)
    with any_store.unit_of_work() as unit:
        for index, (exercise_id, side) in enumerate(
            [("clamshells", Side.LEFT), ("clamshells", Side.RIGHT), ("bridges", None)]
        ):
            unit.history.add_work(session_id, phase(index, exercise_id, side))
        unit.history.mark_hurt(session_id, "bridges", None)
        unit.history.check_in(session_id, CheckIn(next_day=5, answers=("swelling", "sharp")))
        unit.commit()
    with any_store.unit_of_work() as unit:
        unit.history.check_in(session_id, CheckIn(hurt=(("clamshells", Side.RIGHT),)))
        unit.history.check_in(session_id, CheckIn(effort=3, answers=()))
        unit.commit()
    with any_store.reading() as unit:
        marked = [(w.exercise_id, w.side, bool(w.pain)) for w in unit.history.work(session_id)]
        session = unit.history.get(session_id)
    assert marked == [
        ("clamshells", Side.LEFT, False),
        ("clamshells", Side.RIGHT, True),
        ("bridges", None, False),
    ]
    assert session is not None
    assert (session.next_day, session.answers, session.effort) == (5, (), 3)


def test_resets_are_kept_oldest_first(any_store: Store) -> None:
    later = Reset("hip-strength", "clamshells", T0 + timedelta(days=2))
    earlier = Reset("hip-strength", None, T0)
    with any_store.unit_of_work() as unit:
        unit.history.add_reset(later)
        unit.history.add_reset(earlier)
        unit.commit()
    with any_store.reading() as unit:
        assert unit.history.resets() == [earlier, later]
