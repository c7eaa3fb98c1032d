"""``hipcoach import FILE... [--replace]`` and ``hipcoach export ROUTINE [-o FILE]``
(docs/command-line.md, "hipcoach import and hipcoach export").

Import checks every file with the routine loader and copies the good ones, as written, into
the runner's ``routines/`` folder; export writes a routine as a file that loads back as the
same routine. Errors are one line each: ``FILE:LINE: what is wrong`` for a routine file.
Importing this module is cheap: the TOML writer loads only when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hipcoach.adapters import paths
from hipcoach.core.library import load_library
from hipcoach.core.routine_file import RoutineFileError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def add_routine_io_parsers(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``import`` and ``export`` to the CLI's subcommands."""
    into = subparsers.add_parser("import", help="copy routine files into your routines")
    into.add_argument("files", nargs="+", type=Path, metavar="FILE")
    into.add_argument("--replace", action="store_true", help="replace your routine of the same id")
    out = subparsers.add_parser("export", help="write a routine as a file")
    out.add_argument("routine", metavar="ROUTINE", help="a routine id or a .toml file")
    out.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )


def run_routine_io(args: argparse.Namespace, data_dir: Path) -> int:
    if args.command == "import":
        return run_import(args.files, data_dir, replace=args.replace)
    return run_export(args.routine, data_dir, args.output)


def _error(message: str) -> None:
    print(f"hipcoach: {message}", file=sys.stderr)


def _problems(error: RoutineFileError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)


def run_import(files: list[Path], data_dir: Path, *, replace: bool) -> int:
    """Each file on its own: a bad one is reported and left out, the others are copied."""
    from hipcoach.adapters.user_routines import AlreadyThereError, import_routine

    status = EXIT_OK
    folder = data_dir / paths.USER_ROUTINES
    for path in files:
        try:
            done = import_routine(path, paths.built_in_routines(), folder, replace=replace)
        except RoutineFileError as error:
            _problems(error)
            status = max(status, EXIT_BAD_INPUT)
            continue
        except AlreadyThereError as error:
            _error(f"{path}: {error}: add --replace to replace it")
            status = max(status, EXIT_BAD_INPUT)
            continue
        except OSError as error:
            _error(f"cannot copy {path} into {folder}: {error.strerror or error}")
            status = EXIT_FAILURE if status == EXIT_OK else status
            continue
        what = f"{path}: imported {done.routine.name} as {done.routine.id}"
        if done.replaced is not None:
            what += f", replacing your {done.replaced.name}"
        elif done.over_built_in:
            what += ", in place of the built-in one"
        print(what)
    return status


def run_export(spec: str, data_dir: Path, output: Path | None) -> int:
    """ROUTINE is a path when it contains '/' or ends in .toml, else an id."""
    from hipcoach.adapters.private_files import save_atomically
    from hipcoach.adapters.user_routines import exported_bytes, read_routine_bytes

    try:
        if "/" in spec or spec.endswith(".toml"):
            raw, _ = read_routine_bytes(Path(spec))
        else:
            library = load_library(paths.built_in_routines(), data_dir / paths.USER_ROUTINES)
            entry = library.find(spec)
            if entry is None:
                broken = library.problems_for(spec)
                if broken:
                    _problems(RoutineFileError(broken))
                else:
                    _error(f'no routine with id "{spec}" (hipcoach routines lists them)')
                return EXIT_BAD_INPUT
            raw = exported_bytes(entry)
    except RoutineFileError as error:
        _problems(error)
        return EXIT_BAD_INPUT
    except OSError as error:
        _error(f"cannot read {spec}: {error.strerror or error}")
        return EXIT_FAILURE
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        save_atomically(output, raw)
    except OSError as error:
        _error(f"cannot write {output}: {error.strerror or error}")
        return EXIT_FAILURE
    return EXIT_OK
