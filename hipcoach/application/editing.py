"""A routine open in the editor: its file, edited key by key and read by the routine loader
after every edit (docs/routine-format.md, "Files that hipcoach writes").

The editor keeps no routine of its own: the file is the truth. Every edit goes through
RoutineDocument, so a hand-written file keeps its comments and layout; every check is the
loader reading the very text Save would write, so a problem shown beside a field is what
``hipcoach validate`` would say about the file, put back beside the key written on the
problem's line. Keys are named as the loader's locator names them: ``("name",)``,
``("defaults", "rest")``, ``("circuit", "glutes", "rounds")``, ``("exercise", 2, "reps")``.

A field left empty removes its key where the key may be left out (the routine's default
then applies), and writes an empty value where it may not (a name, a dose, a circuit's
rounds), so the loader's own message appears beside that field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from hipcoach.adapters.private_files import save_atomically
from hipcoach.adapters.routine_files import (
    DOSE_KEYS,
    Item,
    RoutineDocument,
    RoutineDocumentError,
)
from hipcoach.core.library import Entry, Source
from hipcoach.core.model import (
    Amount,
    Circuit,
    Exercise,
    Hold,
    Kind,
    Routine,
    Timings,
    exercise_id,
)
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import RoutineFileError, escaped, parse_routine
from hipcoach.core.toml_lines import KeyPath

Value = str | int | list[str | int] | None

EXERCISE_TIMINGS = ("prepare", "switch", "set_rest", "rest")
DEFAULT_SECONDS = ("prepare", "switch", "set_rest", "rest", "breath")
CIRCUIT_SECONDS = ("round_rest", "rest")
NEW_ROUTINE_NAME = "New routine"
NEW_EXERCISE_HOLD = 30
NEW_CIRCUIT_ROUNDS = 2

_NUMBER = re.compile(r"[+-]?[0-9]+")
# How the loader names what a problem is in: shown beside the field, the field says it.
_LABEL = re.compile(r'^(?:exercise (?:"[^\n]*?"|[0-9]+)|circuit "[^\n]*?"|defaults): ')


class Origin(Enum):
    """Where the routine being edited comes from, which says where Save writes it."""

    NEW = "new"  # not saved yet: New or Duplicate
    USER = "user"  # a file in the runner's own folder
    BUILT_IN = "built-in"  # shipped: saved as the runner's copy, which then replaces it


class DraftError(Exception):
    """A draft that cannot be saved where it should go (one line for the runner)."""


# -- what a field's text writes --------------------------------------------------------------


def number_or_text(text: str) -> int | str:
    """``"12"`` -> 12; anything else (a range ``"10-12"``, a typo) as typed, for the loader
    to accept or explain."""
    stripped = text.strip()
    if _NUMBER.fullmatch(stripped) and len(stripped) <= 30:
        return int(stripped)
    return stripped


def optional_number(text: str) -> int | str | None:
    """An optional number: an empty field removes the key, so the default applies."""
    return None if not text.strip() else number_or_text(text)


def words(text: str) -> list[str] | None:
    """``"itb, glutes"`` -> ``["itb", "glutes"]``; empty removes the key."""
    found = [w.strip() for w in text.split(",") if w.strip()]
    return found or None


def shown(value: object) -> str:
    """A value from the file as a field shows it: a range as written, a list of words
    joined by commas, anything else as TOML would write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    return str(value)


def without_label(message: str) -> str:
    """A loader message without the ``exercise "Clamshells": `` that names where it is:
    beside the field, the place is plain to see."""
    text = _LABEL.sub("", message, count=1)
    return text[:1].upper() + text[1:]


# -- the result of a check -------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What the loader made of the draft: the routine and its plan, or the problems, each
    under the key path written on its line (``()`` when no key is there)."""

    routine: Routine | None
    plan: Plan | None
    problems: dict[KeyPath, list[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(messages) for messages in self.problems.values())

    def under(self, prefix: KeyPath) -> int:
        """How many problems are at ``prefix`` or inside it (an exercise and its keys)."""
        return sum(len(m) for path, m in self.problems.items() if path[: len(prefix)] == prefix)


# -- the draft --------------------------------------------------------------------------------


@dataclass
class RoutineDraft:
    """One routine being edited. ``path`` is the file it was read from (None for a new
    one); ``folder`` is the runner's routines folder, where Save writes; ``taken`` holds
    the ids of the other routines, so a new one never takes the place of one of them."""

    document: RoutineDocument
    origin: Origin
    routine_id: str
    folder: Path
    path: Path | None = None
    base: Timings = field(default_factory=Timings)
    taken: frozenset[str] = frozenset()
    disk_text: str | None = None  # the file as last read or written, to tell others' changes

    # -- text and check

    def text(self) -> str:
        return self.document.dumps()

    def replace_text(self, text: str) -> None:
        """Go back (or forward) to a text this draft had: undo and redo, a reload."""
        if text != self.document.dumps():
            self.document = RoutineDocument.parse(text)
        given = self.document.routine_field("id")
        if self.origin is Origin.NEW and isinstance(given, str):
            self.routine_id = given

    def check(self) -> Checked:
        """The loader's reading of the text Save would write."""
        shown_as = self.target().name
        text = self.document.dumps()
        try:
            routine = parse_routine(text.encode("utf-8"), shown_as, self.routine_id, self.base)
        except RoutineFileError as error:
            lines = self.document.keys_by_line()
            problems: dict[KeyPath, list[str]] = {}
            for problem in error.problems:
                where = lines.get(problem.line, ())
                if where == ("format",):
                    where = ()  # a whole-file problem is reported at line 1
                problems.setdefault(where, []).append(without_label(problem.message))
            return Checked(None, None, problems)
        return Checked(routine, make_plan(routine))

    # -- where it goes

    def target(self) -> Path:
        """The file Save writes: the runner's own file where it is, else ``ID.toml`` in
        their folder (a built-in's copy, a new routine)."""
        if self.origin is Origin.USER and self.path is not None:
            return self.path
        return self.folder / f"{self.routine_id}.toml"

    def saved(self, path: Path, text: str) -> None:
        self.origin = Origin.USER
        self.path = path
        self.disk_text = text

    # -- reading it for the form

    def items(self) -> list[Item]:
        return self.document.items()

    def exercise_count(self) -> int:
        return self.document.exercise_count()

    def value(self, path: KeyPath) -> Any:
        """The value of a key as the file writes it, or None."""
        match path:
            case (str(key),):
                return self.document.routine_field(key)
            case ("defaults", str(key)):
                return self.document.default_field(key)
            case ("circuit", str(key), str(name)):
                return self.document.circuit_field(key, name)
            case ("exercise", int(index), str(key)):
                return self.document.exercise_field(index, key)
        raise KeyError(path)

    def dose_key(self, index: int) -> str | None:
        """``hold``, ``breaths`` or ``reps``: the exercise's (first) dose, if any."""
        values = self.document.exercise_values(index)
        return next((k for k in DOSE_KEYS if k in values), None)

    def exercise_name(self, index: int) -> str:
        name = self.document.exercise_field(index, "name")
        return escaped(name.strip()) if isinstance(name, str) and name.strip() else ""

    def circuit_name(self, key: str) -> str:
        name = self.document.circuit_field(key, "name")
        return escaped(name.strip()) if isinstance(name, str) and name.strip() else key

    def exercise_ids(self) -> list[str]:
        """Each exercise's id as the loader gives it: its ``id``, else from its name."""
        found = []
        for index in range(self.exercise_count()):
            values = self.document.exercise_values(index)
            given = values.get("id")
            name = values.get("name")
            if isinstance(given, str):
                found.append(given)
            else:
                found.append(exercise_id(name) if isinstance(name, str) else "")
        return found

    # -- the routine's own keys

    def set_routine_text(self, key: str, text: str) -> None:
        """``name``, ``summary`` or ``tags``. A new routine's id follows its name, so its
        file is named after it."""
        if key == "name":
            self.document.set_routine_field("name", text)
            if self.origin is Origin.NEW:
                self.routine_id = self.free_id(text)
                self.document.set_routine_field("id", self.routine_id)
        elif key == "summary":
            self.document.set_routine_field("summary", text if text.strip() else None)
        elif key == "tags":
            self.document.set_routine_field("tags", words(text))
        else:
            raise KeyError(key)

    def set_kind(self, kind: Kind) -> None:
        self.document.set_routine_field("kind", kind)

    def free_id(self, name: str) -> str:
        """An id made from the name that no other routine has (``hip-reset-2``)."""
        made = exercise_id(name)[:70].strip("-") or "routine"
        candidate, number = made, 2
        while candidate in self.taken or (self.folder / f"{candidate}.toml").exists():
            candidate = f"{made}-{number}"
            number += 1
        return candidate

    def set_default_text(self, key: str, text: str) -> None:
        self.document.set_default(key, optional_number(text))

    def set_default_tempo(self, texts: Sequence[str]) -> None:
        self.document.set_default("tempo", _tempo(texts))

    # -- an exercise's keys

    def set_exercise_text(self, index: int, key: str, text: str) -> None:
        """Any key of an exercise typed in a field; ``dose`` is its hold, breaths or
        reps, whichever it has."""
        document = self.document
        if key == "name":
            document.set_exercise_field(index, "name", text)
        elif key == "id":
            document.set_exercise_field(index, "id", text.strip() or None)
        elif key == "how":
            document.set_exercise_field(index, "how", text if text.strip() else None)
        elif key == "targets":
            document.set_exercise_field(index, "targets", words(text))
        elif key == "dose":
            document.set_exercise_dose(index, self.dose_key(index) or "hold", number_or_text(text))
        elif key in ("sets", "breath", *EXERCISE_TIMINGS):
            document.set_exercise_field(index, key, optional_number(text))
        else:
            raise KeyError(key)

    def set_exercise_tempo(self, index: int, texts: Sequence[str]) -> None:
        self.document.set_exercise_field(index, "tempo", _tempo(texts))

    def set_sides(self, index: int, each: bool) -> None:
        self.document.set_exercise_field(index, "sides", "each" if each else None)

    def set_dose_kind(self, index: int, key: str) -> None:
        """Hold, breaths or reps, keeping the amount; a tempo or breath that only the old
        kind takes goes with it."""
        amount = self.document.exercise_field(index, self.dose_key(index) or key)
        self.document.set_exercise_dose(
            index, key, amount if isinstance(amount, int | str) else number_or_text("")
        )
        if key != "reps":
            self.document.set_exercise_field(index, "tempo", None)
        if key != "breaths":
            self.document.set_exercise_field(index, "breath", None)

    # -- a circuit's keys

    def set_circuit_text(self, key: str, name: str, text: str) -> None:
        if name == "name":
            self.document.set_circuit_field(key, "name", text if text.strip() else None)
        elif name == "rounds":
            self.document.set_circuit_field(key, "rounds", number_or_text(text))
        elif name in CIRCUIT_SECONDS:
            self.document.set_circuit_field(key, name, optional_number(text))
        else:
            raise KeyError(name)

    # -- the order of things

    def add_exercise(self, at: int, circuit: str | None = None) -> int:
        """A new exercise (a 30 s hold) becomes number ``at``; returns ``at``."""
        number = self.exercise_count() + 1
        name = self._free_name(f"Exercise {number}", "Exercise {}", number)
        self.document.insert_exercise(
            at, Exercise(name, Hold(Amount(NEW_EXERCISE_HOLD)), circuit=circuit)
        )
        return at

    def add_circuit(self, at: int) -> str:
        """A new circuit of two rounds with one new exercise in it, as item number ``at``;
        returns its key."""
        keys = set(self.document.circuit_keys())
        number = 1
        while f"circuit-{number}" in keys:
            number += 1
        key = f"circuit-{number}"
        items = self.items()
        first = items[at].exercises.start if at < len(items) else self.exercise_count()
        self.add_exercise(first, key)
        self.document.add_circuit(
            Circuit(key, f"Circuit {number}", Amount(NEW_CIRCUIT_ROUNDS), self._set_rest())
        )
        return key

    def _set_rest(self) -> int:
        given = self.document.default_field("set_rest")
        return given if isinstance(given, int) and not isinstance(given, bool) else 30

    def duplicate_exercise(self, index: int) -> int:
        """A copy right after it, in its circuit if it has one, under a name (and id) of its
        own; returns the copy's number."""
        values = self.document.exercise_values(index)
        self._rename_copy(values)
        self.document.insert_exercise_values(index + 1, values)
        return index + 1

    def duplicate_circuit(self, key: str) -> str:
        """A copy of the circuit and its exercises right after it; returns the new key."""
        item = next(i for i in self.items() if i.circuit == key)
        keys = set(self.document.circuit_keys())
        number = 2
        while f"{key}-{number}" in keys:
            number += 1
        new = f"{key}-{number}"[:80]
        rounds = self.document.circuit_field(key, "rounds")
        copies = []
        for index in item.exercises:
            values = self.document.exercise_values(index)
            values["circuit"] = new
            copies.append(values)
        for offset, values in enumerate(copies):
            self._rename_copy(values)
            self.document.insert_exercise_values(item.exercises.stop + offset, values)
        self.document.add_circuit(Circuit(new, new, Amount(1)))
        name = self.document.circuit_field(key, "name")
        self.document.set_circuit_field(
            new, "name", f"{name} (copy)" if isinstance(name, str) else None
        )
        self.document.set_circuit_field(new, "rounds", rounds if rounds is not None else 1)
        for other in CIRCUIT_SECONDS:
            self.document.set_circuit_field(new, other, self.document.circuit_field(key, other))
        return new

    def _rename_copy(self, values: dict[str, Any]) -> None:
        name = values.get("name")
        base = name.strip() if isinstance(name, str) and name.strip() else "Exercise"
        values["name"] = self._free_name(f"{base} (copy)", f"{base} (copy {{}})")
        if "id" in values:
            values["id"] = exercise_id(values["name"])

    def _free_name(self, first: str, pattern: str, number: int = 1) -> str:
        """``first``, else ``pattern`` with the lowest number from ``number + 1`` on, whose
        id no exercise has: two exercises of one id are a problem the runner did not make."""
        ids = set(self.exercise_ids())
        candidate = first
        while exercise_id(candidate) in ids:
            number += 1
            candidate = pattern.format(number)
        return candidate

    def remove_exercise(self, index: int) -> None:
        """Remove it; a circuit left with no exercise goes too."""
        circuit = self.document.exercise_circuit(index)
        self.document.remove_exercise(index)
        self._drop_if_empty(circuit)

    def remove_circuit(self, key: str) -> None:
        """Remove the circuit with its exercises."""
        item = next(i for i in self.items() if i.circuit == key)
        for index in reversed(item.exercises):
            self.document.remove_exercise(index)
        self.document.remove_circuit(key)

    def _drop_if_empty(self, circuit: str | None) -> None:
        if circuit is None or circuit not in self.document.circuit_keys():
            return
        if not any(i.circuit == circuit for i in self.items()):
            self.document.remove_circuit(circuit)

    def move_item(self, index: int, to: int) -> None:
        """An exercise, or a circuit with all its exercises, becomes item number ``to``."""
        self.document.move_item(index, to)

    def place_exercise(self, index: int, circuit: str | None, before: int | None) -> int:
        """Move exercise ``index`` in front of exercise ``before`` (None: to the end), in
        ``circuit`` or in none; returns its new number. Joining a circuit drops its
        ``sets`` (the rounds repeat it); a circuit it leaves empty goes."""
        count = self.exercise_count()
        to = count if before is None else before
        if to > index:
            to -= 1
        old = self.document.exercise_circuit(index)
        if to != index:
            self.document.move_exercises(index, 1, to)
        if circuit != old:
            self.document.set_exercise_field(to, "circuit", circuit)
            if circuit is not None:
                self.document.set_exercise_field(to, "sets", None)
            self._drop_if_empty(old)
        return to

    def join_circuit(self, index: int, circuit: str | None) -> int:
        """Put an exercise in a circuit (at its end) or take it out (right after it);
        returns its new number."""
        old = self.document.exercise_circuit(index)
        if circuit == old:
            return index
        if circuit is None:
            item = next(i for i in self.items() if index in i.exercises)
            return self.place_exercise(index, None, _after(item, self.exercise_count()))
        item = next(i for i in self.items() if i.circuit == circuit)
        return self.place_exercise(index, circuit, _after(item, self.exercise_count()))

    def circuits(self) -> list[tuple[str, str]]:
        """Each circuit's key and name, in the file's order of its exercises."""
        return [(i.circuit, self.circuit_name(i.circuit)) for i in self.items() if i.circuit]


def _after(item: Item, count: int) -> int | None:
    return item.exercises.stop if item.exercises.stop < count else None


def _tempo(texts: Iterable[str]) -> list[str | int] | None:
    parts = [text.strip() for text in texts]
    if not any(parts):
        return None
    return [number_or_text(part) for part in parts]


# -- opening and saving -----------------------------------------------------------------------


def new_draft(folder: Path, base: Timings, taken: Iterable[str]) -> RoutineDraft:
    """A routine of one exercise, not saved yet, named so that its id is free."""
    draft = RoutineDraft(
        RoutineDocument.parse(f'format = 1\nname = "{NEW_ROUTINE_NAME}"\nkind = "mixed"\n'),
        Origin.NEW,
        "routine",
        folder,
        base=base,
        taken=frozenset(taken),
    )
    draft.set_routine_text("name", NEW_ROUTINE_NAME)
    draft.add_exercise(0)
    return draft


def open_draft(entry: Entry, folder: Path, base: Timings) -> RoutineDraft:
    """The routine's own file, open for editing; a built-in gets its id written in, so its
    copy stays the same routine (and keeps its history). Raises DraftError."""
    text = _read(entry.path)
    document = _parse(text, entry.path)
    if entry.source is Source.USER:
        return RoutineDraft(
            document, Origin.USER, entry.routine.id, folder, entry.path, base, disk_text=text
        )
    if document.routine_field("id") is None:
        document.set_routine_field("id", entry.routine.id)
    return RoutineDraft(document, Origin.BUILT_IN, entry.routine.id, folder, entry.path, base)


def duplicate_draft(
    entry: Entry, folder: Path, base: Timings, taken: Iterable[str]
) -> RoutineDraft:
    """A copy of the routine's file, comments and all, under a new name and id; not saved
    yet."""
    document = _parse(_read(entry.path), entry.path)
    draft = RoutineDraft(document, Origin.NEW, entry.routine.id, folder, base=base)
    draft.taken = frozenset(taken)
    draft.set_routine_text("name", f"{entry.routine.name} (copy)")
    return draft


def save_draft(draft: RoutineDraft) -> Path:
    """Write the draft where it goes, atomically and private to the runner; returns the
    file. Raises DraftError or OSError."""
    target = draft.target()
    if draft.origin is Origin.NEW and target.exists():
        raise DraftError(f"there is a routine file {target.name} already: rename the routine")
    draft.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = draft.text()
    save_atomically(target, text)
    draft.saved(target, text)
    return target


def read_text(path: Path) -> str:
    """A routine file's text as the editor reads it. Raises DraftError."""
    return _read(path)


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as error:
        raise DraftError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise DraftError(f"{path.name} is not UTF-8 text") from None


def _parse(text: str, path: Path) -> RoutineDocument:
    try:
        return RoutineDocument.parse(text)
    except RoutineDocumentError as error:
        raise DraftError(f"{path.name}: {error}") from None
