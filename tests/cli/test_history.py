"""``hipcoach history``: JSON and CSV checked field by field, the table, --since, bad input."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NoReturn

import pytest

from hipcoach.adapters.history.locks import HeldLock
from hipcoach.adapters.history.store import open_history
from hipcoach.application.exports import FIELDS
from hipcoach.cli.history import add_history_parser, run_history
from hipcoach.core.model import Side
from hipcoach.core.records import (
    CheckIn,
    NewSession,
    Progress,
    Status,
    Unit,
    WorkOutcome,
    WorkPhase,
)

TODAY = date(2026, 5, 13)  # Wednesday; this week began Monday 11 May (Berlin)
NOTE = 'Left "tight", better\nafter pigeon; ünïcode \x1b[2J'


class BadInputError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """Raises on bad input, as the CLI's parser does (which turns it into exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise BadInputError(message)


def parse(*argv: str) -> argparse.Namespace:
    parser = Parser(prog="hipcoach")
    add_history_parser(parser.add_subparsers(dest="command", parser_class=Parser))
    return parser.parse_args(["history", *argv])


def run(folder: Path, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run_history(parse(*argv), folder, out=out, on=TODAY)
    return code, out.getvalue()


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def ids(folder: Path) -> Iterator[dict[str, int]]:
    """Three sessions: stopped late Sunday, completed just after midnight Monday (Berlin),
    and one still running in this process (its lock held, so it stays in progress)."""
    lock: HeldLock | None = None
    with open_history(folder) as store:
        with store.unit_of_work() as unit:
            history = unit.history
            stopped = history.add(
                NewSession(
                    "hip-flow", "Hip flow", "/r/hip-flow.toml", "a", utc(2026, 5, 10, 21, 30), 3
                )
            )
            history.end(stopped, Status.STOPPED, Progress(123.4, 0.0, 1, utc(2026, 5, 10, 21, 33)))
            completed = history.add(
                NewSession(
                    "post-run",
                    "Post-run hip stretch",
                    "/r/post-run.toml",
                    "b",
                    utc(2026, 5, 10, 22, 30),
                    6,
                )
            )
            history.end(
                completed, Status.COMPLETED, Progress(900.6, 30.0, 6, utc(2026, 5, 10, 22, 46, 5))
            )
            history.check_in(completed, CheckIn(3, 2, 6, NOTE, next_day=4))
            running = history.add(
                NewSession(
                    "post-run",
                    "Post-run hip stretch",
                    "/r/post-run.toml",
                    "b",
                    utc(2026, 5, 11, 6, 0),
                    4,
                )
            )
            history.save_progress(running, Progress(42.0, 0.0, 1, utc(2026, 5, 11, 6, 0, 45)))
            unit.commit()
        lock = store.locks.hold(running)
    yield {"stopped": stopped, "completed": completed, "running": running}
    lock.release()


def expected(ids: dict[str, int]) -> list[dict[str, object]]:
    return [
        {
            "id": ids["running"],
            "routine": "post-run",
            "name": "Post-run hip stretch",
            "started_at": "2026-05-11T06:00:00+00:00",
            "ended_at": None,
            "status": "in_progress",
            "active_seconds": 42,
            "work_done": 1,
            "work_total": 4,
            "pain_before": None,
            "pain_after": None,
            "next_day": None,
            "effort": None,
            "notes": None,
        },
        {
            "id": ids["completed"],
            "routine": "post-run",
            "name": "Post-run hip stretch",
            "started_at": "2026-05-10T22:30:00+00:00",
            "ended_at": "2026-05-10T22:46:05+00:00",
            "status": "completed",
            "active_seconds": 901,
            "work_done": 6,
            "work_total": 6,
            "pain_before": 3,
            "pain_after": 2,
            "next_day": 4,
            "effort": 6,
            "notes": NOTE,
        },
        {
            "id": ids["stopped"],
            "routine": "hip-flow",
            "name": "Hip flow",
            "started_at": "2026-05-10T21:30:00+00:00",
            "ended_at": "2026-05-10T21:33:00+00:00",
            "status": "stopped",
            "active_seconds": 123,
            "work_done": 1,
            "work_total": 3,
            "pain_before": None,
            "pain_after": None,
            "next_day": None,
            "effort": None,
            "notes": None,
        },
    ]


def test_json_lists_every_field_newest_first(folder: Path, ids: dict[str, int]) -> None:
    code, out = run(folder, "--json")
    assert code == 0
    sessions = json.loads(out)
    assert sessions == expected(ids)
    assert all(list(s) == list(FIELDS) for s in sessions)
    for session in sessions:
        for field in ("started_at", "ended_at"):
            if session[field] is not None:
                assert datetime.fromisoformat(session[field]).utcoffset() == timedelta(0)


def test_csv_has_the_same_fields_with_empty_cells_for_null(
    folder: Path, ids: dict[str, int]
) -> None:
    code, out = run(folder, "--csv")
    assert code == 0
    assert out.splitlines()[0] == ",".join(FIELDS)
    rows = list(csv.DictReader(io.StringIO(out)))
    want = [
        {k: "" if v is None else str(v) for k, v in session.items()} for session in expected(ids)
    ]
    assert rows == want
    assert rows[1]["notes"] == NOTE, "quotes, commas and new lines survive the round trip"


def test_since_is_a_local_date_and_includes_that_day(folder: Path, ids: dict[str, int]) -> None:
    # In Berlin the completed session began at 00:30 on the 11th, the stopped one at 23:30
    # on the 10th, although both are the 10th in UTC.
    _, out = run(folder, "--json", "--since", "2026-05-11")
    assert [s["id"] for s in json.loads(out)] == [ids["running"], ids["completed"]]
    _, out = run(folder, "--csv", "--since", "2026-05-10")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3
    _, out = run(folder, "--json", "--since", "2026-05-12")
    assert json.loads(out) == []


def test_people_get_a_table_and_the_week_and_streak(folder: Path, ids: dict[str, int]) -> None:
    code, out = run(folder)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "#",
        "STARTED",
        "ROUTINE",
        "STATUS",
        "TIME",
        "WORK",
        "PAIN",
        "NEXT",
        "DAY",
        "EFFORT",
        "NOTE",
    ]
    assert lines[1].split()[:8] == [
        str(ids["running"]),
        "2026-05-11",
        "08:00",
        "Post-run",
        "hip",
        "stretch",
        "in",
        "progress",
    ]
    assert "2026-05-11 00:30" in lines[2] and "15:01" in lines[2] and "6/6" in lines[2]
    assert "3 -> 2" in lines[2] and 'Left "tight", better' in lines[2]
    assert lines[2][lines[0].index("NEXT DAY") :].split()[0] == "4", "the morning after"
    assert "2026-05-10 23:30" in lines[3] and "stopped" in lines[3] and "1/3" in lines[3]
    header = lines[0]
    assert all(len(line) <= len(header) + 40 for line in lines[1:4])
    assert lines[1].index("in progress") == header.index("STATUS"), "columns line up"
    assert lines[-1] == "This week: 2 sessions, 16 min. Streak: 1 week."
    assert "\x1b" not in out, "no terminal escapes from notes reach the terminal"


def test_an_empty_history_says_how_to_start(folder: Path) -> None:
    assert run(folder) == (0, "No sessions recorded yet: start one with `hipcoach run ROUTINE`.\n")
    assert run(folder, "--json") == (0, "[]\n")
    assert run(folder, "--csv") == (0, ",".join(FIELDS) + "\n")


def test_nothing_since_a_date_still_shows_the_week(folder: Path, ids: dict[str, int]) -> None:
    code, out = run(folder, "--since", "2026-06-01")
    assert code == 0
    assert out.splitlines() == [
        "No sessions since 2026-06-01.",
        "This week: 2 sessions, 16 min. Streak: 1 week.",
    ]


@pytest.mark.parametrize("bad", ["2026-5-1", "2026-02-30", "yesterday", "20260501"])
def test_a_bad_since_is_bad_input(bad: str) -> None:
    with pytest.raises(BadInputError, match="YYYY-MM-DD"):
        parse("--since", bad)


def test_a_since_whose_midnight_no_clock_can_give_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="closer to now"):
        parse("--since", "0001-01-01")


def test_json_and_csv_together_are_bad_input() -> None:
    with pytest.raises(BadInputError, match="not allowed with"):
        parse("--json", "--csv")


def test_phases_give_one_row_per_work_phase_newest_session_first(
    folder: Path, ids: dict[str, int]
) -> None:
    with open_history(folder) as store, store.unit_of_work() as unit:
        for index, (side, done, outcome) in enumerate(
            [(Side.LEFT, 10, WorkOutcome.COMPLETED), (Side.RIGHT, 7, WorkOutcome.DONE)]
        ):
            unit.history.add_work(
                ids["completed"],
                WorkPhase(
                    phase_index=index + 1,
                    exercise="=Clamshell",
                    side=side,
                    set_number=1,
                    unit=Unit.REPS,
                    target=10,
                    done=done,
                    outcome=outcome,
                    started_at=utc(2026, 5, 10, 22, 31),
                    ended_at=utc(2026, 5, 10, 22, 32),
                    seconds=30.0,
                    pain=side is Side.RIGHT,
                    exercise_id="clamshell",
                ),
            )
        unit.commit()
    code, out = run(folder, "--phases", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["session"], r["side"], r["done"], r["outcome"], r["hurt"]) for r in rows] == [
        (ids["completed"], "left", 10, "completed", False),
        (ids["completed"], "right", 7, "done", True),
    ]
    assert list(rows[0]) == [
        "session",
        "started_at",
        "routine",
        "exercise_id",
        "exercise",
        "side",
        "set",
        "round",
        "target",
        "done",
        "unit",
        "outcome",
        "hurt",
    ]
    assert rows[0]["unit"] == "reps" and rows[0]["round"] is None
    code, out = run(folder, "--phases", "--csv")
    lines = out.splitlines()
    assert lines[0] == ",".join(rows[0])
    assert len(lines) == 1 + len(rows)
    assert lines[2].endswith(",right,1,,10,7,reps,done,true")
