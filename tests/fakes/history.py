"""The history in memory: the same interface as the SQLite store, for tests of what uses it.

It keeps the same rules (ids never reused, newest first, only an in-progress session is
interrupted), and its transactions are real: nothing shows until ``commit``. A test of the
repository runs against both, so the fake cannot drift from the real thing.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Self

from hipcoach.adapters.history.locks import SessionLockedError
from hipcoach.adapters.history.repository import DuplicateRunError
from hipcoach.core.model import Side
from hipcoach.core.records import (
    Asked,
    CheckedSession,
    CheckIn,
    CoachHistory,
    ExerciseSide,
    LastDone,
    NewSession,
    Progress,
    Reset,
    Session,
    SideWork,
    Status,
    Unit,
    Week,
    WeekWork,
    WorkOutcome,
    WorkPhase,
    WorkTotal,
)
from hipcoach.core.runs import NewRun, Run
from hipcoach.core.work import COUNTED


@dataclasses.dataclass
class _Tables:
    sessions: dict[int, Session] = dataclasses.field(default_factory=dict)
    texts: dict[int, str] = dataclasses.field(default_factory=dict)
    work: dict[int, list[WorkPhase]] = dataclasses.field(default_factory=dict)
    resets: list[Reset] = dataclasses.field(default_factory=list)
    last_id: int = 0
    runs: dict[int, Run] = dataclasses.field(default_factory=dict)
    last_run_id: int = 0


class FakeHistoryRepository:
    def __init__(self, tables: _Tables | None = None) -> None:
        self.tables = tables or _Tables()

    def _get(self, session_id: int) -> Session:
        try:
            return self.tables.sessions[session_id]
        except KeyError:
            raise KeyError(f"no session {session_id} in history") from None

    def add(self, new: NewSession) -> int:
        self.tables.last_id += 1
        session_id = self.tables.last_id
        self.tables.sessions[session_id] = Session(
            id=session_id,
            routine_id=new.routine_id,
            routine_name=new.routine_name,
            routine_path=new.routine_path,
            started_at=new.started_at,
            ended_at=None,
            updated_at=new.started_at,
            status=Status.IN_PROGRESS,
            active_seconds=0.0,
            paused_seconds=0.0,
            work_done=0,
            work_total=new.work_total,
            dosing=new.dosing,
        )
        self.tables.texts[session_id] = new.routine_text
        self.tables.work[session_id] = []
        return session_id

    def get(self, session_id: int) -> Session | None:
        return self.tables.sessions.get(session_id)

    def sessions(
        self,
        since: datetime | None = None,
        limit: int | None = None,
        until: datetime | None = None,
    ) -> list[Session]:
        found = [
            s
            for s in self.tables.sessions.values()
            if (since is None or s.started_at >= since) and (until is None or s.started_at < until)
        ]
        found.sort(key=lambda s: (s.started_at, s.id), reverse=True)
        return found if limit is None else found[:limit]

    def in_progress(self) -> list[int]:
        return sorted(s.id for s in self.tables.sessions.values() if s.status is Status.IN_PROGRESS)

    def routine_text(self, session_id: int) -> str | None:
        return self.tables.texts.get(session_id)

    def add_work(self, session_id: int, work: WorkPhase) -> None:
        self._get(session_id)
        self.tables.work[session_id].append(work)

    def replace_work(self, session_id: int, work: WorkPhase) -> None:
        rows = self.tables.work[session_id]
        for number, row in enumerate(rows):
            if row.phase_index == work.phase_index:
                pain = row.pain if work.pain is None else work.pain
                rows[number] = dataclasses.replace(work, pain=pain)
                return
        rows.append(work)

    def delete(self, session_id: int) -> bool:
        if session_id not in self.tables.sessions:
            return False
        del self.tables.sessions[session_id]
        self.tables.texts.pop(session_id, None)
        self.tables.work.pop(session_id, None)
        return True

    def phases(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[tuple[Session, WorkPhase]]:
        return [
            (session, work)
            for session in self.sessions(since, until=until)
            for work in self.tables.work.get(session.id, [])
        ]

    def work(self, session_id: int) -> list[WorkPhase]:
        return list(self.tables.work.get(session_id, []))

    def save_progress(self, session_id: int, progress: Progress) -> None:
        self.tables.sessions[session_id] = dataclasses.replace(
            self._get(session_id),
            active_seconds=progress.active_seconds,
            paused_seconds=progress.paused_seconds,
            work_done=progress.work_done,
            updated_at=progress.saved_at,
        )

    def end(self, session_id: int, status: Status, progress: Progress) -> None:
        if status is Status.IN_PROGRESS:
            raise ValueError("a session ends as completed, stopped or interrupted")
        self.save_progress(session_id, progress)
        self.tables.sessions[session_id] = dataclasses.replace(
            self._get(session_id), status=status, ended_at=progress.saved_at
        )

    def interrupt(self, session_id: int) -> bool:
        session = self.tables.sessions.get(session_id)
        if session is None or session.status is not Status.IN_PROGRESS:
            return False
        self.tables.sessions[session_id] = dataclasses.replace(
            session, status=Status.INTERRUPTED, ended_at=session.updated_at
        )
        return True

    def check_in(self, session_id: int, check: CheckIn) -> None:
        session = self._get(session_id)
        changes = {
            name: value
            for name, value in dataclasses.asdict(check).items()
            if value is not None and name != "hurt"
        }
        self.tables.sessions[session_id] = dataclasses.replace(session, **changes)
        if check.hurt is not None:
            marks = set(check.hurt)
            self.tables.work[session_id] = [
                dataclasses.replace(w, pain=(w.exercise_id, w.side) in marks)
                for w in self.tables.work[session_id]
            ]

    def mark_hurt(self, session_id: int, exercise_id: str, side: Side | None) -> None:
        self._get(session_id)
        self.tables.work[session_id] = [
            dataclasses.replace(w, pain=True)
            if (w.exercise_id, w.side) == (exercise_id, side)
            else w
            for w in self.tables.work[session_id]
        ]

    def checked_sessions(self) -> list[CheckedSession]:
        found = sorted(self.tables.sessions.values(), key=lambda s: (s.started_at, s.id))
        return [
            CheckedSession(
                s.id,
                s.routine_id,
                s.started_at,
                s.status,
                s.pain_before,
                s.pain_after,
                s.next_day,
                s.answers,
                s.dosing,
            )
            for s in found
        ]

    def side_work(
        self, routine_ids: Collection[str] | None = None
    ) -> dict[int, Mapping[ExerciseSide, SideWork]]:
        out: dict[int, Mapping[ExerciseSide, SideWork]] = {}
        for session_id, phases in self.tables.work.items():
            if (
                routine_ids is not None
                and self.tables.sessions[session_id].routine_id not in routine_ids
            ):
                continue
            grouped: dict[ExerciseSide, list[WorkPhase]] = defaultdict(list)
            for work in phases:
                grouped[(work.exercise_id, work.side)].append(work)
            if not grouped:
                continue
            out[session_id] = {
                key: SideWork(
                    {w.phase_index for w in rows}
                    == {w.phase_index for w in rows if w.outcome in COUNTED and w.done >= w.target},
                    any(bool(w.pain) for w in rows),
                )
                for key, rows in grouped.items()
            }
        return out

    def last_asked(
        self, routine_ids: Collection[str] | None = None
    ) -> dict[str, dict[ExerciseSide, Asked]]:
        latest: dict[str, Session] = {}
        for s in self.tables.sessions.values():
            if s.status is not Status.COMPLETED:
                continue
            if routine_ids is not None and s.routine_id not in routine_ids:
                continue
            known = latest.get(s.routine_id)
            if known is None or (s.started_at, s.id) > (known.started_at, known.id):
                latest[s.routine_id] = s
        out: dict[str, dict[ExerciseSide, Asked]] = {}
        for routine_id, session in latest.items():
            grouped: dict[ExerciseSide, list[WorkPhase]] = defaultdict(list)
            for work in self.tables.work.get(session.id, []):
                grouped[(work.exercise_id, work.side)].append(work)
            if grouped:
                out[routine_id] = {
                    key: Asked(
                        max(w.set_number for w in rows),
                        max(w.target for w in rows),
                        max((w.round for w in rows if w.round is not None), default=None),
                    )
                    for key, rows in grouped.items()
                }
        return out

    def add_reset(self, reset: Reset) -> None:
        self.tables.resets.append(reset)

    def resets(self) -> list[Reset]:
        return sorted(self.tables.resets, key=lambda r: r.at)

    def last_done(self) -> dict[str, LastDone]:
        out: dict[str, LastDone] = {}
        for s in sorted(
            self.tables.sessions.values(), key=lambda s: (s.ended_at is None, s.ended_at)
        ):
            if s.ended_at is None:
                continue
            if s.status is Status.COMPLETED:
                out[s.routine_id] = LastDone(s.ended_at)
            elif s.status in (Status.STOPPED, Status.INTERRUPTED) and s.work_done > 0:
                out[s.routine_id] = LastDone(s.ended_at, s.active_seconds)
        return out

    def times_met(self, routine_id: str) -> dict[str, int]:
        met: dict[str, set[int]] = {}
        for session in self.tables.sessions.values():
            if session.routine_id != routine_id:
                continue
            for work in self.tables.work.get(session.id, []):
                if work.outcome in COUNTED:
                    met.setdefault(work.exercise_id, set()).add(session.id)
        return {exercise: len(ids) for exercise, ids in met.items()}

    def last_completed(self) -> dict[str, datetime]:
        out: dict[str, datetime] = {}
        for s in self.tables.sessions.values():
            if s.status is not Status.COMPLETED or s.ended_at is None:
                continue
            if s.routine_id not in out or s.ended_at > out[s.routine_id]:
                out[s.routine_id] = s.ended_at
        return out

    def week_totals(self) -> list[Week]:
        weeks: dict[date, Week] = {}
        for s in self.tables.sessions.values():
            day = s.started_at.astimezone().date()  # the system's local zone, as SQLite's
            monday = day - timedelta(days=day.weekday())
            week = weeks.get(monday, Week(monday))
            weeks[monday] = Week(
                monday,
                week.sessions + 1,
                week.completed + (s.status is Status.COMPLETED),
                week.seconds + s.active_seconds,
            )
        return list(weeks.values())

    def work_totals(self) -> list[WorkTotal]:
        sums: dict[tuple[str, Side | None, Unit], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for phases in self.tables.work.values():
            for work in phases:
                total = sums[(work.exercise, work.side, work.unit)]
                if work.outcome in COUNTED:
                    total[0] += 1
                    total[2] += work.done
                    total[3] += work.target
                elif work.outcome is WorkOutcome.SKIPPED:
                    total[1] += 1
        return [WorkTotal(e, side, unit, *total) for (e, side, unit), total in sums.items()]

    def work_per_week(self, since: datetime | None = None) -> list[WeekWork]:
        sums: dict[tuple[date, str, Side | None, Unit], list[int]] = defaultdict(lambda: [0, 0, 0])
        for session_id, phases in self.tables.work.items():
            started = self.tables.sessions[session_id].started_at
            if since is not None and started < since:
                continue
            day = started.astimezone().date()
            monday = day - timedelta(days=day.weekday())
            for work in phases:
                if work.outcome in COUNTED:
                    total = sums[(monday, work.exercise, work.side, work.unit)]
                    total[0] += 1
                    total[1] += work.done
                    total[2] += work.target
        return [WeekWork(*key, *total) for key, total in sums.items()]

    def add_run(self, new: NewRun) -> int:
        if new.content_sha256 is not None:
            for run in self.tables.runs.values():
                if run.content_sha256 == new.content_sha256:
                    raise DuplicateRunError(run.id)
        self.tables.last_run_id += 1
        run_id = self.tables.last_run_id
        self.tables.runs[run_id] = Run(
            run_id,
            new.day,
            new.km,
            new.minutes,
            new.source,
            new.added_at,
            new.started_at,
            new.content_sha256,
        )
        return run_id

    def runs(self, since: date | None = None) -> list[Run]:
        found = [r for r in self.tables.runs.values() if since is None or r.day >= since]
        found.sort(key=lambda r: (r.day, r.moment, r.id), reverse=True)
        return found

    def delete_run(self, run_id: int) -> bool:
        return self.tables.runs.pop(run_id, None) is not None


class FakeUnitOfWork:
    """A transaction over the fake: works on a copy, which ``commit`` makes the real one."""

    history: FakeHistoryRepository

    def __init__(self, store: FakeStore) -> None:
        self._store = store
        self.commits = 0

    def __enter__(self) -> Self:
        self.history = FakeHistoryRepository(copy.deepcopy(self._store.tables))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self._store.tables = copy.deepcopy(self.history.tables)
        self.commits += 1
        self._store.commits += 1

    def rollback(self) -> None:
        self.history = FakeHistoryRepository(copy.deepcopy(self._store.tables))


class FakeLock:
    def __init__(self, locks: FakeLocks, session_id: int) -> None:
        self._locks = locks
        self.session_id = session_id

    def release(self) -> None:
        self._locks.held.discard(self.session_id)


class FakeLocks:
    """Locks as a set of ids; a test adds an id to ``held`` to play a live session."""

    def __init__(self) -> None:
        self.held: set[int] = set()

    def try_hold(self, session_id: int) -> FakeLock | None:
        if session_id in self.held:
            return None
        self.held.add(session_id)
        return FakeLock(self, session_id)

    def hold(self, session_id: int) -> FakeLock:
        lock = self.try_hold(session_id)
        if lock is None:
            raise SessionLockedError(f"session {session_id} is already being recorded")
        return lock


class FakeStore:
    """Stands in for ``HistoryStore``: ``commits`` counts what reached the "disk"."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self.locks = FakeLocks()
        self.commits = 0

    def unit_of_work(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def reading(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def checkpoint(self) -> None:
        """Nothing to fold: the fake keeps no log."""

    def on_this_thread(self) -> contextlib.AbstractContextManager[Self]:
        return contextlib.nullcontext(self)

    def times_met(self, routine_id: str) -> dict[str, int]:
        return self.committed().times_met(routine_id)

    def last_done(self) -> dict[str, LastDone]:
        return self.committed().last_done()

    def coach_history(self, routine_ids: Collection[str] | None = None) -> CoachHistory:
        history = self.committed()
        return CoachHistory(
            history.checked_sessions(),
            history.side_work(routine_ids),
            history.resets(),
            history.last_asked(routine_ids),
        )

    def committed(self) -> FakeHistoryRepository:
        """The committed state, to look at in a test."""
        return FakeHistoryRepository(self.tables)
