"""``hipcoach history [--json | --csv] [--since YYYY-MM-DD]`` (docs/command-line.md, a contract).

JSON and CSV carry the same fields, in this order, for scripts; people get an aligned table
and a line with this week and the streak. Importing this module is cheap: SQLAlchemy loads
only when the command runs.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hipcoach.application.exports import (
    write_csv,
    write_json,
    write_phases_csv,
    write_phases_json,
)
from hipcoach.application.history_text import (
    active_time,
    effort_text,
    minutes_text,
    note_line,
    pain_text,
    status_text,
)
from hipcoach.core.text import plural
from hipcoach.core.weeks import streak_at_risk

if TYPE_CHECKING:
    from hipcoach.application.statistics import Summary
    from hipcoach.core.records import Session

EXIT_OK = 0
EXIT_FAILURE = 1


def _local_date(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--since takes a date as YYYY-MM-DD, not {text!r}"
        ) from None
    try:
        _start_of(day).astimezone(UTC)  # the instant the query starts from must exist
    except (OverflowError, ValueError, OSError):
        raise argparse.ArgumentTypeError(
            f"--since {text}: that day's local midnight is out of the range of dates a clock "
            "can give; take a date closer to now"
        ) from None
    return day


def add_history_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``history`` to the CLI's subcommands."""
    history = subparsers.add_parser("history", help="list the recorded sessions")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON (a list, newest first)")
    form.add_argument("--csv", action="store_true", help="print CSV (a header, then a row each)")
    history.add_argument(
        "--since",
        type=_local_date,
        metavar="YYYY-MM-DD",
        help="only sessions started on this day (your local time) or later",
    )
    history.add_argument(
        "--phases", action="store_true", help="one row per work phase instead of per session"
    )


def _start_of(day: date) -> datetime:
    """The first instant of a day in the system's local zone, as an aware datetime."""
    return datetime.combine(day, time()).astimezone()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _plain(text: str, width: int | None = None) -> str:
    """Text for one table cell: control characters (escapes, new lines) never reach the
    terminal, and long text is cut."""
    text = _CONTROL.sub(" ", text).strip()
    if width is not None and len(text) > width:
        text = text[: width - 3].rstrip() + "..."
    return text


def summary_line(summary: Summary) -> str:
    week = summary.this_week
    line = (
        f"This week: {plural(week.sessions, 'session')}, {minutes_text(week.minutes)}. "
        f"Streak: {plural(summary.streak, 'week')}"
    )
    if streak_at_risk(summary.streak, week):
        line += " (complete a session this week to keep it)"
    return line + "."


def write_table(sessions: list[Session], summary: Summary, out: TextIO) -> None:
    """An aligned table for people, worded as the history page words it (ASCII arrows and
    lower-case states, as a terminal reads best)."""
    rows = [
        ("#", "STARTED", "ROUTINE", "STATUS", "TIME", "WORK", "PAIN", "NEXT DAY", "EFFORT", "NOTE")
    ]
    for s in sessions:
        rows.append(
            (
                str(s.id),
                s.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                _plain(s.routine_name, 40),
                status_text(s.status).lower(),
                active_time(s),
                f"{s.work_done}/{s.work_total}",
                pain_text(s, arrow="->"),
                "" if s.next_day is None else str(s.next_day),
                effort_text(s),
                _plain(note_line(s), 40),
            )
        )
    right = {0, 4, 5, 7, 8}
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip(), file=out)
    print(file=out)
    print(summary_line(summary), file=out)


def run_history(
    args: argparse.Namespace,
    data_dir: Path,
    *,
    out: TextIO | None = None,
    on: date | None = None,
) -> int:
    """Run ``hipcoach history``; returns the exit code. Dates and weeks are in the system's
    local zone; ``on`` (the day taken as today) is for tests."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.application.statistics import summary_of

    out = out or sys.stdout
    since: date | None = getattr(args, "since", None)
    as_json = bool(getattr(args, "json", False))
    as_csv = bool(getattr(args, "csv", False))
    start = None if since is None else _start_of(since)
    if getattr(args, "phases", False):
        return _run_phases(data_dir, start, as_json, as_csv, out)
    try:
        with open_history(data_dir) as store:
            with store.reading() as unit:
                sessions = unit.history.sessions(since=start)
            summary = None if as_json or as_csv else summary_of(store, on)
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if as_json:
        write_json(sessions, out)
    elif as_csv:
        write_csv(sessions, out)
    else:
        assert summary is not None
        if sessions:
            write_table(sessions, summary, out)
        elif since is not None:
            print(f"No sessions since {since.isoformat()}.", file=out)
            print(summary_line(summary), file=out)
        else:
            print("No sessions recorded yet: start one with `hipcoach run ROUTINE`.", file=out)
    return EXIT_OK


def _run_phases(
    data_dir: Path, since: datetime | None, as_json: bool, as_csv: bool, out: TextIO
) -> int:
    """``history --phases``: one row per work phase (docs/command-line.md)."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history

    try:
        with open_history(data_dir) as store, store.reading() as unit:
            phases = unit.history.phases(since=since)
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if as_json:
        write_phases_json(phases, out)
    elif as_csv:
        write_phases_csv(phases, out)
    elif not phases:
        print("No work phases recorded yet.", file=out)
    else:
        rows = [("#", "STARTED", "EXERCISE", "SIDE", "SET", "ROUND", "DONE", "OUTCOME", "HURT")]
        for session, work in phases:
            rows.append(
                (
                    str(session.id),
                    session.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    _plain(work.exercise, 40),
                    work.side.value if work.side else "",
                    str(work.set_number),
                    "" if work.round is None else str(work.round),
                    f"{work.done}/{work.target} {work.unit.short}",
                    work.outcome.value,
                    "yes" if work.pain else "",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            print("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip(), file=out)
    return EXIT_OK
