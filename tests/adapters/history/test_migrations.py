"""A history written by revision 0001 (committed in data/) upgraded with every row intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from hipcoach.adapters.history.store import (
    _alembic_config,
    _make_engine,
    head_revision,
    known_revisions,
    open_history,
)
from hipcoach.core.model import Side
from hipcoach.core.records import Status, Unit, WorkTotal

from .conftest import REV1, raw_rows

SESSION_COLUMNS_REV1 = (
    "id, routine_id, routine_name, routine_path, routine_text_id, started_at, ended_at, "
    "updated_at, status, active_seconds, work_done, work_total, pain_before, pain_after, "
    "effort, notes"
)
WORK_COLUMNS_REV1 = (
    "id, session_id, position, phase_index, exercise, side, set_number, unit, target, done, "
    "outcome, started_at, ended_at, seconds"
)


def everything(path: Path) -> dict[str, list[dict[str, object]]]:
    return {
        "routine_texts": raw_rows(path, "SELECT * FROM routine_texts ORDER BY id"),
        "sessions": raw_rows(path, f"SELECT {SESSION_COLUMNS_REV1} FROM sessions ORDER BY id"),
        "work_phases": raw_rows(path, f"SELECT {WORK_COLUMNS_REV1} FROM work_phases ORDER BY id"),
    }


@pytest.fixture
def old_history(folder: Path) -> Path:
    path = folder / "history.sqlite3"
    shutil.copyfile(REV1, path)
    return path


def test_the_committed_database_is_at_the_first_revision_of_at_least_two() -> None:
    assert raw_rows(REV1, "SELECT version_num FROM alembic_version") == [{"version_num": "0001"}]
    assert {"0001", "0002"} <= known_revisions()
    assert head_revision() != "0001"


def test_upgrading_the_first_revision_keeps_every_row(old_history: Path) -> None:
    before = everything(REV1)
    assert len(before["sessions"]) == 4 and len(before["work_phases"]) == 11

    with open_history(old_history.parent, recover=False) as store:
        assert store.backup is not None

    assert everything(old_history) == before
    assert raw_rows(old_history, "SELECT version_num FROM alembic_version") == [
        {"version_num": head_revision()}
    ]
    assert raw_rows(old_history, "SELECT DISTINCT paused_seconds FROM sessions") == [
        {"paused_seconds": 0.0}
    ]
    assert raw_rows(old_history, "SELECT DISTINCT pain FROM work_phases") == [{"pain": None}]
    assert raw_rows(old_history, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    assert raw_rows(old_history, "PRAGMA foreign_key_check") == []
    assert raw_rows(old_history, "PRAGMA journal_mode") == [{"journal_mode": "wal"}]
    assert everything(store.backup) == before


def test_the_upgraded_history_reads_as_it_was_written(old_history: Path) -> None:
    with open_history(old_history.parent) as store, store.reading() as unit:
        sessions = unit.history.sessions()
        work = unit.history.work(1)
        totals = set(unit.history.work_totals())
        text = unit.history.routine_text(3)
    assert [s.id for s in sessions] == [4, 3, 2, 1]
    # The one left in progress by revision 0001's app is found dead and interrupted.
    assert [s.status for s in sessions] == [
        Status.INTERRUPTED,
        Status.INTERRUPTED,
        Status.STOPPED,
        Status.COMPLETED,
    ]
    assert sessions[0].ended_at == sessions[0].updated_at
    first = sessions[3]
    assert (first.pain_before, first.pain_after, first.effort) == (3, 2, 6)
    assert first.notes == "Left hip tight, better after pigeon"
    assert sessions[2].notes == 'Stopped: phone rang, "later", 2nd line\nhere'
    assert text is not None and text.startswith('format = 1\nname = "Hip flow, ünïcode"')
    assert [(w.exercise, w.side, w.done) for w in work][:2] == [
        ("Pigeon pose", Side.LEFT, 30),
        ("Pigeon pose", Side.RIGHT, 30),
    ]
    # Revision 0002 filled the per-exercise totals from the phases already there.
    assert totals == {
        WorkTotal("Pigeon pose", Side.LEFT, Unit.SECONDS, 2, 0, 60, 60),
        WorkTotal("Pigeon pose", Side.RIGHT, Unit.SECONDS, 1, 1, 30, 30),
        WorkTotal("Clamshell", Side.LEFT, Unit.REPS, 3, 0, 30, 30),
        WorkTotal("Clamshell", Side.RIGHT, Unit.REPS, 2, 0, 17, 20),
        WorkTotal("Low lunge", None, Unit.BREATHS, 1, 0, 8, 8),
    }


def test_down_and_up_again_keeps_every_row(old_history: Path) -> None:
    """The batch migrations (SQLite rebuilds a table to drop a column) lose nothing."""
    before = everything(REV1)
    open_history(old_history.parent, recover=False).close()
    engine = _make_engine(old_history, 5.0, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
    finally:
        engine.dispose()
    assert everything(old_history) == before
    columns = {row["name"] for row in raw_rows(old_history, "PRAGMA table_info(sessions)")}
    assert "paused_seconds" not in columns
    with open_history(old_history.parent, recover=False):
        pass
    assert everything(old_history) == before


def _upgrade_to(path: Path, revision: str) -> None:
    engine = _make_engine(path, 5.0, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_there_is_one_head_so_parallel_work_cannot_fork_the_schema() -> None:
    from alembic.script import ScriptDirectory

    assert len(ScriptDirectory.from_config(_alembic_config()).get_heads()) == 1


def test_the_revisions_read_without_alembic_are_alembics() -> None:
    """Opening a history reads them off the migration files, so as not to load Alembic."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {revision.revision for revision in script.walk_revisions()}


def test_revision_3_gives_every_old_work_row_its_exercise_id_by_the_id_rule(
    old_history: Path,
) -> None:
    _upgrade_to(old_history, "0002")
    con = sqlite3.connect(old_history)
    with con:
        for offset, name in enumerate(("Side-lying leg lifts", "Café  stretch (90/90)"), 100):
            con.execute(
                "INSERT INTO work_phases (session_id, position, phase_index, exercise, side, "
                "set_number, unit, target, done, outcome, started_at, ended_at, seconds) "
                "SELECT session_id, position + ?, phase_index, ?, side, set_number, unit, "
                "target, done, outcome, started_at, ended_at, seconds FROM work_phases "
                "WHERE id = 1",
                (offset, name),
            )
    con.close()
    with open_history(old_history.parent, recover=False):
        pass
    ids = {
        row["exercise"]: row["exercise_id"]
        for row in raw_rows(old_history, "SELECT exercise, exercise_id FROM work_phases")
    }
    assert ids == {
        "Pigeon pose": "pigeon-pose",
        "Clamshell": "clamshell",
        "Low lunge": "low-lunge",
        "Side-lying leg lifts": "side-lying-leg-lifts",
        "Café  stretch (90/90)": "cafe-stretch-90-90",
    }
    assert raw_rows(old_history, "SELECT DISTINCT dosing FROM sessions") == [{"dosing": "coached"}]
    # The totals' triggers survive the rebuild: a new phase still counts.
    before = raw_rows(old_history, "SELECT sum(phases) AS n FROM exercise_totals")[0]["n"]
    con = sqlite3.connect(old_history)
    with con:
        con.execute(
            "INSERT INTO work_phases (session_id, position, phase_index, exercise, side, "
            "set_number, unit, target, done, outcome, started_at, ended_at, seconds) "
            "SELECT session_id, 999, phase_index, exercise, side, set_number, unit, target, "
            "done, 'completed', started_at, ended_at, seconds FROM work_phases WHERE id = 1"
        )
    con.close()
    assert raw_rows(old_history, "SELECT sum(phases) AS n FROM exercise_totals")[0]["n"] == (
        before + 1
    )


def test_session_ids_are_never_reused_across_the_migrations(old_history: Path) -> None:
    with open_history(old_history.parent, recover=False):
        pass
    con = sqlite3.connect(old_history)
    with con:
        con.execute("DELETE FROM sessions WHERE id = 4")
        con.execute(
            "INSERT INTO sessions (routine_id, routine_name, routine_path, started_at, "
            "updated_at, status, active_seconds, work_done, work_total) "
            "VALUES ('x', 'X', '', '2026-01-01', '2026-01-01', 'stopped', 0, 0, 0)"
        )
    con.close()
    assert raw_rows(old_history, "SELECT max(id) AS id FROM sessions") == [{"id": 5}]
