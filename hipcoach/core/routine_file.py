"""Reading routine files (format 1, docs/routine-format.md): TOML in, a frozen Routine out, or
every problem by line.

People write these files by hand, and some files are hostile, so a typo must never pass
silently and a bad file must never cost more than itself. Every problem is reported as
``FILE:LINE: what is wrong``, one line each with anything unprintable escaped, all of a
file's problems at once, in line order, each at the key at fault.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipcoach.core.model import (
    Amount,
    Breaths,
    Circuit,
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
from hipcoach.core.plan import MAX_PHASES, MAX_SECONDS, Prescriptions, too_long
from hipcoach.core.settings import TimingsOverride
from hipcoach.core.toml_lines import INT_DIGITS_LIMIT, KeyPath, line_of, locate

if TYPE_CHECKING:
    import regex

FORMAT = 1
MAX_BYTES = 1024 * 1024
MAX_NAME = 80  # grapheme clusters: characters as a reader counts them
MAX_TEXT = 4000
MAX_TAGS = 50
MAX_DIGITS = 9
MAX_CIRCUIT_EXERCISES = 30
MAX_KEY_PARTS = 8
HINT_BUDGET = 2000  # keys compared for did-you-mean hints, per file

_ROUTINE_KEYS = (
    "format",
    "id",
    "name",
    "kind",
    "summary",
    "tags",
    "defaults",
    "circuit",
    "exercise",
)
_TIMING_KEYS = ("prepare", "switch", "set_rest", "rest")
_DEFAULT_KEYS = (*_TIMING_KEYS, "breath", "tempo")
_DOSE_KEYS = ("hold", "breaths", "reps")
_EXERCISE_KEYS = (
    "name",
    "id",
    "circuit",
    "how",
    "targets",
    "sides",
    *_DOSE_KEYS,
    "sets",
    *_DEFAULT_KEYS,
)
_CIRCUIT_KEYS = ("name", "rounds", "round_rest", "rest")

_BOUNDS = {
    "hold": (1, 3600),
    "breaths": (1, 100),
    "reps": (1, 500),
    "sets": (1, 20),
    "rounds": (1, 20),
    "prepare": (0, 600),
    "switch": (0, 600),
    "set_rest": (0, 600),
    "round_rest": (0, 600),
    "rest": (0, 600),
    "breath": (1, 60),
}
_SECONDS = ("hold", "prepare", "switch", "set_rest", "round_rest", "rest", "breath")
_RANGE_EXAMPLES = {"hold": "30-45", "breaths": "8-10", "reps": "10-12", "sets": "2-3"}
_RANGE = re.compile(r" *([0-9]+) *- *([0-9]+) *")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
_ID_RULE = '1 to 80 lower-case letters, digits, "-" or "_", starting with a letter or digit'
_SYNTAX_LINE = re.compile(r"at line (\d+)")

# Never shown raw and never allowed in a name: control characters (C0, DEL, C1: escapes,
# line breaks, NEL), the line and paragraph separators, lone surrogates, and the
# bidirectional controls that would reorder what a reader sees. The zero-width joiner of
# emoji and the no-break spaces are none of these.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_BIDI}]")
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_BIDI}]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(text: str) -> str:
    """Text as one line that cannot steer a terminal: each unsafe character written as its
    escape (ESC as \\x1b, a line break as \\n, U+2028 as \\u2028)."""

    def one(match: re.Match[str]) -> str:
        char = match.group(0)
        if char in _SHORT_ESCAPES:
            return _SHORT_ESCAPES[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(one, text)


def _short(text: str, limit: int = 40) -> str:
    """A key or value from the file as a message shows it: escaped, and cut if long."""
    return escaped(text if len(text) <= limit else text[:limit] + "...")


def _quoted(text: str) -> str:
    return f'"{_short(text)}"'


@cache
def _grapheme() -> regex.Pattern[str]:
    """``regex``'s grapheme clusters: loaded for the first name that is not plain ASCII
    (the module costs a start-up 13 ms)."""
    import regex

    return regex.compile(r"\X")


def _graphemes(text: str, at_most: int) -> int:
    """How many characters a reader sees (grapheme clusters), counting no further than
    ``at_most + 1``."""
    if text.isascii() and "\r" not in text:  # one character each (only CR LF is a pair)
        return min(len(text), at_most + 1)
    grapheme = _grapheme()
    if len(text) <= at_most:
        return len(grapheme.findall(text))
    count = 0
    for _ in grapheme.finditer(text):
        count += 1
        if count > at_most:
            break
    return count


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a routine file, where it is. The message is always one line of
    printable text; ``path`` is kept as given and escaped where it is shown."""

    line: int
    message: str
    path: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", escaped(self.message))

    def __str__(self) -> str:
        return f"{escaped(self.path)}:{self.line}: {self.message}"


class RoutineFileError(Exception):
    """A routine file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


def load_routine(
    path: Path,
    routine_id: str | None = None,
    base: Timings | None = None,
    override: TimingsOverride | None = None,
) -> Routine:
    """Read and check one routine file; raise RoutineFileError naming every problem.

    ``base`` gives the timings a file leaves out (the runner's own defaults from settings);
    ``override`` replaces the file's get-ready, switch and rest defaults (the runner chose
    one value for every routine), while a value an exercise sets itself still wins.
    """
    shown = str(path)
    return parse_routine(_read(path, shown), shown, routine_id or path.stem, base, override)


_KINDS_OF_FILE = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read(path: Path, shown: str) -> bytes:
    """The file's first bytes, from a regular file only.

    Opening a FIFO for reading waits for a writer, forever, so the file is looked at first,
    opened without waiting, and looked at again once open (it may have been swapped)."""

    def refuse(message: str) -> RoutineFileError:
        return RoutineFileError([Problem(1, message, shown)])

    def not_regular(mode: int) -> RoutineFileError:
        kind = next((name for test, name in _KINDS_OF_FILE if test(mode)), "not a plain file")
        return refuse(f"not a regular file ({kind}): a routine must be a plain .toml file")

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(mode)
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as file:
            mode = os.fstat(descriptor).st_mode
            if not stat.S_ISREG(mode):
                raise not_regular(mode)
            return file.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise refuse(f"cannot be read: {reason}") from None


def parse_routine(
    raw: bytes,
    shown: str,
    routine_id: str,
    base: Timings | None = None,
    override: TimingsOverride | None = None,
) -> Routine:
    """Check the bytes of a routine file named ``shown``; its id is its ``id`` key, else
    ``routine_id`` (the file's stem, made an id by the exercise-id rule if it is not one)."""

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
    located = locate(text)
    if located.longest_key > MAX_KEY_PARTS:
        # tomllib's time and memory grow with the square of a key's parts: gigabytes for
        # a key of a few ten thousand, so it never sees one.
        raise fail(
            f"a key of more than {MAX_KEY_PARTS} parts joined by dots: the keys of a "
            "routine have at most 3, like circuit.glutes.rounds",
            located.longest_key_line,
        )
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
    except ValueError:
        # Python will not read a decimal number of more than 4,300 digits, and tomllib
        # says so without a position.
        raise fail(
            f"a number of more than {INT_DIGITS_LIMIT:,} digits: numbers in a routine have "
            f"at most {MAX_DIGITS} digits",
            located.long_number_line or 1,
        ) from None

    checker = _Checker(shown, located.lines, base or Timings(), override)
    routine = checker.routine(document, routine_id)
    if checker.problems or routine is None:
        raise RoutineFileError(checker.problems)
    return routine


class _Checker:
    """Walks a parsed document, collecting problems instead of stopping at the first."""

    def __init__(
        self,
        shown: str,
        lines: Mapping[KeyPath, int],
        base: Timings,
        override: TimingsOverride | None = None,
    ) -> None:
        self.override = override
        self.shown = shown
        self.lines = lines
        self.base = base
        self.problems: list[Problem] = []
        # Per exercise, as far as it could be read: how messages name it, and its id.
        self.names: list[str] = []
        self.ids: list[str | None] = []
        self.hint_budget = HINT_BUDGET
        self.not_circuits: set[str] = set()  # keys of [circuit] that hold no table

    def problem(self, where: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.line(where), message, self.shown))

    def line(self, where: KeyPath) -> int:
        return line_of(self.lines, where)

    def hint(self, key: str, allowed: tuple[str, ...]) -> str | None:
        """The key a typo most likely meant. Each candidate costs an edit distance, and a
        file of thousands of unknown keys has no typo to hint at: the file gets a budget."""
        self.hint_budget -= len(allowed)
        return _closest(key, allowed) if self.hint_budget >= 0 else None

    # -- the routine ---------------------------------------------------------------------

    def routine(self, doc: dict[str, Any], default_id: str) -> Routine | None:
        if "format" not in doc:
            self.problem((), f"missing key format (this hipcoach reads format = {FORMAT})")
        elif type(doc["format"]) is not int or doc["format"] != FORMAT:
            # 1.0 is not 1, nor is true: a format is a whole number.
            self.problem(
                ("format",),
                f"format {_value(doc['format'])} is not supported "
                f"(this hipcoach reads format = {FORMAT})",
            )
            return None  # another format's keys would only give misleading errors

        self.unknown_keys(doc, (), _ROUTINE_KEYS, "")
        name = self.name(doc, (), "routine")
        routine_id = self.routine_id(doc, default_id)
        kind = Kind.MIXED
        if "kind" in doc:
            kinds = [k.value for k in Kind]
            if isinstance(doc["kind"], str) and doc["kind"] in kinds:
                kind = Kind(doc["kind"])
            else:
                self.problem(("kind",), f"kind must be one of {', '.join(kinds)}")
        summary = self.text(doc, ("summary",), "summary")
        tags = self.words(doc, ("tags",), "tags")
        timings = self.defaults(doc)
        circuits = self.circuits(doc, timings or self.base)
        exercises = self.exercises(doc, timings, circuits)
        if (
            name is None
            or routine_id is None
            or timings is None
            or not exercises
            or any(c is None for c in circuits.values())
            or self.problems
        ):
            return None
        routine = Routine(
            id=routine_id,
            name=name,
            exercises=tuple(exercises),
            kind=kind,
            summary=summary,
            tags=tags,
            source_path=self.shown,
            circuits=tuple(c for c in circuits.values() if c is not None),
        )
        reason = too_long(routine, Prescriptions.high_ends(routine))
        if reason is not None:
            self.problem(
                (),
                f"too long to run ({reason} with every range at its high end; a routine "
                f"may take at most {MAX_SECONDS // 3600} hours and {MAX_PHASES:,} phases): "
                "use fewer exercises, sets, rounds or reps",
            )
            return None
        return routine

    def routine_id(self, doc: dict[str, Any], default_id: str) -> str | None:
        if "id" in doc:
            value = doc["id"]
            if isinstance(value, str) and _ID.fullmatch(value):
                return value
            self.problem(("id",), f'id must be {_ID_RULE} (like "hip-strength")')
            return None
        made = default_id if _ID.fullmatch(default_id) else exercise_id(default_id)
        if _ID.fullmatch(made):
            return made
        self.problem(
            (),
            f"the file name {_quoted(default_id)} makes no id (an id is {_ID_RULE}): rename "
            'the file, or give the routine one, like id = "hip-strength"',
        )
        return None

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
        if self.override is not None:
            values["prepare"] = self.override.prepare
            values["switch"] = self.override.switch
            values["rest"] = self.override.rest
        return Timings(
            prepare=values.get("prepare", base.prepare),
            switch=values.get("switch", base.switch),
            set_rest=values.get("set_rest", base.set_rest),
            rest=values.get("rest", base.rest),
            breath=values.get("breath", base.breath),
            tempo=values.get("tempo", base.tempo),
        )

    # -- circuits ------------------------------------------------------------------------

    def circuits(self, doc: dict[str, Any], timings: Timings) -> dict[str, Circuit | None]:
        """Every ``[circuit.KEY]`` table by key, in the file's order; None for a bad one."""
        tables = doc.get("circuit", {})
        if not isinstance(tables, dict):
            self.problem(
                ("circuit",),
                "circuit must be written as [circuit.KEY] tables, like [circuit.glutes]",
            )
            return {}
        circuits: dict[str, Circuit | None] = {}
        for key, table in tables.items():
            circuits[key] = self.circuit(key, table, timings)
        return circuits

    def circuit(self, key: str, table: object, timings: Timings) -> Circuit | None:
        where: KeyPath = ("circuit", key)
        label = f"circuit {_quoted(key)}: "
        if not isinstance(table, dict):
            self.not_circuits.add(key)
            self.problem(
                where,
                f"circuit: {_quoted(key)} is not a circuit: write each circuit as a "
                "[circuit.KEY] table with its rounds, like [circuit.glutes]",
            )
            return None
        ok = True
        if not _ID.fullmatch(key):
            self.problem(where, f"{label}a circuit key must be {_ID_RULE}")
            ok = False
        self.unknown_keys(table, where, _CIRCUIT_KEYS, label)
        name: str | None = key
        if "name" in table:
            name = self.name(table, where, label.removesuffix(": "))
        rounds = None
        if "rounds" not in table:
            self.problem(
                where,
                f"{label}missing key rounds (how many times through its exercises: 1 to 20, "
                'or a range like "2-3")',
            )
        else:
            rounds = self.amount(table["rounds"], (*where, "rounds"), "rounds", label)
        round_rest: int | None = timings.set_rest
        if "round_rest" in table:
            round_rest = self.integer(
                table["round_rest"], (*where, "round_rest"), "round_rest", label
            )
        rest: int | None = timings.rest
        if "rest" in table:
            rest = self.integer(table["rest"], (*where, "rest"), "rest", label)
        if not ok or name is None or rounds is None or round_rest is None or rest is None:
            return None
        return Circuit(key, name, rounds, round_rest, rest)

    def membership(self, tables: list[dict[str, Any]], circuits: Mapping[str, object]) -> None:
        """Each circuit's exercises stand together, each key has its table, each table is
        used, and no circuit has more than 30 exercises."""
        keys = [t.get("circuit") if isinstance(t.get("circuit"), str) else None for t in tables]
        closed: set[str] = set()  # circuits whose exercises have ended
        last: dict[str, int] = {}
        counts: dict[str, int] = {}
        for index, key in enumerate(keys):
            previous = keys[index - 1] if index else None
            if previous is not None and previous != key:
                closed.add(previous)
            if key is None:
                continue
            where: KeyPath = ("exercise", index, "circuit")
            label = f"{self.names[index]}: "
            if key not in circuits:
                hint = self.hint(key, tuple(circuits))
                also = f' (did you mean "{hint}"?)' if hint else ""
                self.problem(
                    where,
                    f"{label}circuit {_quoted(key)} has no [circuit.{_short(key)}] table{also}: "
                    "add the table, or give the key of an existing circuit",
                )
            if key in closed and previous != key:
                intruder = last[key] + 1
                if keys[intruder] is not None:
                    self.problem(
                        ("exercise", intruder, "circuit"),
                        f"{self.names[intruder]}: stands between exercises of circuit "
                        f"{_quoted(key)} ({self.names[last[key]]} and {self.names[index]}): a "
                        "circuit's exercises must stand next to each other, so move it before "
                        "or after them",
                    )
                else:
                    self.problem(
                        where,
                        f"{label}circuit {_quoted(key)} is split by {self.names[intruder]}: a "
                        "circuit's exercises must stand next to each other, so move them "
                        "together",
                    )
            last[key] = index
            counts[key] = counts.get(key, 0) + 1
            if counts[key] == MAX_CIRCUIT_EXERCISES + 1:
                self.problem(
                    where,
                    f"{label}circuit {_quoted(key)} has more than {MAX_CIRCUIT_EXERCISES} "
                    "exercises: split it into two circuits",
                )
        for key in circuits:
            if key not in counts and key not in self.not_circuits:
                self.problem(
                    ("circuit", key),
                    f"circuit {_quoted(key)}: no exercise is in it: add "
                    f"circuit = {_quoted(key)} to its exercises, or remove the table",
                )

    # -- the exercises -------------------------------------------------------------------

    def exercises(
        self, doc: dict[str, Any], timings: Timings | None, circuits: Mapping[str, object]
    ) -> list[Exercise]:
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
        self.membership(tables, circuits)
        self.unique_ids(tables)
        return exercises if len(exercises) == len(tables) else []

    def unique_ids(self, tables: list[dict[str, Any]]) -> None:
        first: dict[str, int] = {}
        for index, found in enumerate(self.ids):
            if found is None:
                continue
            if found not in first:
                first[found] = index
                continue
            earlier = first[found]
            key = "id" if "id" in tables[index] else "name"
            line = self.line(("exercise", earlier, "id" if "id" in tables[earlier] else "name"))
            self.problem(
                ("exercise", index, key),
                f'{self.names[index]}: id "{found}" is already used by {self.names[earlier]} '
                f'(line {line}): give one of them its own id, like id = "{found}-2"',
            )

    def exercise(
        self, table: dict[str, Any], where: KeyPath, index: int, timings: Timings
    ) -> Exercise | None:
        name = self.name(table, where, f"exercise {index + 1}")
        self.names.append(f'exercise "{name}"' if name is not None else f"exercise {index + 1}")
        label = f"{self.names[-1]}: "
        self.unknown_keys(table, where, _EXERCISE_KEYS, label)
        ok = name is not None
        own_id = self.exercise_id(table, where, name, label)
        self.ids.append(own_id)
        ok = ok and own_id is not None

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

        circuit: str | None = None
        if "circuit" in table:
            if isinstance(table["circuit"], str):
                circuit = table["circuit"]
            else:
                self.problem(
                    (*where, "circuit"),
                    f"{label}circuit must be the key of a [circuit.KEY] table, in quotes: "
                    'circuit = "glutes"',
                )
                ok = False
        sides = Sides.NONE
        if "sides" in table:
            if table["sides"] in ("each", "none"):
                sides = Sides(table["sides"])
            else:
                self.problem((*where, "sides"), f'{label}sides must be "each" or "none"')
                ok = False
        sets: Amount | None = Amount(1)
        if "sets" in table:
            if circuit is not None:
                self.problem(
                    (*where, "sets"),
                    f"{label}sets do not apply to an exercise of a circuit, whose rounds repeat "
                    f"it: remove sets, or set rounds in [circuit.{_short(circuit)}]",
                )
                ok = False
            else:
                sets = self.amount(table["sets"], (*where, "sets"), "sets", label)
                ok = ok and sets is not None
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
        if not ok or dose is None or name is None or own_id is None or sets is None:
            return None
        return Exercise(
            name=name,
            dose=dose,
            id=own_id,
            sets=sets,
            sides=sides,
            how=how,
            targets=targets,
            prepare=own.get("prepare", timings.prepare),
            switch=own.get("switch", timings.switch),
            set_rest=own.get("set_rest", timings.set_rest),
            rest=own.get("rest", timings.rest),
            circuit=circuit,
        )

    def exercise_id(
        self, table: dict[str, Any], where: KeyPath, name: str | None, label: str
    ) -> str | None:
        """Its ``id``, else one made from its name (docs/routine-format.md, "Ids")."""
        if "id" in table:
            value = table["id"]
            if isinstance(value, str) and _ID.fullmatch(value):
                return value
            self.problem((*where, "id"), f'{label}id must be {_ID_RULE} (like "clamshells")')
            return None
        if name is None:
            return None
        made = exercise_id(name)
        if not made:
            self.problem(
                (*where, "name"),
                f"{label}its name has no letter or digit to make an id from: give it one, "
                'like id = "clamshells"',
            )
            return None
        if not _ID.fullmatch(made):
            self.problem(
                (*where, "name"),
                f"{label}its name makes an id longer than 80 characters: give it a shorter "
                'one, like id = "clamshells"',
            )
            return None
        return made

    # -- values --------------------------------------------------------------------------

    def unknown_keys(
        self, table: dict[str, Any], where: KeyPath, allowed: tuple[str, ...], label: str
    ) -> None:
        for key in table:
            if key not in allowed:
                hint = self.hint(key, allowed)
                suggestion = f' (did you mean "{hint}"?)' if hint else ""
                self.problem((*where, key), f"{label}unknown key {_quoted(key)}{suggestion}")

    def name(self, table: dict[str, Any], where: KeyPath, what: str) -> str | None:
        if "name" not in table:
            self.problem(where, f"{what}: missing key name")
            return None
        value = table["name"]
        if not isinstance(value, str):
            self.problem((*where, "name"), f"{what}: name must be text in quotes")
            return None
        if _UNSAFE.search(value):
            self.problem((*where, "name"), f"{what}: name must be one line of printable text")
            return None
        stripped = value.strip()
        if not stripped or _graphemes(stripped, MAX_NAME) > MAX_NAME:
            self.problem((*where, "name"), f"{what}: name must be 1 to {MAX_NAME} characters")
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
        if found := _UNSAFE_IN_TEXT.search(value):
            self.problem(
                where,
                f"{what} must be plain text: remove the control character {_quoted(found[0])}",
            )
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
            or not all(
                isinstance(v, str)
                and not _UNSAFE.search(v)
                and 1 <= _graphemes(v.strip(), MAX_NAME) <= MAX_NAME
                for v in value
            )
        ):
            self.problem(where, f'{what} must be a list of short words, like ["itb", "glutes"]')
            return ()
        return tuple(v.strip() for v in value)

    def integer(self, value: object, where: KeyPath, key: str, label: str) -> int | None:
        low, high = _BOUNDS[key]
        unit = "s" if key in _SECONDS else ""
        if _is_bool(value) or not isinstance(value, int):
            found = f", not {value}" if isinstance(value, float) else ""
            self.problem(
                where, f"{label}{key} must be a whole number{found} ({low} to {high}{unit})"
            )
            return None
        if abs(value) >= 10**MAX_DIGITS:
            self.problem(
                where,
                f"{label}{key} has more than {MAX_DIGITS} digits: it must be {low} to {high}{unit}",
            )
            return None
        if not low <= value <= high:
            self.problem(where, f"{label}{key} = {value} is out of bounds ({low} to {high}{unit})")
            return None
        return value

    def amount(self, value: object, where: KeyPath, key: str, label: str) -> Amount | None:
        """A whole number, or a range "LOW-HIGH" with LOW < HIGH, both within bounds."""
        low, high = _BOUNDS[key]
        unit = "s" if key in _SECONDS else ""
        if isinstance(value, str):
            match = _RANGE.fullmatch(value)
            if match is None:
                example = _RANGE_EXAMPLES.get(key, "2-3")
                self.problem(
                    where, f'{label}{key} must be a whole number or a range like "{example}"'
                )
                return None
            if any(len(part) > MAX_DIGITS for part in match.groups()):
                self.problem(
                    where,
                    f"{label}{key} range has a number of more than {MAX_DIGITS} digits: it "
                    f"must be {low} to {high}{unit}",
                )
                return None
            first, last = int(match.group(1)), int(match.group(2))
            if first >= last:
                self.problem(where, f"{label}{key} range {_quoted(value)} must go from low to high")
                return None
            if first < low or last > high:
                self.problem(
                    where,
                    f"{label}{key} range {_quoted(value)} is out of bounds ({low} to {high}{unit})",
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


def _value(value: object) -> str:
    """A value from the file as a message shows it: short, escaped, never a huge number."""
    if isinstance(value, int) and not _is_bool(value) and abs(value) >= 10**MAX_DIGITS:
        return f"(a number of more than {MAX_DIGITS} digits)"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:40] + "..."


def _closest(key: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed key a typo most likely meant, if one is close."""
    if len(key) > 40:
        return None  # no typo of a short key; and edits cost length x length
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
