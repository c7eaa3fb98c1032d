"""``hipcoach remind`` and ``hipcoach reminders on [--at HH:MM] | off | status``
(docs/command-line.md, "hipcoach remind and hipcoach reminders").

``remind`` sends one notification of what is due and waits a few minutes for its Start;
nothing due, nothing sent (exit 0); no notification service, one line and exit 1.
``reminders on`` writes the systemd user timer and service and enables them where a user
instance answers; where none does, the files are written all the same and one line says
how to make them active (exit 0).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # The reminder's modules (and jeepney) load only when a reminder command runs.
    from hipcoach.application.reminders import Due

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

DueToday = Callable[[Path], Sequence["Due"]]


def _clock(text: str) -> time:
    from hipcoach.application.reminder_time import parse_clock

    try:
        return parse_clock(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_desktop_parsers(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``remind`` and ``reminders`` to the CLI's subcommands."""
    subparsers.add_parser("remind", help="a desktop notification of what is due today")
    reminders = subparsers.add_parser("reminders", help="the daily reminder: on, off, status")
    actions = reminders.add_subparsers(dest="reminders", metavar="on|off|status", required=True)
    on = actions.add_parser("on", help="remind me every day (at the plan's time)")
    on.add_argument("--at", type=_clock, metavar="HH:MM", help="and set the plan's time")
    actions.add_parser("off", help="stop reminding me")
    actions.add_parser("status", help="what is installed, and whether it is active")


def _error(message: str) -> None:
    print(f"hipcoach: {message}", file=sys.stderr)


class NotYetError(Exception):
    """This build cannot tell what is due: one line, exit 1."""


def _due_today(data_dir: Path) -> Sequence[Due]:
    from hipcoach.cli.week import due_for_reminder

    return due_for_reminder(data_dir)  # what hipcoach today lists (docs/coaching.md)


def run_desktop(args: argparse.Namespace, data_dir: Path, due_today: DueToday = _due_today) -> int:
    if args.command == "remind":
        return run_remind(data_dir, due_today)
    if args.reminders == "on":
        return reminders_on(data_dir, args.at)
    if args.reminders == "off":
        return reminders_off()
    return reminders_status(data_dir)


def run_remind(data_dir: Path, due_today: DueToday, wait_seconds: float | None = None) -> int:
    from hipcoach.adapters.desktop.launch import open_app
    from hipcoach.adapters.desktop.notifications import (
        NoNotificationServiceError,
        NotificationService,
    )
    from hipcoach.application.reminders import WAIT_SECONDS, remind

    try:
        due = due_today(data_dir)
    except NotYetError as error:
        _error(str(error))
        return EXIT_FAILURE

    def launch(routine_id: str | None, token: str | None) -> None:
        open_app(data_dir, routine_id, token)

    try:
        remind(
            due,
            NotificationService,
            launch,
            say=lambda line: print(line, flush=True),
            wait_seconds=WAIT_SECONDS if wait_seconds is None else wait_seconds,
        )
    except NoNotificationServiceError as error:
        _error(str(error))
        return EXIT_FAILURE
    return EXIT_OK


def reminders_on(data_dir: Path, at: time | None) -> int:
    from hipcoach.adapters.desktop import systemd
    from hipcoach.application.reminder_time import (
        NOT_ACTIVE_HINT,
        ReminderTimeError,
        SystemdTimer,
        read_reminder,
        schedule_words,
        set_reminder_at,
    )

    try:
        if at is not None:
            set_reminder_at(data_dir, at)
        reminder = read_reminder(data_dir)
    except ReminderTimeError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        _error(f"cannot write the plan in {data_dir}: {error.strerror or error}")
        return EXIT_FAILURE
    try:
        scheduled = SystemdTimer(data_dir).schedule(reminder.at, reminder.days)
    except systemd.ForeignUnitError as error:
        _error(str(error))
        return EXIT_FAILURE
    except OSError as error:
        _error(f"cannot write the timer in {systemd.unit_folder()}: {error.strerror or error}")
        return EXIT_FAILURE
    when = schedule_words(reminder.at, reminder.days)
    if not scheduled.answered:
        print(f"Reminder set for {when}; the timer is written but not active: {NOT_ACTIVE_HINT}")
    elif scheduled.active:
        print(f"Reminder set for {when}: the timer is active")
    else:
        print(
            f"Reminder set for {when}; the timer is written but could not be enabled: "
            f"{scheduled.problem}"
        )
    return EXIT_OK


def reminders_off() -> int:
    from hipcoach.adapters.desktop import systemd

    answering = systemd.user_instance().ok
    if answering:
        systemd.disable_timer()
    try:
        removed = systemd.remove_units()
    except OSError as error:
        _error(f"cannot remove the timer: {error.strerror or error}")
        return EXIT_FAILURE
    if answering:
        systemd.user_instance()  # forget the files just removed
    if not removed:
        print("No reminder was set: nothing to remove.")
        return EXIT_OK
    print("Reminder off: removed " + ", ".join(str(p) for p in removed))
    return EXIT_OK


def reminders_status(data_dir: Path) -> int:
    from hipcoach.adapters.desktop import systemd
    from hipcoach.application.reminder_time import (
        NOT_ACTIVE_HINT,
        ReminderTimeError,
        read_reminder,
        schedule_words,
    )

    found = systemd.installed()
    if not found.files:
        print("No reminder is set (hipcoach reminders on [--at HH:MM] sets one).")
        return EXIT_OK
    print(f"Timer: {systemd.unit_folder() / systemd.TIMER} (OnCalendar={found.calendar})")
    print(f"Service: {systemd.unit_folder() / systemd.SERVICE} (runs {found.command})")
    state = systemd.timer_state()
    if not state.ok:
        print(f"Active: unknown: {NOT_ACTIVE_HINT}")
    else:
        values = dict(line.split("=", 1) for line in state.output.splitlines() if "=" in line)
        if values.get("ActiveState") == "active":
            following = values.get("NextElapseUSecRealtime") or "not scheduled"
            print(f"Active: yes, next at {following}")
        else:
            print(
                f"Active: no ({values.get('ActiveState', 'inactive')}, "
                f"{values.get('UnitFileState', 'disabled')}): hipcoach reminders on enables it"
            )
    try:
        planned = read_reminder(data_dir)
    except ReminderTimeError as error:
        print(error, file=sys.stderr)
        return EXIT_OK
    if found.calendar != systemd.calendar(planned.at, planned.days):
        print(
            f"The plan says {schedule_words(planned.at, planned.days)}: "
            "hipcoach reminders on moves the timer to it"
        )
    return EXIT_OK
