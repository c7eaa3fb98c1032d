"""All the routines a runner can choose from: the built-in ones and their own.

A user's routine overrides a built-in one with the same id, so a runner can adapt a shipped
routine by copying it into their data folder. A bad file costs only that routine: the
others load and the problems are kept for whoever shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from hipcoach.core.model import Routine, Timings
from hipcoach.core.routine_file import Problem, RoutineFileError, load_routine
from hipcoach.core.settings import TimingsOverride


class Source(Enum):
    BUILT_IN = "built-in"
    USER = "user"


@dataclass(frozen=True, slots=True)
class Entry:
    routine: Routine
    source: Source
    path: Path


@dataclass(frozen=True, slots=True)
class Library:
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...] = field(default=())
    notices: tuple[str, ...] = field(default=())  # a folder that could not be read, a line each

    def find(self, routine_id: str) -> Entry | None:
        for entry in self.entries:
            if entry.routine.id == routine_id:
                return entry
        return None

    def problems_for(self, routine_id: str) -> list[Problem]:
        """The problems of files whose stem is this id (a broken file keeps its id)."""
        return [p for p in self.problems if Path(p.path).stem == routine_id]


def routine_files(folder: Path) -> list[Path]:
    """The routine files in ``folder`` by name; none if it does not exist. Raises OSError
    when it is there but cannot be listed, or is not a folder."""
    try:
        found = list(folder.iterdir())
    except FileNotFoundError:
        return []
    return sorted(p for p in found if p.name.endswith(".toml") and not p.name.startswith("."))


def _unlisted(source: Source, folder: Path, error: OSError) -> str:
    """Why a folder's routines are missing, in one line that says what to do."""
    whose = "your routines folder" if source is Source.USER else "the built-in routines folder"
    if isinstance(error, NotADirectoryError):
        return (
            f"{whose} {folder} is a file, not a folder, so its routines are not shown: "
            "move the file aside and put routine files in a folder of that name"
        )
    reason = error.strerror or type(error).__name__
    return (
        f"{whose} {folder} cannot be read ({reason}), so its routines are not shown: "
        "make it readable for you"
    )


def load_library(
    built_in: Path,
    user: Path | None,
    base: Timings | None = None,
    override: TimingsOverride | None = None,
) -> Library:
    """Load every routine file of both folders; user routines replace built-ins by id.

    ``base`` holds the runner's default timings, used wherever a file gives none, and
    ``override`` the one get-ready, switch and rest they chose for every routine, if any.
    """
    by_id: dict[str, Entry] = {}
    problems: list[Problem] = []
    notices: list[str] = []
    for source, folder in ((Source.BUILT_IN, built_in), (Source.USER, user)):
        if folder is None:
            continue
        try:
            files = routine_files(folder)
        except OSError as error:
            notices.append(_unlisted(source, folder, error))
            continue
        seen_here: dict[str, Path] = {}
        for path in files:
            try:
                routine = load_routine(path, base=base, override=override)
            except RoutineFileError as error:
                problems.extend(error.problems)
                continue
            if routine.id in seen_here:
                problems.append(
                    Problem(
                        1,
                        f'id "{routine.id}" is already used by {seen_here[routine.id]}',
                        str(path),
                    )
                )
                continue
            seen_here[routine.id] = path
            by_id[routine.id] = Entry(routine, source, path)
    entries = sorted(by_id.values(), key=lambda e: (e.routine.name.casefold(), e.routine.id))
    return Library(tuple(entries), tuple(problems), tuple(notices))
