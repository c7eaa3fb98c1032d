"""Engine events in, history rows out, the moment they happen.

The session row is written as the session begins, under the session's lock; every work phase
is committed as it ends; the session is completed the instant the timeline ends, stopped on
a clean stop. A crash therefore loses at most the phase in progress, and the next process to
open history finds the session's lock free and marks it interrupted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Self

from hipcoach.adapters.history.locks import HeldLock, SessionLockedError
from hipcoach.adapters.history.repository import HistoryError, Store
from hipcoach.core.engine import (
    Clock,
    Event,
    Finished,
    MonotonicClock,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    Stopped,
)
from hipcoach.core.model import Routine, Side, Unit
from hipcoach.core.plan import Plan
from hipcoach.core.records import (
    CheckIn,
    Dosing,
    ExerciseSide,
    NewSession,
    Progress,
    Status,
    WorkPhase,
    utc_now,
)
from hipcoach.core.work import counts, kept_as


def _read_text(source: str) -> str:
    if not source:
        return ""
    try:
        return Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


class SessionRecorder:
    """Records one session at a time: ``begin``, ``record`` every engine event, ``close``.

    ``utc`` stamps rows; ``clock`` (monotonic, as the engine's) measures pauses. Both are
    injected so tests run a whole session in microseconds.
    """

    def __init__(
        self,
        store: Store,
        *,
        utc: Callable[[], datetime] = utc_now,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.utc = utc
        self.clock: Clock = clock or MonotonicClock()
        self.session_id: int | None = None
        self._lock: HeldLock | None = None
        self._ended = True
        self._speed = 1.0
        self._started: dict[int, datetime] = {}
        self._active = 0.0
        self._work_done = 0
        self._kept: dict[int, bool] = {}  # work phase index: whether its row counts
        self._paused = 0.0
        self._paused_since: float | None = None
        self._hurt: set[ExerciseSide] = set()

    # -- the session's life ------------------------------------------------------------------

    def begin(
        self,
        routine: Routine,
        plan: Plan,
        routine_text: str | None = None,
        *,
        speed: float = 1.0,
        dosing: Dosing = Dosing.COACHED,
    ) -> int:
        """Write the session as in progress, holding its lock; returns its id.

        ``routine_text`` is the routine file as run (read from ``routine.source_path`` when
        not given). ``speed`` is the engine's, so paused time is kept in session seconds.
        ``dosing`` says how its doses were chosen (docs/coaching.md).
        """
        if self._lock is not None:
            raise RuntimeError(f"session {self.session_id} is still being recorded")
        text = _read_text(routine.source_path) if routine_text is None else routine_text
        new = NewSession(
            routine_id=routine.id,
            routine_name=routine.name,
            routine_path=routine.source_path,
            routine_text=text,
            started_at=self.utc(),
            work_total=plan.work_total,
            dosing=dosing,
        )
        lock: HeldLock | None = None
        try:
            with self.store.unit_of_work() as unit:
                session_id = unit.history.add(new)
                # Locked before the row can be seen: nobody may take it for a dead session.
                lock = self.store.locks.hold(session_id)
                unit.commit()
        except BaseException as error:
            if lock is not None:
                lock.release()
            if isinstance(error, (OSError, SessionLockedError)):
                raise HistoryError(f"cannot lock the new session: {error}") from None
            raise
        self.session_id = session_id
        self._lock = lock
        self._ended = False
        self._speed = speed
        self._started = {}
        self._active = 0.0
        self._work_done = 0
        self._kept = {}
        self._paused = 0.0
        self._paused_since = None
        self._hurt = set()
        return session_id

    def record(self, event: Event) -> None:
        """Take one engine event; what must survive a crash is committed before returning.

        Raises ``HistoryError`` when the database cannot be written; the session can go on.
        """
        if self.session_id is None or self._ended:
            return
        if isinstance(event, PhaseStarted):
            self._started[event.index] = self.utc()
        elif isinstance(event, PhaseEnded):
            self._phase_ended(event)
        elif isinstance(event, Paused):
            self._active = event.at
            self._paused_since = self.clock.now()
            self._save()
        elif isinstance(event, Resumed):
            self._settle_pause()
            self._active = event.at
            self._save()
        elif isinstance(event, Finished):
            self._end(Status.COMPLETED, event.active_seconds, event.work_done)
        elif isinstance(event, Stopped):
            self._end(Status.STOPPED, event.active_seconds, event.work_done)

    def close(self) -> None:
        """Let go of the session's lock. A session not yet ended ends here as interrupted
        (its process is giving up on it); a finished one is left as it is."""
        try:
            if self.session_id is not None and not self._ended:
                self._end(Status.INTERRUPTED, self._active, self._work_done)
        finally:
            lock, self._lock = self._lock, None
            self._ended = True
            if lock is not None:
                lock.release()

    def mark_hurt(self, exercise_id: str, side: Side | None) -> None:
        """ "This hurts" (H in the player): this exercise-side's phases done so far, and the
        ones still to come in this session, are marked as hurting."""
        if self.session_id is None:
            return
        self._hurt.add((exercise_id, side))
        with self.store.unit_of_work() as unit:
            unit.history.mark_hurt(self.session_id, exercise_id, side)
            unit.commit()

    def checkin(
        self,
        session_id: int,
        pain_before: int | None = None,
        pain_after: int | None = None,
        effort: int | None = None,
        notes: str | None = None,
    ) -> None:
        """Add the after-session check-in: pain 0-10 before and after, effort 1-10, a note.

        None leaves a value as it was. Raises ValueError for a value out of range and
        KeyError for an unknown session.
        """
        check = CheckIn(pain_before, pain_after, effort, notes)
        with self.store.unit_of_work() as unit:
            unit.history.check_in(session_id, check)
            unit.commit()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- inside -----------------------------------------------------------------------------

    def _paused_now(self) -> float:
        if self._paused_since is None:
            return self._paused
        return self._paused + (self.clock.now() - self._paused_since) * self._speed

    def _settle_pause(self) -> None:
        self._paused = self._paused_now()
        self._paused_since = None

    def _progress(self) -> Progress:
        return Progress(self._active, self._paused_now(), self._work_done, self.utc())

    def _save(self) -> None:
        assert self.session_id is not None
        with self.store.unit_of_work() as unit:
            unit.history.save_progress(self.session_id, self._progress())
            unit.commit()

    def _phase_ended(self, event: PhaseEnded) -> None:
        assert self.session_id is not None
        self._active = event.at
        kept = kept_as(event.outcome)
        if not event.phase.is_work or kept is None:
            self._save()
            return
        ended = self.utc()
        started = self._started.get(event.index) or ended - timedelta(
            seconds=event.elapsed / self._speed
        )
        phase = event.phase
        work = WorkPhase(
            phase_index=event.index,
            exercise=phase.exercise.name,
            side=phase.side,
            set_number=phase.set,
            unit=phase.unit or Unit.SECONDS,
            target=event.target,
            done=event.done,
            outcome=kept,
            started_at=started,
            ended_at=ended,
            seconds=event.elapsed,
            exercise_id=phase.exercise.id,
            round=phase.round,
            circuit=phase.circuit,
            pain=True if (phase.exercise.id, phase.side) in self._hurt else None,
        )
        # A phase run again after Back is kept once, with its last counted ending: the
        # history agrees with the summary (hipcoach/core/work.py).
        earlier = self._kept.get(event.index)
        if earlier and not counts(kept):
            self._save()
            return
        before = self._work_done
        if counts(kept) and not earlier:
            self._work_done += 1
        try:
            with self.store.unit_of_work() as unit:
                if earlier is None:
                    unit.history.add_work(self.session_id, work)
                else:
                    unit.history.replace_work(self.session_id, work)
                unit.history.save_progress(self.session_id, self._progress())
                unit.commit()
        except BaseException:
            self._work_done = before
            raise
        self._kept[event.index] = counts(kept)

    def _end(self, status: Status, active: float, work_done: int) -> None:
        assert self.session_id is not None
        self._settle_pause()
        self._active = active
        self._work_done = work_done
        with self.store.unit_of_work() as unit:
            unit.history.end(self.session_id, status, self._progress())
            unit.commit()
        self._ended = True
