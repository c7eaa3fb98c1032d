"""Writing ``plan.toml`` as an edit of the runner's own file (docs/coaching.md, "The weekly
plan: plan.toml").

Settings changes one routine's rhythm at a time; the file is often written by hand, with
comments on why a target is what it is. So a save edits the file key by key, as the routine
writer does (``routine_files``): the file is cut at its table headers into blocks, each
``[[routine]]`` and the ``[reminder]`` its own small tomlkit document (the comment lines
right above a header go with it), and only the blocks whose values change are written
anew. A routine removed from the plan takes its block and the comments above it along; a
routine added gets a block after the last one; every other line stays as it was.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import Enum
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from hipcoach.adapters.routine_files import set_item, split_at_headers
from hipcoach.core.errors import KnownError
from hipcoach.core.plan_file import plan_text
from hipcoach.core.week_plan import DAY_NAMES, PerWeek, PlannedRoutine, Reminder, WeekPlan

ROUTINE_KEYS = ("id", "per_week", "spacing", "after_run")
REMINDER_KEYS = ("at", "days")


class PlanDocumentError(KnownError):
    """A ``plan.toml`` whose layout cannot be edited key by key: one line for the runner."""


class _Kind(Enum):
    ROUTINE = "routine"
    REMINDER = "reminder"
    OTHER = "other"


@dataclass(eq=False)
class _Block:
    kind: _Kind
    core: str
    sep: str
    doc: TOMLDocument
    fresh: bool = False
    edited: bool = False

    def text(self) -> str:
        return (self.doc.as_string() if self.edited else self.core) + self.sep

    def table(self) -> Table:
        if self.kind is _Kind.ROUTINE:
            array = self.doc["routine"]
            assert isinstance(array, AoT)
            return array[0]
        table = self.doc["reminder"]
        assert isinstance(table, Table)
        return table

    def routine_id(self) -> object:
        return self.table().get("id") if self.kind is _Kind.ROUTINE else None

    def set(self, key: str, value: Any, order: tuple[str, ...]) -> None:
        """Set (or with None remove) one key, touching the block only when it changes."""
        table = self.table()
        unwrapped = table.unwrap().get(key)
        if value is None and key not in table:
            return
        if value is not None and key in table and _same(unwrapped, value):
            return
        set_item(table, key, None if value is None else _item(value), order)
        self.doc = tomlkit.parse(self.doc.as_string())  # tomlkit sees an inserted key whole
        self.edited = True


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(found, bool) or isinstance(wanted, bool):
        return found is wanted
    return bool(found == wanted)


def _item(value: Any) -> Any:
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(value)
        return array
    return tomlkit.item(value)


def _classify(core: str) -> tuple[_Kind, TOMLDocument]:
    try:
        doc = tomlkit.parse(core)
    except tomlkit.exceptions.TOMLKitError as error:
        raise PlanDocumentError(f"not a TOML file hipcoach can edit: {error}") from None
    keys = list(doc.keys())
    if keys == ["routine"]:
        array = doc["routine"]
        if isinstance(array, AoT) and len(array) == 1:
            return _Kind.ROUTINE, doc
    if keys == ["reminder"]:
        table = doc["reminder"]
        if isinstance(table, Table) and not table.is_super_table():
            return _Kind.REMINDER, doc
    return _Kind.OTHER, doc


def _fresh(text: str) -> _Block:
    kind, doc = _classify(text)
    return _Block(kind, text, "", doc, fresh=True)


def per_week_value(per_week: PerWeek | None) -> str | int | None:
    """As the file writes it: a range in quotes ("1-3"), a fixed count as a number."""
    if per_week is None:
        return None
    return str(per_week) if per_week.ranged else per_week.low


def _routine_values(routine: PlannedRoutine) -> dict[str, Any]:
    return {
        "per_week": per_week_value(routine.per_week),
        "spacing": routine.spacing,
        "after_run": True if routine.after_run else None,
    }


def _reminder_values(reminder: Reminder) -> dict[str, Any]:
    days = None if reminder.days is None else [DAY_NAMES[d] for d in reminder.days]
    return {"at": f"{reminder.at:%H:%M}", "days": days}


def _new_routine(routine: PlannedRoutine) -> _Block:
    doc = tomlkit.document()
    array = tomlkit.aot()
    table = tomlkit.table()
    table.add("id", routine.id)
    for key, value in _routine_values(routine).items():
        if value is not None:
            table.add(key, value)
    array.append(table)
    doc.append("routine", array)
    return _fresh(doc.as_string())


def _new_reminder(reminder: Reminder) -> _Block:
    doc = tomlkit.document()
    table = tomlkit.table()
    for key, value in _reminder_values(reminder).items():
        if value is not None:
            table.add(key, _item(value))
    doc.append("reminder", table)
    return _fresh(doc.as_string())


def _days_same(found: Any, wanted: list[str] | None) -> bool:
    """``days`` as the plan reads them: case and order do not matter."""
    if wanted is None or not isinstance(found, list):
        return False
    return sorted({str(d).lower() for d in found}) == sorted(wanted)


def edited_plan_text(before: str | None, plan: WeekPlan) -> str:
    """``plan`` written into the text of the plan file it was read from (None: there is no
    file yet, and a new one is written). Raises PlanDocumentError for a file that is not
    TOML or whose routines or reminder are not written as tables."""
    if before is None:
        return plan_text(plan)
    try:
        whole = tomllib.loads(before)
    except tomllib.TOMLDecodeError as error:
        raise PlanDocumentError(f"plan.toml is not a TOML file: {error}") from None
    preamble_text, pieces = split_at_headers(before)
    preamble_kind, preamble_doc = _classify(preamble_text)
    if preamble_kind is not _Kind.OTHER or {"routine", "reminder"} & set(preamble_doc):
        raise PlanDocumentError(
            "plan.toml gives its routines or reminder in a way hipcoach cannot edit safely "
            "(write them as [[routine]] and [reminder] tables)"
        )
    blocks = []
    for core, sep in pieces:
        kind, doc = _classify(core)
        blocks.append(_Block(kind, core, sep, doc))
    if any(b.kind is _Kind.OTHER for b in blocks) or len(
        [b for b in blocks if b.kind is _Kind.ROUTINE]
    ) != len(whole.get("routine", [])):
        raise PlanDocumentError(
            "plan.toml has tables hipcoach cannot edit safely (only [[routine]] and "
            "[reminder] belong in it)"
        )

    # Each routine of the plan in its own block: its old one where it had one.
    by_id: dict[object, _Block] = {}
    for block in blocks:
        if block.kind is _Kind.ROUTINE:
            by_id.setdefault(block.routine_id(), block)
    wanted: list[_Block] = []
    for routine in plan.routines:
        if routine.id not in by_id:
            wanted.append(_new_routine(routine))
            continue
        old = by_id.pop(routine.id)
        for key, value in _routine_values(routine).items():
            old.set(key, value, ROUTINE_KEYS)
        wanted.append(old)

    # The kept blocks fill the places routines had, in the plan's order; new ones follow
    # the last of them (or come before the reminder in a file that had no routine).
    places = [i for i, b in enumerate(blocks) if b.kind is _Kind.ROUTINE and b in wanted]
    kept = [b for b in wanted if not b.fresh]
    out: list[_Block | None] = list(blocks)
    for index, block in enumerate(blocks):
        if block.kind is _Kind.ROUTINE and block not in wanted:
            out[index] = None
    for place, block in zip(places, kept, strict=True):
        out[place] = block
    added = [b for b in wanted if b.fresh]
    if places:
        after = places[-1] + 1
    else:
        reminder_at = [i for i, b in enumerate(blocks) if b.kind is _Kind.REMINDER]
        after = reminder_at[0] if reminder_at else len(blocks)
    out[after:after] = added
    result = [b for b in out if b is not None]

    reminders = [b for b in result if b.kind is _Kind.REMINDER]
    if plan.reminder is None:
        result = [b for b in result if b.kind is not _Kind.REMINDER]
    elif not reminders:
        result.append(_new_reminder(plan.reminder))
    else:
        values = _reminder_values(plan.reminder)
        reminder = reminders[0]
        reminder.set("at", values["at"], REMINDER_KEYS)
        if not _days_same(reminder.table().get("days"), values["days"]):
            reminder.set("days", values["days"], REMINDER_KEYS)
    return _joined(_Block(_Kind.OTHER, preamble_text, "", preamble_doc), result)


def _joined(preamble: _Block, blocks: list[_Block]) -> str:
    """The blocks in order; a blank line between a new block and its neighbours."""
    parts = [preamble.text()]
    previous_fresh = False
    for block in blocks:
        text = block.text()
        written = parts[-1]
        if (block.fresh or previous_fresh) and written and not written.endswith("\n\n"):
            text = ("\n" if written.endswith("\n") else "\n\n") + text
        elif written and not written.endswith("\n"):
            text = "\n" + text
        parts.append(text)
        previous_fresh = block.fresh
    return "".join(parts)
