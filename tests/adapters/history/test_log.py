"""The history as the window's session log: recorded as it runs, and never in the way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from hipcoach.adapters.history.log import HistoryLog
from hipcoach.adapters.history.repository import HistoryError
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.core.model import Routine
from hipcoach.core.plan import Plan
from hipcoach.core.records import CheckIn, LastDone, Status
from tests.fakes.clock import FakeClock, drive
from tests.fakes.history import FakeStore, FakeUnitOfWork

from .conftest import T0, engine_for


def test_a_window_session_is_recorded_and_its_lock_freed_at_the_end(
    store: HistoryStore,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
    utc: Callable[[], datetime],
) -> None:
    log = HistoryLog(store, clock=clock, utc=utc)
    session_id = log.begin(routine, plan)
    assert session_id is not None
    assert store.locks.try_hold(session_id) is None
    drive(engine_for(plan), clock, lambda event: log.record(session_id, event))
    lock = store.locks.try_hold(session_id)
    assert lock is not None, "the lock is let go as the session completes"
    lock.release()
    log.end(session_id)

    log.check_in(session_id, CheckIn(pain_before=4, pain_after=2, effort=5, notes=" "))
    log.check_in(session_id, CheckIn(next_day=3, answers=("swelling",)))
    with store.reading() as unit:
        session = unit.history.get(session_id)
    assert session is not None and session.status is Status.COMPLETED
    assert (session.pain_before, session.pain_after, session.effort) == (4, 2, 5)
    assert (session.next_day, session.answers) == (3, ("swelling",)), "the whole check-in"
    assert session.notes is None, "an empty note is no note"
    assert log.last_done() == {"test-hips": LastDone(T0 + timedelta(seconds=55))}
    assert log.problem is None


def test_a_session_abandoned_by_the_window_ends_interrupted(
    store: HistoryStore, routine: Routine, plan: Plan, clock: FakeClock
) -> None:
    log = HistoryLog(store, clock=clock)
    session_id = log.begin(routine, plan)
    drive(engine_for(plan), clock, lambda event: log.record(session_id, event), until=1010)
    log.close()
    with store.reading() as unit:
        session = unit.history.get(session_id or 0)
    assert session is not None and session.status is Status.INTERRUPTED


class FullDisk(FakeStore):
    """Saves ``allowed`` commits, then every commit fails as on a full disk."""

    def __init__(self, allowed: int) -> None:
        super().__init__()
        self.allowed = allowed

    def unit_of_work(self) -> FakeUnitOfWork:
        unit = super().unit_of_work()
        if self.commits >= self.allowed:

            def fail() -> None:
                raise HistoryError("cannot save to the history database: disk is full")

            unit.commit = fail  # type: ignore[method-assign]
        return unit


def test_a_history_that_cannot_save_never_stops_the_session_and_says_so_once(
    routine: Routine, plan: Plan, clock: FakeClock
) -> None:
    problems: list[str] = []
    store = FullDisk(allowed=3)
    log = HistoryLog(store, clock=clock, on_problem=problems.append)
    session_id = log.begin(routine, plan)
    assert session_id is not None
    engine = engine_for(plan)
    drive(engine, clock, lambda event: log.record(session_id, event))
    assert engine.state.value == "finished"
    assert problems == ["cannot save to the history database: disk is full"]
    saved = store.committed().get(session_id)
    assert saved is not None and saved.status is Status.IN_PROGRESS
    assert len(store.committed().work(session_id)) == 1, "kept up to the failure"

    assert log.begin(routine, plan) is None
    assert problems == ["cannot save to the history database: disk is full"]
