"""How the history reads: sessions, work, weeks and sides in the runner's words.

No Qt: the history page, the after-session summary and ``hipcoach history``'s table format
the same things with the same functions, so a number never reads one way in the window and
another in the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from hipcoach.core.balance import ahead
from hipcoach.core.model import Side
from hipcoach.core.records import Session, Status, Unit, Week
from hipcoach.core.text import clock, plural
from hipcoach.core.weeks import streak_at_risk

if TYPE_CHECKING:  # only named: the command line formats without loading the database
    from hipcoach.application.statistics import Day, ExerciseTotals, Overview, Summary
    from hipcoach.application.trends import ExerciseDoses, SideDose

NONE = "\u2013"  # a number that does not exist yet
STATUS_WORDS = {
    Status.COMPLETED: "Completed",
    Status.STOPPED: "Stopped",
    Status.INTERRUPTED: "Interrupted",
    Status.IN_PROGRESS: "In progress",
}
SIDE_WORDS = {Side.LEFT: "Left", Side.RIGHT: "Right", None: "Both"}
UNIT_WORDS = {Unit.SECONDS: "seconds held", Unit.BREATHS: "breaths", Unit.REPS: "reps"}
UNIT_SHORT = {Unit.SECONDS: "held", Unit.BREATHS: "breaths", Unit.REPS: "reps"}


# -- numbers ---------------------------------------------------------------------------------


def minutes_text(minutes: float) -> str:
    """ "42 min", "1 h 5 min": a week's training as a runner says it."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def amount_text(value: float | None, unit: Unit) -> str:
    """What work achieved: "29 s", "1:05", "1 rep", "9.5 reps", "8 breaths"."""
    if value is None:
        return NONE
    if unit is Unit.SECONDS:
        seconds = round(value)
        return clock(seconds) if seconds >= 60 else f"{seconds} s"
    number = f"{value:.1f}".rstrip("0").rstrip(".")
    word = "breath" if unit is Unit.BREATHS else "rep"
    return f"{number} {word}{'' if number == '1' else 's'}"


def balance_text(imbalance: float | None) -> str:
    """Which side did more, per phase, as a share of the stronger: "Left 12 % more"."""
    if imbalance is None:
        return ""
    lead = ahead(imbalance)
    if lead is None:
        return "Even"
    side, percent = lead
    return f"{SIDE_WORDS[side]} {percent} % more"


# -- a session -------------------------------------------------------------------------------


def when_text(moment: datetime, today: date) -> str:
    """ "Wed 13 May, 18:00" in local time; the year only when it is not this one."""
    local = moment.astimezone()
    day = f"{local:%a} {local.day} {local:%b}"
    if local.year != today.year:
        day += f" {local.year}"
    return f"{day}, {local:%H:%M}"


def status_text(status: Status) -> str:
    return STATUS_WORDS[status]


def active_time(session: Session) -> str:
    """The session's active time, pauses left out: "17:30"."""
    return clock(round(session.active_seconds))


def pain_text(session: Session, arrow: str = "\u2192") -> str:
    """Pain before and after, "3 \u2192 2" ("?" for the one not given); empty without either."""
    if session.pain_before is None and session.pain_after is None:
        return ""
    before = "?" if session.pain_before is None else str(session.pain_before)
    after = "?" if session.pain_after is None else str(session.pain_after)
    return f"{before} {arrow} {after}"


def effort_text(session: Session) -> str:
    return "" if session.effort is None else str(session.effort)


def note_line(session: Session) -> str:
    """The note's first line: what fits in a table's row."""
    note = (session.notes or "").strip()
    return note.splitlines()[0] if note else ""


def day_words(day: date, today: date) -> str:
    """ "Wed 13 May"; the year only when it is not this one."""
    words = f"{day:%a} {day.day} {day:%b}"
    return words if day.year == today.year else f"{words} {day.year}"


def day_text(day: Day, today: date) -> str:
    """What a calendar day holds: "Wed 13 May: 2 sessions, 1 completed, 35 min"."""
    when = day_words(day.day, today)
    if day.day == today:
        when = f"Today, {when}"
    if not day.sessions:
        return f"{when}: no session"
    return (
        f"{when}: {plural(day.sessions, 'session')}, {day.completed} completed, "
        f"{minutes_text(day.seconds / 60)}"
    )


# -- weeks and the streak --------------------------------------------------------------------


def week_label(monday: date) -> str:
    return f"{monday.day} {monday:%b}"


def bar_label(monday: date) -> str:
    """The day over the month: twelve weeks fit 800 px without a label cut short."""
    return f'<div align="center">{monday.day}<br>{monday:%b}</div>'


def week_note(week: Week) -> str:
    """What is under this week's minutes: "2 sessions, 1 completed"."""
    if not week.sessions:
        return "No session yet this week"
    return f"{plural(week.sessions, 'session')}, {week.completed} completed"


def streak_note(summary: Summary) -> str:
    """What the streak asks of the runner now."""
    if summary.streak == 0:
        return "Complete a session to start one"
    if streak_at_risk(summary.streak, summary.this_week):
        return "Complete one this week to keep it"
    return "A completed session every week"


def period_text(overview: Overview) -> str:
    """ "12 weeks: 9 sessions, 2 h 5 min, 7 days with a completed one"."""
    return (
        f"{len(overview.summary.weeks)} weeks: "
        f"{plural(overview.period_sessions, 'session')}, "
        f"{minutes_text(overview.period_minutes)}, "
        f"{plural(overview.active_days, 'day')} with a completed one"
    )


def shown_text(shown: int, total: int) -> str:
    """Said when the table holds only the newest sessions."""
    return f"The newest {shown:,} of {total:,}; the export has them all" if total > shown else ""


# -- each exercise ---------------------------------------------------------------------------


def exercise_note(name: str, exercise: ExerciseTotals) -> str:
    """ "Clamshells: done 8 times, 1 time skipped; on average each time, reps"."""
    return (
        f"{name}: done {plural(exercise.phases, 'time')}, "
        f"{plural(exercise.skipped, 'time')} skipped; on average each time, "
        f"{UNIT_WORDS[exercise.unit]}"
    )


def dose_caption(name: str, unit: Unit, found: Sequence[ExerciseDoses], weeks: int) -> str:
    """The heading over one exercise's prescription chart; the routine it is charted in
    when it is in more than one."""
    if not found:
        return f"{name.upper()}: NOT DONE IN THESE {weeks} WEEKS"
    heading = f"{name.upper()}: {UNIT_WORDS[unit].upper()} ASKED PER SESSION"
    if len(found) > 1:
        others = ", ".join(e.routine for e in found[1:])
        heading += f" IN {found[0].routine.upper()} (ALSO IN {others.upper()})"
    return heading


# -- doses, session by session ---------------------------------------------------------------


def _amounts(values: list[str], unit: Unit) -> str:
    if len(set(values)) == 1:
        return f"{len(values)} x {values[0]} {unit.short}"
    return f"{', '.join(values)} {unit.short}"


def dose_text(dose: SideDose, unit: Unit) -> str:
    """What a session asked of one exercise-side: "3 x 11 reps", "1 x 30 s", "10, 12 reps"
    (a circuit's rounds, each asking its own)."""
    return _amounts([str(t) for t in dose.targets], unit)


def done_text(dose: SideDose, unit: Unit) -> str:
    """What was done against it: "3 x 11 reps", "11, 11, 7 reps"; a phase skipped, or cut
    short by a stop, is a dash."""
    return _amounts([NONE if d is None else str(d) for d in dose.done], unit)


def signal_words(before: int | None, after: int | None, next_day: int | None) -> str:
    """A session's pain scores in a line: "before 3, after 2, next morning 4"."""
    parts = [
        f"{word} {value}"
        for word, value in (("before", before), ("after", after), ("next morning", next_day))
        if value is not None
    ]
    return ", ".join(parts) or "no pain scores"
