"""Opening the history file: how it is made, and what is refused without touching a byte."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hipcoach.adapters.history import store as store_module
from hipcoach.adapters.history.repository import DamagedHistoryError, HistoryError
from hipcoach.adapters.history.store import (
    HistoryStore,
    checkup_due,
    head_revision,
    move_aside,
    open_history,
)
from hipcoach.adapters.history.tables import Base
from hipcoach.cli.history import add_history_parser, run_history
from hipcoach.core.model import Routine
from hipcoach.core.records import NewSession, Reset
from tests import report_history
from tests.fakes.history import FakeStore
from tests.report_history import SINCE, TODAY
from tests.ui.helpers import record_session

from .conftest import REV1, T0, raw_rows

REPO = Path(__file__).resolve().parents[3]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def history(folder: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_history_parser(parser.add_subparsers(dest="command"))
    return run_history(parser.parse_args(["history", *argv]), folder)


def add_session(store: HistoryStore, name: str = "Test hips") -> int:
    with store.unit_of_work() as unit:
        session_id = unit.history.add(NewSession("t", name, "t.toml", "text", T0, 3))
        unit.commit()
    return session_id


@pytest.fixture
def filled(folder: Path, utc: Callable[[], datetime]) -> Path:
    """A closed history with a few sessions in it, checkpointed into the main file."""
    with open_history(folder, utc=utc) as store:
        for n in range(40):
            add_session(store, f"Routine {n} " + "x" * 100)
    con = sqlite3.connect(folder / "history.sqlite3")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return folder / "history.sqlite3"


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A locked database is reported after 0.2 s instead of 5."""
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.2)


def refused(folder: Path, capsys: pytest.CaptureFixture[str], *words: str) -> str:
    """Run ``history``, which must fail with exit 1 and one line naming the problem."""
    assert history(folder) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("hipcoach: ")
    for word in words:
        assert word in lines[0]
    return lines[0]


# -- a new history ----------------------------------------------------------------------


def test_a_new_history_is_private_wal_and_durable(store: HistoryStore) -> None:
    add_session(store)
    folder = store.data_dir
    for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
        assert (folder / name).stat().st_mode & 0o777 == 0o600, name
    with store.engine.connect() as connection:

        def pragma(name: str) -> object:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 5000
        assert pragma("synchronous") == 2  # FULL: a commit survives a power cut
        assert pragma("foreign_keys") == 1
    assert raw_rows(store.path, "SELECT version_num FROM alembic_version") == [
        {"version_num": head_revision()}
    ]


def test_the_migrations_build_exactly_the_models(store: HistoryStore) -> None:
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_an_empty_file_is_a_new_history(folder: Path) -> None:
    (folder / "history.sqlite3").touch()
    with open_history(folder) as store:
        add_session(store)


def test_a_history_left_readable_by_others_is_made_private(folder: Path) -> None:
    open_history(folder).close()
    path = folder / "history.sqlite3"
    path.chmod(0o644)
    open_history(folder).close()
    assert path.stat().st_mode & 0o777 == 0o600


def test_no_engine_connects_at_import() -> None:
    code = (
        "import sqlalchemy, hipcoach.adapters.history.store, hipcoach.adapters.history.recorder, "
        "hipcoach.cli.history, hipcoach.application.statistics\n"
        "import gc\n"
        "assert not [o for o in gc.get_objects() if isinstance(o, sqlalchemy.Engine)]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, timeout=60)


def test_the_history_command_does_not_load_sqlalchemy_until_it_runs() -> None:
    code = "import sys, hipcoach.cli.history; assert 'sqlalchemy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, timeout=60)


# -- refused, and left byte for byte --------------------------------------------------------


def test_garbage_is_refused_untouched(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "history.sqlite3"
    path.write_bytes(os.urandom(8192))
    before = digest(path)
    refused(folder, capsys, "damaged", "move it aside")
    assert digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3"]


def test_damaged_pages_inside_are_refused_untouched(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(filled.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 4 * page] = b"\xa5" * (2 * page)  # table pages, header intact
    filled.write_bytes(bytes(data))
    before = digest(filled)
    refused(filled.parent, capsys, "damaged", str(filled))
    assert digest(filled) == before


def test_a_cut_off_file_is_refused_untouched(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = filled.read_bytes()
    filled.write_bytes(data[: len(data) // 2])
    before = digest(filled)
    refused(filled.parent, capsys, "damaged")
    assert digest(filled) == before


def test_a_database_from_a_newer_hipcoach_is_refused_untouched(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    con = sqlite3.connect(filled)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = digest(filled)
    line = refused(filled.parent, capsys, "newer hipcoach", "9999", "update hipcoach")
    assert "left untouched" in line
    assert digest(filled) == before
    with pytest.raises(HistoryError, match="newer"):
        open_history(filled.parent)


def test_another_programs_database_is_refused_untouched(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "history.sqlite3"
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE notes (body TEXT)")
        con.execute("INSERT INTO notes VALUES ('mine')")
    con.close()
    before = digest(path)
    refused(folder, capsys, "not a hipcoach history database")
    assert digest(path) == before


def make_newer(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")


def make_foreign(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute("DROP TABLE alembic_version")


def make_damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[2 * 4096 : 4 * 4096] = b"\xa5" * (2 * 4096)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("spoil", [make_newer, make_foreign, make_damaged])
def test_a_refused_database_gets_no_wal_or_shared_memory_file_beside_it(
    filled: Path, spoil: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    spoil(filled)
    assert sorted(p.name for p in filled.parent.glob("history.sqlite3*")) == ["history.sqlite3"]
    before = digest(filled)
    refused(filled.parent, capsys)
    assert sorted(p.name for p in filled.parent.glob("history.sqlite3*")) == ["history.sqlite3"]
    assert digest(filled) == before


def test_a_folder_in_its_place_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "history.sqlite3").mkdir()
    refused(folder, capsys, "is not a file")


@contextlib.contextmanager
def held_exclusively(path: Path, locking_mode: str = "NORMAL") -> Iterator[None]:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute(f"PRAGMA locking_mode = {locking_mode}")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("SELECT count(*) FROM sessions").fetchall()
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.usefixtures("short_wait")
def test_a_history_locked_by_another_connection_is_refused_untouched(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(filled)
    with held_exclusively(filled):
        refused(filled.parent, capsys, "locked by another program", "try again")
        assert digest(filled) == before
    assert history(filled.parent) == 0, "usable again once the other lets go"


@pytest.mark.usefixtures("short_wait")
def test_a_history_held_in_exclusive_locking_mode_is_refused_untouched(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(filled)
    with held_exclusively(filled, "EXCLUSIVE"):
        refused(filled.parent, capsys, "locked")
    assert digest(filled) == before


@pytest.mark.usefixtures("short_wait")
def test_an_old_journal_mode_history_locked_is_refused_before_migrating(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "history.sqlite3"
    shutil.copyfile(REV1, path)
    before = digest(path)
    with held_exclusively(path):
        refused(folder, capsys, "locked")
    assert digest(path) == before
    assert not list(folder.glob("history-backup-*")), "nothing migrated, nothing backed up"


def test_a_read_only_file_is_refused_untouched(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(filled)
    with read_only_file(filled):
        refused(filled.parent, capsys, "cannot write", "writable")
    assert digest(filled) == before


def test_a_read_only_data_folder_is_refused_untouched(filled: Path) -> None:
    """A read-only mount: only a separate mount namespace makes one without touching the
    machine. Root is not stopped by file modes, so this is the way to test it as root."""
    folder = filled.parent
    before = digest(filled)
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            result = run_history_process(folder)
        finally:
            folder.chmod(0o700)
    else:
        if shutil.which("unshare") is None or shutil.which("mount") is None:
            pytest.skip("needs unshare(1) and mount(8) to make a read-only mount as root")
        probe = subprocess.run(
            ["unshare", "-m", "true"], capture_output=True, text=True, timeout=30
        )
        if probe.returncode != 0:
            pytest.skip(f"cannot make a mount namespace here: {probe.stderr.strip()}")
        script = (
            f'mount --bind -o ro "{folder}" "{folder}" && '
            f'exec "{sys.executable}" -c "{HISTORY_SNIPPET}" "{folder}"'
        )
        result = subprocess.run(
            ["unshare", "-m", "sh", "-c", script],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "cannot write" in result.stderr
    assert digest(filled) == before


HISTORY_SNIPPET = (
    "import sys, argparse; from pathlib import Path; "
    "from hipcoach.cli.history import add_history_parser, run_history; "
    "p = argparse.ArgumentParser(); add_history_parser(p.add_subparsers(dest='command')); "
    "sys.exit(run_history(p.parse_args(['history']), Path(sys.argv[1])))"
)


def run_history_process(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HISTORY_SNIPPET, str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """A file this process cannot write: by mode for a user; for root, whom modes do not
    stop, by the immutable attribute (skipped where the file system has none)."""
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root ignores file modes, and chattr(1) is missing for +i")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"root ignores file modes, and this file system has no +i: {made.stderr}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


# -- migrations and their back-up -----------------------------------------------------------


def test_a_migration_is_preceded_by_a_backup_holding_what_was_still_in_the_wal(
    folder: Path,
) -> None:
    path = folder / "history.sqlite3"
    shutil.copyfile(REV1, path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE sessions SET notes = 'only in the WAL' WHERE id = 1")
    try:
        file_copy = folder / "copy.sqlite3"
        shutil.copyfile(path, file_copy)
        assert raw_rows(file_copy, "SELECT notes FROM sessions WHERE id = 1") != [
            {"notes": "only in the WAL"}
        ], "a plain copy of the file misses the WAL: the reason for the backup API"

        with open_history(folder) as store:
            backup = store.backup
        assert backup is not None and backup.parent == folder
        assert backup.name.startswith("history-backup-0001-")
        assert backup.stat().st_mode & 0o777 == 0o600
        assert raw_rows(backup, "SELECT notes FROM sessions WHERE id = 1") == [
            {"notes": "only in the WAL"}
        ]
        assert raw_rows(backup, "SELECT version_num FROM alembic_version") == [
            {"version_num": "0001"}
        ]
        assert raw_rows(backup, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    finally:
        writer.close()


def test_no_backup_when_there_is_nothing_to_migrate(folder: Path) -> None:
    open_history(folder).close()
    with open_history(folder) as store:
        assert store.backup is None
    assert not list(folder.glob("history-backup-*"))


def test_a_migration_that_fails_leaves_the_history_at_its_revision(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "history.sqlite3"
    shutil.copyfile(REV1, path)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug in a migration")

    monkeypatch.setattr("alembic.command.upgrade", broken)
    with pytest.raises(HistoryError, match=r"could not update .* it was left as it was"):
        open_history(folder)
    assert raw_rows(path, "SELECT version_num FROM alembic_version") == [{"version_num": "0001"}]
    assert raw_rows(path, "SELECT count(*) AS n FROM work_phases") == [{"n": 11}]


def test_a_damaged_history_can_be_moved_aside_whole_to_start_again(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "history.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    (folder / "history.sqlite3-wal").write_bytes(b"w" * 100)
    before = digest(path)
    refused(folder, capsys, "damaged")

    aside = move_aside(folder)
    assert digest(aside) == before
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"w" * 100
    assert not path.exists() and not (folder / "history.sqlite3-wal").exists()
    assert history(folder) == 0
    assert capsys.readouterr().out.startswith("No sessions recorded yet")


# -- the full check: what the quick check at each open does not see ---------------------------


def unindex(path: Path) -> None:
    """Put an index out of step with its table, as a bad sector or a bad copy can: the
    quick check at each open passes it; only a full integrity check sees it."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA writable_schema = ON")
        with con:
            con.execute(
                "UPDATE sqlite_schema SET sql = 'CREATE INDEX ix_sessions_status "
                "ON sessions (routine_name)' WHERE name = 'ix_sessions_status'"
            )
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with contextlib.closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA quick_check").fetchall() == [("ok",)]


def test_a_damaged_index_is_found_before_a_migration_and_nothing_is_written(
    folder: Path,
) -> None:
    path = folder / "history.sqlite3"
    shutil.copyfile(REV1, path)
    unindex(path)
    before = digest(path)
    with pytest.raises(DamagedHistoryError, match=r"is damaged .*missing from index"):
        open_history(folder)
    assert digest(path) == before
    assert not list(folder.glob("history-backup-*")), "no back-up, no migration"


def test_a_damaged_index_is_found_after_a_crash_before_the_session_is_marked(
    filled: Path,
) -> None:
    with contextlib.closing(sqlite3.connect(filled)) as con, con:
        con.execute("UPDATE sessions SET status = 'in_progress', ended_at = NULL WHERE id = 3")
    unindex(filled)  # and no process holds session 3's lock: it died
    before = digest(filled)
    with pytest.raises(DamagedHistoryError, match="missing from index"):
        open_history(filled.parent)
    assert digest(filled) == before
    assert raw_rows(filled, "SELECT status FROM sessions WHERE id = 3") == [
        {"status": "in_progress"}
    ]


def test_otherwise_a_weekly_check_finds_it_and_nothing_writes_to_it_again(
    filled: Path,
) -> None:
    with contextlib.closing(sqlite3.connect(filled)) as con, con:
        con.execute("UPDATE sessions SET status = 'completed'")  # no crash to look into
    unindex(filled)
    checked = filled.with_name(".history-checked")
    week_ago = checked.stat().st_mtime - 8 * 24 * 3600
    os.utime(checked, (week_ago, week_ago))  # the last full check, eight days ago
    with open_history(filled.parent) as store:  # nothing calls for a full check at open
        assert checkup_due(store.path)
        with pytest.raises(DamagedHistoryError, match="missing from index"):
            store.checkup()
        with pytest.raises(DamagedHistoryError):
            store.unit_of_work()
    with pytest.raises(DamagedHistoryError):
        store.on_this_thread().__enter__().unit_of_work()


def test_a_full_check_that_passes_is_not_due_again_for_a_week(filled: Path) -> None:
    filled.with_name(".history-checked").unlink()
    with open_history(filled.parent) as store:  # its sessions' processes died: checked
        assert not checkup_due(store.path)
        checked = filled.with_name(".history-checked")
        assert checked.stat().st_mode & 0o777 == 0o600
        assert checkup_due(store.path, now=checked.stat().st_mtime + 8 * 24 * 3600)


# -- what a session needs before its first phase, cheaply ------------------------------------


def test_the_reads_needed_at_once_agree_with_the_repository(
    store: HistoryStore, routine: Routine
) -> None:
    """A plan's how-tos follow ``times_met`` (docs/coaching.md) and the routines' cards
    ``last_done``: read in one plain query each (before a first phase; while the window
    comes up), they must say what the repository says."""
    record_session(store, routine, T0)
    record_session(store, routine, T0 + timedelta(days=1), stop_at=20.0)  # the clamshells only
    other = replace(routine, id="other-hips")
    record_session(store, other, T0 + timedelta(days=2))
    record_session(store, other, T0 + timedelta(days=3), stop_at=1.0)  # no work: not "done"
    with store.reading() as unit:
        times_met, last_done = unit.history.times_met(routine.id), unit.history.last_done()
    # By hand (tests/adapters/history/conftest.py): both sessions did clamshells, only the
    # first went on to the pigeon and the lunge; the other routine's sessions do not count.
    assert store.times_met(routine.id) == {"clamshell": 2, "pigeon-pose": 1, "low-lunge": 1}
    assert store.times_met(routine.id) == times_met
    assert store.times_met("never-done") == {}
    done = store.last_done()
    assert set(done) == {routine.id, other.id}
    assert done[routine.id].stopped_after is not None  # the stopped one, a day later
    assert done[routine.id].at.date() == (T0 + timedelta(days=1)).date()
    assert done[other.id].stopped_after is None  # completed; the one with no work is no "done"
    assert done == last_done


def test_the_coach_reads_the_same_history_from_sqlite_as_from_the_fake(
    store: HistoryStore,
) -> None:
    """The coach's plain queries (every session, each exercise-side's work, the resets, what
    each side asked last) read a built history exactly as the in-memory fake keeps it: the
    twelve weeks of the report's history, with hurt marks and short sides, a stopped session,
    a ladder started over, a phase run again after Back, and a session still in progress."""
    fake = FakeStore()
    for kept in (store, fake):
        found = report_history.build(kept)
        routine = report_history.strength(found)
        with kept.unit_of_work() as unit:
            unit.history.add_reset(Reset(routine.id, "clamshells", report_history.local(TODAY)))
            unit.history.add_reset(Reset(routine.id, None, report_history.local(SINCE)))
            unit.commit()
        redone = report_history.record(kept, routine, report_history.Day(TODAY, before=1))
        with kept.unit_of_work() as unit:
            first = unit.history.work(redone)[0]
            # Back: the first clamshells again, the first run of them a rep short.
            unit.history.replace_work(redone, replace(first, done=first.target - 1))
            unit.history.add_work(redone, first)
            unit.history.add(
                NewSession(routine.id, routine.name, "", "", report_history.local(TODAY, 19), 4)
            )
            unit.commit()
    everyone = {e.routine.id for e in found.entries}
    for routine_ids in (None, everyone, {routine.id}, {"never-done"}, set()):
        read = store.coach_history(routine_ids)
        assert read == fake.coach_history(routine_ids), routine_ids
    read = store.coach_history({routine.id})
    assert len(read.sessions) == len(report_history.days()) + 2
    first_side = (first.exercise_id, first.side)
    assert read.work[redone][first_side].full, "short, then run again in full after Back"
    assert [r.exercise_id for r in read.resets] == [None, "clamshells"]
    assert store.times_met(routine.id) == fake.times_met(routine.id)
    assert store.last_done() == fake.last_done()
    with store.reading() as unit:  # the repository reads them with the same queries
        assert unit.history.side_work({routine.id}) == read.work
        assert unit.history.last_asked({routine.id}) == read.last


def test_hipcoach_run_reaches_its_first_phase_without_sqlalchemy_or_alembic(
    folder: Path,
) -> None:
    """``hipcoach run`` reaches its first phase before either is loaded (bench/startup.py):
    opening a history at this code's schema, the coach's read of it, the plan's check and
    what the plan needs load neither. (The session's first record, written on the writer's
    thread while the first phase runs, loads SQLAlchemy: looked at as it is handed over.)"""
    open_history(folder).close()  # made and migrated: that one may load them
    code = (
        "import sys\n"
        "from hipcoach.adapters.history.log import HistoryLog\n"
        "from hipcoach.cli import terminal\n"
        "from hipcoach.cli.main import main\n"
        "begin = HistoryLog.begin\n"
        "def first_record(self, *args, **kwargs):\n"
        "    print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))\n"
        "    return begin(self, *args, **kwargs)\n"
        "HistoryLog.begin = first_record\n"
        "terminal.run_session = lambda *args, **kwargs: 0\n"
        f"sys.exit(main(['--data-dir', {str(folder)!r}, 'run', 'post-run-stretch', "
        "'--no-voice', '--no-sound']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
