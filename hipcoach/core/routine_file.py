"""Reading routine files (format 1): TOML in, a frozen Routine out, or every problem by line.

People write these files by hand, so a typo must never pass silently and never cost more
than the file it is in. Every problem is reported as ``FILE:LINE: what is wrong``, all of a
file's problems at once, in line order.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hipcoach.core.model import (
    Amount,
    Breaths,
    Dose,
    Exercise,
    Hold,
    Kind,
    Reps,
    Routine,
    Sides,
    Tempo,
    Timings,
    exercise_id,
)
from hipcoach.core.toml_lines import KeyPath, line_of, locate_keys

FORMAT = 1
MAX_BYTES = 1024 * 1024
MAX_NAME = 80
MAX_TEXT = 4000
MAX_TAGS = 50

_ROUTINE_KEYS = ("format", "id", "name", "kind", "summary", "tags", "defaults", "exercise")
_TIMING_KEYS = ("prepare", "switch", "set_rest", "rest")
_DEFAULT_KEYS = (*_TIMING_KEYS, "breath", "tempo")
_DOSE_KEYS = ("hold", "breaths", "reps")
_EXERCISE_KEYS = ("name", "how", "targets", "sides", *_DOSE_KEYS, "sets", *_DEFAULT_KEYS)

_BOUNDS = {
    "hold": (1, 3600),
    "breaths": (1, 100),
    "reps": (1, 500),
    "sets": (1, 20),
    "prepare": (0, 600),
    "switch": (0, 600),
    "set_rest": (0, 600),
    "rest": (0, 600),
    "breath": (1, 60),
}
_UNITS = {"hold": "s", "prepare": "s", "switch": "s", "set_rest": "s", "rest": "s", "breath": "s"}
_RANGE = re.compile(r"\s*(\d+)\s*-\s*(\d+)\s*")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
_SYNTAX_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a routine file, where it is."""

    line: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class RoutineFileError(Exception):
    """A routine file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


def load_routine(path: Path, routine_id: str | None = None, base: Timings | None = None) -> Routine:
    """Read and check one routine file; raise RoutineFileError naming every problem.

    ``base`` gives the timings a file leaves out (the runner's own defaults from settings).
    """
    shown = str(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise RoutineFileError([Problem(1, f"cannot be read: {reason}", shown)]) from None
    return parse_routine(raw, shown, routine_id or path.stem, base)


def parse_routine(raw: bytes, shown: str, routine_id: str, base: Timings | None = None) -> Routine:
    """Check the bytes of a routine file named ``shown``; ``routine_id`` unless it sets its own."""

    def fail(message: str, line: int = 1) -> RoutineFileError:
        return RoutineFileError([Problem(line, message, shown)])

    if len(raw) > MAX_BYTES:
        raise fail("larger than 1 MiB; a routine file must be smaller")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
        raise fail(f"not UTF-8 text (the first bad byte is on line {bad_line})") from None
    text = text.removeprefix("\ufeff")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _SYNTAX_LINE.search(message)
        detail = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", message)
        line = int(match.group(1)) if match else max(1, text.count("\n") + 1)
        raise fail(f"TOML syntax error: {detail}", line) from None
    except RecursionError:
        raise fail("nested too deeply to be a routine") from None

    checker = _Checker(shown, locate_keys(text), base or Timings())
    routine = checker.routine(document, routine_id)
    if checker.problems or routine is None:
        raise RoutineFileError(checker.problems)
    return routine


class _Checker:
    """Walks a parsed document, collecting problems instead of stopping at the first."""

    def __init__(self, shown: str, lines: Mapping[KeyPath, int], base: Timings) -> None:
        self.shown = shown
        self.lines = lines
        self.base = base
        self.problems: list[Problem] = []

    def problem(self, where: KeyPath, message: str) -> None:
        self.problems.append(Problem(line_of(self.lines, where), message, self.shown))

    # -- the routine ---------------------------------------------------------------------

    def routine(self, doc: dict[str, Any], default_id: str) -> Routine | None:
        if "format" not in doc:
            self.problem((), f"missing key format (this hipcoach reads format = {FORMAT})")
        elif _is_bool(doc["format"]) or doc["format"] != FORMAT:
            found = doc["format"]
            self.problem(
                ("format",),
                f"format {found!r} is not supported (this hipcoach reads format = {FORMAT})",
            )
            return None  # another format's keys would only give misleading errors

        self.unknown_keys(doc, (), _ROUTINE_KEYS, "")
        name = self.name(doc, (), "routine")
        routine_id = default_id
        if "id" in doc:
            value = doc["id"]
            if not isinstance(value, str) or not _ID.fullmatch(value):
                self.problem(
                    ("id",),
                    "id must be 1 to 80 letters, digits, '-', '_' or '.', starting with a "
                    "letter or digit",
                )
            else:
                routine_id = value
        kind = Kind.MIXED
        if "kind" in doc:
            kinds = [k.value for k in Kind]
            if doc["kind"] in kinds:
                kind = Kind(doc["kind"])
            else:
                self.problem(("kind",), f"kind must be one of {', '.join(kinds)}")
        summary = self.text(doc, ("summary",), "summary")
        tags = self.words(doc, ("tags",), "tags")
        timings = self.defaults(doc)
        exercises = self.exercises(doc, timings)
        if name is None or timings is None or not exercises:
            return None
        return Routine(
            id=routine_id,
            name=name,
            exercises=tuple(exercises),
            kind=kind,
            summary=summary,
            tags=tags,
            source_path=self.shown,
        )

    def defaults(self, doc: dict[str, Any]) -> Timings | None:
        base = self.base
        table = doc.get("defaults", {})
        if not isinstance(table, dict):
            self.problem(("defaults",), "defaults must be a table: [defaults]")
            return None
        where: KeyPath = ("defaults",)
        self.unknown_keys(table, where, _DEFAULT_KEYS, "defaults: ")
        values: dict[str, Any] = {}
        for key in _DEFAULT_KEYS:
            if key not in table:
                continue
            if key == "tempo":
                values[key] = self.tempo(table[key], (*where, key), "defaults: ")
            else:
                values[key] = self.integer(table[key], (*where, key), key, "defaults: ")
        if any(value is None for value in values.values()):
            return None
        return Timings(
            prepare=values.get("prepare", base.prepare),
            switch=values.get("switch", base.switch),
            set_rest=values.get("set_rest", base.set_rest),
            rest=values.get("rest", base.rest),
            breath=values.get("breath", base.breath),
            tempo=values.get("tempo", base.tempo),
        )

    def exercises(self, doc: dict[str, Any], timings: Timings | None) -> list[Exercise]:
        tables = doc.get("exercise")
        if tables is None:
            self.problem((), "no exercises: add at least one [[exercise]] table")
            return []
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            self.problem(("exercise",), "exercise must be written as [[exercise]] tables")
            return []
        if not tables:
            self.problem(("exercise",), "no exercises: add at least one [[exercise]] table")
            return []
        exercises = []
        for index, table in enumerate(tables):
            exercise = self.exercise(table, ("exercise", index), index, timings or self.base)
            if exercise is not None:
                exercises.append(exercise)
        return exercises if len(exercises) == len(tables) else []

    # -- one exercise --------------------------------------------------------------------

    def exercise(
        self, table: dict[str, Any], where: KeyPath, index: int, timings: Timings
    ) -> Exercise | None:
        name = self.name(table, where, f"exercise {index + 1}")
        label = f'exercise "{name}": ' if name is not None else f"exercise {index + 1}: "
        self.unknown_keys(table, where, _EXERCISE_KEYS, label)
        ok = name is not None

        doses = [key for key in _DOSE_KEYS if key in table]
        if len(doses) != 1:
            # No dose: the exercise's header is at fault; two: the second one is.
            at = where if not doses else (*where, doses[1])
            self.problem(at, f"{label}give exactly one of hold, breaths, reps")
            ok = False
        dose_key = doses[0] if len(doses) == 1 else None
        if "tempo" in table and dose_key != "reps":
            self.problem((*where, "tempo"), f"{label}tempo applies only to an exercise with reps")
            ok = False
        if "breath" in table and dose_key != "breaths":
            self.problem(
                (*where, "breath"), f"{label}breath applies only to an exercise with breaths"
            )
            ok = False

        sides = Sides.NONE
        if "sides" in table:
            if table["sides"] in ("each", "none"):
                sides = Sides(table["sides"])
            else:
                self.problem((*where, "sides"), f'{label}sides must be "each" or "none"')
                ok = False
        sets = 1
        if "sets" in table:
            value = self.integer(table["sets"], (*where, "sets"), "sets", label)
            ok = ok and value is not None
            sets = value or 1
        own: dict[str, int] = {}
        for key in (*_TIMING_KEYS, "breath"):
            if key in table:
                value = self.integer(table[key], (*where, key), key, label)
                if value is None:
                    ok = False
                else:
                    own[key] = value
        tempo = timings.tempo
        if "tempo" in table and dose_key == "reps":
            checked = self.tempo(table["tempo"], (*where, "tempo"), label)
            ok = ok and checked is not None
            tempo = checked or tempo

        dose: Dose | None = None
        if dose_key is not None:
            amount = self.amount(table[dose_key], (*where, dose_key), dose_key, label)
            if amount is not None:
                if dose_key == "hold":
                    dose = Hold(amount)
                elif dose_key == "breaths":
                    dose = Breaths(amount, own.get("breath", timings.breath))
                else:
                    dose = Reps(amount, tempo)
        how = self.text(table, (*where, "how"), f"{label}how")
        targets = self.words(table, (*where, "targets"), f"{label}targets")
        if not ok or dose is None or name is None:
            return None
        return Exercise(
            name=name,
            dose=dose,
            id=exercise_id(name),
            sets=Amount(sets),
            sides=sides,
            how=how,
            targets=targets,
            prepare=own.get("prepare", timings.prepare),
            switch=own.get("switch", timings.switch),
            set_rest=own.get("set_rest", timings.set_rest),
            rest=own.get("rest", timings.rest),
        )

    # -- values --------------------------------------------------------------------------

    def unknown_keys(
        self, table: dict[str, Any], where: KeyPath, allowed: tuple[str, ...], label: str
    ) -> None:
        for key in table:
            if key not in allowed:
                hint = _closest(key, allowed)
                suggestion = f' (did you mean "{hint}"?)' if hint else ""
                self.problem((*where, key), f'{label}unknown key "{key}"{suggestion}')

    def name(self, table: dict[str, Any], where: KeyPath, what: str) -> str | None:
        if "name" not in table:
            self.problem(where, f"{what}: missing key name")
            return None
        value = table["name"]
        if not isinstance(value, str):
            self.problem((*where, "name"), f"{what}: name must be text in quotes")
            return None
        stripped = value.strip()
        if not 1 <= len(stripped) <= MAX_NAME:
            self.problem((*where, "name"), f"{what}: name must be 1 to {MAX_NAME} characters")
            return None
        if any(ch in stripped for ch in "\r\n\t") or not stripped.isprintable():
            self.problem((*where, "name"), f"{what}: name must be one line of printable text")
            return None
        return stripped

    def text(self, table: dict[str, Any], where: KeyPath, what: str) -> str:
        key = where[-1]
        if key not in table:
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.problem(where, f"{what} must be text in quotes")
            return ""
        if len(value) > MAX_TEXT:
            self.problem(where, f"{what} must be at most {MAX_TEXT} characters")
            return ""
        return value.strip()

    def words(self, table: dict[str, Any], where: KeyPath, what: str) -> tuple[str, ...]:
        key = where[-1]
        if key not in table:
            return ()
        value = table[key]
        if (
            not isinstance(value, list)
            or len(value) > MAX_TAGS
            or not all(isinstance(v, str) and 1 <= len(v.strip()) <= MAX_NAME for v in value)
        ):
            self.problem(where, f'{what} must be a list of short words, like ["itb", "glutes"]')
            return ()
        return tuple(v.strip() for v in value)

    def integer(self, value: object, where: KeyPath, key: str, label: str) -> int | None:
        low, high = _BOUNDS[key]
        unit = _UNITS.get(key, "")
        if _is_bool(value) or not isinstance(value, int):
            found = f", not {value}" if isinstance(value, float) else ""
            self.problem(
                where, f"{label}{key} must be a whole number{found} ({low} to {high}{unit})"
            )
            return None
        if not low <= value <= high:
            self.problem(where, f"{label}{key} = {value} is out of bounds ({low} to {high}{unit})")
            return None
        return value

    def amount(self, value: object, where: KeyPath, key: str, label: str) -> Amount | None:
        low, high = _BOUNDS[key]
        unit = _UNITS.get(key, "")
        if isinstance(value, str):
            match = _RANGE.fullmatch(value)
            if match is None:
                self.problem(
                    where,
                    f'{label}{key} must be a whole number or a range like "{low + 9}-{low + 11}"',
                )
                return None
            first, last = int(match.group(1)), int(match.group(2))
            if first >= last:
                self.problem(where, f'{label}{key} range "{value}" must go from low to high')
                return None
            if first < low or last > high:
                self.problem(
                    where, f'{label}{key} range "{value}" is out of bounds ({low} to {high}{unit})'
                )
                return None
            return Amount(first, last)
        number = self.integer(value, where, key, label)
        return None if number is None else Amount(number)

    def tempo(self, value: object, where: KeyPath, label: str) -> Tempo | None:
        if (
            isinstance(value, list)
            and len(value) == 3
            and all(isinstance(v, int) and not _is_bool(v) and 0 <= v <= 60 for v in value)
            and sum(value) >= 1
        ):
            return Tempo(*value)
        self.problem(
            where,
            f"{label}tempo must be three whole seconds [up, hold, down], each 0 to 60, "
            "adding up to at least 1",
        )
        return None


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _closest(key: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed key a typo most likely meant, if one is close."""
    best: tuple[int, str] | None = None
    for candidate in allowed:
        distance = _edit_distance(key.lower(), candidate)
        if distance <= max(1, (len(candidate) + 1) // 3) and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _edit_distance(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours counting as one (a common typo)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
