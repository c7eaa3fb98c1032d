"""The reminder, Qt-free: one notification naming what is due today, whose Start opens the
app on it (docs/command-line.md, "hipcoach remind and hipcoach reminders").

What is due comes from the weekly plan's rules (``hipcoach today`` shows the same list);
this module needs of each entry only its routine's id and name and the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from hipcoach.adapters.desktop.notifications import Notification, Outcome

START = "start"  # the Start button: the app, starting the first routine due
OPEN = "default"  # a click on the notification itself: the app, on the library
WAIT_SECONDS = 5 * 60  # how long the command waits for a button before it takes it away


class Due(Protocol):
    """One routine due today, as the week's rules give it."""

    @property
    def routine_id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def why(self) -> str: ...


class Notifier(Protocol):
    def send(self, notification: Notification) -> int: ...

    def wait(self, notification_id: int, timeout: float) -> Outcome: ...

    def withdraw(self, notification_id: int) -> None: ...


# Open the app (on a routine id, started at once), with the server's activation token, in
# a process that outlives the command.
Launch = Callable[[str | None, str | None], None]


def reminder_words(due: Sequence[Due]) -> tuple[str, str]:
    """The notification's summary and body: the routines by name, each with its reason."""
    names = [entry.name for entry in due]
    if len(names) == 1:
        summary = f"{names[0]} is due today"
    elif len(names) == 2:
        summary = f"{names[0]} and {names[1]} are due today"
    else:
        summary = f"{names[0]} and {len(names) - 1} more are due today"
    lines = [f"{entry.name}: {entry.why}" for entry in due]
    if len(due) > 1:
        lines.append(f"Start begins {names[0]}.")
    return summary, "\n".join(lines)


def remind(
    due: Sequence[Due],
    connect: Callable[[], AbstractContextManager[Notifier]],
    launch: Launch,
    say: Callable[[str], None],
    wait_seconds: float = WAIT_SECONDS,
) -> None:
    """Send the one notification, wait for its answer a few minutes at most, act on it.

    Nothing due, nothing sent. ``connect`` raises NoNotificationServiceError where no
    notification service answers."""
    if not due:
        say("Nothing is due today: no reminder sent.")
        return
    summary, body = reminder_words(due)
    first = due[0]
    with connect() as service:
        shown = service.send(
            Notification(summary, body, actions=((START, "Start"), (OPEN, "Open hipcoach")))
        )
        say(f"Reminder sent: {summary}")
        outcome = service.wait(shown, wait_seconds)
        if outcome.action == START:
            say(f"Opening hipcoach on {first.name}")
            launch(first.routine_id, outcome.activation_token)
        elif outcome.action == OPEN:
            say("Opening hipcoach")
            launch(None, outcome.activation_token)
        elif not outcome.closed:
            service.withdraw(shown)  # nobody is left to answer its buttons
