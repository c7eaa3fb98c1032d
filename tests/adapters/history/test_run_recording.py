"""``hipcoach run`` as a real process, recorded as it goes: killed, stopped, or to the end."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
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


THROUGH_A_LOCK = """\
format = 1
name = "Through a lock"
[defaults]
prepare = 1
switch = 1
rest = 1

[[exercise]]
name = "Side-lying leg lift"
sides = "each"
hold = 4

[[exercise]]
name = "Bridge hold"
hold = 6

[[exercise]]
name = "Clamshell hold"
sides = "each"
hold = 4
"""  # 29 session seconds, a phase change every 1 to 6 of them
LOCKER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


def test_a_database_locked_during_a_run_delays_its_records_never_its_phases(
    folder: Path, tmp_path: Path
) -> None:
    """Another program holds the database locked (BEGIN EXCLUSIVE) for 6.5 s, past the
    5 s busy timeout, in the middle of a run: every phase still starts on time, nothing is
    taken for a sleep, and the rows arrive in order once the lock is let go."""
    speed = 2.0
    path = routine(tmp_path, THROUGH_A_LOCK)
    command = hipcoach(folder, "run", str(path), "--speed", str(speed), "--no-voice", "--no-sound")
    lines: list[tuple[float, str]] = []
    with subprocess.Popen(
        command, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        lines.append((time.monotonic(), first.rstrip("\n")))
        locker = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(folder / "history.sqlite3"), "6.5"],
            stdout=subprocess.PIPE,
            text=True,
        )
        watchdog = threading.Timer(60, process.kill)  # a session paused for good never ends
        watchdog.start()
        try:
            for line in process.stdout:
                lines.append((time.monotonic(), line.rstrip("\n")))
            assert process.wait(timeout=120) == 0
        finally:
            watchdog.cancel()
            locker.communicate(timeout=30)
    origin = lines[0][0]
    starts = [
        (wall - origin, line) for wall, line in lines if line[:1].isdigit() and line[4:5] == " "
    ]
    phase_starts = [
        (wall, line)
        for wall, line in starts
        if line.split()[1] in ("prepare", "work", "switch", "rest")
    ]
    assert len(phase_starts) == 12
    for wall, line in phase_starts:
        minutes, seconds = line.split()[0].split(":")
        planned = (int(minutes) * 60 + int(seconds)) / speed
        assert abs(wall - planned) < 0.5, f"{line!r} came {wall - planned:+.2f} s off its time"
    assert not any("paused" in line or "slept" in line for _, line in lines)
    assert lines[-1][1].startswith("Done: Through a lock, 0:29, 5 of 5 work phases")
    (session,) = history(folder)
    assert session["status"] == "completed" and session["work_done"] == 5
    assert work_rows(folder) == [
        ("Side-lying leg lift", "left", "completed"),
        ("Side-lying leg lift", "right", "completed"),
        ("Bridge hold", None, "completed"),
        ("Clamshell hold", "left", "completed"),
        ("Clamshell hold", "right", "completed"),
    ]
    assert integrity(folder) == "ok"
