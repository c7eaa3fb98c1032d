"""The history behind an interface: what the recorder, the command and the GUI may ask of it.

``HistoryRepository`` is the interface; ``SqlHistoryRepository`` keeps it in SQLite through
SQLAlchemy, and ``tests.fakes.history`` keeps it in memory for tests. A ``UnitOfWork``
groups calls into one transaction: nothing is saved until ``commit``, and leaving the
``with`` block without committing rolls everything back.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy import (
    String,
    case,
    delete,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as OrmSession

from hipcoach.adapters.history import reads
from hipcoach.adapters.history.errors import DamagedHistoryError as DamagedHistoryError
from hipcoach.adapters.history.errors import DuplicateRunError as DuplicateRunError
from hipcoach.adapters.history.errors import HistoryBusyError as HistoryBusyError
from hipcoach.adapters.history.errors import HistoryError as HistoryError
from hipcoach.adapters.history.locks import Locks
from hipcoach.adapters.history.tables import (
    ExerciseTotalRow,
    ResetRow,
    RoutineTextRow,
    RunRow,
    SessionRow,
    WorkPhaseRow,
)
from hipcoach.core.model import Side
from hipcoach.core.records import (
    Asked,
    CheckedSession,
    CheckIn,
    CoachHistory,
    Dosing,
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
from hipcoach.core.runs import NewRun, Run, RunSource
from hipcoach.core.work import COUNTED

_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


def history_error(error: DBAPIError, describe: Describe) -> HistoryError:
    """A database error as the runner reads it, busy or not."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    busy = isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return (HistoryBusyError if busy else HistoryError)(describe(error))


class HistoryRepository(Protocol):
    def add(self, new: NewSession) -> int:
        """Record a session as in progress; its id is known at once (before the commit)."""
        ...

    def get(self, session_id: int) -> Session | None: ...

    def sessions(
        self,
        since: datetime | None = None,
        limit: int | None = None,
        until: datetime | None = None,
    ) -> list[Session]:
        """Newest first; ``since`` keeps those started at or after it, ``until`` those
        started before it."""
        ...

    def delete(self, session_id: int) -> bool:
        """Remove a session and everything of it: its work phases and hurt marks (the
        exercise totals follow through their triggers), and its routine text when no other
        session shares it. False when there is no such session."""
        ...

    def in_progress(self) -> list[int]: ...

    def routine_text(self, session_id: int) -> str | None: ...

    def add_work(self, session_id: int, work: WorkPhase) -> None: ...

    def replace_work(self, session_id: int, work: WorkPhase) -> None:
        """The phase of the same index, run again after Back: keep this ending instead."""
        ...

    def phases(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[tuple[Session, WorkPhase]]:
        """Every work phase of the sessions started from ``since`` to before ``until``,
        newest session first and in the order the phases ended within one."""
        ...

    def work(self, session_id: int) -> list[WorkPhase]:
        """Its work phases in the order they ended."""
        ...

    def save_progress(self, session_id: int, progress: Progress) -> None: ...

    def end(self, session_id: int, status: Status, progress: Progress) -> None:
        """Give an in-progress session its final status; ``progress.saved_at`` is its end."""
        ...

    def interrupt(self, session_id: int) -> bool:
        """Mark it interrupted if it is still in progress, ending when it was last saved."""
        ...

    def check_in(self, session_id: int, check: CheckIn) -> None:
        """Add to its check-in: values given replace earlier ones; ``hurt``, when given,
        replaces every earlier hurt mark of the session."""
        ...

    def mark_hurt(self, session_id: int, exercise_id: str, side: Side | None) -> None:
        """Mark this exercise-side's work phases of the session as hurting (H in the player),
        keeping the other marks."""
        ...

    def checked_sessions(self) -> list[CheckedSession]:
        """Every session as the coach reads it, in the order they started."""
        ...

    def side_work(
        self, routine_ids: Collection[str] | None = None
    ) -> dict[int, Mapping[ExerciseSide, SideWork]]:
        """How each exercise-side went in each session (of these routines; all when None):
        what the coach replays (docs/coaching.md). The maps are read-only: sessions that
        went alike may share one."""
        ...

    def last_asked(
        self, routine_ids: Collection[str] | None = None
    ) -> dict[str, dict[ExerciseSide, Asked]]:
        """Per routine, what each exercise-side asked in its latest completed session."""
        ...

    def add_reset(self, reset: Reset) -> None: ...

    def resets(self) -> list[Reset]:
        """Every reset, oldest first."""
        ...

    def last_completed(self) -> dict[str, datetime]:
        """When each routine (by id) last had a session completed: the library's "last done"."""
        ...

    def last_done(self) -> dict[str, LastDone]:
        """Each routine's latest session that completed, or that was stopped (or died) after
        doing some work: a session the runner did, though not to its end."""
        ...

    def times_met(self, routine_id: str) -> dict[str, int]:
        """For each exercise id of a routine: how many sessions did a counted work phase of
        it (whether its how-to is still read: docs/routine-format.md)."""
        ...

    def week_totals(self) -> list[Week]:
        """Sessions, completed ones and active seconds per ISO week, in the system's local
        time (the ``TZ`` environment variable sets it); only weeks that have sessions."""
        ...

    def work_totals(self) -> list[WorkTotal]:
        """Work added up per exercise, side and unit, over every session."""
        ...

    def work_per_week(self, since: datetime | None = None) -> list[WeekWork]:
        """Completed and done work per local ISO week (of its session's start), exercise,
        side and unit; ``since`` keeps sessions started at or after it."""
        ...

    # -- the run log (docs/coaching.md, "Runs and the single-run spike") --------------------

    def add_run(self, new: NewRun) -> int:
        """Log a run; raises DuplicateRunError when its file content is already logged."""
        ...

    def runs(self, since: date | None = None) -> list[Run]:
        """Newest first (by day, then moment); ``since`` keeps the runs of that local day
        and later."""
        ...

    def delete_run(self, run_id: int) -> bool:
        """Remove a run from the log; False when there is none with that id."""
        ...


class UnitOfWork(Protocol):
    @property
    def history(self) -> HistoryRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


# -- SQLAlchemy ---------------------------------------------------------------------------


def _side(value: str | None) -> Side | None:
    return None if value is None else Side(value)


_STATUSES = {status.value: status for status in Status}
_DOSINGS = {dosing.value: dosing for dosing in Dosing}


_answers = reads.answers
_when = reads.when


def _utc(text: str | None) -> datetime | None:
    return None if text is None else _when(text)


def _as_text(column: Any) -> Any:
    return type_coerce(column, String)


# A session's columns in the order of ``Session``'s fields, times as the stored text: the
# whole history is read in milliseconds (``UTCDateTime`` stores naive UTC ISO text).
_SESSION_COLUMNS = (
    SessionRow.id,
    SessionRow.routine_id,
    SessionRow.routine_name,
    SessionRow.routine_path,
    _as_text(SessionRow.started_at),
    _as_text(SessionRow.ended_at),
    _as_text(SessionRow.updated_at),
    SessionRow.status,
    SessionRow.active_seconds,
    SessionRow.paused_seconds,
    SessionRow.work_done,
    SessionRow.work_total,
    SessionRow.pain_before,
    SessionRow.pain_after,
    SessionRow.effort,
    SessionRow.notes,
    SessionRow.next_day,
    SessionRow.answers,
    SessionRow.dosing,
)


def _session_of(row: Sequence[Any]) -> Session:
    """A session from a plain row of ``_SESSION_COLUMNS``."""
    return Session(
        row[0],
        row[1],
        row[2],
        row[3],
        _when(row[4]),
        _utc(row[5]),
        _when(row[6]),
        _STATUSES[row[7]],
        row[8],
        row[9],
        row[10],
        row[11],
        row[12],
        row[13],
        row[14],
        row[15],
        row[16],
        _answers(row[17]),
        _DOSINGS[row[18]],
    )


def _session(row: SessionRow | Row[Any]) -> Session:
    return Session(
        id=row.id,
        routine_id=row.routine_id,
        routine_name=row.routine_name,
        routine_path=row.routine_path,
        started_at=row.started_at,
        ended_at=row.ended_at,
        updated_at=row.updated_at,
        status=_STATUSES[row.status],
        active_seconds=row.active_seconds,
        paused_seconds=row.paused_seconds,
        work_done=row.work_done,
        work_total=row.work_total,
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        effort=row.effort,
        notes=row.notes,
        next_day=row.next_day,
        answers=_answers(row.answers),
        dosing=_DOSINGS[row.dosing],
    )


def _work(row: WorkPhaseRow) -> WorkPhase:
    return WorkPhase(
        phase_index=row.phase_index,
        exercise=row.exercise,
        side=_side(row.side),
        set_number=row.set_number,
        unit=Unit(row.unit),
        target=row.target,
        done=row.done,
        outcome=WorkOutcome(row.outcome),
        started_at=row.started_at,
        ended_at=row.ended_at,
        seconds=row.seconds,
        pain=row.pain,
        exercise_id=row.exercise_id,
        round=row.round,
        circuit=row.circuit,
    )


class SqlHistoryRepository:
    """The history in SQLite; every call runs in the caller's ORM session (its transaction)."""

    def __init__(self, orm: OrmSession) -> None:
        self.orm = orm

    def _row(self, session_id: int) -> SessionRow:
        row = self.orm.get(SessionRow, session_id)
        if row is None:
            raise KeyError(f"no session {session_id} in history")
        return row

    def _text_id(self, text: str) -> int:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        found = self.orm.scalar(select(RoutineTextRow.id).where(RoutineTextRow.sha256 == digest))
        if found is not None:
            return found
        row = RoutineTextRow(sha256=digest, text=text)
        self.orm.add(row)
        self.orm.flush()
        return row.id

    def add(self, new: NewSession) -> int:
        row = SessionRow(
            routine_id=new.routine_id,
            routine_name=new.routine_name,
            routine_path=new.routine_path,
            routine_text_id=self._text_id(new.routine_text),
            started_at=new.started_at,
            ended_at=None,
            updated_at=new.started_at,
            status=Status.IN_PROGRESS.value,
            active_seconds=0.0,
            paused_seconds=0.0,
            work_done=0,
            work_total=new.work_total,
            dosing=new.dosing.value,
        )
        self.orm.add(row)
        self.orm.flush()
        return row.id

    def get(self, session_id: int) -> Session | None:
        row = self.orm.get(SessionRow, session_id)
        return None if row is None else _session(row)

    def sessions(
        self,
        since: datetime | None = None,
        limit: int | None = None,
        until: datetime | None = None,
    ) -> list[Session]:
        # Plain rows, not ORM objects: ten years of sessions read in a few milliseconds.
        query = select(*_SESSION_COLUMNS).order_by(
            SessionRow.started_at.desc(), SessionRow.id.desc()
        )
        if since is not None:
            query = query.where(SessionRow.started_at >= since)
        if until is not None:
            query = query.where(SessionRow.started_at < until)
        if limit is not None:
            query = query.limit(limit)
        return [_session_of(row) for row in self.orm.connection().execute(query)]

    def delete(self, session_id: int) -> bool:
        row = self.orm.get(SessionRow, session_id)
        if row is None:
            return False
        # What SQLite frees is overwritten with zeros, so a deleted note cannot be read back
        # out of the file (the store's checkpoint then empties the write-ahead log).
        self.orm.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        text_id = row.routine_text_id
        self.orm.execute(
            delete(WorkPhaseRow)
            .where(WorkPhaseRow.session_id == session_id)
            .execution_options(synchronize_session=False)
        )
        self.orm.delete(row)
        self.orm.flush()
        shared = select(SessionRow.id).where(SessionRow.routine_text_id == text_id).limit(1)
        if text_id is not None and self.orm.scalar(shared) is None:
            self.orm.execute(delete(RoutineTextRow).where(RoutineTextRow.id == text_id))
        self.orm.expire_all()
        return True

    def in_progress(self) -> list[int]:
        query = select(SessionRow.id).where(SessionRow.status == Status.IN_PROGRESS.value)
        return list(self.orm.scalars(query.order_by(SessionRow.id)))

    def routine_text(self, session_id: int) -> str | None:
        query = (
            select(RoutineTextRow.text)
            .join(SessionRow, SessionRow.routine_text_id == RoutineTextRow.id)
            .where(SessionRow.id == session_id)
        )
        return self.orm.scalar(query)

    def add_work(self, session_id: int, work: WorkPhase) -> None:
        position = self.orm.scalar(
            select(func.coalesce(func.max(WorkPhaseRow.position), 0)).where(
                WorkPhaseRow.session_id == session_id
            )
        )
        self.orm.add(
            WorkPhaseRow(
                session_id=session_id,
                position=(position or 0) + 1,
                phase_index=work.phase_index,
                exercise=work.exercise,
                side=None if work.side is None else work.side.value,
                set_number=work.set_number,
                unit=work.unit.value,
                target=work.target,
                done=work.done,
                outcome=work.outcome.value,
                started_at=work.started_at,
                ended_at=work.ended_at,
                seconds=work.seconds,
                pain=work.pain,
                exercise_id=work.exercise_id,
                round=work.round,
                circuit=work.circuit,
            )
        )
        self.orm.flush()

    def replace_work(self, session_id: int, work: WorkPhase) -> None:
        row = self.orm.scalars(
            select(WorkPhaseRow).where(
                WorkPhaseRow.session_id == session_id, WorkPhaseRow.phase_index == work.phase_index
            )
        ).first()
        if row is None:
            self.add_work(session_id, work)
            return
        row.done = work.done
        row.target = work.target
        row.outcome = work.outcome.value
        row.started_at = work.started_at
        row.ended_at = work.ended_at
        row.seconds = work.seconds
        if work.pain is not None:
            row.pain = work.pain
        self.orm.flush()

    def phases(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[tuple[Session, WorkPhase]]:
        # Plain rows, each session made once: ten years of history are some 50,000 phases,
        # which ORM objects would take seconds to build (the report reads them all).
        sessions = {s.id: s for s in self.sessions(since, until=until)}
        if not sessions:
            return []
        table = WorkPhaseRow.__table__
        started = SessionRow.__table__.c.started_at
        query = (
            select(
                table.c.session_id,
                table.c.phase_index,
                table.c.exercise,
                table.c.side,
                table.c.set_number,
                table.c.unit,
                table.c.target,
                table.c.done,
                table.c.outcome,
                table.c.started_at,
                table.c.ended_at,
                table.c.seconds,
                table.c.pain,
                table.c.exercise_id,
                table.c.round,
                table.c.circuit,
            )
            .join(SessionRow.__table__, SessionRow.__table__.c.id == table.c.session_id)
            .order_by(started.desc(), table.c.session_id.desc(), table.c.position)
        )
        if since is not None:
            query = query.where(started >= since)
        if until is not None:
            query = query.where(started < until)
        sides = {None: None, "left": Side.LEFT, "right": Side.RIGHT}
        units = {unit.value: unit for unit in Unit}
        outcomes = {outcome.value: outcome for outcome in WorkOutcome}
        return [
            (
                sessions[row[0]],
                WorkPhase(
                    phase_index=row[1],
                    exercise=row[2],
                    side=sides[row[3]],
                    set_number=row[4],
                    unit=units[row[5]],
                    target=row[6],
                    done=row[7],
                    outcome=outcomes[row[8]],
                    started_at=row[9],
                    ended_at=row[10],
                    seconds=row[11],
                    pain=row[12],
                    exercise_id=row[13],
                    round=row[14],
                    circuit=row[15],
                ),
            )
            for row in self.orm.execute(query)
            if row[0] in sessions
        ]

    def work(self, session_id: int) -> list[WorkPhase]:
        query = (
            select(WorkPhaseRow)
            .where(WorkPhaseRow.session_id == session_id)
            .order_by(WorkPhaseRow.position)
        )
        return [_work(row) for row in self.orm.scalars(query)]

    def save_progress(self, session_id: int, progress: Progress) -> None:
        row = self._row(session_id)
        row.active_seconds = progress.active_seconds
        row.paused_seconds = progress.paused_seconds
        row.work_done = progress.work_done
        row.updated_at = progress.saved_at
        self.orm.flush()

    def end(self, session_id: int, status: Status, progress: Progress) -> None:
        if status is Status.IN_PROGRESS:
            raise ValueError("a session ends as completed, stopped or interrupted")
        self.save_progress(session_id, progress)
        row = self._row(session_id)
        row.status = status.value
        row.ended_at = progress.saved_at
        self.orm.flush()

    def interrupt(self, session_id: int) -> bool:
        # One conditional statement: a session that finished in the meantime is left alone.
        result = self.orm.execute(
            update(SessionRow)
            .where(SessionRow.id == session_id, SessionRow.status == Status.IN_PROGRESS.value)
            .values(status=Status.INTERRUPTED.value, ended_at=SessionRow.updated_at)
            .execution_options(synchronize_session=False)
        )
        self.orm.expire_all()
        return bool(getattr(result, "rowcount", 0))

    def check_in(self, session_id: int, check: CheckIn) -> None:
        row = self._row(session_id)
        if check.pain_before is not None:
            row.pain_before = check.pain_before
        if check.pain_after is not None:
            row.pain_after = check.pain_after
        if check.effort is not None:
            row.effort = check.effort
        if check.notes is not None:
            row.notes = check.notes
        if check.next_day is not None:
            row.next_day = check.next_day
        if check.answers is not None:
            row.answers = json.dumps(list(check.answers))
        if check.hurt is not None:
            marks = set(check.hurt)
            for work in self.orm.scalars(
                select(WorkPhaseRow).where(WorkPhaseRow.session_id == session_id)
            ):
                work.pain = (work.exercise_id, _side(work.side)) in marks
        self.orm.flush()

    def mark_hurt(self, session_id: int, exercise_id: str, side: Side | None) -> None:
        self._row(session_id)
        self.orm.execute(
            update(WorkPhaseRow)
            .where(
                WorkPhaseRow.session_id == session_id,
                WorkPhaseRow.exercise_id == exercise_id,
                WorkPhaseRow.side.is_(None) if side is None else WorkPhaseRow.side == side.value,
            )
            .values(pain=True)
            .execution_options(synchronize_session=False)
        )
        self.orm.expire_all()

    # What the coach and the window read: the plain queries ``HistoryStore`` runs without
    # SQLAlchemy, here in this unit's transaction.

    def _plain(self) -> sqlite3.Connection:
        self.orm.flush()
        raw = self.orm.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        return raw

    def checked_sessions(self) -> list[CheckedSession]:
        return reads.checked_sessions(self._plain())

    def side_work(
        self, routine_ids: Collection[str] | None = None
    ) -> dict[int, Mapping[ExerciseSide, SideWork]]:
        return reads.side_work(self._plain(), routine_ids)

    def last_asked(
        self, routine_ids: Collection[str] | None = None
    ) -> dict[str, dict[ExerciseSide, Asked]]:
        return reads.last_asked(self._plain(), routine_ids)

    def add_reset(self, reset: Reset) -> None:
        self.orm.add(
            ResetRow(routine_id=reset.routine_id, exercise_id=reset.exercise_id, at=reset.at)
        )
        self.orm.flush()

    def resets(self) -> list[Reset]:
        return reads.resets(self._plain())

    def last_completed(self) -> dict[str, datetime]:
        query = (
            select(SessionRow.routine_id, func.max(SessionRow.ended_at))
            .where(SessionRow.status == Status.COMPLETED.value)
            .group_by(SessionRow.routine_id)
        )
        # max() keeps its column's type, so the times come back aware, in UTC.
        return {
            routine_id: ended for routine_id, ended in self.orm.execute(query) if ended is not None
        }

    def last_done(self) -> dict[str, LastDone]:
        return reads.last_done(self._plain())

    def times_met(self, routine_id: str) -> dict[str, int]:
        return reads.times_met(self._plain(), routine_id)

    def week_totals(self) -> list[Week]:
        # SQLite's 'localtime' is the C library's, the same zone Python's astimezone() uses;
        # the day a local week starts is its Monday ('weekday 0' is the next Sunday).
        monday = func.date(SessionRow.started_at, "localtime", "weekday 0", "-6 days")
        completed = case((SessionRow.status == Status.COMPLETED.value, 1), else_=0)
        query = select(
            monday, func.count(), func.sum(completed), func.sum(SessionRow.active_seconds)
        ).group_by(monday)
        return [
            Week(date.fromisoformat(day), sessions, completed_count, seconds)
            for day, sessions, completed_count, seconds in self.orm.execute(query)
        ]

    def work_per_week(self, since: datetime | None = None) -> list[WeekWork]:
        monday = func.date(SessionRow.started_at, "localtime", "weekday 0", "-6 days")
        counted = [outcome.value for outcome in COUNTED]
        query = (
            select(
                monday,
                WorkPhaseRow.exercise,
                WorkPhaseRow.side,
                WorkPhaseRow.unit,
                func.count(),
                func.sum(WorkPhaseRow.done),
                func.sum(WorkPhaseRow.target),
            )
            .join(SessionRow, SessionRow.id == WorkPhaseRow.session_id)
            .where(WorkPhaseRow.outcome.in_(counted))
            .group_by(monday, WorkPhaseRow.exercise, WorkPhaseRow.side, WorkPhaseRow.unit)
        )
        if since is not None:
            query = query.where(SessionRow.started_at >= since)
        return [
            WeekWork(date.fromisoformat(day), exercise, _side(side), Unit(unit), n, done, target)
            for day, exercise, side, unit, n, done, target in self.orm.execute(query)
        ]

    def work_totals(self) -> list[WorkTotal]:
        query = select(ExerciseTotalRow).where(
            (ExerciseTotalRow.phases != 0) | (ExerciseTotalRow.skipped != 0)
        )
        return [
            WorkTotal(
                row.exercise,
                _side(row.side or None),
                Unit(row.unit),
                row.phases,
                row.skipped,
                row.done,
                row.target,
            )
            for row in self.orm.scalars(query)
        ]

    # -- the run log -------------------------------------------------------------------------

    def add_run(self, new: NewRun) -> int:
        if new.content_sha256 is not None:
            found = self.orm.scalar(
                select(RunRow.id).where(RunRow.content_sha256 == new.content_sha256)
            )
            if found is not None:
                raise DuplicateRunError(found)
        row = RunRow(
            day=new.day.isoformat(),
            started_at=new.started_at,
            added_at=new.added_at,
            km=new.km,
            minutes=new.minutes,
            source=new.source.value,
            content_sha256=new.content_sha256,
        )
        self.orm.add(row)
        self.orm.flush()
        return row.id

    def runs(self, since: date | None = None) -> list[Run]:
        # Plain rows, not ORM objects: Today reads the log on every look at the library.
        table = RunRow.__table__
        moment = func.coalesce(table.c.started_at, table.c.added_at)
        query = select(
            table.c.id,
            table.c.day,
            table.c.km,
            table.c.minutes,
            table.c.source,
            table.c.added_at,
            table.c.started_at,
            table.c.content_sha256,
        ).order_by(table.c.day.desc(), moment.desc(), table.c.id.desc())
        if since is not None:
            query = query.where(table.c.day >= since.isoformat())
        return [
            Run(
                row_id,
                date.fromisoformat(day),
                km,
                minutes,
                RunSource(source),
                added_at,
                started_at,
                sha,
            )
            for row_id, day, km, minutes, source, added_at, started_at, sha in self.orm.execute(
                query
            )
        ]

    def delete_run(self, run_id: int) -> bool:
        row = self.orm.get(RunRow, run_id)
        if row is None:
            return False
        self.orm.delete(row)
        self.orm.flush()
        return True


class SqlUnitOfWork:
    """One transaction over the history; database errors come out as ``HistoryError``."""

    history: SqlHistoryRepository

    def __init__(self, make_session: Callable[[], OrmSession], describe: Describe) -> None:
        self._make_session = make_session
        self._describe = describe
        self._orm: OrmSession | None = None

    def __enter__(self) -> Self:
        self._orm = self._make_session()
        self.history = SqlHistoryRepository(self._orm)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        orm, self._orm = self._orm, None
        if orm is None:
            return
        try:
            try:
                orm.rollback()  # whatever was not committed
            finally:
                orm.close()
        except DBAPIError as failure:
            if error is None:
                raise history_error(failure, self._describe) from failure
        if isinstance(error, DBAPIError):
            raise history_error(error, self._describe) from error

    def commit(self) -> None:
        assert self._orm is not None, "commit outside a with block"
        self._orm.commit()

    def rollback(self) -> None:
        assert self._orm is not None, "rollback outside a with block"
        self._orm.rollback()


class Describe(Protocol):
    def __call__(self, error: BaseException) -> str: ...


class Store(Protocol):
    """An open history: transactions over it, and the locks of its running sessions."""

    @property
    def locks(self) -> Locks: ...

    def unit_of_work(self) -> UnitOfWork:
        """A transaction that may write (it takes SQLite's write lock as it begins)."""
        ...

    def reading(self) -> UnitOfWork:
        """A transaction that only reads: it never waits for a writer."""
        ...

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file and empty it, as far as readers
        allow: after a delete, what was deleted is in neither file."""
        ...

    def on_this_thread(self) -> AbstractContextManager[Store]:
        """This store on a connection of its own, for the one thread that writes."""
        ...

    def times_met(self, routine_id: str) -> dict[str, int]:
        """``HistoryRepository.times_met`` read at once, with no unit of work: a session's
        plan needs it before its first phase (and the window at Start, on its thread)."""
        ...

    def last_done(self) -> dict[str, LastDone]:
        """``HistoryRepository.last_done`` read at once, with no unit of work."""
        ...

    def coach_history(self, routine_ids: Collection[str] | None = None) -> CoachHistory:
        """What the coach replays (``checked_sessions``, ``side_work``, ``resets`` and
        ``last_asked`` of the repository) in one read, with no unit of work: ``hipcoach
        run`` needs it before its first phase."""
        ...
