"""``hipcoach coach [ROUTINE] [--json]`` and ``coach --reset ROUTINE[:EXERCISE]``
(docs/command-line.md); and the timeline at today's prescriptions for ``plan --coached``.

Each exercise's prescription per side, the last decision and why, each circuit's rounds,
the sessions waiting for a check-in, and the red flags (docs/coaching.md). JSON is a
contract; the table is for people.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hipcoach.core.model import Routine

if TYPE_CHECKING:
    from hipcoach.application.coaching import CoachingReport
    from hipcoach.core.plan import Plan

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

Resolve = Callable[[str], Routine]


def add_coach_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``coach`` to the CLI's subcommands."""
    coach = subparsers.add_parser(
        "coach", help="each exercise's prescription, why, and any red flags"
    )
    coach.add_argument("routine", nargs="?", metavar="ROUTINE", help="one routine (default: all)")
    coach.add_argument("--json", action="store_true", help="print JSON")
    coach.add_argument(
        "--reset",
        metavar="ROUTINE[:EXERCISE]",
        help="start a routine's ladders (or one exercise's) over at rung 1, from now",
    )


def _error(message: str) -> int:
    print(f"hipcoach: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_coach(
    args: argparse.Namespace,
    data_dir: Path,
    resolve: Resolve,
    every_routine: Callable[[], Sequence[Routine]],
    out: TextIO | None = None,
) -> int:
    """Run ``hipcoach coach``; ``resolve`` turns ROUTINE into a routine (raising the CLI's
    bad-input error), ``every_routine`` lists the library."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.application.coaching import CoachingInputError, coaching_of, start_over

    out = out or sys.stdout
    exercise: str | None = None
    if args.reset is not None:
        if args.routine is not None:
            return _error("give either ROUTINE or --reset ROUTINE[:EXERCISE], not both")
        spec, exercise = _split_reset(args.reset)
        routine: Routine | None = resolve(spec)
    else:
        routine = None if args.routine is None else resolve(args.routine)
    try:
        with open_history(data_dir) as store:
            if args.reset is not None:
                assert routine is not None
                reset = start_over(store, routine, exercise)
                what = (
                    "every exercise"
                    if reset.exercise_id is None
                    else next(e.name for e in routine.exercises if e.id == reset.exercise_id)
                )
                print(f"{routine.name}: {what} starts over at rung 1 from now.", file=out)
                return EXIT_OK
            routines = [routine] if routine is not None else list(every_routine())
            report = coaching_of(store, routines)
    except CoachingInputError as error:
        return _error(str(error))
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if args.json:
        json.dump(report.to_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        write_report(report, out)
    return EXIT_OK


def _split_reset(text: str) -> tuple[str, str | None]:
    """ROUTINE[:EXERCISE]: the exercise follows the last colon, unless the whole is a file."""
    head, colon, tail = text.rpartition(":")
    if not colon or not head or Path(text).is_file():
        return text, None
    return head, tail


def write_report(report: CoachingReport, out: TextIO) -> None:
    """The table for people: a block per routine, then the red flags."""
    for number, coaching in enumerate(report.routines):
        if number:
            print(file=out)
        routine = coaching.routine
        print(f"{routine.name} ({routine.id})", file=out)
        rows = [
            (s.name, s.dose, f"rung {s.standing.rung} of {s.ladder.rungs}", s.standing.why)
            for s in coaching.exercises
        ]
        rows += [
            (
                c.circuit.name,
                f"{c.rounds} round{'s' if c.rounds != 1 else ''}",
                f"rung {c.standing.rung} of {c.rungs}",
                c.standing.why,
            )
            for c in coaching.circuits
        ]
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:3])]
            print("  " + "   ".join([*cells, row[3]]).rstrip(), file=out)
        if coaching.pending:
            ids = ", ".join(str(i) for i in coaching.pending)
            print(
                f"  No check-in yet for session {ids}: its pain after decides "
                f"(hipcoach checkin {coaching.pending[-1]} --pain-after N).",
                file=out,
            )
    if report.routines:
        print(file=out)
    if not report.red_flags:
        print("No red flags.", file=out)
        return
    print("Red flags:", file=out)
    for flag in report.red_flags:
        kind = flag.answer or flag.kind.value
        print(
            f"  {kind} (since {flag.since.isoformat()}, session {flag.session}): {flag.advice}",
            file=out,
        )


def coached_plan(data_dir: Path, routine: Routine) -> Plan | None:
    """``plan --coached``: the timeline a session started now would run, at today's
    prescriptions and with the how-tos it would read; None (after one line on stderr) when
    the history cannot be read."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.adapters.settings_file import load_settings
    from hipcoach.application.coaching import before_session
    from hipcoach.application.session import plan_session

    try:
        with open_history(data_dir) as store:
            prescriptions = before_session(store, routine).coaching.prescriptions()
            with store.reading() as unit:
                met = unit.history.times_met(routine.id)
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return None
    return plan_session(routine, load_settings(data_dir), met, prescriptions)
