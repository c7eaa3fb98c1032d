"""The weekly plan: the routines a week asks for, targets that ramp up and step back, and what
is due today, with the reason in words.

docs/coaching.md ("The weekly plan", "Weekly targets", "Due today") is the reference for
every rule here. Like a prescription, a weekly target is not stored: it is replayed week by
week from the history as it is now, so a next-morning pain given later, or a deleted
session, replays into the right target. Weeks are ISO weeks, Monday to Sunday, in the
runner's local time (the system's zone).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from hipcoach.core.coaching import Session, Zone, signal, zone
from hipcoach.core.model import Kind
from hipcoach.core.records import Status
from hipcoach.core.runs import Run, km_text
from hipcoach.core.text import plural
from hipcoach.core.weeks import monday

MAX_PER_WEEK = 14
GOOD_WEEKS = 3  # good weeks in a row that ramp a ranged target up by one
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class PerWeek:
    """Sessions a week: a fixed count (low == high), or a range that ramps from its low end."""

    low: int
    high: int

    @property
    def ranged(self) -> bool:
        return self.low < self.high

    def __str__(self) -> str:
        return f"{self.low}-{self.high}" if self.ranged else str(self.low)


@dataclass(frozen=True, slots=True)
class PlannedRoutine:
    """One ``[[routine]]`` of the plan. ``spacing`` None takes the default by the routine's
    kind; ``line`` is where the file names it, for problems found once the library is known."""

    id: str
    per_week: PerWeek | None = None
    spacing: int | None = None
    after_run: bool = False
    line: int = 1

    def spacing_for(self, kind: Kind | None) -> int:
        """Whole days to leave between two sessions: as written, else 1 for a strength
        routine and 0 for any other."""
        if self.spacing is not None:
            return self.spacing
        return 1 if kind is Kind.STRENGTH else 0


@dataclass(frozen=True, slots=True)
class Reminder:
    """``[reminder]``: the local time of the daily reminder, on these weekdays (0 is
    Monday; None every day)."""

    at: time
    days: tuple[int, ...] | None = None

    def on(self, day: date) -> bool:
        return self.days is None or day.weekday() in self.days


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """The plan: its routines in the file's order, the reminder, and where it came from
    (None: the default plan, there being no ``plan.toml``)."""

    routines: tuple[PlannedRoutine, ...]
    reminder: Reminder | None = None
    path: str | None = None

    def find(self, routine_id: str) -> PlannedRoutine | None:
        return next((r for r in self.routines if r.id == routine_id), None)


# The domain articles' rhythm: strength once a week building to two or three, the stretch
# after every run, the yoga flow once a week (docs/coaching.md, "Without a plan.toml").
DEFAULT_PLAN = WeekPlan(
    (
        PlannedRoutine("hip-strength", per_week=PerWeek(1, 3)),
        PlannedRoutine("post-run-stretch", after_run=True),
        PlannedRoutine("yoga-hip-flow", per_week=PerWeek(1, 1)),
    )
)


# -- days ------------------------------------------------------------------------------------


def local_day(moment: datetime) -> date:
    """The local calendar date of an instant (the system's zone)."""
    return moment.astimezone().date()


def local_midnight(day: date) -> datetime:
    """The first instant of a local day, as an aware datetime."""
    return datetime.combine(day, time()).astimezone()


# -- weekly targets -------------------------------------------------------------------------

FlagStands = Callable[[datetime], bool]
"""Whether a red flag stands at a moment (the coach's flags, from every routine's sessions):
while one does, no target ramps up."""


def no_flags(_moment: datetime) -> bool:
    return False


class Change(StrEnum):
    """What a past week did to the next week's target."""

    NONE = ""
    UP = "up"  # three good weeks in a row
    BACK = "back"  # a too-much session
    HELD = "held"  # three good weeks, but a red flag stood
    TOP = "top"  # three good weeks at the high end already


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One past week of one routine: its target, completed sessions, whether it was good,
    and what it did to the next week's target."""

    monday: date
    target: int
    completed: int
    good: bool
    too_much: bool
    change: Change
    good_in_a_row: int  # after this week


@dataclass(frozen=True, slots=True)
class WeeklyTarget:
    """This week's target of one weekly routine, how it came about, and the weeks behind it
    (oldest first: the report's adherence per week)."""

    routine_id: str
    per_week: PerWeek
    target: int
    good_in_a_row: int
    weeks: tuple[PlanWeek, ...] = ()

    @property
    def why(self) -> str:
        """How this week's target came about, in words."""
        if not self.per_week.ranged:
            return f"a fixed {self.target} a week"
        last = next((w for w in reversed(self.weeks) if w.change is not Change.NONE), None)
        of = f"{self.target} a week (of {self.per_week})"
        if last is None or last.change is Change.TOP:
            start = "starts at its low end" if last is None else "at its high end"
            return f"{of}: {start}"
        if last.change is Change.UP:
            return f"{of}: up after three good weeks in a row"
        if last.change is Change.BACK:
            return f"{of}: back after a week with a too-much session"
        return f"{of}: three good weeks, but a red flag stands"


@dataclass(frozen=True, slots=True)
class _WeekSignals:
    completed: Counter[tuple[str, date]]  # (routine, Monday) -> completed sessions
    first: dict[str, date]  # routine -> the Monday of its first completed session
    unsafe: set[date]  # Mondays of weeks with an evaluated session that was not safe
    too_much: set[date]  # Mondays of weeks with a too-much session


def weeks_of(sessions: Iterable[Session]) -> Iterator[tuple[date, Session]]:
    """Each session with the Monday of its local week, in the order they started.

    The weeks' bounds are worked out once each (local midnights, daylight saving included)
    and the sessions compared against them, so ten years of sessions cost 520 conversions
    to local time, not one each."""
    ordered = sorted(sessions, key=lambda s: s.started_at)
    if not ordered:
        return
    week = monday(local_day(ordered[0].started_at))
    ends = local_midnight(week + timedelta(weeks=1))
    for session in ordered:
        if session.started_at >= ends:
            # Most often the next week: its end is the one conversion needed.
            week += timedelta(weeks=1)
            ends = local_midnight(week + timedelta(weeks=1))
            if session.started_at >= ends:
                week = monday(local_day(session.started_at))
                ends = local_midnight(week + timedelta(weeks=1))
        yield week, session


def _signals(sessions: Iterable[Session]) -> _WeekSignals:
    completed: Counter[tuple[str, date]] = Counter()
    first: dict[str, date] = {}
    unsafe: set[date] = set()
    too_much: set[date] = set()
    for week, session in weeks_of(sessions):
        if session.status is Status.COMPLETED:
            completed[(session.routine_id, week)] += 1
            first.setdefault(session.routine_id, week)  # the earliest: they come in order
        score = signal(session)  # the coach's: the larger of pain after and next morning
        if score is None:
            continue
        if zone(score) is Zone.TOO_MUCH:
            too_much.add(week)
        if zone(score) is not Zone.SAFE:
            unsafe.add(week)
    return _WeekSignals(completed, first, unsafe, too_much)


def _replay(
    routine_id: str, per_week: PerWeek, signals: _WeekSignals, this_week: date, flag: FlagStands
) -> WeeklyTarget:
    """The weeks of a ranged target from the routine's first completed session to last week.

    Weeks before that first session could not be good (nothing completed) nor push a target
    below its low end, so starting there is the same as starting when it entered the plan.
    """
    target, row = per_week.low, 0
    weeks: list[PlanWeek] = []
    week = signals.first.get(routine_id, this_week)
    while week < this_week:
        done = signals.completed.get((routine_id, week), 0)
        too_much = week in signals.too_much
        good = done >= target and week not in signals.unsafe
        change, after = Change.NONE, target
        if too_much:
            after, row = max(per_week.low, target - 1), 0
            change = Change.BACK
        elif good:
            row += 1
            if row >= GOOD_WEEKS:
                if target >= per_week.high:
                    change, row = Change.TOP, 0
                elif flag(local_midnight(week + timedelta(weeks=1))):
                    change = Change.HELD  # the row holds: the next good week may ramp
                else:
                    after, row, change = target + 1, 0, Change.UP
        else:
            row = 0
        weeks.append(PlanWeek(week, target, done, good, too_much, change, row))
        target = after
        week += timedelta(weeks=1)
    return WeeklyTarget(routine_id, per_week, target, row, tuple(weeks))


def weekly_targets(
    plan: WeekPlan,
    sessions: Iterable[Session],
    today: date,
    flag_stands: FlagStands = no_flags,
) -> dict[str, WeeklyTarget]:
    """This week's target of each weekly routine of the plan, by id: a fixed count as
    written; a range replayed week by week (docs/coaching.md, "Weekly targets")."""
    weekly = [r for r in plan.routines if r.per_week is not None]
    signals = _signals(sessions)
    this_week = monday(today)
    out: dict[str, WeeklyTarget] = {}
    for routine in weekly:
        assert routine.per_week is not None
        if routine.per_week.ranged:
            out[routine.id] = _replay(routine.id, routine.per_week, signals, this_week, flag_stands)
        else:
            out[routine.id] = WeeklyTarget(routine.id, routine.per_week, routine.per_week.low, 0)
    return out


# -- due today -------------------------------------------------------------------------------


class Because(StrEnum):
    WEEK = "week"  # the week's target is not met yet
    RUN = "run"  # a run of today or yesterday calls for it


@dataclass(frozen=True, slots=True)
class Due:
    """A routine due today, and why; for a weekly one the week so far, for an after-run one
    the run that calls for it."""

    routine_id: str
    why: str
    because: Because
    done: int | None = None
    target: int | None = None
    run: Run | None = None


@dataclass(frozen=True, slots=True)
class NotDue:
    """A routine of the plan that is not due today, and why (done for the week, resting
    between sessions, waiting for a run)."""

    routine_id: str
    why: str


def run_words(run: Run, today: date) -> str:
    """A run as a reason names it: "this morning's 8.2 km run", "yesterday's 5.0 km run",
    "Saturday's 12.0 km run" (a run of the last week)."""
    distance = f"{km_text(run.km)} km run"
    if (today - run.day).days > 1:
        return f"{WEEKDAYS[run.day.weekday()]}'s {distance}"
    yesterday = run.day < today
    if run.started_at is None:
        return f"{'yesterday' if yesterday else 'today'}'s {distance}"
    hour = run.started_at.astimezone().hour
    if yesterday:
        part = "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
        return f"last night's {distance}" if hour >= 21 else f"yesterday {part}'s {distance}"
    if hour >= 21:
        return f"tonight's {distance}"
    part = "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
    return f"this {part}'s {distance}"


def _day_words(day: date, today: date) -> str:
    gap = (today - day).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "yesterday"
    return "on " + WEEKDAYS[day.weekday()]


def due_today(
    plan: WeekPlan,
    kinds: Mapping[str, Kind],
    targets: Mapping[str, WeeklyTarget],
    sessions: Iterable[Session],
    runs: Sequence[Run],
    now: datetime,
) -> tuple[list[Due], list[NotDue]]:
    """What is due today and why, in the plan's order, and what is not and why.

    ``kinds`` gives each routine's kind (the default spacing); ``targets`` this week's
    targets (``weekly_targets``); ``runs`` at least those of today and yesterday."""
    today = local_day(now)
    this_week = monday(today)
    done_this_week: Counter[str] = Counter()
    last_day: dict[str, date] = {}
    completed_starts: dict[str, list[datetime]] = defaultdict(list)
    # Only this week's sessions, yesterday's, and those within the longest spacing can
    # matter: the rest are passed over without a conversion to local time.
    longest = max((r.spacing_for(kinds.get(r.id)) for r in plan.routines), default=0)
    horizon = local_midnight(today - timedelta(days=min(longest, 36500) + 8))
    for session in sessions:
        if session.status is not Status.COMPLETED or not horizon <= session.started_at <= now:
            continue
        day = local_day(session.started_at)
        if monday(day) == this_week:
            done_this_week[session.routine_id] += 1
        if session.routine_id not in last_day or day > last_day[session.routine_id]:
            last_day[session.routine_id] = day
        completed_starts[session.routine_id].append(session.started_at)
    yesterday = today - timedelta(days=1)
    calling = [r for r in runs if yesterday <= r.day <= today and r.moment <= now]
    latest_run = max(calling, key=lambda r: (r.moment, r.id), default=None)

    due: list[Due] = []
    not_due: list[NotDue] = []
    for routine in plan.routines:
        reasons: list[Due] = []
        waits: list[str] = []
        if routine.after_run:
            if latest_run is None:
                waits.append("after your next run")
            elif any(start > latest_run.moment for start in completed_starts[routine.id]):
                waits.append(f"done after {run_words(latest_run, today)}")
            else:
                reasons.append(
                    Due(
                        routine.id,
                        f"after {run_words(latest_run, today)}",
                        Because.RUN,
                        run=latest_run,
                    )
                )
        target = targets.get(routine.id)
        if routine.per_week is not None and target is not None:
            done = done_this_week[routine.id]
            spacing = routine.spacing_for(kinds.get(routine.id))
            last = last_day.get(routine.id)
            if done >= target.target:
                waits.append(f"done for this week ({done} of {target.target})")
            elif spacing and last is not None and (today - last).days <= spacing:
                again = last + timedelta(days=spacing + 1)
                when = (
                    "next week" if monday(again) > this_week else f"on {WEEKDAYS[again.weekday()]}"
                )
                waits.append(
                    f"{done} of {target.target} done this week; done {_day_words(last, today)}, "
                    f"due again {when}"
                )
            else:
                left = target.target - done
                days_left = 7 - today.weekday()
                reasons.append(
                    Due(
                        routine.id,
                        f"{done} of {target.target} done this week: {left} more, "
                        f"{plural(days_left, 'day')} left",
                        Because.WEEK,
                        done=done,
                        target=target.target,
                    )
                )
        if reasons:
            first = reasons[0]
            if len(reasons) > 1:
                week = reasons[1]
                first = Due(
                    routine.id,
                    f"{first.why}; {week.why}",
                    first.because,
                    week.done,
                    week.target,
                    first.run,
                )
            due.append(first)
        elif waits:
            not_due.append(NotDue(routine.id, "; ".join(waits)))
    return due, not_due
