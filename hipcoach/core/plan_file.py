"""Reading and writing ``plan.toml`` (format 1): the weekly plan, or every problem by line.

docs/coaching.md ("The weekly plan: plan.toml") is the reference. A plan is written by hand
as often as by the window, so its problems read like a routine file's: ``FILE:LINE: what is
wrong``, all of them at once, in line order, each at the key at fault, with the same rules
for numbers (whole numbers only, no booleans, at most 9 digits) and unknown keys.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Collection, Mapping
from datetime import time
from pathlib import Path
from typing import Any

from hipcoach.core.regular_file import UnreadableFileError, read_regular
from hipcoach.core.routine_file import Problem
from hipcoach.core.toml_lines import KeyPath, line_of, locate_keys
from hipcoach.core.week_plan import (
    DAY_NAMES,
    MAX_PER_WEEK,
    PerWeek,
    PlannedRoutine,
    Reminder,
    WeekPlan,
)

FORMAT = 1
FILE_NAME = "plan.toml"
MAX_BYTES = 256 * 1024
MAX_DIGITS = 9
MAX_SPACING = 10**MAX_DIGITS - 1

_TOP_KEYS = ("format", "routine", "reminder")
_ROUTINE_KEYS = ("id", "per_week", "spacing", "after_run")
_REMINDER_KEYS = ("at", "days")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
_RANGE = re.compile(r" *([0-9]{1,9}) *- *([0-9]{1,9}) *")
_AT = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_SYNTAX_LINE = re.compile(r"at line (\d+)")
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")
_PER_WEEK_RULE = f'a whole number from 1 to {MAX_PER_WEEK}, or a range like "1-3"'


class PlanFileError(Exception):
    """A plan that cannot be used, with every problem found in it, in line order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


def load_plan(path: Path) -> WeekPlan:
    """Read and check a plan file; raise PlanFileError naming every problem. Nothing waits
    on a file that is not a regular file."""
    shown = str(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except UnreadableFileError as error:
        raise PlanFileError([Problem(1, str(error), shown)]) from None
    return parse_plan(raw, shown)


def parse_plan(raw: bytes, shown: str) -> WeekPlan:
    """Check the bytes of a plan file named ``shown``."""

    def fail(message: str, line: int = 1) -> PlanFileError:
        return PlanFileError([Problem(line, message, shown)])

    if len(raw) > MAX_BYTES:
        raise fail("larger than 256 KiB; a plan file must be smaller")
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
    except ValueError:
        # Python refuses to make an int of more than 4,300 digits; tomllib lets it through.
        found = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        raise fail(f"a number of more than {MAX_DIGITS} digits", line) from None
    except RecursionError:
        raise fail("nested too deeply to be a plan") from None
    checker = _Checker(shown, locate_keys(text))
    plan = checker.plan(document)
    if checker.problems or plan is None:
        raise PlanFileError(checker.problems)
    return plan


def unknown_routines(
    plan: WeekPlan, known: Collection[str], broken: Mapping[str, str] | None = None
) -> list[Problem]:
    """The plan's routines that the library does not have, at the lines that name them;
    ``broken`` says, by id, why a routine's own file could not be read."""
    problems = []
    for routine in plan.routines:
        if routine.id in known:
            continue
        reason = (broken or {}).get(routine.id)
        if reason is not None:
            message = f'routine "{routine.id}" cannot be used: {reason}'
        else:
            hint = difflib.get_close_matches(routine.id, sorted(known), n=1, cutoff=0.75)
            also = f' (did you mean "{hint[0]}"?)' if hint else " (hipcoach routines lists them)"
            message = f'no routine with id "{routine.id}"{also}'
        problems.append(Problem(routine.line, message, plan.path or FILE_NAME))
    return problems


class _Checker:
    """Walks a parsed plan, collecting problems instead of stopping at the first."""

    def __init__(self, shown: str, lines: Mapping[KeyPath, int]) -> None:
        self.shown = shown
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, where: KeyPath, message: str) -> None:
        self.problems.append(Problem(line_of(self.lines, where), message, self.shown))

    def unknown_keys(
        self, table: Mapping[str, Any], where: KeyPath, allowed: tuple[str, ...], label: str
    ) -> None:
        for key in table:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
            also = f' (did you mean "{hint[0]}"?)' if hint else ""
            self.problem((*where, key), f'{label}unknown key "{_short(key)}"{also}')

    def plan(self, doc: dict[str, Any]) -> WeekPlan | None:
        if "format" not in doc:
            self.problem((), f"missing key format (this hipcoach reads format = {FORMAT})")
        elif isinstance(doc["format"], bool) or doc["format"] != FORMAT:
            self.problem(
                ("format",),
                f"format {_short(repr(doc['format']))} is not supported "
                f"(this hipcoach reads format = {FORMAT})",
            )
            return None
        self.unknown_keys(doc, (), _TOP_KEYS, "")
        routines = self.routines(doc.get("routine", []))
        reminder = self.reminder(doc["reminder"]) if "reminder" in doc else None
        if routines is None:
            return None
        return WeekPlan(tuple(routines), reminder, self.shown)

    def routines(self, tables: object) -> list[PlannedRoutine] | None:
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            self.problem(("routine",), "routine must be written as [[routine]] tables")
            return None
        out: list[PlannedRoutine] = []
        seen: dict[str, int] = {}
        ok = True
        for index, table in enumerate(tables):
            routine = self.routine(table, ("routine", index), index)
            if routine is None:
                ok = False
                continue
            if routine.id in seen:
                self.problem(
                    ("routine", index, "id"),
                    f'routine "{routine.id}" is already in the plan (line {seen[routine.id]})',
                )
                ok = False
                continue
            seen[routine.id] = routine.line
            out.append(routine)
        return out if ok else None

    def routine(self, table: dict[str, Any], where: KeyPath, index: int) -> PlannedRoutine | None:
        line = line_of(self.lines, where)
        routine_id = table.get("id")
        label = (
            f'routine "{routine_id}": '
            if isinstance(routine_id, str) and _ID.fullmatch(routine_id)
            else f"routine {index + 1}: "
        )
        self.unknown_keys(table, where, _ROUTINE_KEYS, label)
        ok = True
        if "id" not in table:
            self.problem(
                where, f"{label}missing key id (the routine's id, as `hipcoach routines` lists it)"
            )
            ok = False
        elif not isinstance(routine_id, str) or not _ID.fullmatch(routine_id):
            self.problem(
                (*where, "id"),
                f"{label}id must be a routine id in quotes: 1 to 80 letters, digits, "
                "'-', '_' or '.', starting with a letter or digit",
            )
            ok = False
        per_week = None
        if "per_week" in table:
            per_week = self.per_week(table["per_week"], (*where, "per_week"), label)
            ok = ok and per_week is not None
        spacing = None
        if "spacing" in table:
            spacing = self.whole(table["spacing"], (*where, "spacing"), f"{label}spacing")
            ok = ok and spacing is not None
        after_run = False
        if "after_run" in table:
            value = table["after_run"]
            if not isinstance(value, bool):
                self.problem((*where, "after_run"), f"{label}after_run must be true or false")
                ok = False
            else:
                after_run = value
        if ok and per_week is None and not after_run:
            self.problem(
                where,
                f"{label}say when it is due: per_week (sessions a week), after_run = true, or both",
            )
            ok = False
        if not ok:
            return None
        assert isinstance(routine_id, str)
        return PlannedRoutine(routine_id, per_week, spacing, after_run, line)

    def per_week(self, value: object, where: KeyPath, label: str) -> PerWeek | None:
        if isinstance(value, str):
            match = _RANGE.fullmatch(value)
            if match is None:
                self.problem(where, f"{label}per_week must be {_PER_WEEK_RULE}")
                return None
            low, high = int(match.group(1)), int(match.group(2))
            if low >= high:
                self.problem(where, f'{label}per_week range "{value}" must go from low to high')
                return None
            if low < 1 or high > MAX_PER_WEEK:
                self.problem(
                    where, f'{label}per_week range "{value}" is out of bounds (1 to {MAX_PER_WEEK})'
                )
                return None
            return PerWeek(low, high)
        number = self.whole(value, where, f"{label}per_week", _PER_WEEK_RULE)
        if number is None:
            return None
        if not 1 <= number <= MAX_PER_WEEK:
            self.problem(
                where, f"{label}per_week = {number} is out of bounds (1 to {MAX_PER_WEEK})"
            )
            return None
        return PerWeek(number, number)

    def whole(self, value: object, where: KeyPath, what: str, rule: str = "") -> int | None:
        """A whole number of 0 or more, at most 9 digits."""
        rule = rule or "a whole number of days, 0 or more"
        if isinstance(value, bool) or not isinstance(value, int):
            found = f", not {value}" if isinstance(value, float) else ""
            self.problem(where, f"{what} must be {rule}{found}")
            return None
        if value < 0 or value > MAX_SPACING:
            self.problem(
                where, f"{what} = {_short(str(value))} is out of bounds (0 to {MAX_SPACING})"
            )
            return None
        return value

    def reminder(self, table: object) -> Reminder | None:
        where: KeyPath = ("reminder",)
        if not isinstance(table, dict):
            self.problem(where, "reminder must be a table: [reminder]")
            return None
        self.unknown_keys(table, where, _REMINDER_KEYS, "reminder: ")
        at: time | None = None
        if "at" not in table:
            self.problem(where, 'reminder: missing key at (a local time, like at = "18:00")')
        else:
            value = table["at"]
            match = _AT.fullmatch(value) if isinstance(value, str) else None
            if match is None:
                self.problem(
                    (*where, "at"), 'reminder: at must be a time of day in quotes, like "18:00"'
                )
            else:
                at = time(int(match.group(1)), int(match.group(2)))
        days: tuple[int, ...] | None = None
        if "days" in table:
            value = table["days"]
            names = ", ".join(f'"{d}"' for d in DAY_NAMES)
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(d, str) and d.lower() in DAY_NAMES for d in value)
            ):
                self.problem(
                    (*where, "days"), f"reminder: days must be a list of days from {names}"
                )
                return None
            days = tuple(sorted({DAY_NAMES.index(d.lower()) for d in value}))
        return None if at is None else Reminder(at, days)


def _short(text: str, limit: int = 40) -> str:
    """A key or value from the file as a message shows it: one line, printable, short."""
    text = text if len(text) <= limit else text[:limit] + "..."
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def plan_text(plan: WeekPlan) -> str:
    """The plan as a format 1 file, as the window saves it: what reads back as the same plan."""
    lines = [f"format = {FORMAT}"]
    for routine in plan.routines:
        lines += ["", "[[routine]]", f'id = "{routine.id}"']
        if routine.per_week is not None:
            value = routine.per_week
            lines.append(f'per_week = "{value}"' if value.ranged else f"per_week = {value.low}")
        if routine.spacing is not None:
            lines.append(f"spacing = {routine.spacing}")
        if routine.after_run:
            lines.append("after_run = true")
    if plan.reminder is not None:
        lines += ["", "[reminder]", f'at = "{plan.reminder.at:%H:%M}"']
        if plan.reminder.days is not None:
            days = ", ".join(f'"{DAY_NAMES[d]}"' for d in plan.reminder.days)
            lines.append(f"days = [{days}]")
    return "\n".join(lines) + "\n"
