"""Runs: what the log keeps of each, when two files are one run, and the single-run spike.

docs/coaching.md, "Runs and the single-run spike", is the reference: a run more than 10 %
longer than the longest run of the 30 days before it gets a caution (Frandsen et al. 2025
found such single runs, not weekly totals, raised the risk of overuse injury).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

SPIKE_DAYS = 30  # the runs of the 30 days before a run set its bar
SPIKE_PERCENT = 10  # more than this much longer than the longest of them: a caution
SAME_START = timedelta(minutes=2)  # two imports starting this close, with distances ...
SAME_DISTANCE_PERCENT = 3  # ... this close, are one run
ADVICE = "keep the next runs shorter, and do the post-run stretch"


class RunSource(StrEnum):
    """Where a run came from: added by hand, or the kind of file it was imported from."""

    MANUAL = "manual"
    GPX = "gpx"
    TCX = "tcx"
    FIT = "fit"


@dataclass(frozen=True, slots=True)
class NewRun:
    """A run as it goes into the log. ``day`` is its local date; ``started_at`` its start
    (None for a run added by hand without a time); ``content_sha256`` the imported file's."""

    day: date
    km: float
    minutes: float | None
    source: RunSource
    added_at: datetime
    started_at: datetime | None = None
    content_sha256: str | None = None

    def __post_init__(self) -> None:
        if not self.km > 0 or self.km == float("inf"):
            raise ValueError(f"a run's distance must be above 0 km, not {self.km!r}")
        if self.minutes is not None and (not self.minutes > 0 or self.minutes == float("inf")):
            raise ValueError(f"a run's time must be above 0 minutes, not {self.minutes!r}")


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    day: date
    km: float
    minutes: float | None
    source: RunSource
    added_at: datetime
    started_at: datetime | None = None
    content_sha256: str | None = None

    @property
    def moment(self) -> datetime:
        """When it counts as having happened: its start, or for a run added by hand without
        a time, the moment it was added (docs/coaching.md, "Due today")."""
        return self.started_at if self.started_at is not None else self.added_at


def order(run: Run) -> tuple[date, datetime, int]:
    """Runs in the order they were run: by day, then moment (runs of one day)."""
    return (run.day, run.moment, run.id)


def _metres(km: float) -> int:
    """Distances compared in whole metres: 10.3 km is exactly 3 % more than 10 km."""
    return round(km * 1000)


def same_run(new: NewRun, old: Run) -> bool:
    """An import that is a run already in the log: the same file content, or a start within
    2 minutes and a distance within 3 % of it."""
    if new.content_sha256 is not None and new.content_sha256 == old.content_sha256:
        return True
    if new.started_at is None or old.started_at is None:
        return False
    if abs(new.started_at - old.started_at) > SAME_START:
        return False
    gap = abs(_metres(new.km) - _metres(old.km))
    return gap * 100 <= SAME_DISTANCE_PERCENT * _metres(old.km)


@dataclass(frozen=True, slots=True)
class Caution:
    """A run that was a spike: how long it was against the longest of the 30 days before."""

    km: float
    longest: float

    @property
    def percent(self) -> int:
        """How much longer, in whole percent rounded up: a spike (more than 10 %) never
        reads as "10 %"."""
        longer = (_metres(self.km) - _metres(self.longest)) * 100
        return -(-longer // _metres(self.longest))

    @property
    def text(self) -> str:
        return self.said_of(f"{km_text(self.km)} km")

    def said_of(self, run: str) -> str:
        """The caution about ``run`` as a sentence names it ("This morning's 12.0 km run")."""
        return (
            f"{run} is {self.percent} % longer than your longest run of the {SPIKE_DAYS} days "
            f"before ({km_text(self.longest)} km): {ADVICE}"
        )


def km_text(km: float) -> str:
    """A distance as a runner reads it: one decimal ("8.2"), two for short runs ("0.45")."""
    return f"{km:.2f}" if km < 1 else f"{km:.1f}"


def cautions(runs: Iterable[Run]) -> dict[int, Caution]:
    """Each run that is more than 10 % longer than the longest run of the 30 days before it
    (earlier runs of the same day included), by id; a run with none before it gets none."""
    ordered = sorted(runs, key=order)
    found: dict[int, Caution] = {}
    # The runs of the window, as a deque of candidates for its longest, longest first.
    window: deque[Run] = deque()
    for run in ordered:
        first_day = run.day - timedelta(days=SPIKE_DAYS)
        while window and window[0].day < first_day:
            window.popleft()
        if window:
            longest = window[0]
            if _metres(run.km) * 100 > _metres(longest.km) * (100 + SPIKE_PERCENT):
                found[run.id] = Caution(run.km, longest.km)
        while window and window[-1].km <= run.km:
            window.pop()
        window.append(run)
    return found


def recent(runs: Sequence[Run], today: date, days: int) -> list[Run]:
    """The runs of the last ``days`` days, today included, newest first."""
    first = today - timedelta(days=days - 1)
    return sorted((r for r in runs if first <= r.day <= today), key=order, reverse=True)
