"""Routine files into and out of the runner's own ``routines/`` folder (docs/command-line.md,
"hipcoach import and hipcoach export"); the command line and the window share these.

An imported file is copied byte for byte, comments and all: it is the runner's file, and
hipcoach only checks it. An exported built-in routine gets its ``id`` written into it, so it
stays the same routine (and keeps its history) under any file name.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from hipcoach.adapters.private_files import save_atomically
from hipcoach.adapters.routine_files import RoutineDocument
from hipcoach.core.library import Entry, Source, load_library
from hipcoach.core.model import Routine
from hipcoach.core.routine_file import MAX_BYTES, Problem, RoutineFileError, parse_routine


class AlreadyThereError(Exception):
    """The runner has a routine with this id already, and did not ask to replace it."""

    def __init__(self, routine_id: str, path: Path) -> None:
        self.routine_id = routine_id
        self.path = path
        super().__init__(f'you have a routine "{routine_id}" already ({path})')


@dataclass(frozen=True, slots=True)
class Imported:
    routine: Routine
    path: Path  # where it was copied to
    replaced: Path | None  # the runner's file it replaced, if any
    over_built_in: bool  # it takes the place of a built-in routine of the same id


def read_routine_bytes(path: Path) -> tuple[bytes, Routine]:
    """A routine file's bytes and the routine they are, checked by the routine loader.

    The bytes are read once and checked as read, so what is copied is what was checked.
    Only a regular file is opened, and without waiting (a named pipe would block).
    Raises RoutineFileError."""
    shown = str(path)
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise RoutineFileError(
                [Problem(1, "not a regular file: a routine must be a plain .toml file", shown)]
            )
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise RoutineFileError(
                    [Problem(1, "not a regular file: a routine must be a plain .toml file", shown)]
                )
            raw = file.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise RoutineFileError([Problem(1, f"cannot be read: {reason}", shown)]) from None
    return raw, parse_routine(raw, shown, path.stem)


def import_routine(path: Path, built_in: Path, folder: Path, *, replace: bool) -> Imported:
    """Copy a valid routine file, as written, into ``folder`` as ``ID.toml``.

    A routine of the same id among the runner's own is refused unless ``replace``; the one
    it replaces goes, so no two files give one id. Raises RoutineFileError,
    AlreadyThereError or OSError (the folder cannot be written)."""
    raw, routine = read_routine_bytes(path)
    target = folder / f"{routine.id}.toml"
    library = load_library(built_in, folder)
    entry = library.find(routine.id)
    own = entry.path if entry is not None and entry.source is Source.USER else None
    if own is None and target.exists():
        own = target  # a file of that name, even one that does not load, is the runner's
    if own is not None and not replace:
        raise AlreadyThereError(routine.id, own)
    over_built_in = load_library(built_in, None).find(routine.id) is not None
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    save_atomically(target, raw)
    if own is not None and own.resolve() != target.resolve():
        own.unlink(missing_ok=True)
    return Imported(routine, target, own, over_built_in)


def exported_bytes(entry: Entry) -> bytes:
    """A routine as ``export`` writes it: the runner's own file exactly as written; a
    built-in one as shipped, with its ``id`` added when the file has none, so the copy
    plans exactly as the built-in does whatever it is named. Raises RoutineFileError or
    OSError."""
    raw, _ = read_routine_bytes(entry.path)
    if entry.source is Source.USER:
        return raw
    document = RoutineDocument.parse(raw.decode("utf-8").removeprefix("\ufeff"))
    if document.routine_field("id") is None:
        document.set_routine_field("id", entry.routine.id)
    return document.dumps().encode("utf-8")
