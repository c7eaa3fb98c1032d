"""The plan's reminder time: ``[reminder] at`` (and ``days``) in ``plan.toml``.

``hipcoach reminders on --at HH:MM`` writes ``at`` by editing that one line (or adding it,
or the table), so the rest of the file stays as the runner wrote it, comments included.
Where there is no ``plan.toml`` yet, the default plan is written out as
docs/coaching.md gives it ("The weekly plan"), so what is due stays the same, with the
reminder added. The result is read back before it replaces the file: an edit that would
not read as the time asked for is refused and the file is left as it was.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Protocol

from hipcoach.adapters.private_files import save_atomically

PLAN_FILE = "plan.toml"
DEFAULT_AT = time(18, 0)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"(\d{2}):(\d{2})")
_HEADER = re.compile(r"^\s*\[")
_REMINDER_HEADER = re.compile(r"^\s*\[\s*reminder\s*\]\s*(#.*)?$")
_AT_LINE = re.compile(r"^(\s*)at\s*=")

# docs/coaching.md, "Without a plan.toml": the default plan, written out.
DEFAULT_PLAN_TEXT = """format = 1

[[routine]]
id = "hip-strength"
per_week = "1-3"

[[routine]]
id = "post-run-stretch"
after_run = true

[[routine]]
id = "yoga-hip-flow"
per_week = 1
"""


class ReminderTimeError(Exception):
    """The plan's reminder cannot be read or set: ``FILE:LINE: what is wrong``."""


@dataclass(frozen=True, slots=True)
class ReminderTime:
    at: time
    days: tuple[int, ...] | None = None  # 0 is Monday; None: every day
    from_plan: bool = True  # False: the plan gives none, this is the default


def parse_clock(text: str) -> time:
    """``HH:MM`` on the 24-hour clock; raises ValueError otherwise."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"a time is HH:MM on the 24-hour clock, like 18:30, not {text!r}")
    return time(int(match[1]), int(match[2]))


def _load(path: Path) -> dict[str, object] | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ReminderTimeError(f"{path}:1: cannot read it: {error.strerror or error}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReminderTimeError(f"{path}:1: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise ReminderTimeError(f"{path}:{line[1] if line else 1}: {error}") from None


def _line_of(text: str, pattern: re.Pattern[str]) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if pattern.match(line):
            return number
    return 1


def read_reminder(data_dir: Path) -> ReminderTime:
    """The plan's reminder, else the default time, every day."""
    path = data_dir / PLAN_FILE
    document = _load(path)
    table = (document or {}).get("reminder")
    if table is None:
        return ReminderTime(DEFAULT_AT, None, from_plan=False)
    text = path.read_text(encoding="utf-8")
    where = f"{path}:{_line_of(text, _REMINDER_HEADER)}"
    if not isinstance(table, dict) or not isinstance(table.get("at"), str):
        raise ReminderTimeError(f'{where}: reminder: give at, a time like "18:00"')
    try:
        at = parse_clock(table["at"])
    except ValueError as error:
        raise ReminderTimeError(f"{where}: reminder: at: {error}") from None
    days = table.get("days")
    if days is None:
        return ReminderTime(at, None)
    if not isinstance(days, list) or not days or any(d not in DAY_NAMES for d in days):
        raise ReminderTimeError(f"{where}: reminder: days are from {', '.join(DAY_NAMES)}")
    return ReminderTime(at, tuple(sorted({DAY_NAMES.index(d) for d in days})))


def with_reminder_at(text: str, at: time) -> str:
    """``text`` with ``[reminder] at`` set, every other line as it was."""
    line = f'at = "{at:%H:%M}"'
    lines = text.split("\n")
    start = next((i for i, row in enumerate(lines) if _REMINDER_HEADER.match(row)), None)
    if start is None:
        body = text.rstrip("\n")
        return f"{body}\n\n[reminder]\n{line}\n"
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    for i in range(start + 1, end):
        found = _AT_LINE.match(lines[i])
        if found:
            lines[i] = found[1] + line
            return "\n".join(lines)
    lines.insert(start + 1, line)
    return "\n".join(lines)


def set_reminder_at(data_dir: Path, at: time) -> Path:
    """Write ``at`` into the plan's ``[reminder]``: atomically, private (600)."""
    path = data_dir / PLAN_FILE
    try:
        before = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        before = DEFAULT_PLAN_TEXT
    except (OSError, UnicodeDecodeError) as error:
        raise ReminderTimeError(f"{path}:1: cannot read it: {error}") from None
    _load(path)  # a plan that does not read is reported, never edited
    after = with_reminder_at(before, at)
    try:
        reminder = tomllib.loads(after).get("reminder")
    except tomllib.TOMLDecodeError:
        reminder = None
    if not isinstance(reminder, dict) or reminder.get("at") != f"{at:%H:%M}":
        raise ReminderTimeError(
            f"{path}:{_line_of(before, _REMINDER_HEADER)}: cannot set the reminder time in "
            f'this plan; write at = "{at:%H:%M}" in its [reminder] table by hand'
        )
    save_atomically(path, after)
    return path


# -- the timer that sends it ------------------------------------------------------------------

NOT_ACTIVE_HINT = (
    "no systemd user instance answered (start one with a desktop login, then run "
    "`hipcoach reminders on` again)"
)


def schedule_words(at: time, days: Sequence[int] | None) -> str:
    """ "18:00 daily", "07:30 on Sat, Sun": as ``reminders on`` and Settings say it."""
    if not days or len(days) == 7:
        return f"{at:%H:%M} daily"
    return f"{at:%H:%M} on " + ", ".join(DAY_NAMES[d].capitalize() for d in sorted(days))


def remind_command(data_dir: Path) -> list[str]:
    """What the service runs: this hipcoach by absolute path, with ``--data-dir`` unless the
    data folder is the platform's own (the service has none of this shell's variables)."""
    from hipcoach.adapters import paths
    from hipcoach.adapters.desktop.launch import hipcoach_command

    command = hipcoach_command()
    folder = data_dir.absolute()
    if folder != paths.platform_data_dir().absolute():
        command += ["--data-dir", str(folder)]
    return [*command, "remind"]


@dataclass(frozen=True, slots=True)
class Scheduled:
    """The timer as ``reminders on`` left it."""

    active: bool
    problem: str = ""  # why it is not active
    answered: bool = True  # a systemd user instance answered


@dataclass(frozen=True, slots=True)
class TimerState:
    """Whether the daily timer is installed, and at which time."""

    installed: bool
    calendar: str | None = None  # its OnCalendar
    active: bool | None = None  # None: no user instance answered to say
    problem: str = ""  # the last change could not be made: why

    def words(self, at: time, days: Sequence[int] | None) -> str:
        """What Settings shows beside the plan's reminder time."""
        if self.problem:
            return f"The reminder timer was not changed: {self.problem}"
        if not self.installed:
            return (
                "Reminders are off: the command \u201chipcoach reminders on\u201d turns them "
                "on, at this time."
            )
        from hipcoach.adapters.desktop import systemd

        when = schedule_words(at, days)
        if self.calendar != systemd.calendar(at, days):
            return f"Reminders are on at another time ({self.calendar}); changing it moves them."
        if self.active is None:
            hint = NOT_ACTIVE_HINT.replace("`", "\u201c", 1).replace("`", "\u201d", 1)
            return f"Reminders on at {when}, once the timer is active: {hint}."
        if not self.active:
            return (
                f"Reminders on at {when}, but the timer is not active: the command "
                "\u201chipcoach reminders on\u201d enables it."
            )
        return f"Reminders on at {when}."


class ReminderTimer(Protocol):
    """The daily timer, as the window sees it (the real one is systemd's; slow: call it on a
    worker thread)."""

    def state(self) -> TimerState: ...

    def follow(self, at: time, days: Sequence[int] | None) -> TimerState:
        """Move an installed timer to the plan's time (a timer that is not there stays
        off)."""
        ...


class SystemdTimer:
    """``hipcoach-remind.timer`` in the user's systemd folder (adapters.desktop.systemd)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def schedule(self, at: time, days: Sequence[int] | None) -> Scheduled:
        """Write the timer and service for ``at`` and enable them where a user instance
        answers: what ``reminders on`` does. Raises systemd.ForeignUnitError or OSError."""
        from hipcoach.adapters.desktop import systemd

        systemd.write_units(remind_command(self.data_dir), at, days)
        if not systemd.user_instance().ok:
            return Scheduled(False, NOT_ACTIVE_HINT, answered=False)
        enabled = systemd.enable_timer()
        return Scheduled(enabled.ok, enabled.problem)

    def state(self) -> TimerState:
        from hipcoach.adapters.desktop import systemd

        found = systemd.installed()
        if systemd.TIMER not in {p.name for p in found.files}:
            return TimerState(False)
        answer = systemd.timer_state()
        if not answer.ok:
            return TimerState(True, found.calendar, None)
        active = "ActiveState=active" in answer.output.splitlines()
        return TimerState(True, found.calendar, active)

    def follow(self, at: time, days: Sequence[int] | None) -> TimerState:
        from hipcoach.adapters.desktop import systemd

        if not self.state().installed:
            return TimerState(False)
        try:
            self.schedule(at, days)
        except systemd.ForeignUnitError as error:
            return TimerState(True, None, None, str(error))
        except OSError as error:
            return TimerState(True, None, None, error.strerror or str(error))
        return self.state()
