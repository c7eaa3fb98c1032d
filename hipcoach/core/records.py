"""What the history keeps, as plain values: no SQLAlchemy, so the fake and the GUI share them.

Times are aware datetimes in UTC; durations are session-clock seconds (at ``--speed 20`` a
minute of work is recorded as a minute).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import NamedTuple

from hipcoach.core.model import Side
from hipcoach.core.model import Unit as Unit  # re-exported: the history keeps the same units

ExerciseSide = tuple[str, Side | None]  # (exercise id, side): what a prescription is for


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # the timeline reached its end
    STOPPED = "stopped"  # the runner (or Ctrl-C, SIGTERM) stopped it
    INTERRUPTED = "interrupted"  # its process died; found by the next one to open history


ANSWERS = ("swelling", "sharp", "giving-way", "night-pain", "no-weight")  # docs/coaching.md


class Dosing(StrEnum):
    """How a session was dosed: at the coach's prescriptions, as the file writes it (the low
    ends), or one rung lower for pain before (docs/coaching.md)."""

    COACHED = "coached"
    AS_WRITTEN = "as_written"
    LOWER = "lower"


class WorkOutcome(StrEnum):
    COMPLETED = "completed"  # ran to its end
    DONE = "done"  # the runner ended it early; what was done counts
    SKIPPED = "skipped"
    STOPPED = "stopped"  # the session was stopped during it


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session as it starts: the routine as it was that day, and how much work it holds."""

    routine_id: str
    routine_name: str
    routine_path: str
    routine_text: str
    started_at: datetime
    work_total: int
    dosing: Dosing = Dosing.COACHED


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    routine_id: str
    routine_name: str
    routine_path: str
    started_at: datetime
    ended_at: datetime | None
    updated_at: datetime  # the last time it was saved: when an interrupted one was last alive
    status: Status
    active_seconds: float
    paused_seconds: float
    work_done: int
    work_total: int
    pain_before: int | None = None
    pain_after: int | None = None
    effort: int | None = None
    notes: str | None = None
    next_day: int | None = None  # the pain the morning after
    answers: tuple[str, ...] | None = None  # red-flag answers; () none of them; None not asked
    dosing: Dosing = Dosing.COACHED


@dataclass(frozen=True, slots=True)
class WorkPhase:
    """One work phase as it was done: what the plan asked, what the runner did, on which side."""

    phase_index: int  # its index in the plan
    exercise: str
    side: Side | None
    set_number: int
    unit: Unit
    target: int
    done: int
    outcome: WorkOutcome
    started_at: datetime
    ended_at: datetime
    seconds: float  # active seconds spent in it
    pain: bool | None = None  # the runner marked this exercise-side as hurting (docs/coaching.md)
    exercise_id: str = ""
    round: int | None = None
    circuit: str | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a running session stands; saved with every phase so a crash loses little."""

    active_seconds: float
    paused_seconds: float
    work_done: int
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class CheckIn:
    """The after-session check-in; None leaves a value as it was."""

    pain_before: int | None = None
    pain_after: int | None = None
    effort: int | None = None
    notes: str | None = None
    next_day: int | None = None
    answers: tuple[str, ...] | None = None  # replaces the earlier answers when given
    # The exercise-sides that hurt in that session (``checkin --hurt``); when given, the
    # whole earlier list, H marks included, is replaced (docs/command-line.md).
    hurt: tuple[ExerciseSide, ...] | None = None

    def __post_init__(self) -> None:
        for name, value, low in (
            ("pain_before", self.pain_before, 0),
            ("pain_after", self.pain_after, 0),
            ("effort", self.effort, 1),
            ("next_day", self.next_day, 0),
        ):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 10:
                raise ValueError(f"{name} must be a whole number from {low} to 10, not {value!r}")
        unknown = set(self.answers or ()) - set(ANSWERS)
        if unknown:
            raise ValueError(f"unknown answer {sorted(unknown)[0]!r}")


class CheckedSession(NamedTuple):
    """A session as the coach reads it: when it started, how it ended and was dosed, and
    what its check-in said (``Session`` has the same fields, and more)."""

    id: int
    routine_id: str
    started_at: datetime
    status: Status
    pain_before: int | None = None
    pain_after: int | None = None
    next_day: int | None = None
    answers: tuple[str, ...] | None = None
    dosing: Dosing = Dosing.COACHED


class SideWork(NamedTuple):
    """How one exercise-side went in one session, as the coach reads it (docs/coaching.md).

    ``full``: every one of its work phases reached its target (a phase run again after Back
    counts when one of its runs did); none was skipped or ended short.
    """

    full: bool
    hurt: bool = False  # marked as hurting (H in the player, ``checkin --hurt``)


class Asked(NamedTuple):
    """What one exercise-side asked in a session: the sets it reached, its largest target
    and, in a circuit, the rounds (what a cue compares today's dose with)."""

    sets: int
    amount: int
    rounds: int | None = None


@dataclass(frozen=True, slots=True)
class Reset:
    """A ladder started over (``coach --reset``): one exercise of a routine, or all of it."""

    routine_id: str
    exercise_id: str | None
    at: datetime


class CoachHistory(NamedTuple):
    """The history as the coach replays it (``Coach``'s inputs), read in one snapshot: every
    session, the exercise-sides' work of the routines asked for, the resets, and per
    routine what each exercise-side asked in its latest completed session."""

    sessions: list[CheckedSession]
    work: Mapping[int, Mapping[ExerciseSide, SideWork]]
    resets: list[Reset]
    last: Mapping[str, Mapping[ExerciseSide, Asked]]


@dataclass(frozen=True, slots=True)
class LastDone:
    """When a routine was last done: completed, or stopped after doing some of its work."""

    at: datetime
    stopped_after: float | None = None  # active seconds, when it was stopped


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week in local time: sessions started in it, how many completed, how long."""

    monday: date
    sessions: int = 0
    completed: int = 0
    seconds: float = 0.0  # active seconds, every status

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def iso(self) -> tuple[int, int]:
        """(ISO year, ISO week number), e.g. (2026, 19)."""
        year, number, _ = self.monday.isocalendar()
        return year, number


class WorkTotal(NamedTuple):
    """All work phases of one exercise on one side in one unit, added up."""

    exercise: str
    side: Side | None
    unit: Unit
    phases: int  # completed or done
    skipped: int
    done: int  # added up over the completed and done phases, in ``unit``
    target: int  # what the plan asked of those same phases


class WeekWork(NamedTuple):
    """The counted work phases of one exercise on one side in one unit, in the local ISO
    week its session started: how the exercise went, week by week."""

    monday: date
    exercise: str
    side: Side | None
    unit: Unit
    phases: int  # completed or done
    done: int  # added up, in ``unit``
    target: int


def utc_now() -> datetime:
    """The wall clock, in UTC: the default clock of everything that stamps history."""
    return datetime.now(UTC)
