"""The week's use cases, Qt-free: the plan as the data folder holds it, and Today: what is
due and why, the red-flag advice, the morning-after question, the last days' runs.

``what_is_due`` is the one call behind ``hipcoach today``, the library page's Today panel
and the reminder, so the three always show the same list (docs/coaching.md, "Due today").
The rules are the core's (``hipcoach.core.week_plan``); this module reads what they need.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.application.coaching import awaiting_next_day
from hipcoach.application.red_flags import NoRedFlags, ReadFlags, RedFlags, coach_flags
from hipcoach.application.runs import RunNote, with_cautions
from hipcoach.core.coaching import Session
from hipcoach.core.library import Library
from hipcoach.core.plan_file import FILE_NAME, MAX_BYTES, PlanFileError, load_plan, parse_plan
from hipcoach.core.plan_file import unknown_routines as _unknown
from hipcoach.core.records import Session as RecordedSession
from hipcoach.core.records import utc_now
from hipcoach.core.regular_file import UnreadableFileError, read_regular
from hipcoach.core.routine_file import Problem
from hipcoach.core.runs import SPIKE_DAYS, Run, recent
from hipcoach.core.week_plan import (
    DEFAULT_PLAN,
    Because,
    FlagStands,
    WeeklyTarget,
    WeekPlan,
    due_today,
    local_day,
    no_flags,
    weekly_targets,
)

if TYPE_CHECKING:
    # Types only: the repository loads SQLAlchemy; ``hipcoach run`` checks the plan first.
    from hipcoach.adapters.history.repository import Store

RECENT_RUN_DAYS = 7  # Today shows the runs of the last week


# -- the plan --------------------------------------------------------------------------------


def plan_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def read_plan(data_dir: Path, library: Library | None = None) -> WeekPlan:
    """The data folder's ``plan.toml``, else the default plan; raises PlanFileError with
    every problem (with ``library``, a routine it does not have is one)."""
    path = plan_path(data_dir)
    if not os.path.lexists(path):
        if library is None:
            return DEFAULT_PLAN
        known = {entry.routine.id for entry in library.entries}
        return WeekPlan(tuple(r for r in DEFAULT_PLAN.routines if r.id in known))
    plan = load_plan(path)
    if library is not None:
        problems = unknown_routines(plan, library)
        if problems:
            raise PlanFileError(problems)
    return plan


def unknown_routines(plan: WeekPlan, library: Library) -> list[Problem]:
    """The plan's routines the library does not have, as problems at their lines."""
    known = {entry.routine.id for entry in library.entries}
    broken: dict[str, str] = {}
    for routine in plan.routines:
        found = library.problems_for(routine.id)
        if routine.id not in known and found:
            broken[routine.id] = f"{found[0].path}:{found[0].line}: {found[0].message}"
    return _unknown(plan, known, broken)


def save_plan(data_dir: Path, plan: WeekPlan) -> Path:
    """Write the plan into ``plan.toml``, atomically and private (600): a crash leaves the
    old file or the new one, never half of one. The runner's file is edited, not replaced:
    its comments and order stay, only the values that changed are written (``plan_files``).
    What is written reads back as the same plan, or nothing is written (PlanDocumentError).
    """
    # Here, not at the top: tomlkit is for writing, and reading the plan comes first in
    # ``hipcoach run`` and the window's start.
    from hipcoach.adapters.plan_files import PlanDocumentError, edited_plan_text
    from hipcoach.adapters.private_files import save_atomically

    path = plan_path(data_dir)
    before: str | None
    if not os.path.lexists(path):
        before = None
    else:
        try:
            raw = read_regular(path, MAX_BYTES)
            before = raw.decode("utf-8").removeprefix("\ufeff")
        except UnreadableFileError as error:
            raise PlanDocumentError(f"{path}: {error}") from None
        except UnicodeDecodeError:
            raise PlanDocumentError(f"{path}: not UTF-8 text") from None
    text = edited_plan_text(before, plan)
    written = parse_plan(text.encode("utf-8"), str(path))  # never write what would not load
    if _rhythm(written) != _rhythm(plan):
        raise PlanDocumentError(
            f"{path}: hipcoach could not write this change into the file as it is laid "
            "out; edit it by hand (hipcoach validate checks it)"
        )
    save_atomically(path, text)
    return path


def _rhythm(plan: WeekPlan) -> tuple[object, ...]:
    """What a plan says, leaving out where it says it."""
    routines = tuple((r.id, r.per_week, r.spacing, r.after_run) for r in plan.routines)
    return routines, plan.reminder


# -- Today -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueRoutine:
    """One routine due today, with its name and why."""

    routine_id: str
    name: str
    why: str
    because: Because
    done: int | None = None  # completed this week, for a weekly routine
    target: int | None = None  # this week's target

    def to_json(self) -> dict[str, object]:
        return {
            "routine": self.routine_id,
            "name": self.name,
            "why": self.why,
            "because": self.because.value,
            "done": self.done,
            "target": self.target,
        }


@dataclass(frozen=True, slots=True)
class WaitingRoutine:
    """A routine of the plan that is not due today, and why."""

    routine_id: str
    name: str
    why: str

    def to_json(self) -> dict[str, object]:
        return {"routine": self.routine_id, "name": self.name, "why": self.why}


@dataclass(frozen=True, slots=True)
class MorningAfter:
    """The next-morning question about a recent session (saved as its ``next_day``)."""

    session_id: int
    routine_name: str
    when: str  # "yesterday's", "Monday's"

    @property
    def question(self) -> str:
        return f"How is the hip this morning, after {self.when} {self.routine_name}? 0-10"

    def to_json(self) -> dict[str, object]:
        return {"session": self.session_id, "question": self.question}


@dataclass(frozen=True, slots=True)
class Today:
    """What the Today panel, ``hipcoach today`` and the reminder show."""

    day: date
    due: tuple[DueRoutine, ...]
    waiting: tuple[WaitingRoutine, ...] = ()
    advice: tuple[str, ...] = ()  # the red-flag advice standing now
    morning_after: MorningAfter | None = None
    runs: tuple[RunNote, ...] = ()  # the last week's, newest first
    targets: Mapping[str, WeeklyTarget] = field(default_factory=dict)
    plan_path: str | None = None  # None: the default plan

    @property
    def cautions(self) -> tuple[RunNote, ...]:
        return tuple(note for note in self.runs if note.caution is not None)

    def to_json(self) -> dict[str, object]:
        """``today --json`` (docs/command-line.md): an object with a ``due`` list."""
        return {
            "date": self.day.isoformat(),
            "due": [d.to_json() for d in self.due],
            "not_due": [w.to_json() for w in self.waiting],
            "red_flags": list(self.advice),
            "morning_after": None if self.morning_after is None else self.morning_after.to_json(),
            "runs": [note.to_json() for note in self.runs],
            "plan": self.plan_path,
        }


def _names(library: Library) -> dict[str, str]:
    return {entry.routine.id: entry.routine.name for entry in library.entries}


def morning_after(session: RecordedSession | None, now: datetime) -> MorningAfter | None:
    """The question about the session the coach picks for it (``awaiting_next_day``)."""
    if session is None:
        return None
    gap = (local_day(now) - local_day(session.started_at)).days
    when = "yesterday's" if gap == 1 else f"{local_day(session.started_at):%A}'s"
    return MorningAfter(session.id, session.routine_name, when)


def today_of(
    sessions: Sequence[Session],
    runs: Sequence[Run],
    library: Library,
    plan: WeekPlan,
    now: datetime,
    red_flags: RedFlags | None = None,
    awaiting: RecordedSession | None = None,
) -> Today:
    """Today from what the history holds: every session (targets replay them week by week),
    the runs of the last five weeks at least, the library (names, kinds) and the plan;
    ``awaiting`` is the session whose next morning is asked about."""
    flags = red_flags or NoRedFlags()
    today = local_day(now)
    flag_stands: FlagStands = flags.stands_at if red_flags is not None else no_flags
    targets = weekly_targets(plan, sessions, today, flag_stands)
    kinds = {entry.routine.id: entry.routine.kind for entry in library.entries}
    due, waiting = due_today(plan, kinds, targets, sessions, runs, now)
    names = _names(library)
    return Today(
        day=today,
        due=tuple(
            DueRoutine(
                d.routine_id,
                names.get(d.routine_id, d.routine_id),
                d.why,
                d.because,
                d.done,
                d.target,
            )
            for d in due
        ),
        waiting=tuple(
            WaitingRoutine(w.routine_id, names.get(w.routine_id, w.routine_id), w.why)
            for w in waiting
        ),
        advice=flags.advice(),
        morning_after=morning_after(awaiting, now),
        runs=tuple(with_cautions(runs, recent(runs, today, RECENT_RUN_DAYS))),
        targets=targets,
        plan_path=plan.path,
    )


def read_today(
    store: Store,
    library: Library,
    plan: WeekPlan,
    now: datetime | None = None,
    read_flags: ReadFlags = coach_flags,
) -> Today:
    """Today, read from the store in one transaction."""
    moment = now or utc_now()
    first_run_day = local_day(moment) - timedelta(days=RECENT_RUN_DAYS + SPIKE_DAYS)
    with store.reading() as unit:
        sessions = unit.history.checked_sessions()  # what the rules read, in start order
        runs = unit.history.runs(since=first_run_day)
    flags = read_flags(sessions, moment)
    awaiting = awaiting_next_day(store, moment)
    return today_of(sessions, runs, library, plan, moment, flags, awaiting)


def what_is_due(
    data_dir: Path,
    store: Store,
    library: Library,
    now: datetime | None = None,
    read_flags: ReadFlags = coach_flags,
) -> Today:
    """What is due today, with reasons: the data folder's plan (or the default one) over
    the history. ``.due`` lists the routines due (id, name, why), in the plan's order.
    Raises PlanFileError for an invalid ``plan.toml`` and HistoryError for a history
    that cannot be read. The Today panel, ``hipcoach today`` and the reminder call this."""
    return read_today(store, library, read_plan(data_dir, library), now, read_flags)
