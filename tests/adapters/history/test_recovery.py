"""Dead sessions are found and marked interrupted; a live one, in another process, never is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.adapters.history.locks import SessionLocks
from hipcoach.adapters.history.recovery import mark_interrupted
from hipcoach.adapters.history.store import HistoryStore, open_history
from hipcoach.core.records import NewSession, Progress, Status
from tests.fakes.history import FakeStore

from .conftest import T0, raw_rows

REPO = Path(__file__).resolve().parents[3]


def status_of(folder: Path, session_id: int) -> tuple[str, int]:
    """(status, work phases kept), read without opening history (which would recover)."""
    path = folder / "history.sqlite3"
    status = raw_rows(path, "SELECT status FROM sessions WHERE id = ?", session_id)[0]["status"]
    phases = raw_rows(
        path, "SELECT count(*) AS n FROM work_phases WHERE session_id = ?", session_id
    )
    return str(status), int(str(phases[0]["n"]))


@pytest.fixture
def live(
    folder: Path, routine_file: Path
) -> Iterator[Callable[[int], tuple[int, subprocess.Popen[str]]]]:
    """Start sessions recorded by other processes; each is killed at the end if still alive."""
    children: list[subprocess.Popen[str]] = []

    def start(phases: int) -> tuple[int, subprocess.Popen[str]]:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.adapters.history.live_session",
                str(folder),
                str(routine_file),
                str(phases),
            ],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("live "), f"the child did not start: {line!r}"
        return int(line.split()[1]), child

    yield start
    for child in children:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


def test_a_live_session_in_another_process_is_never_touched_and_a_killed_one_is_found(
    folder: Path, live: Callable[[int], tuple[int, subprocess.Popen[str]]]
) -> None:
    session_id, child = live(3)
    assert status_of(folder, session_id) == ("in_progress", 3)

    # Opening history runs recovery; the child holds the lock, so it is left alone.
    with open_history(folder) as store, store.reading() as unit:
        session = unit.history.get(session_id)
    assert session is not None and session.status is Status.IN_PROGRESS
    assert status_of(folder, session_id) == ("in_progress", 3)

    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert status_of(folder, session_id) == ("in_progress", 3), "nobody has looked yet"

    with open_history(folder) as store, store.reading() as unit:
        session = unit.history.get(session_id)
        work = unit.history.work(session_id)
    assert session is not None and session.status is Status.INTERRUPTED
    assert session.ended_at == session.updated_at
    assert session.work_done == 3 and len(work) == 3
    assert raw_rows(folder / "history.sqlite3", "PRAGMA integrity_check") == [
        {"integrity_check": "ok"}
    ]
    assert not (folder / f"session-{session_id}.lock").exists()


def test_two_live_sessions_and_a_dead_one_only_the_dead_one_is_marked(
    folder: Path, live: Callable[[int], tuple[int, subprocess.Popen[str]]]
) -> None:
    first, _ = live(1)
    second, doomed = live(2)
    third, _ = live(1)
    doomed.kill()
    doomed.wait(timeout=30)
    with open_history(folder) as store:
        assert mark_interrupted(store) == []  # the open already did it
    assert [status_of(folder, n)[0] for n in (first, second, third)] == [
        "in_progress",
        "interrupted",
        "in_progress",
    ]


def test_a_child_that_lets_go_cleanly_ends_its_session_itself(
    folder: Path, live: Callable[[int], tuple[int, subprocess.Popen[str]]]
) -> None:
    session_id, child = live(2)
    assert child.stdin is not None
    child.stdin.close()  # the child's recorder.close() runs
    assert child.wait(timeout=30) == 0
    assert status_of(folder, session_id) == ("interrupted", 2)
    assert not (folder / f"session-{session_id}.lock").exists()


def add_in_progress(store: HistoryStore | FakeStore, saved_at: datetime) -> int:
    with store.unit_of_work() as unit:
        session_id = unit.history.add(NewSession("t", "T", "t.toml", "x", T0, 4))
        unit.history.save_progress(session_id, Progress(30.0, 0.0, 1, saved_at))
        unit.commit()
    return session_id


def test_a_session_with_a_free_lock_ends_when_it_was_last_saved(
    store: HistoryStore,
) -> None:
    saved_at = T0 + timedelta(seconds=30)
    session_id = add_in_progress(store, saved_at)
    stale = store.data_dir / f"session-{session_id}.lock"
    stale.touch()  # left behind by a process that died

    assert mark_interrupted(store) == [session_id]
    with store.reading() as unit:
        session = unit.history.get(session_id)
    assert session is not None
    assert (session.status, session.ended_at, session.active_seconds) == (
        Status.INTERRUPTED,
        saved_at,
        30.0,
    )
    assert not stale.exists()
    assert mark_interrupted(store) == []


def test_open_without_recovery_leaves_sessions_as_they_are(folder: Path) -> None:
    with open_history(folder) as store:
        session_id = add_in_progress(store, T0)
    with open_history(folder, recover=False):
        pass
    assert status_of(folder, session_id) == ("in_progress", 0)


def test_a_session_that_ends_between_the_look_and_the_lock_keeps_its_end(
    store: HistoryStore,
) -> None:
    session_id = add_in_progress(store, T0)
    with store.unit_of_work() as unit:
        unit.history.end(session_id, Status.COMPLETED, Progress(55.0, 0.0, 4, T0))
        unit.commit()
    with store.unit_of_work() as unit:
        assert unit.history.interrupt(session_id) is False
        unit.commit()
    with store.reading() as unit:
        session = unit.history.get(session_id)
    assert session is not None and session.status is Status.COMPLETED


def test_the_fake_store_follows_the_same_rule() -> None:
    store = FakeStore()
    alive = add_in_progress(store, T0)
    dead = add_in_progress(store, T0)
    store.locks.held.add(alive)
    assert mark_interrupted(store) == [dead]
    assert store.committed().in_progress() == [alive]


def test_the_lock_is_not_inherited_by_programs_the_session_starts(folder: Path) -> None:
    locks = SessionLocks(folder)
    lock = locks.hold(7)
    try:
        lock_fds = [
            int(link.name)
            for link in list(Path("/proc/self/fd").iterdir())
            if link.resolve() == (folder / "session-7.lock").resolve()
        ]
        assert lock_fds, "the lock file is open"
        assert not any(os.get_inheritable(fd) for fd in lock_fds)
        assert locks.try_hold(7) is None
    finally:
        lock.release()
    again = locks.try_hold(7)
    assert again is not None
    again.release()
