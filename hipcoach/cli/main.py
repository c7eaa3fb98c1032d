"""The ``hipcoach`` command line (docs/command-line.md): a contract scripts and tests rely on.

Errors are one line each on stderr, never a traceback (a bug's goes to ``hipcoach.log``).
Exit codes: 0 success, 2 bad input, 1 any other failure, 130 a run stopped by Ctrl-C or
SIGTERM.
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from hipcoach.adapters import log_file, paths
from hipcoach.core.errors import BadInputError, KnownError

if TYPE_CHECKING:
    from hipcoach.core.library import Entry, Library
    from hipcoach.core.model import Routine, Timings
    from hipcoach.core.plan import Plan
    from hipcoach.core.settings import TimingsOverride

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_STOPPED = 130


class UsageError(BadInputError):
    """Bad input from the user: a line for stderr, exit 2."""


class FailureError(KnownError):
    """Something else went wrong: a line for stderr, exit 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see hipcoach --help)")


def _positive_speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(
            f"--speed takes a number above 0 (such as 2 or 0.5), not {text!r}"
        )
    return value


def _folder(text: str) -> Path:
    if not text:
        raise argparse.ArgumentTypeError("--data-dir takes a folder, not an empty string")
    return Path(text)


_VALUED = ("--speed",)  # options whose value may begin with '-' (``--speed -inf``)


def _values_joined(argv: Sequence[str]) -> list[str]:
    """``--speed -inf`` as ``--speed=-inf``: argparse takes a value that begins with '-' and
    is no plain number for an option, and would answer "expected one argument"."""
    joined: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            joined.extend([word, *words])
            break
        if word in _VALUED:
            value = next(words, None)
            if value is not None and value.startswith("-"):
                joined.append(f"{word}={value}")
                continue
            joined.append(word)
            if value is not None:
                joined.append(value)
            continue
        joined.append(word)
    return joined


# The commands whose parsers live with them, before and after ``plan`` in the help: (module,
# the function adding them, the commands it adds with their help lines). Only the module of
# the command asked for is loaded (bench/startup.py times ``hipcoach gui``): the others
# stand as their name and help line (tests/cli/test_main.py holds the lines to agree).
_Group = tuple[str, str, tuple[tuple[str, str], ...]]
_BEFORE_PLAN: tuple[_Group, ...] = (
    ("history", "add_history_parser", (("history", "list the recorded sessions"),)),
    (
        "checkin",
        "add_checkin_parser",
        (("checkin", "add pain, effort, a note, hurt marks or answers to a session"),),
    ),
    (
        "coach",
        "add_coach_parser",
        (("coach", "each exercise's prescription, why, and any red flags"),),
    ),
    (
        "week",
        "add_week_parsers",
        (
            ("today", "what the weekly plan says is due today, and why"),
            ("runs", "the run log: list, add by hand, import files"),
        ),
    ),
    (
        "report",
        "add_report_parser",
        (("report", "the report for a physiotherapist: a PDF, or its rows as CSV"),),
    ),
)
_AFTER_PLAN: tuple[_Group, ...] = (
    (
        "routine_io",
        "add_routine_io_parsers",
        (
            ("import", "copy routine files into your routines"),
            ("export", "write a routine as a file"),
        ),
    ),
    (
        "desktop",
        "add_desktop_parsers",
        (
            ("remind", "a desktop notification of what is due today"),
            ("reminders", "the daily reminder: on, off, status"),
        ),
    ),
)
_HERE = ("gui", "routines", "validate", "run", "plan")
_COMMANDS = frozenset(_HERE) | {
    name for _, _, names in (*_BEFORE_PLAN, *_AFTER_PLAN) for name, _ in names
}


def command_asked(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names ("gui" when none), or None when every command's parser is
    wanted (``--help`` before any command, or a word that is no command)."""
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif word in ("-h", "--help") or word == "--":
            return None
        elif not word.startswith("-"):
            return word if word in _COMMANDS else None
    return "gui"


def _add_elsewhere(
    commands: argparse._SubParsersAction[Any],
    only: str | None,
    groups: tuple[_Group, ...],
) -> None:
    for module, adder, names in groups:
        if only is None or only in (name for name, _ in names):
            add = getattr(importlib.import_module(f"hipcoach.cli.{module}"), adder)
            add(commands)
        else:
            for name, summary in names:
                commands.add_parser(name, help=summary)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only``: the one command to be parsed in full (the others are
    their names), None: every one. Every argument argparse adds costs a little, and
    ``hipcoach gui`` is timed to its window's first paint (bench/startup.py)."""

    def wanted(name: str, summary: str) -> argparse.ArgumentParser | None:
        command = commands.add_parser(name, help=summary)
        return command if only in (None, name) else None

    parser = _Parser(
        prog="hipcoach",
        description="A coach for runners who look after their hips. With no command, "
        "opens the desktop app.",
    )
    _add_data_dir(parser, default=None)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    gui = wanted("gui", "open the desktop app")
    if gui is not None:
        gui.add_argument(
            "files", nargs="*", metavar="FILE", help="routine files to import (as Import does)"
        )
        gui.add_argument("--routine", metavar="ROUTINE", help="start this routine at once")
        gui.add_argument("--speed", type=_positive_speed, default=1.0, help=argparse.SUPPRESS)

    routines = wanted("routines", "list the routines")
    if routines is not None:
        routines.add_argument("--json", action="store_true", help="print JSON")

    validate = wanted("validate", "check routine files and a plan.toml")
    if validate is not None:
        validate.add_argument("files", nargs="+", type=Path, metavar="FILE")

    run = wanted("run", "a guided session in the terminal, by voice")
    if run is not None:
        run.add_argument("routine", metavar="ROUTINE", help="a routine id or a .toml file")
        run.add_argument("--speed", type=_positive_speed, default=1.0, help=argparse.SUPPRESS)
        run.add_argument("--no-voice", action="store_true", help="no spoken cues")
        run.add_argument("--no-sound", action="store_true", help="no beeps")
        run.add_argument(
            "--as-written", action="store_true", help="the file's doses, not the coach's"
        )
        run.add_argument("--no-checkin", action="store_true", help="ask no check-in questions")

    _add_elsewhere(commands, only, _BEFORE_PLAN)

    plan = wanted("plan", "print a routine's timeline")
    if plan is not None:
        plan.add_argument("routine", metavar="ROUTINE", help="a routine id or a .toml file")
        plan.add_argument("--coached", action="store_true", help="at today's prescriptions")
        plan.add_argument("--json", action="store_true", help="print JSON")
    _add_elsewhere(commands, only, _AFTER_PLAN)
    for name, command in commands.choices.items():
        # After the command name too (``hipcoach gui --data-dir X``); absent there, the one
        # before the command (or none) stands. (Only where a command is parsed in full.)
        if only in (None, name):
            _add_data_dir(command, default=argparse.SUPPRESS)
    return parser


def _add_data_dir(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        type=_folder,
        default=default,
        help="where history, your own routines and settings live "
        "(default: $HIPCOACH_DATA_DIR, else your user data folder)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a known error is its own line, a bug one line and the log."""
    try:
        words = _values_joined(sys.argv[1:] if argv is None else argv)
        args = build_parser(command_asked(words)).parse_args(words)
        log_file.start_log(args.data_dir or paths.default_data_dir())
        return _dispatch(args)
    except KnownError as error:
        _error(str(error))
        return EXIT_BAD_INPUT if error.bad_input else EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_STOPPED
    except BrokenPipeError:
        # The reader went away (``hipcoach plan x | head``): not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        _error(log_file.error_line(error, log_file.log_bug(error)))
        return EXIT_FAILURE


def _error(message: str) -> None:
    print(f"hipcoach: {message}", file=sys.stderr)


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "gui"
    if command == "validate":
        return _validate(args.files, args.data_dir or paths.default_data_dir())
    # Listing and planning only read: a read-only data folder still serves them.
    writes = command not in ("routines", "plan")
    data_dir = paths.prepare_data_dir(args.data_dir or paths.default_data_dir(), writes)
    exposed = paths.open_to_others(data_dir)
    if exposed is not None and command != "gui":  # the window says it in a banner
        _error(exposed)
    if command == "routines":
        return _routines(_library(data_dir), as_json=args.json)
    if command == "plan":
        if not args.coached:
            return _plan(_resolve(args.routine, data_dir), as_json=args.json)
        from hipcoach.adapters.settings_file import load_settings

        # As a session started now: the runner's timings, today's doses, its how-tos.
        runner = load_settings(data_dir)
        shown = _resolve(
            args.routine, data_dir, runner.timings(), override=runner.timings_override()
        )
        from hipcoach.cli.coach import coached_plan

        coached = coached_plan(data_dir, shown)
        return EXIT_FAILURE if coached is None else _plan(shown, args.json, coached)
    if command == "history":
        from hipcoach.cli.history import run_history

        return run_history(args, data_dir)
    if command == "checkin":
        from hipcoach.cli.checkin import run_checkin

        return run_checkin(args, data_dir)
    if command == "coach":
        from hipcoach.cli.coach import run_coach

        return run_coach(
            args,
            data_dir,
            lambda spec: _resolve(spec, data_dir),
            lambda: [entry.routine for entry in _library(data_dir).entries],
        )
    if command == "today":
        from hipcoach.cli.week import run_today

        return run_today(args, data_dir, _library(data_dir))
    if command == "runs":
        from hipcoach.cli.week import run_runs

        return run_runs(args, data_dir)
    if command == "report":
        from hipcoach.cli.report import run_report

        return run_report(args, data_dir, lambda: _library(data_dir))
    if command in ("import", "export"):
        from hipcoach.cli.routine_io import run_routine_io

        return run_routine_io(args, data_dir)
    if command in ("remind", "reminders"):
        from hipcoach.cli.desktop import run_desktop

        return run_desktop(args, data_dir)
    if command == "run":
        from hipcoach.adapters.settings_file import load_settings
        from hipcoach.app import run_terminal
        from hipcoach.cli.week import plan_problems

        # A session uses the runner's default timings where the file gives none.
        runner = load_settings(data_dir)
        library = _library(data_dir, runner.timings(), runner.timings_override())
        chosen = _resolve(
            args.routine,
            data_dir,
            runner.timings(),
            override=runner.timings_override(),
            library=library,
        )
        # The plan names routines by id: the library read at the runner's timings serves.
        if (bad_plan := plan_problems(data_dir, library)) is not None:
            return bad_plan
        return run_terminal(
            data_dir,
            chosen,
            speed=args.speed,
            voice=not args.no_voice,
            sounds=not args.no_sound,
            as_written=args.as_written,
            checkin=not args.no_checkin,
        )
    if command == "gui":
        routine = getattr(args, "routine", None)
        files = [str(Path(f).absolute()) for f in getattr(args, "files", [])]
        speed = getattr(args, "speed", 1.0)
        return _gui(data_dir, routine, speed, files)
    raise UsageError(f"unknown command {command}")  # pragma: no cover - argparse checks


def _library(
    data_dir: Path, base: Timings | None = None, override: TimingsOverride | None = None
) -> Library:
    from hipcoach.core.library import load_library

    return load_library(paths.built_in_routines(), data_dir / paths.USER_ROUTINES, base, override)


def _resolve(
    spec: str,
    data_dir: Path,
    base: Timings | None = None,
    override: TimingsOverride | None = None,
    library: Library | None = None,
) -> Routine:
    """ROUTINE is a path when it contains "/" or ends in .toml, else an id
    (docs/command-line.md); ``library``, read at the same timings, spares reading it again."""
    from hipcoach.core.routine_file import RoutineFileError, load_routine

    if "/" in spec or spec.endswith(".toml"):
        try:
            return load_routine(Path(spec), base=base, override=override)
        except RoutineFileError as error:
            raise UsageError(str(error).replace("\n", "\nhipcoach: ")) from None
    if library is None:
        library = _library(data_dir, base, override)
    entry = library.find(spec)
    if entry is not None:
        return entry.routine
    broken = library.problems_for(spec)
    if broken:
        raise UsageError("\n".join(str(p) for p in broken).replace("\n", "\nhipcoach: "))
    missing = f'no routine with id "{spec}" (hipcoach routines lists them)'
    raise UsageError("\nhipcoach: ".join([*library.notices, missing]))


def _validate(files: list[Path], data_dir: Path) -> int:
    from hipcoach.cli.week import is_plan_file, validate_plan
    from hipcoach.core.plan import make_plan
    from hipcoach.core.routine_file import RoutineFileError, load_routine
    from hipcoach.core.text import clock

    bad = 0
    for path in files:
        if is_plan_file(path):
            bad += not validate_plan(path, _library(data_dir))
            continue
        try:
            routine = load_routine(path)
        except RoutineFileError as error:
            bad += 1
            for problem in error.problems:
                print(problem, file=sys.stderr)
            continue
        plan = make_plan(routine)
        count = len(routine.exercises)
        print(
            f"{path}: ok: {routine.name} ({count} exercise{'s' if count != 1 else ''}, "
            f"{clock(plan.total_seconds)})"
        )
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _routine_row(entry: Entry) -> dict[str, object]:
    from hipcoach.core.plan import make_plan

    routine = entry.routine
    return {
        "id": routine.id,
        "name": routine.name,
        "kind": routine.kind.value,
        "total_seconds": make_plan(routine).total_seconds,
        "exercises": len(routine.exercises),
        "source": entry.source.value,
    }


def _routines(library: Library, as_json: bool, out: TextIO | None = None) -> int:
    from hipcoach.core.library import Source
    from hipcoach.core.text import clock

    out = out or sys.stdout
    rows = [_routine_row(entry) for entry in library.entries]
    for notice in library.notices:
        _error(notice)
    for problem in library.problems:
        print(problem, file=sys.stderr)
    if as_json:
        import json

        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not rows:
        print("No routines found.", file=out)
        return EXIT_OK
    table = [("ID", "NAME", "KIND", "TIME", "EXERCISES", "SOURCE")]
    for row in rows:
        table.append(
            (
                str(row["id"]),
                str(row["name"]),
                str(row["kind"]),
                clock(int(str(row["total_seconds"]))),
                str(row["exercises"]),
                "yours" if row["source"] == Source.USER.value else "built-in",
            )
        )
    _print_table(table, right_aligned={3, 4}, out=out)
    return EXIT_OK


def _plan(routine: Routine, as_json: bool, planned: Plan | None = None) -> int:
    from hipcoach.core.plan import make_plan
    from hipcoach.core.text import clock

    plan = planned or make_plan(routine)
    if as_json:
        import json

        json.dump(plan.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    print(f"{routine.name} ({routine.id})")
    table = [("AT", "PHASE", "EXERCISE", "SIDE", "SET", "ROUND", "DOSE", "TIME")]
    for phase in plan.phases:
        dose = ""
        if phase.unit is not None and phase.target is not None:
            dose = f"{phase.target} {phase.unit.short}"
        table.append(
            (
                clock(phase.start),
                phase.kind.value.replace("_", " "),
                phase.exercise.name,
                phase.side.value if phase.side else "",
                f"{phase.set}/{phase.sets}" if phase.sets > 1 else "",
                f"{phase.round}/{phase.rounds}" if phase.round is not None else "",
                dose,
                clock(phase.seconds),
            )
        )
    _print_table(table, right_aligned={0, 7})
    count = len(routine.exercises)
    print(
        f"Total {clock(plan.total_seconds)}: {count} exercise{'s' if count != 1 else ''}, "
        f"{plan.work_total} work phase{'s' if plan.work_total != 1 else ''}"
    )
    return EXIT_OK


def _print_table(
    rows: Sequence[Sequence[str]], right_aligned: set[int], out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right_aligned else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip(), file=out)


def _gui(data_dir: Path, routine: str | None, speed: float, files: Sequence[str] = ()) -> int:
    """The window; FILEs are imported by it (the one open already, or this one), never read
    here: a named pipe among them must not hold this process up."""
    from hipcoach.adapters.desktop.display import missing_display

    reason = missing_display()
    if reason is not None:
        raise FailureError(
            f"{reason}: the desktop app needs a display; start it from a desktop session, "
            "or use `hipcoach run ROUTINE` for voice-only guidance"
        )
    if routine is not None:
        _resolve(routine, data_dir)  # an unknown routine is bad input before any window opens
    from hipcoach.app import run_gui

    return run_gui(data_dir, routine=routine, speed=speed, files=files)
