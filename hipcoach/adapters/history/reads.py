"""The reads a session, the coach and the window need at once, as plain ``sqlite3`` queries.

``hipcoach run`` reads the whole history for the coach before its first phase, and the
window reads it for its cards and Today: written in SQL over a ``sqlite3`` connection, they
load neither SQLAlchemy nor Alembic (bench/startup.py times it). ``HistoryStore`` runs them
on a read-only connection of its own; the SQLAlchemy repository runs the same functions on
its transaction's connection, so there is one implementation of each.

Times are stored as naive UTC text that sorts (``tables.UTCDateTime``); they come back as
aware UTC datetimes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from hipcoach.core.model import Side
from hipcoach.core.records import (
    Asked,
    CheckedSession,
    CoachHistory,
    Dosing,
    ExerciseSide,
    LastDone,
    Reset,
    SideWork,
    Status,
)
from hipcoach.core.work import COUNTED

_STATUSES = {status.value: status for status in Status}
_DOSINGS = {dosing.value: dosing for dosing in Dosing}
_COUNTED = ", ".join(f"'{outcome.value}'" for outcome in sorted(COUNTED))
_FULL = SideWork(True)


def when(text: str) -> datetime:
    """A stored time as an aware UTC datetime (parsed with its offset: six times faster
    than ``replace(tzinfo=UTC)`` after, which ten years of sessions feel)."""
    return datetime.fromisoformat(text + "+00:00")


def answers(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return () if text == "[]" else tuple(json.loads(text))


def _side(value: str | None) -> Side | None:
    return None if value is None else Side(value)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _of_routines(column: str, routine_ids: Collection[str] | None) -> tuple[str, list[object]]:
    """A ``WHERE`` condition keeping the rows of these routines (all when None)."""
    if routine_ids is None:
        return "1", []
    ids = sorted(routine_ids)
    return f"{column} IN ({_marks(len(ids))})", list(ids)


def checked_sessions(con: sqlite3.Connection) -> list[CheckedSession]:
    """Every session as the coach reads it, in the order they started."""
    rows = con.execute(
        "SELECT id, routine_id, started_at, status, pain_before, pain_after, next_day, "
        "answers, dosing FROM sessions ORDER BY started_at, id"
    )
    return [
        CheckedSession(
            i,
            routine,
            when(started),
            _STATUSES[status],
            before,
            after,
            next_day,
            answers(given),
            _DOSINGS[dosing],
        )
        for i, routine, started, status, before, after, next_day, given, dosing in rows
    ]


# What the coach needs of each session's work rows, added up by SQLite as it walks them in
# session order: the exercise-sides reached ("clamshells:left", repeated), the phases that
# fell short ("clamshells:left#12") and the sides marked as hurting.
_SIDE_WORK = f"""
SELECT session_id,
       group_concat(exercise_id || ':' || coalesce(side, '')),
       group_concat(CASE WHEN NOT (outcome IN ({_COUNTED}) AND done >= target)
                         THEN exercise_id || ':' || coalesce(side, '') || '#' || phase_index
                    END),
       group_concat(CASE WHEN pain THEN exercise_id || ':' || coalesce(side, '') END)
FROM work_phases WHERE {{where}}
GROUP BY session_id
"""


def side_work(
    con: sqlite3.Connection, routine_ids: Collection[str] | None = None
) -> dict[int, Mapping[ExerciseSide, SideWork]]:
    """How each exercise-side went in each session (of these routines; all when None).

    Ten years of sessions are tens of thousands of work rows: SQLite adds them up per
    session, streaming on the session index, into three short lists (the sides reached, the
    phases that fell short, the sides marked), and the sessions that went alike share one
    map. A phase that fell short counts as reached in full when another run of it (after
    Back) did."""
    where, parameters = "1", list[object]()  # every session's work
    if routine_ids is not None:
        inner, parameters = _of_routines("routine_id", routine_ids)
        where = f"session_id IN (SELECT id FROM sessions WHERE {inner})"
    rows = con.execute(_SIDE_WORK.format(where=where), parameters).fetchall()
    fell_short = [session_id for session_id, _, short, _ in rows if short]
    return _side_maps(rows, _redone(con, fell_short))


def _redone(con: sqlite3.Connection, session_ids: list[int]) -> set[tuple[int, str, int]]:
    """(session, side key, phase index) of the phases of these sessions that ran more than
    once (Back) and reached their target in one of the runs."""
    found: set[tuple[int, str, int]] = set()
    for first in range(0, len(session_ids), 500):
        some = session_ids[first : first + 500]
        pairs = set(
            con.execute(
                "SELECT session_id, phase_index FROM work_phases "
                f"WHERE session_id IN ({_marks(len(some))}) "
                "GROUP BY session_id, phase_index HAVING count(*) > 1",
                some,
            )
        )
        if not pairs:
            continue
        twice = sorted({session_id for session_id, _ in pairs})
        query = (
            "SELECT session_id, exercise_id, side, phase_index FROM work_phases "
            f"WHERE session_id IN ({_marks(len(twice))}) "
            f"AND outcome IN ({_COUNTED}) AND done >= target"
        )
        for session_id, exercise_id, side, index in con.execute(query, twice):
            if (session_id, index) in pairs:
                found.add((session_id, f"{exercise_id}:{side or ''}", index))
    return found


class _SideKeys(dict[str, ExerciseSide]):
    """ "clamshells:left" -> ("clamshells", Side.LEFT), each text read once."""

    def __missing__(self, text: str) -> ExerciseSide:
        exercise_id, _, side = text.rpartition(":")
        key = self[text] = (exercise_id, Side(side) if side else None)
        return key


def _side_maps(
    rows: Iterable[Sequence[Any]],
    redone: set[tuple[int, str, int]],
) -> dict[int, Mapping[ExerciseSide, SideWork]]:
    """Each session's exercise-sides from the lists SQLite made (``side_work``); a phase
    that fell short but was ``redone`` in full (after Back) counts as full. Sessions that
    reached the same sides, all in full and unmarked, share one map."""
    keys = _SideKeys()
    by_text: dict[str, dict[ExerciseSide, SideWork]] = {}
    by_sides: dict[tuple[ExerciseSide, ...], dict[ExerciseSide, SideWork]] = {}
    out: dict[int, Mapping[ExerciseSide, SideWork]] = {}
    for session_id, reached, short, hurt in rows:
        base = by_text.get(reached)
        if base is None:
            sides = tuple(dict.fromkeys(keys[entry] for entry in reached.split(",")))
            base = by_sides.get(sides)
            if base is None:
                base = by_sides[sides] = dict.fromkeys(sides, _FULL)
            by_text[reached] = base
        if not short and not hurt:
            out[session_id] = base
            continue
        work = dict(base)
        for entry in (short or "").split(","):
            side, _, index = entry.rpartition("#")
            if side and (session_id, side, int(index)) not in redone:
                work[keys[side]] = work[keys[side]]._replace(full=False)
        for entry in (hurt or "").split(","):
            if entry:
                work[keys[entry]] = work[keys[entry]]._replace(hurt=True)
        out[session_id] = work
    return out


def last_asked(
    con: sqlite3.Connection, routine_ids: Collection[str] | None = None
) -> dict[str, dict[ExerciseSide, Asked]]:
    """Per routine, what each exercise-side asked in its latest completed session."""
    where, parameters = _of_routines("routine_id", routine_ids)
    # SQLite gives the row of the max() with a bare column: each routine's latest.
    query = (
        "SELECT s.routine_id, w.exercise_id, w.side, max(w.set_number), max(w.target), "
        "max(w.round) FROM work_phases w JOIN sessions s ON s.id = w.session_id "
        "WHERE w.session_id IN (SELECT id FROM (SELECT id, max(started_at) FROM sessions "
        f"WHERE status = '{Status.COMPLETED.value}' AND {where} GROUP BY routine_id)) "
        "GROUP BY s.routine_id, w.exercise_id, w.side"
    )
    out: dict[str, dict[ExerciseSide, Asked]] = {}
    for routine_id, exercise_id, side, sets, amount, rounds in con.execute(query, parameters):
        out.setdefault(routine_id, {})[(exercise_id, _side(side))] = Asked(sets, amount, rounds)
    return out


def resets(con: sqlite3.Connection) -> list[Reset]:
    """Every reset, oldest first."""
    rows = con.execute("SELECT routine_id, exercise_id, at FROM resets ORDER BY at, id")
    return [Reset(routine_id, exercise_id, when(at)) for routine_id, exercise_id, at in rows]


def coach_history(
    con: sqlite3.Connection, routine_ids: Collection[str] | None = None
) -> CoachHistory:
    """What the coach replays, read in the caller's transaction (one snapshot)."""
    return CoachHistory(
        checked_sessions(con),
        side_work(con, routine_ids),
        resets(con),
        last_asked(con, routine_ids),
    )


def times_met(con: sqlite3.Connection, routine_id: str) -> dict[str, int]:
    """Per exercise id of the routine: the sessions that did a counted work phase of it."""
    rows = con.execute(
        "SELECT w.exercise_id, COUNT(DISTINCT w.session_id) FROM work_phases w "
        "JOIN sessions s ON s.id = w.session_id WHERE s.routine_id = ? "
        f"AND w.outcome IN ({_COUNTED}) GROUP BY w.exercise_id",
        [routine_id],
    )
    return {str(exercise): int(count) for exercise, count in rows}


def last_done(con: sqlite3.Connection) -> dict[str, LastDone]:
    """When each routine was last done: completed, or stopped (or cut off) after some work,
    with how far it went."""
    did = (
        f"(status = '{Status.COMPLETED.value}' OR (work_done > 0 AND status IN "
        f"('{Status.STOPPED.value}', '{Status.INTERRUPTED.value}')))"
    )
    rows = con.execute(
        "SELECT s.routine_id, s.ended_at, s.status, s.active_seconds FROM sessions s "
        f"JOIN (SELECT routine_id, MAX(ended_at) AS at FROM sessions WHERE {did} "
        "GROUP BY routine_id) latest "
        f"ON latest.routine_id = s.routine_id AND latest.at = s.ended_at WHERE {did}"
    )
    out: dict[str, LastDone] = {}
    for routine_id, ended, status, active in rows:
        if ended is None:
            continue
        stopped = None if status == Status.COMPLETED.value else float(active)
        if routine_id not in out or stopped is None:
            out[str(routine_id)] = LastDone(when(str(ended)), stopped)
    return out
