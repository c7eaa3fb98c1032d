"""The daily reminder as a systemd user timer and the oneshot service it starts.

The two unit files go to ``$XDG_CONFIG_HOME/systemd/user`` (else ``~/.config/...``), each
marked as hipcoach's, so ``off`` removes them and nothing it did not write. ``systemctl
--user`` is always called with a timeout: in a container or on CI no user instance
answers ("No medium found"), and the files are written all the same. The service runs
hipcoach by its absolute path (``--data-dir`` too, when one was given), and leaves the
window a Start opens running when it ends (``KillMode=process``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

SERVICE = "hipcoach-remind.service"
TIMER = "hipcoach-remind.timer"
WANTS = "timers.target.wants"
MARK = "# Written by `hipcoach reminders on`; `hipcoach reminders off` removes it."
MADE = "# Folders made for it, removed with it when empty: "
SYSTEMCTL_TIMEOUT_S = 10.0
DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_PLAIN = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def unit_folder() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if Path(config).is_absolute() else Path.home() / ".config"
    return base / "systemd" / "user"


def exec_argument(text: str) -> str:
    """One ExecStart argument: ``%`` and ``$`` doubled (specifiers, variables), quoted with
    C escapes where it has anything but plain characters."""
    text = text.replace("%", "%%").replace("$", "$$")
    if _PLAIN.fullmatch(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def calendar(at: time, days: Sequence[int] | None) -> str:
    """OnCalendar for ``at`` local time, on ``days`` (0 is Monday) or every day."""
    when = f"*-*-* {at:%H:%M}:00"
    if not days:
        return when
    return ",".join(DAY_ABBREVIATIONS[d] for d in sorted(days)) + " " + when


def service_text(command: Sequence[str]) -> str:
    return (
        f"{MARK}\n"
        "[Unit]\n"
        "Description=hipcoach: a notification of what is due today\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(exec_argument(a) for a in command)}\n"
        "# The reminder waits a few minutes for its Start button.\n"
        "TimeoutStartSec=10min\n"
        "# Start opens the window from here: it must outlive the service.\n"
        "KillMode=process\n"
    )


def timer_text(at: time, days: Sequence[int] | None, made: Sequence[str] = ()) -> str:
    return (
        f"{MARK}\n" + (f"{MADE}{json.dumps(list(made))}\n" if made else "") + "[Unit]\n"
        "Description=hipcoach: the daily reminder of what is due\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar={calendar(at, days)}\n"
        "# Missed while the computer was off: sent when it is on again.\n"
        "Persistent=true\n"
        f"Unit={SERVICE}\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


@dataclass(frozen=True, slots=True)
class Installed:
    """What ``reminders on`` wrote and is still there."""

    files: tuple[Path, ...]
    calendar: str | None  # the timer's OnCalendar
    command: str | None  # the service's ExecStart


def _ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as unit:
            return unit.readline().rstrip("\n") == MARK
    except (OSError, UnicodeDecodeError):
        return False


def _value(path: Path, key: str) -> str | None:
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(f"{key}="):
                return line.split("=", 1)[1]
    except (OSError, UnicodeDecodeError):
        return None
    return None


def installed(folder: Path | None = None) -> Installed:
    folder = folder or unit_folder()
    files = tuple(p for p in (folder / TIMER, folder / SERVICE) if _ours(p))
    return Installed(
        files=files,
        calendar=_value(folder / TIMER, "OnCalendar") if folder / TIMER in files else None,
        command=_value(folder / SERVICE, "ExecStart") if folder / SERVICE in files else None,
    )


class ForeignUnitError(Exception):
    """A unit file of that name is there and hipcoach did not write it."""


def write_units(
    command: Sequence[str], at: time, days: Sequence[int] | None, folder: Path | None = None
) -> list[Path]:
    folder = folder or unit_folder()
    written = []
    for name in (SERVICE, TIMER):
        path = folder / name
        if (path.exists() or path.is_symlink()) and not _ours(path):
            raise ForeignUnitError(f"{path} was not written by hipcoach; move it away first")
    # The folders this makes (none, usually) are kept in the timer, for off to take away.
    made = [str(p) for p in _made_before(folder / TIMER)]
    for parent in reversed([folder, *folder.parents]):
        if not parent.exists():
            parent.mkdir(mode=0o700)
            made.append(str(parent))
    texts = ((SERVICE, service_text(command)), (TIMER, timer_text(at, days, made)))
    for name, text in texts:
        path = folder / name
        part = path.with_name(f".{name}.part")
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        part.replace(path)
        written.append(path)
    return written


def remove_units(folder: Path | None = None) -> list[Path]:
    """The two files, and the link ``systemctl enable`` made, when they are hipcoach's."""
    folder = folder or unit_folder()
    removed = []
    link = folder / WANTS / TIMER
    if link.is_symlink() and link.readlink().name == TIMER:
        link.unlink()  # systemctl disable takes it away where a user instance answers
        removed.append(link)
    if (folder / TIMER).exists() and _ours(folder / TIMER):
        with contextlib.suppress(OSError):
            (folder / WANTS).rmdir()  # made by enabling our timer; only when nothing else is
    made = _made_before(folder / TIMER)
    for name in (TIMER, SERVICE):
        path = folder / name
        if _ours(path):
            path.unlink()
            removed.append(path)
    for made_folder in sorted(made, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            made_folder.rmdir()  # only when empty: anything else in it stays
    return removed


def _made_before(timer: Path) -> list[Path]:
    """The folders an earlier ``on`` made, as its timer file says."""
    if not _ours(timer):
        return []
    try:
        for line in timer.read_text(encoding="utf-8").splitlines():
            if line.startswith(MADE):
                return [Path(p) for p in json.loads(line.removeprefix(MADE))]
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    return []


@dataclass(frozen=True, slots=True)
class Answer:
    ok: bool
    output: str  # standard output, stripped
    problem: str  # why not, in a line, when not ok


def systemctl(*args: str) -> Answer:
    """``systemctl --user ARGS``, never waiting more than a few seconds."""
    program = shutil.which("systemctl")
    if program is None:
        return Answer(False, "", "systemctl is not installed")
    try:
        done = subprocess.run(
            [program, "--user", *args],
            capture_output=True,
            text=True,
            timeout=SYSTEMCTL_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Answer(False, "", "systemctl --user did not answer in time")
    except OSError as error:
        return Answer(False, "", str(error))
    problem = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
    if done.returncode != 0:
        return Answer(False, done.stdout.strip(), problem)
    return Answer(True, done.stdout.strip(), "")


def user_instance() -> Answer:
    """Does a systemd user instance answer? It reloads the unit files as it does."""
    return systemctl("daemon-reload")


def enable_timer() -> Answer:
    return systemctl("enable", "--now", TIMER)


def disable_timer() -> Answer:
    return systemctl("disable", "--now", TIMER)


def timer_state() -> Answer:
    """``ActiveState`` and the next elapse of the timer, when a user instance answers."""
    return systemctl("show", TIMER, "--property=ActiveState,UnitFileState,NextElapseUSecRealtime")
