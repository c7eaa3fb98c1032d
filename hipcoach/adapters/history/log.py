"""The history as the sessions' log (``hipcoach.application.session.SessionLog``).

One ``SessionRecorder`` per session. Every event is stamped the moment it happens and handed
to the history writer (``writer``), whose thread writes it, so recording never holds up the
clock, the cues or the window, even while another program holds the database locked. A
session must never stop because its history cannot be saved (a full disk, a lock that
outlasts the session): such a failure is reported once through ``on_problem`` (from the
writer's thread: a window relays it to its own) and the session goes on, unrecorded from
then on. Nothing here imports Qt or the backend: the check-in is read by its fields.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from hipcoach.adapters import log_file
from hipcoach.adapters.history.errors import HistoryBusyError, HistoryError
from hipcoach.adapters.history.writer import DRAIN_TIMEOUT, HistoryWriter, Write
from hipcoach.core.engine import Clock, Event, Finished, MonotonicClock, Stopped
from hipcoach.core.model import Routine, Side
from hipcoach.core.plan import Plan
from hipcoach.core.records import CheckIn, Dosing, LastDone, utc_now

if TYPE_CHECKING:
    # The recorder writes through SQLAlchemy: loaded on the writer's thread, with its first
    # write, so that nothing before a session's first phase waits for it.
    from hipcoach.adapters.history.recorder import SessionRecorder
    from hipcoach.adapters.history.repository import Store


@dataclass(frozen=True, slots=True)
class _Stamp:
    utc: datetime
    now: float  # monotonic, as the engine's clock


class _Replay:
    """The recorder's clocks while the writer writes an event: the instant it happened."""

    def __init__(self, stamp: _Stamp) -> None:
        self.stamp = stamp

    def utc(self) -> datetime:
        return self.stamp.utc

    def now(self) -> float:
        return self.stamp.now


class _Recording:
    """One session on its way to the database (its fields are the writer thread's)."""

    def __init__(self, stamp: _Stamp) -> None:
        self.clock = _Replay(stamp)
        self.recorder: SessionRecorder | None = None
        self.session_id: int | None = None  # its id in the database, once written
        self.failed = False


class HistoryLog:
    """Records every session; ``begin`` returns the handle its later calls name.

    ``close`` when the app quits: it writes what is still queued (waiting, at most
    ``DRAIN_TIMEOUT``, for a lock to free) and tells ``on_wait`` if a lock holds it up.
    """

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        utc: Callable[[], datetime] = utc_now,
        speed: float = 1.0,
        on_problem: Callable[[str], None] | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.clock: Clock = clock or MonotonicClock()
        self.utc = utc
        self.speed = speed
        self.on_problem = on_problem
        self.on_wait = on_wait
        self.problem: str | None = None  # the first failure, if any
        self.writer = HistoryWriter(store, on_failure=self._write_failed)
        self._handles = itertools.count(1)
        self._running: dict[int, _Recording] = {}
        self._begun: dict[int, _Recording] = {}  # every session, for its check-in
        self._reporting = threading.Lock()

    # -- what the sessions say (on the caller's thread: never waits) -------------------------

    def begin(self, routine: Routine, plan: Plan, dosing: Dosing = Dosing.COACHED) -> int:
        """Record the session as in progress, as soon as the database lets us, with how it
        is dosed (docs/coaching.md)."""
        handle = next(self._handles)
        recording = _Recording(self._stamp())
        self._running[handle] = recording
        self._begun[handle] = recording

        def write(store: Store) -> None:
            from hipcoach.adapters.history.recorder import SessionRecorder

            recorder = SessionRecorder(store, utc=recording.clock.utc, clock=recording.clock)
            recording.session_id = recorder.begin(routine, plan, speed=self.speed, dosing=dosing)
            recording.recorder = recorder

        self._put(recording, write)
        return handle

    def record(self, session_id: int | None, event: Event) -> None:
        recording = None if session_id is None else self._running.get(session_id)
        if recording is None:
            return

        def write(_store: Store) -> None:
            if recording.recorder is not None:
                recording.recorder.record(event)

        self._put(recording, write)
        if isinstance(event, (Finished, Stopped)):
            self._drop(session_id)

    def end(self, session_id: int | None) -> None:
        """The session is over (or abandoned): free its lock; one not ended yet is kept as
        interrupted."""
        self._drop(session_id)

    def check_in(self, session_id: int, check_in: CheckIn) -> None:
        recording = self._begun.get(session_id)
        if recording is None:
            return
        # Every field of it (the red-flag answers, the next morning's pain, hurt marks); a
        # blank note leaves the note as it was.
        checked = dataclasses.replace(check_in, notes=(check_in.notes or "").strip() or None)

        def write(store: Store) -> None:

            if recording.session_id is not None:
                with store.unit_of_work() as unit:
                    unit.history.check_in(recording.session_id, checked)
                    unit.commit()

        self.writer.put(self._reported(write))

    def warm_up(self) -> None:
        """Load what writing needs (SQLAlchemy, the engine, a connection) on the writer's
        thread now, while the caller waits for something else: ``hipcoach run`` for its
        player, whose output takes a second or more to start playing."""

        def load(store: Store) -> None:
            with store.unit_of_work():
                pass

        self.writer.put(self._reported(load))

    def mark_hurt(self, session_id: int | None, exercise_id: str, side: Side | None) -> None:
        """ "This hurts" during the session: its rows of that exercise-side, done and to come."""
        recording = None if session_id is None else self._running.get(session_id)
        if recording is None:
            return

        def write(_store: Store) -> None:
            if recording.recorder is not None:
                recording.recorder.mark_hurt(exercise_id, side)

        self._put(recording, write)

    def last_done(self) -> dict[str, LastDone]:
        try:
            return self.store.last_done()
        except HistoryError as error:
            self._failed(str(error))
            return {}

    def times_met(self, routine_id: str) -> dict[str, int]:
        try:
            return self.store.times_met(routine_id)
        except HistoryError as error:
            self._failed(str(error))
            return {}

    def report(self, message: str) -> None:
        """Say a problem of the history (found elsewhere, by its weekly check) the way this
        log says its own: once."""
        self._failed(message)

    def stored_id(self, session_id: int) -> int | None:
        """The session's id in the database, once its start is written."""
        recording = self._begun.get(session_id)
        return None if recording is None else recording.session_id

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything said so far is written; False on timeout (tests, exit)."""
        return self.writer.flush(timeout)

    def close(self, timeout: float = DRAIN_TIMEOUT) -> None:
        for session_id in list(self._running):
            self._drop(session_id)
        on_wait = self.on_wait

        def blocked() -> None:
            if on_wait is not None:
                on_wait(
                    "saving the session to history: the database is locked by another "
                    f"program; waiting for it (at most {round(timeout)} s)"
                )

        self.writer.close(timeout, on_blocked=blocked)

    # -- inside -----------------------------------------------------------------------------

    def _stamp(self) -> _Stamp:
        return _Stamp(self.utc(), self.clock.now())

    def _put(self, recording: _Recording, write: Write) -> None:
        """Queue a write of this session, replayed at the instant it was asked for."""
        stamp = self._stamp()

        def job(store: Store) -> None:
            if recording.failed:
                return
            recording.clock.stamp = stamp
            try:
                write(store)
            except HistoryBusyError:
                raise  # the writer tries it again
            except HistoryError as error:
                recording.failed = True
                self._failed(str(error))
                self._give_up(recording)

        self.writer.put(job)

    def _reported(self, write: Write) -> Write:
        def job(store: Store) -> None:
            try:
                write(store)
            except HistoryBusyError:
                raise
            except HistoryError as error:
                self._failed(str(error))

        return job

    def _drop(self, session_id: int | None) -> None:
        recording = None if session_id is None else self._running.pop(session_id, None)
        if recording is None:
            return

        def write(_store: Store) -> None:
            if recording.recorder is not None:
                recording.recorder.close()

        self._put(recording, write)

    def _give_up(self, recording: _Recording) -> None:
        """A write of this session failed for good: let go of its lock (its record ends as
        interrupted if the database still takes that)."""
        if recording.recorder is None:
            return
        with contextlib.suppress(HistoryError):  # already said
            recording.recorder.close()

    def _write_failed(self, error: Exception) -> None:
        self._failed(
            str(error) if isinstance(error, HistoryError) else log_file.error_line(error, None)
        )

    def _failed(self, message: str) -> None:
        with self._reporting:
            if self.problem is not None:
                return
            self.problem = message
        if self.on_problem is not None:
            self.on_problem(message)
