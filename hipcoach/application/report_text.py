"""How the report words what it shows, Qt-free: dates and ranges, zones, flags and answers,
each exercise-side's rows. The PDF lays these out; tests read them back with pdftotext."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hipcoach.application.adherence import AdherenceWeek, Planned
from hipcoach.application.history_text import NONE, done_text, dose_text, minutes_text
from hipcoach.application.report import Report
from hipcoach.application.runs import RunWeek
from hipcoach.application.trends import ExerciseDoses, SideDose
from hipcoach.core.coaching import FlagKind, Move, RedFlag, SideCoaching, Zone
from hipcoach.core.coaching import dose_text as prescription_text
from hipcoach.core.model import Side
from hipcoach.core.records import Unit
from hipcoach.core.text import plural

SELF_REPORTED = (
    "Everything in this report was reported by the runner in hipcoach: pain scores, what was "
    "done, hurt marks, answers and notes. hipcoach gives advice on training load; it does not "
    "diagnose anything."
)
ANSWER_WORDS = {  # the check-in's questions (docs/coaching.md, "Red flags")
    "swelling": "swelling",
    "sharp": "sharp, local pain",
    "giving-way": "the hip gives way",
    "night-pain": "pain at night or at rest",
    "no-weight": "cannot put weight on the leg",
}
FLAG_WORDS = {
    FlagKind.SEVERE: "Severe pain",
    FlagKind.RISING: "Rising pain",
    FlagKind.LASTING: "Lasting pain",
    FlagKind.ANSWER: "Answered yes",
}
ZONE_WORDS = {
    Zone.SAFE: "safe (0-3)",
    Zone.ACCEPTABLE: "acceptable (4-5)",
    Zone.TOO_MUCH: "too much (6-10)",
}


def day_text(day: date) -> str:
    """ "3 Aug 2026" """
    return f"{day.day} {day:%b} {day.year}"


def short_day(moment: datetime | date, year: bool = False) -> str:
    """ "Mon 3 Aug" in local time, as a table row reads it ("Mon 3 Aug 2026" with the year)."""
    day = moment.astimezone().date() if isinstance(moment, datetime) else moment
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")


def range_text(since: date, until: date) -> str:
    """ "12 May - 3 Aug 2026", the first year only when the two differ."""
    if since.year == until.year:
        return f"{since.day} {since:%b} \u2013 {day_text(until)}"
    return f"{day_text(since)} \u2013 {day_text(until)}"


def made_text(report: Report) -> str:
    made = report.made.astimezone()
    return f"Made {day_text(made.date())}, {made:%H:%M} with hipcoach {report.version}"


def overview_text(report: Report) -> str:
    """ "27 sessions (24 completed), 6 h 10 min, 1,234 work phases" """
    completed = sum(w.completed for w in report.weeks)
    return (
        f"{plural(len(report.sessions), 'session')} ({completed} completed), "
        f"{minutes_text(report.minutes)}, {plural(report.phases, 'work phase')}"
    )


def zones_text(report: Report) -> str:
    """The count of sessions per zone of the pain that decides."""
    parts = [f"{ZONE_WORDS[z]}: {report.zones.get(z, 0)}" for z in ZONE_WORDS]
    if report.unevaluated:
        parts.append(f"no pain after given: {report.unevaluated}")
    return "; ".join(parts)


def flag_title(flag: RedFlag) -> str:
    if flag.kind is FlagKind.ANSWER and flag.answer is not None:
        return f"{FLAG_WORDS[flag.kind]}: {ANSWER_WORDS.get(flag.answer, flag.answer)}"
    return FLAG_WORDS[flag.kind]


def answers_text(answers: Sequence[str]) -> str:
    if not answers:
        return "none of them"
    return ", ".join(ANSWER_WORDS.get(a, a) for a in answers)


def answered_text(report: Report) -> str:
    """How the red-flag questions were answered: "12 check-ins answered the red-flag
    questions, 1 with a yes"."""
    answered = len(report.answers)
    if not answered:
        return "The check-in's red-flag questions were not answered in this period"
    yes = sum(1 for a in report.answers if a.answers)
    asked = f"{plural(answered, 'check-in')} answered the red-flag questions"
    return f"{asked}, {yes or 'none'} with a yes"


def planned_text(planned: Planned) -> str:
    """ "2 of 3" """
    return f"{planned.done} of {planned.target}"


def side_heading(side: Side | None) -> str:
    return {Side.LEFT: "Left", Side.RIGHT: "Right", None: "Both sides"}[side]


def now_text(coaching: SideCoaching) -> str:
    """Today's prescription and the last decision: "3 x 12 reps (up: two easy ...)"."""
    return f"{coaching.dose} ({coaching.standing.why})"


# -- each exercise's rows ----------------------------------------------------------------------


HALF_YEAR_DAYS = 26 * 7  # up to this, an exercise's rows go session by session


@dataclass(frozen=True, slots=True)
class DoseRow:
    """One row of an exercise's table: a session, or several alike in a row; per side what
    was asked and what was done, and the hurt marks."""

    when: str
    cells: tuple[tuple[str, str], ...]  # per side: asked, done
    hurt: str
    moved: str = ""  # the coach's decisions that moved a dose after it, with their reasons:
    # "After Mon 23 Mar: left 3 x 11 reps (down: pain 6/10 after)"


def _done_words(doses: Sequence[SideDose], unit: Unit) -> str:
    if len(doses) == 1:
        dose = doses[0]
        return "in full" if dose.in_full else done_text(dose, unit)
    full = sum(d.in_full for d in doses)
    return f"in full {full} of {len(doses)}"


def period_of(day: date, span_days: int) -> tuple[date, str]:
    """The period a day falls in for a range of ``span_days``: its month up to two years,
    its quarter up to six, else its year; (the period's first day, its name)."""
    if span_days <= 2 * 366:
        return date(day.year, day.month, 1), f"{day:%b} {day.year}"
    if span_days <= 6 * 366:
        quarter = (day.month - 1) // 3
        return date(day.year, quarter * 3 + 1, 1), f"Q{quarter + 1} {day.year}"
    return date(day.year, 1, 1), str(day.year)


def _asked_range(doses: Sequence[SideDose], unit: Unit) -> str:
    """ "3 x 10 reps" or, where the dose moved within a period, "3 x 10 - 3 x 12 reps"."""
    ordered = sorted(doses, key=lambda d: (d.asked, d.targets))
    low, high = dose_text(ordered[0], unit), dose_text(ordered[-1], unit)
    if low == high:
        return low
    return f"{low.removesuffix(' ' + unit.short)} \u2013 {high}"


def moved_text(moves: Sequence[Move], unit: Unit) -> str:
    """What a session's decisions did, in the coach's words: "left 3 x 12 reps, right 3 x 11
    reps (up: two easy sessions done in full)"; sides moved for one reason share it."""
    reasons: dict[str, list[str]] = {}
    for move in moves:
        dose = prescription_text(move.after, unit)
        side = f"{side_heading(move.side).lower()} " if move.side is not None else ""
        reasons.setdefault(move.why, []).append(side + dose)
    return "; ".join(f"{', '.join(doses)} ({why})" for why, doses in reasons.items())


def moves_summary(moves: Sequence[Move]) -> str:
    """A period's decisions counted: "up 4, down 2 (pain 6/10 after 2x)"."""
    ups = sum(m.why.startswith("up") for m in moves)
    starts = sum(m.why.startswith("start") for m in moves)
    downs: dict[str, int] = {}
    for move in moves:
        if move.why.startswith("down"):
            reason = move.why.removeprefix("down: ")
            downs[reason] = downs.get(reason, 0) + 1
    parts = [f"up {ups}"] if ups else []
    if downs:
        why = ", ".join(f"{reason} {count}x" for reason, count in downs.items())
        parts.append(f"down {sum(downs.values())} ({why})")
    if starts:
        parts.append(f"started over {starts}x")
    return ", ".join(parts)


def dose_rows(
    exercise: ExerciseDoses,
    year: bool = False,
    span_days: int | None = None,
    moves: Sequence[Move] = (),
) -> list[DoseRow]:
    """Session by session, where something happened: a dose that moved, a side done short
    of it, a hurt mark; the uneventful sessions in a row between (the same asked of every
    side, every side done in full) share a row ("Mon 4 Mar - Mon 1 Apr, 9 sessions").
    ``year``: dates with their year (a range over more than one). With ``span_days`` over
    half a year, a row a period instead (``period_of``: a month, a quarter, a year), with
    the doses it asked, how often each side was done in full, and its hurt marks.

    ``moves``, this exercise's moves from the replay (the decision log), go on the row of
    the session after which each moved (a reset on the row before it), in the coach's
    words; a period's row counts them."""
    sides = [s.side for s in exercise.sides]
    by_session: dict[int, dict[Side | None, SideDose]] = {}
    moments: dict[int, datetime] = {}
    for found in exercise.sides:
        for dose in found.doses:
            by_session.setdefault(dose.session, {})[found.side] = dose
            moments[dose.session] = dose.at
    order = sorted(by_session, key=lambda s: (moments[s], s))
    unit = exercise.unit

    def asked(session: int) -> tuple[str, ...]:
        doses = by_session[session]
        return tuple(dose_text(doses[s], unit) if s in doses else NONE for s in sides)

    def quiet(session: int) -> bool:
        doses = by_session[session].values()
        return len(doses) == len(sides) and all(d.in_full and not d.hurt for d in doses)

    groups: list[list[int]] = []
    labels: list[str] = []
    periods: list[str] = []
    if span_days is not None and span_days > HALF_YEAR_DAYS:
        keyed: dict[date, list[int]] = {}
        names: dict[date, str] = {}
        for session in order:
            key, name = period_of(moments[session].astimezone().date(), span_days)
            keyed.setdefault(key, []).append(session)
            names[key] = name
        for key in sorted(keyed):
            groups.append(keyed[key])
            labels.append(f"{names[key]}, {plural(len(keyed[key]), 'session')}")
            periods.append(names[key])
    else:
        for session in order:
            before = groups[-1][-1] if groups else None
            alike = before is not None and asked(before) == asked(session)
            if alike and before is not None and quiet(before) and quiet(session):
                groups[-1].append(session)
            else:
                groups.append([session])
        for group in groups:
            first, last = moments[group[0]], moments[group[-1]]
            when = short_day(first, year)
            if len(group) > 1:
                when = f"{when} \u2013 {short_day(last, year)}, {len(group)} sessions"
            labels.append(when)
    # Each move on its group's row: the group holding its session, else (a reset, between
    # sessions) the last group begun by then.
    group_of = {session: n for n, group in enumerate(groups) for session in group}
    starts = [moments[group[0]] for group in groups]
    moved: dict[int, list[Move]] = {}
    for move in moves:
        if move.exercise_id != exercise.exercise_id:
            continue
        n = group_of.get(move.session) if move.session is not None else None
        if n is None:
            n = max([i for i, at in enumerate(starts) if at <= move.at] or [0])
        moved.setdefault(n, []).append(move)
    long = span_days is not None and span_days > HALF_YEAR_DAYS
    rows = []
    for n, (group, when) in enumerate(zip(groups, labels, strict=True)):
        cells = []
        hurt = []
        for side in sides:
            doses = [by_session[s][side] for s in group if side in by_session[s]]
            if not doses:
                cells.append((NONE, NONE))
                continue
            cells.append((_asked_range(doses, unit), _done_words(doses, unit)))
            marks = sum(d.hurt for d in doses)
            if marks:
                word = side_heading(side).lower() if side is not None else "yes"
                hurt.append(word if len(group) == 1 else f"{word} {marks}x")
        decisions = moved.get(n, [])
        if long:
            words = f"{periods[n]}: doses moved {moves_summary(decisions)}" if decisions else ""
        else:  # after which session of the row
            by_time: dict[datetime, list[Move]] = {}
            for move in decisions:
                by_time.setdefault(move.at, []).append(move)
            words = "; ".join(
                f"After {short_day(at, year)}: {moved_text(them, unit)}"
                for at, them in by_time.items()
            )
        rows.append(DoseRow(when, tuple(cells), ", ".join(hurt), words))
    return rows


# -- weeks, or months over a long range ---------------------------------------------------------

WEEKLY_UP_TO_DAYS = 2 * 366  # up to two years a row a week; beyond, a row a month


@dataclass(frozen=True, slots=True)
class WeeksRow:
    """A week of the range, or over a long one a month of weeks (by their Mondays)."""

    label: str
    week: AdherenceWeek  # the weeks added up


def adherence_rows(report: Report) -> list[WeeksRow]:
    """The adherence table's rows: a week each, or a month each over two years, every
    count added up (done and targets alike)."""
    year = report.since.year != report.until.year
    if (report.until - report.since).days <= WEEKLY_UP_TO_DAYS:
        return [WeeksRow(short_day(w.monday, year), w) for w in report.weeks]
    months: dict[date, list[AdherenceWeek]] = {}
    for week in report.weeks:
        months.setdefault(date(week.monday.year, week.monday.month, 1), []).append(week)
    rows = []
    for first, weeks in months.items():
        planned = tuple(
            Planned(
                p.routine_id,
                p.name,
                sum(w.planned[n].done for w in weeks),
                sum(w.planned[n].target for w in weeks),
                p.after_run,
            )
            for n, p in enumerate(weeks[0].planned)
        )
        total = AdherenceWeek(
            first,
            sum(w.sessions for w in weeks),
            sum(w.completed for w in weeks),
            sum(w.minutes for w in weeks),
            planned,
        )
        rows.append(WeeksRow(f"{first:%b} {first.year}", total))
    return rows


def run_rows(report: Report) -> list[tuple[str, RunWeek]]:
    """The runs table's rows: every week up to two years, else a month each (its weeks'
    runs added up)."""
    year = report.since.year != report.until.year
    if (report.until - report.since).days <= WEEKLY_UP_TO_DAYS:
        return [(short_day(w.monday, year), w) for w in report.runs]
    months: dict[date, RunWeek] = {}
    for week in report.runs:
        first = date(week.monday.year, week.monday.month, 1)
        old = months.get(first, RunWeek(first))
        months[first] = RunWeek(
            first, old.km + week.km, old.runs + week.runs, old.cautions + week.cautions
        )
    return [(f"{m:%b} {m.year}", w) for m, w in months.items()]


_WHY_NOT_SAVED = {
    errno.EISDIR: "{path} is a folder: pick a file name",
    errno.EROFS: "{folder} is on a read-only disk: pick another folder",
    errno.EACCES: "you may not write in {folder}: pick another folder",
    errno.EPERM: "you may not write in {folder}: pick another folder",
    errno.ENOENT: "{folder} does not exist: pick another folder",
    errno.ENOTDIR: "{folder} is not a folder: pick another one",
    errno.ENOSPC: "the disk is full: free some space or pick another disk",
    errno.EDQUOT: "the disk is full: free some space or pick another disk",
}


def not_saved_text(path: Path, error: OSError) -> str:
    """Why a report's file could not be written, in one line that says what to do."""
    why = _WHY_NOT_SAVED.get(error.errno or 0)
    if why is None:
        return f"Could not save {path}: {error.strerror or error}."
    return "Could not save the report: " + why.format(path=path, folder=path.parent) + "."
