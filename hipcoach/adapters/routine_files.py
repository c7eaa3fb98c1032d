"""Writing routine files (format 1, docs/routine-format.md, "Files that hipcoach writes").

Two promises hold for every file hipcoach writes: it loads back as the same routine, and an
edit touches only what it changes, so the comments, blank lines and layout a runner wrote
by hand stay where they were.

tomlkit keeps a document's layout only as long as nothing moves: an ``[[exercise]]`` array
interleaved with a ``[circuit.KEY]`` table is moved when it is dumped, and a comment above a
table header belongs, for tomlkit, to the table before it. So a document is cut at its
table headers into blocks, each block (with the comment lines right above its header) is
its own small tomlkit document edited item by item, and the blocks are put back together in
order. A block nobody edited is written back exactly as it was read.

New files (``write_routine``) put the ``[circuit.KEY]`` tables before the exercises, where
no tool moves anything.
"""

from __future__ import annotations

import itertools
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit import items as toml_items
from tomlkit.container import Container
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from hipcoach.adapters.private_files import save_atomically
from hipcoach.core.errors import KnownError
from hipcoach.core.model import (
    Amount,
    Breaths,
    Circuit,
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
from hipcoach.core.toml_lines import KeyPath, locate_keys

FORMAT = 1

# The order keys are written in, and where a key that a table lacks is added.
ROUTINE_KEYS = ("format", "id", "name", "kind", "summary", "tags")
DEFAULT_KEYS = ("prepare", "switch", "set_rest", "rest", "breath", "tempo")
CIRCUIT_KEYS = ("name", "rounds", "round_rest", "rest")
DOSE_KEYS = ("hold", "breaths", "reps")
EXERCISE_KEYS = (
    "name",
    "id",
    "circuit",
    "how",
    "targets",
    "sides",
    *DOSE_KEYS,
    "sets",
    "tempo",
    "breath",
    "prepare",
    "switch",
    "set_rest",
    "rest",
)

Value = str | int | Amount | Tempo | Sides | Kind | Sequence[str | int]


class RoutineDocumentError(KnownError):
    """A file whose layout cannot be edited key by key (one line for the user)."""


# -- values --------------------------------------------------------------------------------


def toml_value(value: Value) -> Any:
    """A model value as the routine file writes it: a range as ``"10-12"``, a tempo as
    ``[1, 0, 2]``, sides and kinds as their words."""
    if isinstance(value, bool):
        raise TypeError("a routine file has no true/false values")
    if isinstance(value, Amount):
        return value.low if value.high is None else str(value)
    if isinstance(value, Tempo):
        return [value.up, value.hold, value.down]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str | int):
        return value
    return list(value)


def _item(value: Value) -> Any:
    converted = toml_value(value)
    if isinstance(converted, list):
        array = tomlkit.array()
        array.extend(converted)
        return array
    return tomlkit.item(converted)


def _raw_item(value: Any) -> Any:
    """A value as read from a file (any TOML value, right or wrong) as tomlkit writes it."""
    if isinstance(value, Amount | Tempo | Sides | Kind):
        return _item(value)
    return tomlkit.item(value)


# -- writing a routine ---------------------------------------------------------------------


def _most_common(values: Iterable[Any], usual: Any) -> Any:
    """The value most exercises share, so it goes in [defaults] once; ``usual`` wins ties."""
    counts = Counter(values)
    if not counts:
        return usual
    best = max(counts.values())
    if counts.get(usual) == best:
        return usual
    return next(value for value, count in counts.items() if count == best)


def file_defaults(routine: Routine) -> Timings:
    """The ``[defaults]`` that let a routine's exercises say the least."""
    usual = Timings()
    exercises = routine.exercises
    return Timings(
        prepare=_most_common((e.prepare for e in exercises), usual.prepare),
        switch=_most_common((e.switch for e in exercises), usual.switch),
        set_rest=_most_common((e.set_rest for e in exercises), usual.set_rest),
        rest=_most_common((e.rest for e in exercises), usual.rest),
        breath=_most_common(
            (e.dose.breath for e in exercises if isinstance(e.dose, Breaths)), usual.breath
        ),
        tempo=_most_common(
            (e.dose.tempo for e in exercises if isinstance(e.dose, Reps)), usual.tempo
        ),
    )


def routine_items(routine: Routine) -> list[tuple[str, Value]]:
    """The top-level keys of a routine's file. The id is always written, so the file is the
    same routine whatever it is named."""
    items: list[tuple[str, Value]] = [
        ("format", FORMAT),
        ("id", routine.id),
        ("name", routine.name),
        ("kind", routine.kind),
    ]
    if routine.summary:
        items.append(("summary", routine.summary))
    if routine.tags:
        items.append(("tags", routine.tags))
    return items


def defaults_items(timings: Timings) -> list[tuple[str, Value]]:
    """The ``[defaults]`` keys that differ from hipcoach's own defaults."""
    usual = Timings()
    return [
        (key, getattr(timings, key))
        for key in DEFAULT_KEYS
        if getattr(timings, key) != getattr(usual, key)
    ]


def circuit_items(circuit: Circuit, timings: Timings) -> list[tuple[str, Value]]:
    """A ``[circuit.KEY]`` table's keys, leaving out what the routine's defaults give."""
    items: list[tuple[str, Value]] = []
    if circuit.name != circuit.key:
        items.append(("name", circuit.name))
    items.append(("rounds", circuit.rounds))
    if circuit.round_rest != timings.set_rest:
        items.append(("round_rest", circuit.round_rest))
    if circuit.rest != timings.rest:
        items.append(("rest", circuit.rest))
    return items


def exercise_items(exercise: Exercise, timings: Timings) -> list[tuple[str, Value]]:
    """An ``[[exercise]]`` table's keys, leaving out what ``timings`` (the file's defaults)
    and the id rule already give."""
    items: list[tuple[str, Value]] = [("name", exercise.name)]
    if exercise.id and exercise.id != exercise_id(exercise.name):
        items.append(("id", exercise.id))
    if exercise.circuit is not None:
        items.append(("circuit", exercise.circuit))
    if exercise.how:
        items.append(("how", exercise.how))
    if exercise.targets:
        items.append(("targets", exercise.targets))
    if exercise.sides is Sides.EACH:
        items.append(("sides", exercise.sides))
    dose = exercise.dose
    items.append((dose_key(exercise), dose.amount))
    if exercise.sets != Amount(1):
        items.append(("sets", exercise.sets))
    if isinstance(dose, Reps) and dose.tempo != timings.tempo:
        items.append(("tempo", dose.tempo))
    if isinstance(dose, Breaths) and dose.breath != timings.breath:
        items.append(("breath", dose.breath))
    for key in ("prepare", "switch", "set_rest", "rest"):
        if getattr(exercise, key) != getattr(timings, key):
            items.append((key, getattr(exercise, key)))
    return items


def dose_key(exercise: Exercise) -> str:
    """``hold``, ``breaths`` or ``reps``: the key an exercise's dose is written under."""
    dose = exercise.dose
    if isinstance(dose, Hold):
        return "hold"
    return "breaths" if isinstance(dose, Breaths) else "reps"


def _table(items: Iterable[tuple[str, Value]]) -> Table:
    table = tomlkit.table()
    for key, value in items:
        table.add(key, _item(value))
    return table


def _render_defaults(items: Iterable[tuple[str, Value]]) -> str:
    doc = tomlkit.document()
    doc.append("defaults", _table(items))
    return doc.as_string()


def _render_circuit(key: str, items: Iterable[tuple[str, Value]]) -> str:
    doc = tomlkit.document()
    circuits = tomlkit.table(is_super_table=True)
    circuits.append(key, _table(items))
    doc.append("circuit", circuits)
    return doc.as_string()


def _render_exercise(items: Iterable[tuple[str, Value]]) -> str:
    doc = tomlkit.document()
    array = tomlkit.aot()
    array.append(_table(items))
    doc.append("exercise", array)
    return doc.as_string()


def write_routine(routine: Routine) -> str:
    """A new format-1 file for ``routine``, which loads back as the same routine.

    Timings shared by most exercises go in ``[defaults]``; the circuit tables come before
    the ``[[exercise]]`` array, whose order is the routine's."""
    timings = file_defaults(routine)
    preamble = tomlkit.document()
    for key, value in routine_items(routine):
        preamble.add(key, _item(value))
    parts = [preamble.as_string()]
    defaults = defaults_items(timings)
    if defaults:
        parts.append(_render_defaults(defaults))
    parts.extend(_render_circuit(c.key, circuit_items(c, timings)) for c in routine.circuits)
    parts.extend(_render_exercise(exercise_items(e, timings)) for e in routine.exercises)
    return "\n".join(parts)


# -- saving --------------------------------------------------------------------------------


# -- cutting a file into blocks ------------------------------------------------------------


class _Kind(Enum):
    PREAMBLE = "preamble"
    DEFAULTS = "defaults"
    CIRCUIT = "circuit"
    EXERCISE = "exercise"
    OTHER = "other"


@dataclass(eq=False)
class _Block:
    """A table header with the comment lines right above it and the lines up to the next
    block (``core``), then the blank lines before that block (``sep``)."""

    kind: _Kind
    core: str
    sep: str
    doc: TOMLDocument
    key: str = ""  # a circuit's key
    fresh: bool = False  # made by an edit, not read from the file
    edited: bool = False
    # A circuit table that stands right above its circuit's exercises, and stays there when
    # they move (decided once, when the file is read or the table added).
    glued: bool = False

    def text(self) -> str:
        return (self.doc.as_string() if self.edited else self.core) + self.sep

    def touched(self) -> None:
        """After an edit: read the block again, so tomlkit's view of it is whole (a key
        inserted among others is not seen by every part of tomlkit until then)."""
        self.doc = tomlkit.parse(self.doc.as_string())
        self.edited = True

    def table(self) -> Container | Table:
        """The table this block's keys are in (the document itself for the preamble)."""
        if self.kind is _Kind.EXERCISE:
            array = self.doc["exercise"]
            assert isinstance(array, AoT)
            return array[0]
        if self.kind is _Kind.DEFAULTS:
            table = self.doc["defaults"]
        elif self.kind is _Kind.CIRCUIT:
            table = self.doc["circuit"][self.key]
        else:
            return self.doc
        assert isinstance(table, Table)
        return table


def _line_starts(lines: Sequence[str]) -> Iterator[tuple[bool, bool]]:
    """For each line: does it start outside every string and bracket, and is it a comment
    line there? Tracks multi-line strings and arrays, so neither a ``[`` nor a ``#`` inside
    one is taken for a header or a comment."""
    quote: str | None = None  # the delimiter of the multi-line string we are in
    depth = 0
    for line in lines:
        stripped = line.lstrip()
        at_top = quote is None and depth == 0
        yield at_top, at_top and stripped.startswith("#")
        if at_top and stripped.startswith("["):
            continue  # a table header: no value starts or ends on its line
        index = 0
        while index < len(line):
            char = line[index]
            if quote is not None:
                if char == "\\" and quote == '"""':
                    index += 2
                    continue
                if line.startswith(quote, index):
                    rest = line[index:]
                    index += min(len(rest) - len(rest.lstrip(quote[0])), 5)
                    quote = None
                    continue
                index += 1
                continue
            if char == "#":
                break
            if char in "\"'":
                triple = char * 3
                if line.startswith(triple, index):
                    quote = triple
                    index += 3
                    continue
                index = _end_of_string(line, index, char)
                continue
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth = max(0, depth - 1)
            index += 1


def _end_of_string(line: str, start: int, quote: str) -> int:
    index = start + 1
    while index < len(line):
        if quote == '"' and line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            return index + 1
        index += 1
    return index


def split_at_headers(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first table header, and each block as (core, sep): a header with
    the comment lines right above it and the lines up to the next block, then the blank
    lines before that block. The plan's writer cuts ``plan.toml`` the same way."""
    lines = _lines(text)
    starts = list(_line_starts(lines))
    headers = [i for i, line in enumerate(lines) if starts[i][0] and line.lstrip().startswith("[")]
    begins: list[int] = []
    previous = -1
    for header in headers:
        begin = header
        while begin - 1 > previous and starts[begin - 1][1]:
            begin -= 1
        begins.append(begin)
        previous = header
    if not begins:
        return text, []
    preamble = "".join(lines[: begins[0]])
    blocks = []
    for number, begin in enumerate(begins):
        end = begins[number + 1] if number + 1 < len(begins) else len(lines)
        body = lines[begin:end]
        cut = len(body)
        while cut > 1 and not body[cut - 1].strip():
            cut -= 1
        blocks.append(("".join(body[:cut]), "".join(body[cut:])))
    return preamble, blocks


def _lines(text: str) -> list[str]:
    """Lines with their endings, cut at "\\n" only: TOML knows no other line break."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _classify(core: str) -> tuple[_Kind, str, TOMLDocument]:
    try:
        doc = tomlkit.parse(core)
    except tomlkit.exceptions.TOMLKitError as error:
        raise RoutineDocumentError(f"not a TOML file hipcoach can edit: {error}") from None
    keys = list(doc.keys())
    if keys == ["exercise"]:
        array = doc["exercise"]
        if isinstance(array, AoT) and len(array) == 1:
            return _Kind.EXERCISE, "", doc
    if keys == ["defaults"] and isinstance(doc["defaults"], Table):
        table = doc["defaults"]
        if not table.is_super_table():
            return _Kind.DEFAULTS, "", doc
    if keys == ["circuit"]:
        circuits = doc["circuit"]
        if isinstance(circuits, Table) and circuits.is_super_table() and len(circuits) == 1:
            key = next(iter(circuits.keys()))
            if isinstance(circuits[key], Table):
                return _Kind.CIRCUIT, key, doc
    return _Kind.OTHER, "", doc


def _same_lines(value: Any) -> Any:
    """A value with the line breaks of its multi-line strings made one kind: TOML readers
    differ on what "\r\n" in one becomes."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, dict):
        return {key: _same_lines(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_same_lines(item) for item in value]
    return value


def _merge(into: dict[str, Any], value: dict[str, Any]) -> None:
    for key, item in value.items():
        if isinstance(item, list) and isinstance(into.get(key), list):
            into[key].extend(item)
        elif isinstance(item, dict) and isinstance(into.get(key), dict):
            _merge(into[key], item)
        else:
            into[key] = item


# -- editing a file ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a routine as the editor lists it: an exercise on its own, or a circuit
    with its exercises (``exercises`` are their indexes)."""

    exercises: range
    circuit: str | None = None


@dataclass
class RoutineDocument:
    """A routine file open for editing, key by key.

    Exercises are numbered from 0 in the order of the ``[[exercise]]`` array. A value of
    None removes a key. Edits are not checked: load the result with the routine loader
    (``check``) to find what is wrong with it, the way a file written by hand would be.
    """

    _preamble: _Block
    _blocks: list[_Block] = field(default_factory=list)

    # -- reading and writing

    @classmethod
    def parse(cls, text: str) -> RoutineDocument:
        """Raises RoutineDocumentError for text that is not TOML, or that hipcoach cannot
        cut into tables safely (nothing is then written)."""
        try:
            whole = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise RoutineDocumentError(f"not a TOML file: {error}") from None
        preamble_text, pieces = split_at_headers(text)
        kind, _, doc = _classify(preamble_text)
        preamble = _Block(_Kind.PREAMBLE, preamble_text, "", doc)
        blocks = []
        merged = doc.unwrap()
        for core, sep in pieces:
            kind, key, doc = _classify(core)
            blocks.append(_Block(kind, core, sep, doc, key))
            _merge(merged, doc.unwrap())
        if _same_lines(merged) != _same_lines(whole):
            raise RoutineDocumentError(
                "this file's tables are laid out in a way hipcoach cannot edit safely"
            )
        for block, after in itertools.pairwise(blocks):
            block.glued = (
                block.kind is _Kind.CIRCUIT
                and after.kind is _Kind.EXERCISE
                and after.table().get("circuit") == block.key
            )
        return cls(preamble, blocks)

    @classmethod
    def load(cls, path: Path) -> RoutineDocument:
        """Raises OSError, UnicodeDecodeError or RoutineDocumentError."""
        return cls.parse(path.read_bytes().decode("utf-8"))

    @classmethod
    def from_routine(cls, routine: Routine) -> RoutineDocument:
        return cls.parse(write_routine(routine))

    def dumps(self) -> str:
        return self._preamble.text() + "".join(self._texts())

    def save(self, path: Path) -> None:
        save_atomically(path, self.dumps())

    def keys_by_line(self) -> dict[int, KeyPath]:
        """For each line of ``dumps()`` where a key or a table starts, the deepest key path
        written there (``("exercise", 2, "reps")``; a table header is the table's path).

        The loader reports a problem by line; this is how the editor puts it back beside
        the field that holds the key at fault."""
        found: dict[int, KeyPath] = {}
        for path, line in locate_keys(self.dumps()).items():
            known = found.get(line)
            if known is None or len(path) > len(known):
                found[line] = path
        return found

    def _texts(self) -> Iterator[str]:
        written = self._preamble.text()
        for number, block in enumerate(self._blocks):
            text = block.text()
            if block.fresh and written and not written.endswith("\n\n"):
                text = ("\n" if written.endswith("\n") else "\n\n") + text
            if number + 1 < len(self._blocks) and not text.endswith("\n"):
                text += "\n"
            written = text
            yield text

    # -- what is in it

    def _exercises(self) -> list[_Block]:
        return [b for b in self._blocks if b.kind is _Kind.EXERCISE]

    def _exercise(self, index: int) -> _Block:
        exercises = self._exercises()
        if not 0 <= index < len(exercises):
            raise IndexError(f"no exercise {index}: the routine has {len(exercises)}")
        return exercises[index]

    def exercise_count(self) -> int:
        return len(self._exercises())

    def exercise_circuit(self, index: int) -> str | None:
        """The circuit key an exercise names, if any."""
        value = self._exercise(index).table().get("circuit")
        return str(value) if isinstance(value, str) else None

    def exercise_field(self, index: int, key: str) -> Any:
        """One key of an exercise as the file writes it (a range as ``"10-12"``), or None."""
        return self.exercise_values(index).get(key)

    def exercise_values(self, index: int) -> dict[str, Any]:
        """Every key of an exercise, in the file's order, as plain values."""
        table = self._exercise(index).table()
        return dict(table.unwrap())

    def circuit_field(self, key: str, name: str) -> Any:
        """One key of ``[circuit.KEY]`` as the file writes it, or None (no such key or
        table)."""
        block = self._block(_Kind.CIRCUIT, key)
        return None if block is None else block.table().unwrap().get(name)

    def default_field(self, key: str) -> Any:
        """One key of ``[defaults]`` as the file writes it, or None."""
        table = self._defaults_table()
        return None if table is None else table.unwrap().get(key)

    def items(self) -> list[Item]:
        """The exercises on their own and the circuits, in order."""
        items: list[Item] = []
        circuits = [self.exercise_circuit(i) for i in range(self.exercise_count())]
        start = 0
        while start < len(circuits):
            key = circuits[start]
            end = start + 1
            while key is not None and end < len(circuits) and circuits[end] == key:
                end += 1
            items.append(Item(range(start, end), key))
            start = end
        return items

    def circuit_keys(self) -> list[str]:
        return [b.key for b in self._blocks if b.kind is _Kind.CIRCUIT]

    def defaults(self) -> Timings:
        """The timings the file's ``[defaults]`` give, hipcoach's own for the rest."""
        usual = Timings()
        table = self._defaults_table()
        given = table.unwrap() if table is not None else {}
        values: dict[str, Any] = {}
        for key in DEFAULT_KEYS:
            value = given.get(key)
            if key == "tempo" and isinstance(value, list) and len(value) == 3:
                values[key] = Tempo(*(int(v) for v in value))
            elif key != "tempo" and type(value) is int:
                values[key] = value
        return Timings(**{key: values.get(key, getattr(usual, key)) for key in DEFAULT_KEYS})

    # -- the routine's own keys and its defaults

    def routine_field(self, key: str) -> Any:
        """A top-level key's value as the file writes it, or None when it is not there."""
        value = self._preamble.doc.get(key)
        return None if value is None else self._preamble.doc.unwrap().get(key)

    def set_routine_field(self, key: str, value: Value | None) -> None:
        """``id``, ``name``, ``kind``, ``summary`` or ``tags``."""
        if key not in ROUTINE_KEYS:
            raise KeyError(f"not a routine key: {key}")
        _set(self._preamble.doc, key, value, ROUTINE_KEYS)
        self._preamble.touched()

    def set_default(self, key: str, value: Value | None) -> None:
        """A key of ``[defaults]``; the table is added when the file has none, and removed
        when it is left empty."""
        if key not in DEFAULT_KEYS:
            raise KeyError(f"not a key of [defaults]: {key}")
        block = self._block(_Kind.DEFAULTS)
        if block is not None:
            _set(block.table(), key, value, DEFAULT_KEYS)
            block.touched()
            if not block.table() and not _has_comments(block):
                self._blocks.remove(block)
            return
        inline = self._preamble.doc.get("defaults")
        if isinstance(inline, dict):
            _set(inline, key, value, DEFAULT_KEYS)
            self._preamble.touched()
            return
        if value is None:
            return
        text = _render_defaults([(key, value)])
        self._blocks.insert(0, _fresh(text, "\n"))

    def _defaults_table(self) -> Any:
        block = self._block(_Kind.DEFAULTS)
        if block is not None:
            return block.table()
        inline = self._preamble.doc.get("defaults")
        return inline if isinstance(inline, dict) else None

    def _block(self, kind: _Kind, key: str = "") -> _Block | None:
        return next((b for b in self._blocks if b.kind is kind and b.key == key), None)

    # -- exercises

    def set_exercise_field(self, index: int, key: str, value: Value | None) -> None:
        """Set or (with None) remove one key of an exercise; for the dose use
        ``set_exercise_dose``."""
        if key not in EXERCISE_KEYS:
            raise KeyError(f"not an exercise key: {key}")
        block = self._exercise(index)
        _set(block.table(), key, value, EXERCISE_KEYS)
        block.touched()

    def set_exercise_dose(self, index: int, key: str, amount: Amount | int | str) -> None:
        """Make the dose ``key`` (hold, breaths or reps) with ``amount``, in the place of
        the dose the exercise had. A ``tempo`` or ``breath`` left behind is not removed."""
        if key not in DOSE_KEYS:
            raise KeyError(f"not a dose: {key}")
        block = self._exercise(index)
        table = block.table()
        old = [k for k in DOSE_KEYS if k in table]
        if old == [key]:
            table[key] = _item(amount)
        else:
            if old:
                item = _item(amount)
                previous = table.item(old[0])
                if isinstance(previous, toml_items.Item):
                    # The comment after the old dose was about the dose: it stays with it.
                    item.trivia.comment_ws = previous.trivia.comment_ws
                    item.trivia.comment = previous.trivia.comment
                _insert_after(table, old[0], key, item)
            else:
                _set(table, key, amount, EXERCISE_KEYS)
            for other in old:
                if other != key:
                    del table[other]
        block.touched()

    def insert_exercise(self, index: int, exercise: Exercise) -> None:
        """Add an exercise so that it becomes number ``index`` (``exercise_count()`` for the
        end); the keys the file's defaults give are left out."""
        self._insert(index, _render_exercise(exercise_items(exercise, self.defaults())))

    def insert_exercise_values(self, index: int, values: dict[str, Any]) -> None:
        """Add an exercise of these keys and values, as read from a file (right or wrong:
        a copy of an exercise that still has problems keeps them), at ``index``."""
        doc = tomlkit.document()
        array = tomlkit.aot()
        table = tomlkit.table()
        for key, value in values.items():
            table.add(key, _raw_item(value))
        array.append(table)
        doc.append("exercise", array)
        self._insert(index, doc.as_string())

    def _insert(self, index: int, text: str) -> None:
        exercises = self._exercises()
        if not 0 <= index <= len(exercises):
            raise IndexError(f"cannot insert at {index}: the routine has {len(exercises)}")
        block = _fresh(text, "")
        order = [*exercises[:index], block, *exercises[index:]]
        seps = [b.sep for b in exercises]
        usual = _most_common(seps[:-1], "\n")
        if index < len(seps):
            seps.insert(index, usual)
        elif seps:
            seps.insert(len(seps) - 1, usual)
        else:
            seps = [""]
        self._arrange(order, seps)

    def remove_exercise(self, index: int) -> None:
        exercises = self._exercises()
        block = self._exercise(index)
        seps = [b.sep for b in exercises]
        del seps[index - 1 if index == len(exercises) - 1 and index > 0 else index]
        self._arrange([b for b in exercises if b is not block], seps)

    def move_exercises(self, first: int, count: int, to: int) -> None:
        """Move ``count`` exercises starting at ``first`` so that the first of them becomes
        number ``to``. Their comments go with them; the blank lines between exercises stay
        where they were."""
        exercises = self._exercises()
        if count < 1 or first < 0 or first + count > len(exercises):
            raise IndexError(f"no exercises {first} to {first + count - 1}")
        moved = exercises[first : first + count]
        rest = exercises[:first] + exercises[first + count :]
        if not 0 <= to <= len(rest):
            raise IndexError(f"cannot move to {to}")
        self._arrange([*rest[:to], *moved, *rest[to:]], [b.sep for b in exercises])

    def move_item(self, index: int, to: int) -> None:
        """Move an item of ``items()`` (an exercise, or a circuit with all its exercises) so
        that it becomes item number ``to``."""
        items = self.items()
        if not 0 <= index < len(items) or not 0 <= to < len(items):
            raise IndexError(f"no item {index if not 0 <= index < len(items) else to}")
        moved = items[index]
        others = [item for item in items if item is not moved]
        target = sum(len(item.exercises) for item in others[:to])
        self.move_exercises(moved.exercises.start, len(moved.exercises), target)

    # -- circuits

    def set_circuit_field(self, key: str, name: str, value: Value | None) -> None:
        """``name``, ``rounds``, ``round_rest`` or ``rest`` of ``[circuit.KEY]``."""
        if name not in CIRCUIT_KEYS:
            raise KeyError(f"not a circuit key: {name}")
        block = self._block(_Kind.CIRCUIT, key)
        if block is None:
            raise KeyError(f"no [circuit.{key}] table")
        _set(block.table(), name, value, CIRCUIT_KEYS)
        block.touched()

    def add_circuit(self, circuit: Circuit) -> None:
        """Add a ``[circuit.KEY]`` table: right above its first exercise when the file keeps
        its circuit tables there, else with the other tables before the exercises."""
        if self._block(_Kind.CIRCUIT, circuit.key) is not None:
            raise KeyError(f"[circuit.{circuit.key}] is there already")
        block = _fresh(_render_circuit(circuit.key, circuit_items(circuit, self.defaults())))
        glued = self._glued()
        exercises = self._exercises()
        first = next(
            (b for b in exercises if b.table().get("circuit") == circuit.key),
            None,
        )
        if first is not None and (glued or not self.circuit_keys()):
            block.glued = True
            self._blocks.insert(self._blocks.index(first), block)
            return
        position = 0
        for number, existing in enumerate(self._blocks):
            if existing.kind is _Kind.EXERCISE:
                break
            if existing.kind in (_Kind.DEFAULTS, _Kind.CIRCUIT):
                position = number + 1
        self._blocks.insert(position, block)

    def remove_circuit(self, key: str) -> None:
        """Remove ``[circuit.KEY]`` with the comments above it; its exercises keep their
        ``circuit`` key until it is changed."""
        block = self._block(_Kind.CIRCUIT, key)
        if block is None:
            raise KeyError(f"no [circuit.{key}] table")
        self._blocks.remove(block)

    def rename_circuit(self, old: str, new: str) -> None:
        """Give a circuit a new key: its table and every ``circuit = "OLD"`` of its
        exercises."""
        block = self._block(_Kind.CIRCUIT, old)
        if block is None:
            raise KeyError(f"no [circuit.{old}] table")
        lines = _lines(block.doc.as_string())
        # The header is the first line that is not a comment; only its key changes, so a
        # comment on that line stays.
        number = next(i for i, line in enumerate(lines) if line.lstrip().startswith("["))
        line = lines[number]
        start = line.index("[")
        end = start + 1
        while line[end] != "]":
            end = _end_of_string(line, end, line[end]) if line[end] in "\"'" else end + 1
        lines[number] = f"{line[:start]}[circuit.{new}]{line[end + 1 :]}"
        renamed = _fresh("".join(lines), block.sep)
        renamed.fresh = block.fresh
        renamed.glued = block.glued
        self._blocks[self._blocks.index(block)] = renamed
        for index in range(self.exercise_count()):
            if self.exercise_circuit(index) == old:
                self.set_exercise_field(index, "circuit", new)

    # -- putting the blocks back in order

    def _glued(self) -> dict[str, _Block]:
        """Circuit tables that stand right above their circuit's exercises, by key."""
        return {b.key: b for b in self._blocks if b.kind is _Kind.CIRCUIT and b.glued}

    def _arrange(self, exercises: list[_Block], seps: list[str]) -> None:
        """Lay the blocks out with ``exercises`` in this order, each followed by the blank
        lines of its place. Tables before the first exercise stay first, those after the last
        stay last, one between exercises stays after as many exercises as before; a circuit
        table that stood right above its circuit goes there again."""
        glued = self._glued()
        gluing = set(map(id, glued.values()))
        old = [b for b in self._blocks if id(b) not in gluing]
        slots = [b for b in old if b.kind is _Kind.EXERCISE]
        prefix: list[_Block] = []
        suffix: list[_Block] = []
        middle: dict[int, list[_Block]] = {}
        seen = 0
        for block in old:
            if block.kind is _Kind.EXERCISE:
                seen += 1
            elif seen == 0:
                prefix.append(block)
            elif seen == len(slots):
                suffix.append(block)
            else:
                middle.setdefault(seen, []).append(block)
        laid = list(prefix)
        previous: str | None = None
        placed: set[str] = set()
        for number, block in enumerate(exercises):
            laid.extend(middle.pop(number, []))
            key = block.table().get("circuit")
            key = key if isinstance(key, str) else None
            if key is not None and key != previous and key in glued and key not in placed:
                laid.append(glued[key])
                placed.add(key)
            previous = key
            block.sep = seps[number]
            laid.append(block)
        for blocks in middle.values():
            laid.extend(blocks)
        orphans = [b for key, b in glued.items() if key not in placed]
        self._blocks = [*prefix, *orphans, *laid[len(prefix) :], *suffix]

    # -- checking

    def check(self, shown: str, routine_id: str) -> Routine:
        """The routine this document describes, through the routine loader; raises
        RoutineFileError with every problem, as for a file on disk."""
        from hipcoach.core.routine_file import parse_routine

        return parse_routine(self.dumps().encode("utf-8"), shown, routine_id)


def _fresh(text: str, sep: str = "\n") -> _Block:
    kind, key, doc = _classify(text)
    return _Block(kind, text, sep, doc, key, fresh=True)


def _has_comments(block: _Block) -> bool:
    return "#" in block.doc.as_string()


def _container(table: Any) -> Container | None:
    """Where a table keeps its keys in order; None for an inline table."""
    if isinstance(table, Container):
        return table
    if isinstance(table, Table):
        return table.value
    return None


def _insert_after(table: Any, after: str, key: str, item: Any) -> None:
    container = _container(table)
    if container is None:
        table[key] = item
    else:
        container._insert_after(after, key, item)


def _set(table: Any, key: str, value: Value | None, order: Sequence[str]) -> None:
    set_item(table, key, None if value is None else _item(value), order)


def set_item(table: Any, key: str, item: Any, order: Sequence[str]) -> None:
    """Set, replace or remove (``item`` None) one key of a tomlkit table. A replaced value
    keeps its place and the comment after it; a new key goes after the keys that come
    before it in ``order``, so it lands among its neighbours, above any comment that
    closes the table."""
    if item is None:
        if key in table:
            del table[key]
        return
    if key in table:
        table[key] = item
        return
    present = [k for k in order if k in table]
    before = [k for k in present if order.index(k) < order.index(key)]
    if before:
        _insert_after(table, before[-1], key, item)
        return
    container = _container(table)
    if container is None:
        table[key] = item
        return
    first_key = next(
        (number for number, (k, _) in enumerate(container.body) if k is not None), None
    )
    if first_key is None:
        table.add(key, item)
    else:
        container._insert_at(first_key, key, item)
