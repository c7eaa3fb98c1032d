"""History fixtures, building on each other: local zone -> data folder -> store -> recorder.

Every history test runs in Europe/Berlin (``TZ``), so local days and ISO weeks are the same
on every machine; the fake clock drives both the engine and the recorder's UTC stamps.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.adapters import paths
from hipcoach.adapters.history.recorder import SessionRecorder
from hipcoach.adapters.history.store import HistoryStore, open_history
from hipcoach.core.cues import make_script
from hipcoach.core.engine import SessionEngine
from hipcoach.core.model import Routine
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import load_routine
from tests.fakes.clock import FakeClock

DATA = Path(__file__).resolve().parent / "data"
REV1 = DATA / "history-rev1.sqlite3"
ZONE = "Europe/Berlin"

ROUTINE_TEXT = """\
format = 1
name = "Test hips"
[defaults]
prepare = 2
switch = 1
set_rest = 3
rest = 2

[[exercise]]
name = "Clamshell"
sides = "each"
reps = 3
sets = 2
tempo = [1, 0, 1]

[[exercise]]
name = "Pigeon pose"
hold = 10

[[exercise]]
name = "Low lunge"
breaths = 2
breath = 3
"""
# prepare 0-2, Clamshell L 2-8, switch 8-9, R 9-15, set_rest 15-18, L 18-24, switch 24-25,
# R 25-31, rest 31-33, prepare 33-35, Pigeon 35-45, rest 45-47, prepare 47-49, lunge 49-55

CLOCK_START = 1000.0
T0 = datetime(2026, 5, 11, 6, 0, tzinfo=UTC)  # a Monday, 08:00 in Berlin


@pytest.fixture(autouse=True)
def local_zone() -> Iterator[str]:
    """The system's local zone, for Python and for SQLite's 'localtime' alike."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = ZONE
    time.tzset()
    yield ZONE
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return paths.prepare_data_dir(data_dir)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(CLOCK_START)


@pytest.fixture
def utc(clock: FakeClock) -> Callable[[], datetime]:
    """UTC that moves with the fake clock: T0 when the clock reads CLOCK_START."""
    return lambda: T0 + timedelta(seconds=clock.now() - CLOCK_START)


@pytest.fixture
def store(folder: Path, utc: Callable[[], datetime]) -> Iterator[HistoryStore]:
    with open_history(folder, utc=utc) as opened:
        yield opened


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "test-hips.toml"
    path.write_text(ROUTINE_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def routine(routine_file: Path) -> Routine:
    return load_routine(routine_file)


@pytest.fixture
def plan(routine: Routine) -> Plan:
    return make_plan(routine)


@pytest.fixture
def recorder(
    store: HistoryStore, utc: Callable[[], datetime], clock: FakeClock
) -> Iterator[SessionRecorder]:
    with SessionRecorder(store, utc=utc, clock=clock) as made:
        yield made


def engine_for(plan: Plan, speed: float = 1.0) -> SessionEngine:
    return SessionEngine(plan, make_script(plan), speed=speed)


def raw(path: Path) -> sqlite3.Connection:
    """A plain read-only connection: what another process would see on disk."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    return con


def raw_rows(path: Path, sql: str, *params: object) -> list[dict[str, object]]:
    con = raw(path)
    try:
        return [dict(row) for row in con.execute(sql, params)]
    finally:
        con.close()
