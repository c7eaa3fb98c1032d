"""``hipcoach today`` and ``hipcoach runs`` (docs/command-line.md, a contract), and the plan
check that ``validate`` and ``run`` share.

People get aligned text; ``--json`` gives scripts the same facts. An invalid ``plan.toml``
is bad input (exit 2) with its ``FILE:LINE`` lines; a history that cannot be read is a
failure (exit 1). Importing this module is cheap: the history loads only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hipcoach.core.errors import BadInputError
from hipcoach.core.plan_file import FILE_NAME, PlanFileError, load_plan

if TYPE_CHECKING:
    from hipcoach.application.runs import RunNote
    from hipcoach.application.week import DueRoutine, Today
    from hipcoach.core.library import Library

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def _day(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--date takes a date as YYYY-MM-DD, not {text!r}"
        ) from None


def _number(option: str) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a number, not {text!r}") from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(f"{option} must be above 0, not {text}")
        return value

    return parse


def add_week_parsers(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``today`` and ``runs`` to the CLI's subcommands."""
    today = subparsers.add_parser("today", help="what the weekly plan says is due today, and why")
    today.add_argument("--json", action="store_true", help="print JSON")

    runs = subparsers.add_parser("runs", help="the run log: list, add by hand, import files")
    runs.add_argument("--json", action="store_true", help="print JSON (a list, newest first)")
    actions = runs.add_subparsers(dest="runs_command", metavar="ACTION")
    add = actions.add_parser("add", help="log a run by hand")
    add.add_argument("--km", type=_number("--km"), required=True, help="the distance in km")
    add.add_argument("--minutes", type=_number("--minutes"), help="how long it took")
    add.add_argument(
        "--date", type=_day, metavar="YYYY-MM-DD", help="the day of the run (default today)"
    )
    imports = actions.add_parser("import", help="import GPX, TCX or FIT files (gzipped too)")
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE")


def _print_problems(error: PlanFileError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT


def plan_problems(data_dir: Path, library: Library) -> int | None:
    """For ``run``: the data folder's plan checked; an invalid one prints its lines and
    gives exit 2, a valid or missing one gives None."""
    from hipcoach.application.week import read_plan

    try:
        read_plan(data_dir, library)
    except PlanFileError as error:
        return _print_problems(error)
    return None


def validate_plan(path: Path, library: Library) -> bool:
    """``validate plan.toml``: True when valid (one ok line), else its lines on stderr."""
    from hipcoach.application.week import unknown_routines

    try:
        plan = load_plan(path)
        problems = unknown_routines(plan, library)
        if problems:
            raise PlanFileError(problems)
    except PlanFileError as error:
        _print_problems(error)
        return False
    count = len(plan.routines)
    print(f"{path}: ok: a weekly plan of {count} routine{'s' if count != 1 else ''}")
    return True


class PlanUnusableError(BadInputError):
    """An invalid ``plan.toml`` where one line must say it (the reminder): its first problem,
    and where to see them all."""

    def __init__(self, error: PlanFileError) -> None:
        more = len(error.problems) - 1
        also = f" (and {more} more)" if more > 0 else ""
        super().__init__(
            f"the weekly plan cannot be used: {error.problems[0]}{also}; "
            f"`hipcoach validate {FILE_NAME}` lists every problem"
        )


def due_for_reminder(data_dir: Path) -> list[DueRoutine]:
    """What ``hipcoach remind`` names: the routines due today with why, as ``hipcoach today``
    gives them. Raises PlanUnusableError (exit 2) or HistoryError (exit 1)."""
    from hipcoach.adapters import paths
    from hipcoach.adapters.history.store import open_history
    from hipcoach.application.week import what_is_due
    from hipcoach.core.library import load_library

    library = load_library(paths.built_in_routines(), data_dir / paths.USER_ROUTINES)
    try:
        with open_history(data_dir) as store:
            return list(what_is_due(data_dir, store, library).due)
    except PlanFileError as error:
        raise PlanUnusableError(error) from None


def is_plan_file(path: Path) -> bool:
    return path.name == FILE_NAME


def run_today(
    args: argparse.Namespace, data_dir: Path, library: Library, out: TextIO | None = None
) -> int:
    """``hipcoach today [--json]``."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.application.week import what_is_due

    out = out or sys.stdout
    try:
        with open_history(data_dir) as store:
            today = what_is_due(data_dir, store, library)
    except PlanFileError as error:
        return _print_problems(error)
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if getattr(args, "json", False):
        json.dump(today.to_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        write_today(today, out)
    return EXIT_OK


def _rows(rows: list[tuple[str, str]], out: TextIO, indent: str = "  ") -> None:
    width = max((len(name) for name, _ in rows), default=0)
    for name, text in rows:
        print(f"{indent}{name.ljust(width)}  {text}".rstrip(), file=out)


def write_today(today: Today, out: TextIO) -> None:
    if today.due:
        print("Due today:", file=out)
        _rows([(d.name, d.why) for d in today.due], out)
    else:
        print("Nothing is due today.", file=out)
    if today.waiting:
        print("Not due today:", file=out)
        _rows([(w.name, w.why) for w in today.waiting], out)
    for advice in today.advice:
        print(f"Red flag: {advice}", file=out)
    if today.morning_after is not None:
        asked = today.morning_after
        print(
            f"{asked.question} (answer with `hipcoach checkin {asked.session_id} --next-day N`)",
            file=out,
        )
    if today.runs:
        print("Runs of the last days:", file=out)
        write_runs(list(today.runs), out, indent="  ")


def write_runs(notes: list[RunNote], out: TextIO, indent: str = "") -> None:
    from hipcoach.core.runs import km_text

    rows = [("DATE", "START", "KM", "TIME", "SOURCE")]
    for note in notes:
        run = note.run
        rows.append(
            (
                f"{run.day:%a} {run.day.isoformat()}",
                "" if run.started_at is None else f"{run.started_at.astimezone():%H:%M}",
                km_text(run.km),
                "" if run.minutes is None else f"{round(run.minutes)} min",
                "by hand" if run.source.value == "manual" else run.source.value.upper(),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {2, 3}
    for index, row in enumerate(rows):
        cells = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)
        ]
        print(indent + "  ".join(cells).rstrip(), file=out)
        if index and notes[index - 1].caution is not None:
            caution = notes[index - 1].caution
            assert caution is not None
            print(f"{indent}  Caution: {caution.text}", file=out)


def run_runs(args: argparse.Namespace, data_dir: Path, out: TextIO | None = None) -> int:
    """``hipcoach runs [--json]``, ``runs add``, ``runs import``."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.application.runs import RunInputError, import_runs, log_run, run_log

    out = out or sys.stdout
    action = getattr(args, "runs_command", None)
    try:
        with open_history(data_dir) as store:
            if action == "add":
                try:
                    note = log_run(store, args.km, args.minutes, args.date)
                except RunInputError as error:
                    print(f"hipcoach: {error}", file=sys.stderr)
                    return EXIT_BAD_INPUT
                from hipcoach.application.runs import describe

                print(f"Logged {describe(note.run)}.", file=out)
                if note.caution is not None:
                    print(f"Caution: {note.caution.text}", file=out)
                return EXIT_OK
            if action == "import":
                refused = 0

                def said(result: Any) -> None:
                    nonlocal refused
                    if result.problem is not None:
                        refused += 1
                        print(result.line, file=sys.stderr, flush=True)
                    else:
                        print(result.line, file=out, flush=True)

                import_runs(store, args.files, progress=said)
                return EXIT_BAD_INPUT if refused else EXIT_OK
            notes = run_log(store)
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if getattr(args, "json", False):
        json.dump([note.to_json() for note in notes], out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif notes:
        write_runs(notes, out)
    else:
        print(
            "No runs logged yet: `hipcoach runs add --km X` or `hipcoach runs import FILE`.",
            file=out,
        )
    return EXIT_OK
