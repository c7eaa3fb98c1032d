"""``hipcoach report (--pdf FILE | --csv FILE) [--since D] [--until D]`` (docs/command-line.md).

The PDF is made by Qt on an offscreen QApplication, display or none; PySide6 loads only for
``--pdf``. ``--csv`` writes exactly the rows of ``history --phases --csv`` for the range.
Both files are written atomically and private (600): they hold health notes.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from hipcoach.core.library import Library
    from hipcoach.core.week_plan import WeekPlan

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def _day(option: str) -> Callable[[str], date]:
    def parse(text: str) -> date:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option} takes a date as YYYY-MM-DD, not {text!r}"
            ) from None

    return parse


def add_report_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    report = subparsers.add_parser(
        "report", help="the report for a physiotherapist: a PDF, or its rows as CSV"
    )
    form = report.add_mutually_exclusive_group(required=True)
    form.add_argument("--pdf", type=Path, metavar="FILE", help="write an A4 PDF")
    form.add_argument("--csv", type=Path, metavar="FILE", help="write the work phases as CSV")
    report.add_argument(
        "--since", type=_day("--since"), metavar="D", help="first day (default: 12 weeks back)"
    )
    report.add_argument("--until", type=_day("--until"), metavar="D", help="last day (today)")


def run_report(
    args: argparse.Namespace,
    data_dir: Path,
    library: Callable[[], Library],
    *,
    out: TextIO | None = None,
) -> int:
    """Run ``hipcoach report``; returns the exit code."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.adapters.private_files import save_atomically
    from hipcoach.application.report import (
        ReportRangeError,
        build_report,
        write_report_csv,
    )
    from hipcoach.application.report_text import range_text

    out = out or sys.stdout
    since: date | None = args.since
    until: date | None = args.until
    target: Path = args.pdf or args.csv
    try:
        with open_history(data_dir) as store:
            if args.csv is not None:
                text = io.StringIO()
                rows = write_report_csv(store, text, since, until)
                save_atomically(target, text.getvalue())
                print(f"Wrote {target}: {rows} work phases", file=out)
                return EXIT_OK
            found = library()
            plan, problem = _plan(data_dir, found)
            report = build_report(
                store, since, until, plan=plan, library=found, plan_problem=problem
            )
    except ReportRangeError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:
        print(f"hipcoach: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILURE
    from hipcoach.ui.report.pdf import write_pdf

    try:
        rendered = write_pdf(report, target)
    except OSError as error:
        print(f"hipcoach: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILURE
    print(
        f"Wrote {target}: {rendered.pages} pages, {range_text(report.since, report.until)}",
        file=out,
    )
    return EXIT_OK


def _plan(data_dir: Path, library: Library) -> tuple[WeekPlan | None, str | None]:
    """Today's weekly plan, or None and why: a broken plan.toml costs the report its
    targets only (``hipcoach validate`` names every problem)."""
    from hipcoach.application.week import read_plan
    from hipcoach.core.plan_file import PlanFileError

    try:
        return read_plan(data_dir, library), None
    except PlanFileError as error:
        first = str(error).splitlines()[0] if str(error) else "it has problems"
        return None, first
