"""``hipcoach checkin`` (docs/command-line.md), and the questions ``hipcoach run`` asks on a
terminal: pain now before the first phase, pain after and effort at the end.

A check-in can come in parts and days later: each value given replaces the earlier one,
a repeated option (``--hurt``, ``--answer``) replaces its whole earlier list. A value out of
range, an unknown session or exercise is one line and exit 2, with nothing recorded.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from hipcoach.core.coaching import LOWER_FROM, advice_before
from hipcoach.core.records import CheckIn, Dosing

if TYPE_CHECKING:
    from hipcoach.application.coaching import BeforeSession
    from hipcoach.core.records import Session

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

Read = Callable[[str], str]


def add_checkin_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``checkin`` to the CLI's subcommands."""
    checkin = subparsers.add_parser(
        "checkin", help="add pain, effort, a note, hurt marks or answers to a session"
    )
    checkin.add_argument(
        "session", nargs="?", metavar="SESSION", help="a session id (default: the latest)"
    )
    checkin.add_argument("--pain-before", metavar="N", help="pain before the session, 0-10")
    checkin.add_argument("--pain-after", metavar="N", help="pain after it, 0-10")
    checkin.add_argument("--effort", metavar="N", help="how hard it felt, 1-10")
    checkin.add_argument("--next-day", metavar="N", help="the pain the morning after, 0-10")
    checkin.add_argument("--note", metavar="TEXT", help="a free note")
    checkin.add_argument(
        "--hurt",
        action="append",
        metavar="EXERCISE[:left|right]",
        help="this exercise hurt (by id or name; one side, or both); may be repeated",
    )
    checkin.add_argument(
        "--answer",
        action="append",
        metavar="FLAG",
        help="swelling, sharp, giving-way, night-pain, no-weight, or none; may be repeated",
    )


_WHOLE = re.compile(r"\s*\d{1,9}\s*")


def whole_number(option: str, text: str, low: int, high: int) -> int:
    """An option's value as a whole number within its range, or ValueError saying so."""
    if _WHOLE.fullmatch(text) and low <= int(text) <= high:
        return int(text)
    raise ValueError(f"{option} must be a whole number from {low} to {high}, not {text}")


def _values(args: argparse.Namespace) -> tuple[int | None, CheckIn]:
    """The session id and the check-in the options give; ValueError for a bad value."""
    from hipcoach.application.coaching import answers_from

    session: int | None = None
    if args.session is not None:
        if not _WHOLE.fullmatch(args.session) or int(args.session) < 1:
            raise ValueError(
                f"SESSION must be a session id from `hipcoach history`, not {args.session}"
            )
        session = int(args.session)
    numbers: dict[str, int | None] = {}
    for name, option, low in (
        ("pain_before", "--pain-before", 0),
        ("pain_after", "--pain-after", 0),
        ("effort", "--effort", 1),
        ("next_day", "--next-day", 0),
    ):
        text = getattr(args, name)
        numbers[name] = None if text is None else whole_number(option, text, low, 10)
    answers = None if args.answer is None else answers_from(args.answer)
    if not any(v is not None for v in numbers.values()) and (
        args.note is None and args.hurt is None and answers is None
    ):
        raise ValueError(
            "nothing to check in: give --pain-before, --pain-after, --effort, --next-day, "
            "--note, --hurt or --answer"
        )
    return session, CheckIn(
        numbers["pain_before"],
        numbers["pain_after"],
        numbers["effort"],
        args.note,
        numbers["next_day"],
        answers,
    )


def run_checkin(args: argparse.Namespace, data_dir: Path, out: TextIO | None = None) -> int:
    """Run ``hipcoach checkin``; returns the exit code."""
    from hipcoach.adapters.history.errors import HistoryError
    from hipcoach.adapters.history.store import open_history
    from hipcoach.application.coaching import check_in, read_coach

    out = out or sys.stdout
    try:
        session_id, check = _values(args)
    except ValueError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with open_history(data_dir) as store:
            try:
                saved = check_in(store, session_id, check, args.hurt)
            except ValueError as error:
                print(f"hipcoach: {error}", file=sys.stderr)
                return EXIT_BAD_INPUT
            flags = read_coach(store, routine_ids=()).red_flags
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Checked in: {describe(saved)}.", file=out)
    for flag in flags:
        print(f"Red flag: {flag.advice}", file=out)
    return EXIT_OK


def describe(session: Session) -> str:
    """ "session 3, Hip strength, 2026-11-02 18:05: pain 2 -> 3, next morning 4, effort 6"."""
    started = session.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    parts = []
    if session.pain_before is not None or session.pain_after is not None:
        before = "?" if session.pain_before is None else session.pain_before
        after = "?" if session.pain_after is None else session.pain_after
        parts.append(f"pain {before} -> {after}")
    if session.next_day is not None:
        parts.append(f"next morning {session.next_day}")
    if session.effort is not None:
        parts.append(f"effort {session.effort}")
    if session.answers is not None:
        parts.append("answers: " + (", ".join(session.answers) or "none"))
    said = f": {', '.join(parts)}" if parts else ""
    return f"session {session.id}, {session.routine_name}, {started}{said}"


# -- the questions of ``hipcoach run`` on a terminal -------------------------------------------


def interruptible_input(prompt: str) -> str:
    """``input`` that Ctrl-C or SIGTERM leaves (KeyboardInterrupt), even while ``run`` holds
    those signals for its session: the holder still hears of it."""
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def leave(number: int, frame: FrameType | None) -> None:
        held = previous[signal.Signals(number)]
        if callable(held) and held is not signal.default_int_handler:
            held(number, frame)
        raise KeyboardInterrupt

    for sig in previous:
        signal.signal(sig, leave)
    try:
        # Not input(): Qt's input hook would run the signal's handler inside a slot.
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def ask_number(prompt: str, low: int, high: int, read: Read, out: TextIO) -> int | None:
    """Ask until the answer is a whole number in range; Enter (or end of input) skips."""
    while True:
        try:
            text = read(prompt).strip()
        except EOFError:
            print(file=out)
            return None
        if not text:
            return None
        try:
            return whole_number("the answer", text, low, high)
        except ValueError:
            print(f"  A whole number from {low} to {high}, or Enter to skip.", file=out, flush=True)


def ask_before(
    before: BeforeSession, dosing: Dosing, read: Read, out: TextIO
) -> tuple[int | None, Dosing]:
    """Before the first phase: the red flags, then "pain now"; a pain of 6 or more shows the
    advice and offers every exercise one rung lower (docs/coaching.md). Returns the pain
    and how the session is dosed."""
    for line in before.advice():
        print(f"Red flag: {line}", file=out)
    pain = ask_number("pain now, 0-10 (Enter skips): ", 0, 10, read, out)
    if pain is None or pain < LOWER_FROM:
        return pain, dosing
    print(advice_before(pain), file=out, flush=True)
    if dosing is Dosing.COACHED and before.offers_lower(pain):
        try:
            answer = read("Take every exercise one rung lower today? [Y/n] ").strip().lower()
        except EOFError:
            answer = ""
        if answer in ("", "y", "yes"):
            return pain, Dosing.LOWER
    return pain, dosing


def ask_after(read: Read, out: TextIO) -> CheckIn | None:
    """At the end: pain after and effort, each skipped with Enter; None when both were."""
    try:
        pain = ask_number("pain after, 0-10 (Enter skips): ", 0, 10, read, out)
        effort = ask_number("effort, 1-10 (Enter skips): ", 1, 10, read, out)
    except KeyboardInterrupt:
        print(file=out)
        return None
    if pain is None and effort is None:
        return None
    return CheckIn(pain_after=pain, effort=effort)
