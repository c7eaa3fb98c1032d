"""The history as the window's session log (``hipcoach.application.backend.SessionLog``).

One ``SessionRecorder`` per session the window starts. A session must never stop because
its history cannot be saved (a full disk, a database locked by a backup tool): such a
failure is reported once through ``on_problem`` and the session goes on, unrecorded from
then on. Nothing here imports Qt or the backend: the check-in is read by its fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime

from hipcoach.adapters.history.recorder import SessionRecorder
from hipcoach.adapters.history.repository import HistoryError, Store
from hipcoach.core.engine import Clock, Event, Finished, MonotonicClock, Stopped
from hipcoach.core.model import Routine, Side
from hipcoach.core.plan import Plan
from hipcoach.core.records import CheckIn, Dosing, LastDone, utc_now


class HistoryLog:
    """Records every session the window runs; ``close`` when the app quits."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        utc: Callable[[], datetime] = utc_now,
        speed: float = 1.0,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.clock: Clock = clock or MonotonicClock()
        self.utc = utc
        self.speed = speed
        self.on_problem = on_problem
        self.problem: str | None = None  # the first failure, if any
        self._recorders: dict[int, SessionRecorder] = {}

    def _failed(self, error: HistoryError) -> None:
        if self.problem is None:
            self.problem = str(error)
            if self.on_problem is not None:
                self.on_problem(self.problem)

    def begin(self, routine: Routine, plan: Plan, dosing: Dosing = Dosing.COACHED) -> int | None:
        """Record the session as in progress; None when history cannot take it."""
        recorder = SessionRecorder(self.store, utc=self.utc, clock=self.clock)
        try:
            session_id = recorder.begin(routine, plan, speed=self.speed, dosing=dosing)
        except HistoryError as error:
            self._failed(error)
            return None
        self._recorders[session_id] = recorder
        return session_id

    def record(self, session_id: int | None, event: Event) -> None:
        recorder = None if session_id is None else self._recorders.get(session_id)
        if recorder is None:
            return
        try:
            recorder.record(event)
        except HistoryError as error:
            self._failed(error)
            self._drop(session_id)
            return
        if isinstance(event, (Finished, Stopped)):
            self._drop(session_id)

    def end(self, session_id: int | None) -> None:
        """The session is over (or abandoned): free its lock; one not ended yet is kept as
        interrupted."""
        self._drop(session_id)

    def check_in(self, session_id: int, check_in: CheckIn) -> None:
        """Add to the session's check-in, every field of it (the red-flag answers, the next
        morning's pain, hurt marks): a blank note leaves the note as it was."""
        notes = (check_in.notes or "").strip() or None
        try:
            with self.store.unit_of_work() as unit:
                unit.history.check_in(session_id, dataclasses.replace(check_in, notes=notes))
                unit.commit()
        except HistoryError as error:
            self._failed(error)

    def mark_hurt(self, session_id: int | None, exercise_id: str, side: Side | None) -> None:
        """ "This hurts" during the session: its rows of that exercise-side, done and to come."""
        recorder = None if session_id is None else self._recorders.get(session_id)
        if recorder is None:
            return
        try:
            recorder.mark_hurt(exercise_id, side)
        except HistoryError as error:
            self._failed(error)

    def last_done(self) -> dict[str, LastDone]:
        try:
            with self.store.reading() as unit:
                return unit.history.last_done()
        except HistoryError as error:
            self._failed(error)
            return {}

    def times_met(self, routine_id: str) -> dict[str, int]:
        try:
            with self.store.reading() as unit:
                return unit.history.times_met(routine_id)
        except HistoryError as error:
            self._failed(error)
            return {}

    def close(self) -> None:
        for session_id in list(self._recorders):
            self._drop(session_id)

    def _drop(self, session_id: int | None) -> None:
        recorder = None if session_id is None else self._recorders.pop(session_id, None)
        if recorder is None:
            return
        try:
            recorder.close()
        except HistoryError as error:
            self._failed(error)
