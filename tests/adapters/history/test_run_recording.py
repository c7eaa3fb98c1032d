"""``hipcoach run`` as a real process, recorded as it goes: killed, stopped, or to the end."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


# Two quick work phases, then an hour's hold: at --speed 20 the first two are over in well
# under a second of wall time, and the third lasts three minutes, time enough to kill it.
LONG = """\
format = 1
name = "Two quick, one long"
[defaults]
prepare = 1
switch = 1
rest = 1

[[exercise]]
name = "Side-lying leg lift"
sides = "each"
hold = 2

[[exercise]]
name = "Long hold"
hold = 3600
"""
SHORT = """\
format = 1
name = "Short and sweet"
[defaults]
prepare = 1
switch = 1

[[exercise]]
name = "Clamshell"
sides = "each"
reps = 2
tempo = [1, 0, 1]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


def routine(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "session.toml"
    path.write_text(text, encoding="utf-8")
    return path


def hipcoach(folder: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "hipcoach", "--data-dir", str(folder), *argv]


def start_run(folder: Path, path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        hipcoach(folder, "run", str(path), "--speed", "20", "--no-voice", "--no-sound"),
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def running(folder: Path, tmp_path: Path) -> Iterator[Callable[[str], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(text: str) -> subprocess.Popen[bytes]:
        process = start_run(folder, routine(tmp_path, text))
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def history(folder: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        hipcoach(folder, "history", "--json"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    sessions: list[dict[str, object]] = json.loads(done.stdout)
    return sessions


def work_rows(folder: Path) -> list[tuple[str, str | None, str]]:
    path = folder / "history.sqlite3"
    if not path.exists():
        return []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return con.execute(
            "SELECT exercise, side, outcome FROM work_phases ORDER BY session_id, position"
        ).fetchall()
    except sqlite3.OperationalError:
        return []  # not created yet
    finally:
        con.close()


def wait_for_work(folder: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while len(work_rows(folder)) < count:
        assert process.poll() is None, "the run ended before its work was recorded"
        assert time.monotonic() < deadline, "no work phase recorded within a minute"
        time.sleep(0.05)


def integrity(folder: Path) -> str:
    con = sqlite3.connect(folder / "history.sqlite3")
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


QUICK = [
    ("Side-lying leg lift", "left", "completed"),
    ("Side-lying leg lift", "right", "completed"),
]


def test_a_killed_run_is_interrupted_with_its_finished_phases_and_a_sound_file(
    folder: Path, running: Callable[[str], subprocess.Popen[bytes]]
) -> None:
    process = running(LONG)
    wait_for_work(folder, 2, process)

    (live,) = history(folder)  # another process looks while the session runs
    assert live["status"] == "in_progress" and live["ended_at"] is None
    assert process.poll() is None, "looking did not disturb the run"

    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    (dead,) = history(folder)
    assert dead["id"] == live["id"]
    assert dead["status"] == "interrupted"
    assert dead["ended_at"] is not None
    assert (dead["work_done"], dead["work_total"]) == (2, 3)
    assert work_rows(folder) == QUICK
    assert integrity(folder) == "ok"


def test_sigterm_stops_the_run_with_exit_130_recorded_as_stopped(
    folder: Path, running: Callable[[str], subprocess.Popen[bytes]]
) -> None:
    process = running(LONG)
    wait_for_work(folder, 2, process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 130

    (session,) = history(folder)
    assert session["status"] == "stopped"
    assert session["ended_at"] is not None
    assert (session["work_done"], session["work_total"]) == (2, 3)
    assert isinstance(session["active_seconds"], int) and session["active_seconds"] >= 6
    assert work_rows(folder)[:2] == QUICK
    assert integrity(folder) == "ok"


def test_a_run_to_the_end_is_completed_in_session_seconds(
    folder: Path, running: Callable[[str], subprocess.Popen[bytes]]
) -> None:
    process = running(SHORT)
    assert process.wait(timeout=60) == 0

    (session,) = history(folder)
    assert session["status"] == "completed"
    assert session["routine"] == "session" and session["name"] == "Short and sweet"
    # prepare 1 + left 4 + switch 1 + right 4 session seconds, whatever the speed.
    assert session["active_seconds"] == 10
    assert (session["work_done"], session["work_total"]) == (2, 2)
    assert work_rows(folder) == [
        ("Clamshell", "left", "completed"),
        ("Clamshell", "right", "completed"),
    ]
