"""The recorder, fed by a real SessionEngine on a fake clock: what a session leaves on disk.

Most tests run twice, over the SQLite store and over the in-memory fake, so the fake stays
true to the store the app uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.adapters.history.recorder import SessionRecorder
from hipcoach.adapters.history.repository import HistoryError, Store
from hipcoach.adapters.history.store import HistoryStore, open_history
from hipcoach.core.engine import Event, Outcome, PhaseEnded
from hipcoach.core.model import Routine, Side
from hipcoach.core.plan import Plan
from hipcoach.core.records import Dosing, Session, Status, Unit, WorkOutcome, WorkPhase
from tests.fakes.clock import FakeClock, drive
from tests.fakes.history import FakeStore

from .conftest import CLOCK_START, ROUTINE_TEXT, T0, engine_for, raw_rows


@pytest.fixture(params=["sqlite", "fake"])
def any_store(
    request: pytest.FixtureRequest, folder: Path, utc: Callable[[], datetime]
) -> Iterator[Store]:
    if request.param == "fake":
        yield FakeStore()
        return
    with open_history(folder, utc=utc) as store:
        yield store


@pytest.fixture
def any_recorder(
    any_store: Store, utc: Callable[[], datetime], clock: FakeClock
) -> Iterator[SessionRecorder]:
    with SessionRecorder(any_store, utc=utc, clock=clock) as recorder:
        yield recorder


def saved(store: Store, session_id: int) -> Session:
    with store.reading() as unit:
        session = unit.history.get(session_id)
    assert session is not None
    return session


def saved_work(store: Store, session_id: int) -> list[WorkPhase]:
    with store.reading() as unit:
        return unit.history.work(session_id)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def summary(work: list[WorkPhase]) -> list[tuple[object, ...]]:
    return [(w.exercise, w.side, w.set_number, w.unit, w.target, w.done, w.outcome) for w in work]


FULL = [
    ("Clamshell", Side.LEFT, 1, Unit.REPS, 3, 3, WorkOutcome.COMPLETED),
    ("Clamshell", Side.RIGHT, 1, Unit.REPS, 3, 3, WorkOutcome.COMPLETED),
    ("Clamshell", Side.LEFT, 2, Unit.REPS, 3, 3, WorkOutcome.COMPLETED),
    ("Clamshell", Side.RIGHT, 2, Unit.REPS, 3, 3, WorkOutcome.COMPLETED),
    ("Pigeon pose", None, 1, Unit.SECONDS, 10, 10, WorkOutcome.COMPLETED),
    ("Low lunge", None, 1, Unit.BREATHS, 2, 2, WorkOutcome.COMPLETED),
]


def test_begin_writes_the_session_as_in_progress_at_once_and_holds_its_lock(
    any_store: Store, any_recorder: SessionRecorder, routine: Routine, plan: Plan
) -> None:
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)

    session = saved(any_store, session_id)
    assert session.status is Status.IN_PROGRESS
    assert (session.routine_id, session.routine_name) == ("test-hips", "Test hips")
    assert session.started_at == T0 and session.ended_at is None
    assert (session.work_done, session.work_total) == (0, 6)
    with any_store.reading() as unit:
        assert unit.history.routine_text(session_id) == ROUTINE_TEXT
    assert any_store.locks.try_hold(session_id) is None, "a live session's lock is taken"


def test_without_text_the_routine_file_as_it_is_now_is_kept(
    any_store: Store, any_recorder: SessionRecorder, routine: Routine, plan: Plan
) -> None:
    Path(routine.source_path).write_text(ROUTINE_TEXT + "# edited\n", encoding="utf-8")
    session_id = any_recorder.begin(routine, plan)
    with any_store.reading() as unit:
        assert unit.history.routine_text(session_id) == ROUTINE_TEXT + "# edited\n"


def test_a_whole_session_is_completed_the_moment_the_timeline_ends(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    drive(engine_for(plan), clock, any_recorder.record)

    # Before close(): completion does not wait for the check-in or the end of the process.
    session = saved(any_store, session_id)
    assert session.status is Status.COMPLETED
    assert session.active_seconds == plan.total_seconds == 55
    assert session.ended_at == at(55)
    assert (session.work_done, session.work_total, session.paused_seconds) == (6, 6, 0.0)
    work = saved_work(any_store, session_id)
    assert summary(work) == FULL
    assert [(w.started_at, w.ended_at, w.seconds) for w in work] == [
        (at(2), at(8), 6.0),
        (at(9), at(15), 6.0),
        (at(18), at(24), 6.0),
        (at(25), at(31), 6.0),
        (at(35), at(45), 10.0),
        (at(49), at(55), 6.0),
    ]
    assert [w.phase_index for w in work] == [i for i, p in enumerate(plan.phases) if p.is_work]


def test_each_work_phase_is_on_disk_the_moment_it_ends(
    store: HistoryStore,
    recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    session_id = recorder.begin(routine, plan, ROUTINE_TEXT)
    ended: list[PhaseEnded] = []
    checked = 0

    def look(batch: list[Event]) -> None:
        nonlocal checked
        ended.extend(e for e in batch if isinstance(e, PhaseEnded))
        if not any(isinstance(e, PhaseEnded) for e in batch):
            return
        # Read by another connection, as a process reading after a crash would.
        rows = raw_rows(store.path, "SELECT count(*) AS n FROM work_phases")
        session = raw_rows(store.path, "SELECT * FROM sessions WHERE id = ?", session_id)[0]
        assert rows[0]["n"] == sum(1 for e in ended if e.phase.is_work)
        assert session["active_seconds"] == ended[-1].at
        checked += 1

    drive(engine_for(plan), clock, recorder.record, after_each=look)
    assert checked == len(plan.phases)


def test_paused_time_is_kept_apart_from_active_time_in_session_seconds(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    engine = engine_for(plan, speed=2.0)
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT, speed=2.0)
    drive(engine, clock, any_recorder.record, until=CLOCK_START + 10)  # active 20
    for event in engine.pause(clock.now()):
        any_recorder.record(event)
    clock.advance(30)  # wall seconds: 60 session seconds at speed 2
    for event in engine.resume(clock.now()):
        any_recorder.record(event)
    assert saved(any_store, session_id).paused_seconds == 60.0
    drive(engine, clock, any_recorder.record)

    session = saved(any_store, session_id)
    assert session.status is Status.COMPLETED
    assert (session.active_seconds, session.paused_seconds) == (55.0, 60.0)
    assert session.ended_at == at(55 / 2 + 30)


def test_a_stop_during_a_hold_keeps_what_was_held_and_ends_stopped(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    engine = engine_for(plan)
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    drive(engine, clock, any_recorder.record, until=CLOCK_START + 42)  # Pigeon 35-45
    for event in engine.stop(clock.now()):
        any_recorder.record(event)

    session = saved(any_store, session_id)
    assert session.status is Status.STOPPED
    assert (session.active_seconds, session.work_done, session.ended_at) == (42.0, 4, at(42))
    work = saved_work(any_store, session_id)
    assert summary(work) == [
        *FULL[:4],
        ("Pigeon pose", None, 1, Unit.SECONDS, 10, 7, WorkOutcome.STOPPED),
    ]
    assert work[-1].seconds == 7.0


def test_done_early_counts_and_a_skip_does_not(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    engine = engine_for(plan)
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    drive(engine, clock, any_recorder.record, until=CLOCK_START + 5)  # 3 s into left: 1 rep
    for event in engine.done(clock.now()):
        any_recorder.record(event)
    drive(engine, clock, any_recorder.record, until=CLOCK_START + 10)  # switch 5-6, right 6-12
    for event in engine.skip(clock.now()):
        any_recorder.record(event)
    drive(engine, clock, any_recorder.record)

    session = saved(any_store, session_id)
    assert session.status is Status.COMPLETED
    assert (session.work_done, session.work_total) == (5, 6)
    assert summary(saved_work(any_store, session_id))[:3] == [
        ("Clamshell", Side.LEFT, 1, Unit.REPS, 3, 1, WorkOutcome.DONE),
        ("Clamshell", Side.RIGHT, 1, Unit.REPS, 3, 2, WorkOutcome.SKIPPED),
        ("Clamshell", Side.LEFT, 2, Unit.REPS, 3, 3, WorkOutcome.COMPLETED),
    ]


def test_a_phase_started_again_with_back_is_kept_once(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    engine = engine_for(plan)
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    drive(engine, clock, any_recorder.record, until=CLOCK_START + 5)
    for event in engine.back(clock.now()):
        any_recorder.record(event)
    events = drive(engine, clock, any_recorder.record)

    assert any(isinstance(e, PhaseEnded) for e in events)
    session = saved(any_store, session_id)
    assert (session.status, session.active_seconds) == (Status.COMPLETED, 58.0)
    assert summary(saved_work(any_store, session_id)) == FULL


def test_work_run_again_after_a_double_back_is_one_row_with_its_last_ending(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    engine = engine_for(plan)
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    # Into the switch after the left clamshells (done at 8 s), then back twice: the left again.
    drive(engine, clock, any_recorder.record, until=CLOCK_START + 8.5)
    for event in [*engine.back(clock.now()), *engine.back(clock.now() + 0.5)]:
        any_recorder.record(event)
    drive(engine, clock, any_recorder.record)

    rows = saved_work(any_store, session_id)
    assert summary(rows) == FULL
    assert len([r for r in rows if (r.exercise, r.side, r.set_number) == FULL[0][:3]]) == 1
    session = saved(any_store, session_id)
    assert (session.status, session.work_done) == (Status.COMPLETED, session.work_total)


def test_close_before_the_end_ends_it_interrupted_and_frees_the_lock(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    drive(engine_for(plan), clock, any_recorder.record, until=CLOCK_START + 20)
    any_recorder.close()

    session = saved(any_store, session_id)
    assert (session.status, session.ended_at, session.work_done) == (
        Status.INTERRUPTED,
        at(20),
        2,
    )
    assert len(saved_work(any_store, session_id)) == 2
    lock = any_store.locks.try_hold(session_id)
    assert lock is not None
    lock.release()


def test_close_after_the_end_changes_nothing_and_removes_the_lock_file(
    store: HistoryStore, recorder: SessionRecorder, routine: Routine, plan: Plan, clock: FakeClock
) -> None:
    session_id = recorder.begin(routine, plan, ROUTINE_TEXT)
    lock_file = store.data_dir / f"session-{session_id}.lock"
    assert lock_file.exists()
    drive(engine_for(plan), clock, recorder.record)
    clock.advance(100)
    recorder.close()
    assert saved(store, session_id).ended_at == at(55)
    assert not lock_file.exists()


def test_check_in_adds_pain_effort_and_a_note_and_refuses_nonsense(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    drive(engine_for(plan), clock, any_recorder.record)
    any_recorder.checkin(session_id, pain_before=3, pain_after=2, effort=6, notes="Left tight")
    any_recorder.checkin(session_id, notes="Left tight, better after pigeon")

    session = saved(any_store, session_id)
    assert (session.pain_before, session.pain_after, session.effort) == (3, 2, 6)
    assert session.notes == "Left tight, better after pigeon"
    for bad in ({"pain_after": 11}, {"pain_before": -1}, {"effort": 0}, {"effort": True}):
        with pytest.raises(ValueError, match="must be a whole number"):
            any_recorder.checkin(session_id, **bad)
    assert saved(any_store, session_id) == session
    with pytest.raises(KeyError):
        any_recorder.checkin(999, pain_after=1)


def test_one_session_at_a_time_and_a_new_one_after_close(
    any_recorder: SessionRecorder, routine: Routine, plan: Plan
) -> None:
    first = any_recorder.begin(routine, plan, ROUTINE_TEXT)
    with pytest.raises(RuntimeError, match="still being recorded"):
        any_recorder.begin(routine, plan, ROUTINE_TEXT)
    any_recorder.close()
    assert any_recorder.begin(routine, plan, ROUTINE_TEXT) == first + 1


def test_events_outside_a_session_are_ignored(
    any_store: Store,
    any_recorder: SessionRecorder,
    plan: Plan,
) -> None:
    any_recorder.record(PhaseEnded(1.0, 1, plan.phases[1], Outcome.COMPLETED, 6.0, 3, 3))
    with any_store.reading() as unit:
        assert unit.history.sessions() == []


def test_a_session_whose_lock_cannot_be_taken_is_never_written(
    routine: Routine, plan: Plan
) -> None:
    store = FakeStore()
    store.locks.held.add(1)  # as if another process were recording session 1
    recorder = SessionRecorder(store)
    with pytest.raises(HistoryError, match="cannot lock"):
        recorder.begin(routine, plan, ROUTINE_TEXT)
    assert store.committed().sessions() == []
    assert store.locks.held == {1}


def test_a_hurt_mark_covers_its_side_done_so_far_and_still_to_come_and_dosing_is_kept(
    any_store: Store,
    any_recorder: SessionRecorder,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
) -> None:
    session_id = any_recorder.begin(routine, plan, ROUTINE_TEXT, dosing=Dosing.LOWER)
    marked = False

    def record(event: Event) -> None:
        nonlocal marked
        any_recorder.record(event)
        if isinstance(event, PhaseEnded) and event.phase.is_work and not marked:
            marked = True  # "this hurts" just after the first left set
            any_recorder.mark_hurt("clamshell", Side.LEFT)

    drive(engine_for(plan), clock, record)
    assert saved(any_store, session_id).dosing is Dosing.LOWER
    hurt = [
        (w.exercise_id, w.side, w.set_number) for w in saved_work(any_store, session_id) if w.pain
    ]
    assert hurt == [("clamshell", Side.LEFT, 1), ("clamshell", Side.LEFT, 2)]
