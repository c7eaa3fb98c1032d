"""Histories built by hand for the week's rules: sessions and runs at local times.

Times are given as local wall-clock times (the zone the test sets with ``TZ``) and stored,
as the history stores them, as aware UTC instants.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from hipcoach.core.records import Session, Status
from hipcoach.core.runs import Run, RunSource

_ids = itertools.count(1)


def at(day: date, hour: int = 18, minute: int = 0) -> datetime:
    """A local wall-clock time, as the aware UTC instant the history keeps."""
    return datetime(day.year, day.month, day.day, hour, minute).astimezone().astimezone(UTC)


def session(
    routine: str,
    day: date,
    hour: int = 18,
    *,
    status: Status = Status.COMPLETED,
    after: int | None = None,
    next_day: int | None = None,
    before: int | None = None,
    minute: int = 0,
) -> Session:
    started = at(day, hour, minute)
    return Session(
        id=next(_ids),
        routine_id=routine,
        routine_name=routine.replace("-", " ").capitalize(),
        routine_path=f"/r/{routine}.toml",
        started_at=started,
        ended_at=None if status is Status.IN_PROGRESS else started + timedelta(minutes=15),
        updated_at=started + timedelta(minutes=15),
        status=status,
        active_seconds=900.0,
        paused_seconds=0.0,
        work_done=10,
        work_total=10,
        pain_before=before,
        pain_after=after,
        next_day=next_day,
    )


def imported_run(day: date, km: float, hour: int = 7, minute: int = 10) -> Run:
    start = at(day, hour, minute)
    return Run(next(_ids), day, km, km * 6, RunSource.GPX, start + timedelta(hours=2), start)


def hand_run(day: date, km: float, added: datetime, minutes: float | None = None) -> Run:
    """A run added by hand without a time: its moment is when it was added."""
    return Run(next(_ids), day, km, minutes, RunSource.MANUAL, added)


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """The system's local zone set to ``name`` for the block (Python and SQLite alike)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
