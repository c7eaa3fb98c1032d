"""The run log's use cases, Qt-free: log a run by hand, import run files, list the runs with
their cautions (docs/coaching.md, "Runs and the single-run spike").

The command line and the window call the same functions, so an import refused in one is
refused, with the same line, in the other.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.adapters.history.errors import DuplicateRunError
from hipcoach.adapters.run_files import RunFileError, read_run_file
from hipcoach.core.records import utc_now
from hipcoach.core.runs import (
    SPIKE_DAYS,
    Caution,
    NewRun,
    Run,
    RunSource,
    cautions,
    km_text,
    same_run,
)
from hipcoach.core.weeks import monday

if TYPE_CHECKING:
    from hipcoach.adapters.history.repository import Store

MAX_KM = 1000.0  # a run by hand longer than this is a typo (a multi-day ultra is ~500 km)
MAX_MINUTES = 14 * 24 * 60.0


class RunInputError(ValueError):
    """A run that cannot be logged as given: one line saying what to give (exit 2)."""


@dataclass(frozen=True, slots=True)
class RunNote:
    """A run as the log shows it: with its caution, if it was a spike."""

    run: Run
    caution: Caution | None = None

    def to_json(self) -> dict[str, object]:
        """One run of ``runs --json`` (docs/command-line.md)."""
        run = self.run
        return {
            "id": run.id,
            "date": run.day.isoformat(),
            "started_at": None
            if run.started_at is None
            else run.started_at.astimezone().isoformat(),
            "km": round(run.km, 3),
            "minutes": None if run.minutes is None else round(run.minutes, 1),
            "caution": None if self.caution is None else self.caution.text,
            "source": run.source.value,
        }


def with_cautions(runs: Sequence[Run], shown: Iterable[Run] | None = None) -> list[RunNote]:
    """``shown`` (default: every run), each with its caution worked out over ``runs``."""
    found = cautions(runs)
    return [RunNote(run, found.get(run.id)) for run in (runs if shown is None else shown)]


def run_log(store: Store) -> list[RunNote]:
    """Every run, newest first, with its caution."""
    with store.reading() as unit:
        runs = unit.history.runs()
    return with_cautions(runs)


def log_run(
    store: Store,
    km: float,
    minutes: float | None = None,
    day: date | None = None,
    now: datetime | None = None,
) -> RunNote:
    """A run added by hand (``runs add``, the window's Log a run): its moment is now, its
    day ``day`` (default today); it comes back with its caution."""
    moment = now or utc_now()
    today = moment.astimezone().date()
    day = day or today
    if not math.isfinite(km) or not 0 < km <= MAX_KM:
        raise RunInputError(f"--km must be a distance above 0 and at most {MAX_KM:.0f}, not {km:g}")
    if minutes is not None and (not math.isfinite(minutes) or not 0 < minutes <= MAX_MINUTES):
        raise RunInputError(f"--minutes must be a time above 0, not {minutes:g}")
    if day > today:
        raise RunInputError(f"--date {day.isoformat()} is in the future: log a run once it is run")
    new = NewRun(day, km, minutes, RunSource.MANUAL, moment)
    with store.unit_of_work() as unit:
        run_id = unit.history.add_run(new)
        unit.commit()
        return _noted(unit.history.runs(since=day - timedelta(days=SPIKE_DAYS)), run_id)


def _noted(runs: Sequence[Run], run_id: int) -> RunNote:
    run = next(r for r in runs if r.id == run_id)
    return RunNote(run, cautions(runs).get(run_id))


@dataclass(frozen=True, slots=True)
class Imported:
    """What became of one file: imported (``note``), the same as a run already logged
    (``same_as``), or refused (``problem``, one line)."""

    path: Path
    note: RunNote | None = None
    same_as: Run | None = None
    problem: str | None = None

    @property
    def line(self) -> str:
        """What the command line and the window say about the file."""
        if self.problem is not None:
            return f"{self.path}: {self.problem}"
        if self.same_as is not None:
            return f"{self.path}: imported before ({describe(self.same_as)}), not added again"
        assert self.note is not None
        line = f"{self.path}: {describe(self.note.run)}"
        if self.note.caution is not None:
            line += f"\n  Caution: {self.note.caution.text}"
        return line


def describe(run: Run) -> str:
    """ "the 8.2 km run of Tue 12 May 2026, 07:10, 47 min" """
    when = f"{run.day:%a} {run.day.day} {run.day:%b %Y}"
    if run.started_at is not None:
        when += f", {run.started_at.astimezone():%H:%M}"
    length = "" if run.minutes is None else f", {round(run.minutes)} min"
    return f"the {km_text(run.km)} km run of {when}{length}"


def import_runs(
    store: Store,
    paths: Sequence[Path],
    now: datetime | None = None,
    progress: Callable[[Imported], None] | None = None,
) -> list[Imported]:
    """Import each file as one run: a file already imported (the same content, or a run
    starting within 2 minutes with a distance within 3 %) is not added again, a file that
    is not a run is refused with one line; the others are imported, each on its own."""
    moment = now or utc_now()
    out: list[Imported] = []
    for path in paths:
        result = _import_one(store, path, moment)
        out.append(result)
        if progress is not None:
            progress(result)
    return out


def _import_one(store: Store, path: Path, now: datetime) -> Imported:
    try:
        found = read_run_file(path)
    except RunFileError as error:
        return Imported(path, problem=str(error))
    day = found.started_at.astimezone().date()
    new = NewRun(day, found.km, found.minutes, found.source, now, found.started_at, found.sha256)
    with store.unit_of_work() as unit:
        near = unit.history.runs(since=day - timedelta(days=1))
        same = next((run for run in near if same_run(new, run)), None)
        if same is not None:
            return Imported(path, same_as=same)
        try:
            run_id = unit.history.add_run(new)
        except DuplicateRunError as error:
            logged = next((r for r in unit.history.runs() if r.id == error.run_id), None)
            return Imported(path, same_as=logged)
        unit.commit()
        return Imported(
            path, note=_noted(unit.history.runs(since=day - timedelta(days=SPIKE_DAYS)), run_id)
        )


@dataclass(frozen=True, slots=True)
class RunWeek:
    """One local ISO week of running: how far in all, how many runs, how many cautions."""

    monday: date
    km: float = 0.0
    runs: int = 0
    cautions: int = 0


def runs_per_week(notes: Iterable[RunNote], last: date, count: int) -> list[RunWeek]:
    """The ``count`` weeks up to the one holding ``last``, oldest first, empty ones too."""
    final = monday(last)
    first = final - timedelta(weeks=count - 1)
    weeks = {first + timedelta(weeks=n): RunWeek(first + timedelta(weeks=n)) for n in range(count)}
    for note in notes:
        week = weeks.get(monday(note.run.day))
        if week is None:
            continue
        weeks[week.monday] = RunWeek(
            week.monday,
            week.km + note.run.km,
            week.runs + 1,
            week.cautions + (note.caution is not None),
        )
    return list(weeks.values())


def run_weeks(store: Store, on: date, count: int = 12) -> list[RunWeek]:
    """Runs per week for the history page: the last ``count`` weeks up to ``on``'s."""
    first = monday(on) - timedelta(weeks=count - 1)
    with store.reading() as unit:
        runs = unit.history.runs(since=first - timedelta(days=SPIKE_DAYS))
    return runs_per_week(with_cautions(runs), on, count)
