"""The history as the window's session log: recorded as it runs, and never in the way."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from hipcoach.adapters.history.log import HistoryLog
from hipcoach.adapters.history.repository import HistoryError
from hipcoach.adapters.history.store import HistoryStore, open_history
from hipcoach.core.engine import Event
from hipcoach.core.model import Routine
from hipcoach.core.plan import Plan
from hipcoach.core.records import CheckIn, LastDone, Status
from tests.fakes.clock import FakeClock, drive
from tests.fakes.history import FakeStore, FakeUnitOfWork

from .conftest import T0, engine_for, raw_rows


def test_a_window_session_is_recorded_and_its_lock_freed_at_the_end(
    store: HistoryStore,
    routine: Routine,
    plan: Plan,
    clock: FakeClock,
    utc: Callable[[], datetime],
) -> None:
    log = HistoryLog(store, clock=clock, utc=utc)
    handle = log.begin(routine, plan)
    assert log.flush(10)
    session_id = log.stored_id(handle)
    assert session_id is not None
    assert store.locks.try_hold(session_id) is None
    drive(engine_for(plan), clock, lambda event: log.record(handle, event))
    assert log.flush(10)
    lock = store.locks.try_hold(session_id)
    assert lock is not None, "the lock is let go as the session completes"
    lock.release()
    log.end(handle)

    log.check_in(handle, CheckIn(pain_before=4, pain_after=2, effort=5, notes=" "))
    log.check_in(handle, CheckIn(next_day=3, answers=("swelling",)))
    assert log.flush(10)
    with store.reading() as unit:
        session = unit.history.get(session_id)
    assert session is not None and session.status is Status.COMPLETED
    assert (session.pain_before, session.pain_after, session.effort) == (4, 2, 5)
    assert (session.next_day, session.answers) == (3, ("swelling",)), "the whole check-in"
    assert session.notes is None, "an empty note is no note"
    # Stamped when it happened, though written later, on the writer's thread.
    assert log.last_done() == {"test-hips": LastDone(T0 + timedelta(seconds=55))}
    assert log.problem is None
    log.close()


def test_a_session_abandoned_by_the_window_ends_interrupted(
    store: HistoryStore, routine: Routine, plan: Plan, clock: FakeClock
) -> None:
    log = HistoryLog(store, clock=clock)
    handle = log.begin(routine, plan)
    drive(engine_for(plan), clock, lambda event: log.record(handle, event), until=1010)
    log.close()
    with store.reading() as unit:
        session = unit.history.get(log.stored_id(handle) or 0)
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
    handle = log.begin(routine, plan)
    engine = engine_for(plan)
    drive(engine, clock, lambda event: log.record(handle, event))
    assert engine.state.value == "finished"
    assert log.flush(10)
    assert problems == ["cannot save to the history database: disk is full"]
    session_id = log.stored_id(handle)
    assert session_id is not None
    saved = store.committed().get(session_id)
    assert saved is not None and saved.status is Status.IN_PROGRESS
    assert len(store.committed().work(session_id)) == 1, "kept up to the failure"
    assert not store.locks.held, "the failed session let go of its lock"

    again = log.begin(routine, plan)
    log.close()
    assert log.stored_id(again) is None
    assert problems == ["cannot save to the history database: disk is full"]


LOCKER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


def hold_locked(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program (sqlite3 in another process) holds the database's lock a while."""
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
    return locker


def test_a_database_locked_by_another_program_delays_the_records_never_the_session(
    folder: Path, routine: Routine, plan: Plan, clock: FakeClock, utc: Callable[[], datetime]
) -> None:
    problems: list[str] = []
    # A short busy timeout: the lock outlasts it several times, and no record is dropped.
    with open_history(folder, utc=utc, busy_timeout=0.3) as store:
        log = HistoryLog(store, clock=clock, utc=utc, on_problem=problems.append)
        handle = log.begin(routine, plan)
        assert log.flush(10)
        locker = hold_locked(store.path, 2.0)
        slowest = 0.0

        def record(event: Event) -> None:
            nonlocal slowest
            began = time.perf_counter()
            log.record(handle, event)
            slowest = max(slowest, time.perf_counter() - began)

        drive(engine_for(plan), clock, record)
        assert slowest < 0.05, "recording never waits for the database"
        session_id = log.stored_id(handle)
        assert session_id is not None
        assert raw_rows(store.path, "SELECT * FROM work_phases") == [], "still locked"
        locker.communicate(timeout=30)
        assert locker.returncode == 0
        assert log.flush(30)
        rows = raw_rows(
            store.path,
            "SELECT exercise, side, set_number, outcome FROM work_phases "
            "WHERE session_id = ? ORDER BY position",
            session_id,
        )
        assert [tuple(r.values()) for r in rows] == [
            ("Clamshell", "left", 1, "completed"),
            ("Clamshell", "right", 1, "completed"),
            ("Clamshell", "left", 2, "completed"),
            ("Clamshell", "right", 2, "completed"),
            ("Pigeon pose", None, 1, "completed"),
            ("Low lunge", None, 1, "completed"),
        ]
        (session,) = raw_rows(store.path, "SELECT * FROM sessions WHERE id = ?", session_id)
        assert session["status"] == "completed" and session["work_done"] == 6
        assert problems == []
        log.close()


def test_at_exit_a_lock_that_never_frees_costs_the_last_records_not_the_exit(
    folder: Path, routine: Routine, plan: Plan, clock: FakeClock, utc: Callable[[], datetime]
) -> None:
    problems: list[str] = []
    waits: list[str] = []
    with open_history(folder, utc=utc, busy_timeout=0.2) as store:
        log = HistoryLog(
            store, clock=clock, utc=utc, on_problem=problems.append, on_wait=waits.append
        )
        handle = log.begin(routine, plan)
        assert log.flush(10)
        locker = hold_locked(store.path, 6.0)
        try:
            drive(engine_for(plan), clock, lambda event: log.record(handle, event), until=1020)
            began = time.monotonic()
            log.close(timeout=1.0)
            assert time.monotonic() - began < 3.0
        finally:
            locker.communicate(timeout=30)
    assert len(waits) == 1 and "locked by another program" in waits[0]
    assert len(problems) == 1 and "is locked by another program" in problems[0]
    assert log.writer.dropped > 0
