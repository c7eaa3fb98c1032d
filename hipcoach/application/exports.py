"""Sessions as scripts and spreadsheets read them: the fields of ``history --json`` and
``--csv`` (docs/command-line.md), shared by the command line and the window's Export CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TextIO

from hipcoach.core.records import Session, WorkPhase

FIELDS = (
    "id",
    "routine",
    "name",
    "started_at",
    "ended_at",
    "status",
    "active_seconds",
    "work_done",
    "work_total",
    "pain_before",
    "pain_after",
    "next_day",
    "effort",
    "notes",
)
PHASE_FIELDS = (
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
)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def session_record(session: Session) -> dict[str, object]:
    """One session as ``history --json`` prints it (the CSV row has the same fields)."""
    return {
        "id": session.id,
        "routine": session.routine_id,
        "name": session.routine_name,
        "started_at": _iso(session.started_at),
        "ended_at": _iso(session.ended_at),
        "status": session.status.value,
        "active_seconds": round(session.active_seconds),
        "work_done": session.work_done,
        "work_total": session.work_total,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "next_day": session.next_day,
        "effort": session.effort,
        "notes": session.notes,
    }


def phase_record(session: Session, work: WorkPhase) -> dict[str, object]:
    """One work phase as ``history --phases --json`` prints it (the CSV row alike)."""
    return {
        "session": session.id,
        "started_at": _iso(session.started_at),
        "routine": session.routine_id,
        "exercise_id": work.exercise_id,
        "exercise": work.exercise,
        "side": work.side.value if work.side else None,
        "set": work.set_number,
        "round": work.round,
        "target": work.target,
        "done": work.done,
        "unit": work.unit.short,
        "outcome": work.outcome.value,
        "hurt": bool(work.pain),
    }


def write_phases_json(phases: list[tuple[Session, WorkPhase]], out: TextIO) -> None:
    json.dump([phase_record(s, w) for s, w in phases], out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_phases_csv(phases: Iterable[tuple[Session, WorkPhase]], out: TextIO) -> int:
    """``history --phases --csv`` and ``report --csv``: a header, then a row per work
    phase; returns how many rows."""

    def rows() -> Iterator[dict[str, object]]:
        for session, work in phases:
            record = phase_record(session, work)
            record["hurt"] = "true" if record["hurt"] else "false"
            yield record

    return write_rows(PHASE_FIELDS, rows(), out)


def write_json(sessions: list[Session], out: TextIO) -> None:
    json.dump([session_record(s) for s in sessions], out, indent=2, ensure_ascii=False)
    out.write("\n")


# What a spreadsheet reads as the start of a formula (docs/command-line.md, history --csv).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A value as a CSV cell: nothing for null, and text a spreadsheet would run as a
    formula (a note "=HYPERLINK(...)", a name "+1") kept as text with a leading '."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_rows(fields: Sequence[str], rows: Iterable[Mapping[str, object]], out: TextIO) -> int:
    """Every CSV hipcoach writes: a header, then each row with its cells made safe for a
    spreadsheet (``spreadsheet_cell``); returns how many rows."""
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    # Python 3.11's csv quotes a line break only if it is in the line terminator: a row with
    # a carriage return in it is quoted whole, or the CR would split it for a reader.
    quoted = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    count = 0
    for record in rows:
        row = {k: spreadsheet_cell(v) for k, v in record.items()}
        has_cr = any(isinstance(v, str) and "\r" in v for v in row.values())
        (quoted if has_cr else writer).writerow(row)
        count += 1
    return count


def write_csv(sessions: list[Session], out: TextIO) -> None:
    write_rows(FIELDS, (session_record(s) for s in sessions), out)
