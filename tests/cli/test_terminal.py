"""``hipcoach run`` as a user runs it: a real process, piped or on a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hipcoach.adapters import paths
from hipcoach.core.routine_file import load_routine

ROUTINE = "pre-run-warm-up"


@pytest.fixture(autouse=True)
def _how_tos_off(data_dir: Path) -> None:
    """These tests time the file's own timeline: a runner who turned how-to reading off.
    (A first session reads them, in phases of their own: see the test for that.)"""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.ini").write_text("[General]\nhow_reading=never\n", encoding="utf-8")


def planned_seconds(routine: str) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "hipcoach", "plan", routine, "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return int(json.loads(out)["total_seconds"])


def timed_run(speed: float, *extra: str) -> tuple[int, list[str], float]:
    """Run a session piped; time it from its first event line to its last, past start-up."""
    command = [sys.executable, "-m", "hipcoach", "run", ROUTINE, "--speed", str(speed)]
    lines: list[str] = []
    first = last = 0.0
    with subprocess.Popen(
        [*command, "--no-voice", "--no-sound", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            now = time.monotonic()
            if not lines:
                first = now
            last = now
            lines.append(line.rstrip("\n"))
        code = process.wait(timeout=60)
    return code, lines, last - first


def test_a_piped_run_prints_plain_event_lines_and_exits_0() -> None:
    code, lines, _ = timed_run(200)
    assert code == 0
    assert lines[0] == "0:00 prepare Hip circles set 1/2 0:05"
    assert "0:00   Hip circles, left side. Set one of two, eight reps." in lines
    assert lines[-1].startswith("Done: Pre-run hip warm-up, 5:31, 11 of 11 work phases")
    assert not any("\r" in line or "\033" in line for line in lines), "no terminal codes in a pipe"


def test_two_speeds_differ_in_wall_time_by_exactly_what_the_plan_says() -> None:
    total = planned_seconds(ROUTINE)
    code_slow, _, slow = timed_run(50)
    code_fast, _, fast = timed_run(100)
    assert (code_slow, code_fast) == (0, 0)
    assert abs(slow - total / 50) < 0.1
    assert abs((slow - fast) - (total / 50 - total / 100)) < 0.1


def test_sigterm_stops_the_session_with_exit_130() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "hipcoach", "run", ROUTINE, "--no-voice", "--no-sound"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("0:00 prepare")
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert out.splitlines()[-1].startswith("Stopped: Pre-run hip warm-up after 0:0")
    assert "Traceback" not in err


class Terminal:
    """What a terminal has shown so far; each wait starts after the last thing waited for,
    so text that arrived in the same chunk as an earlier one is not missed."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.seen = b""
        self.mark = 0

    def wait_for(self, needle: bytes, timeout: float = 30.0) -> bytes:
        deadline = time.monotonic() + timeout
        while (found := self.seen.find(needle, self.mark)) < 0:
            left = deadline - time.monotonic()
            assert left > 0, f"never saw {needle!r} in {self.seen[-300:]!r}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"the terminal closed before {needle!r}: {self.seen[-300:]!r}"
                self.seen += chunk
        shown = self.seen[self.mark : found + len(needle)]
        self.mark = found + len(needle)
        return shown


def test_on_a_terminal_a_live_status_line_and_single_keys(tmp_path: Path) -> None:
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "hipcoach", "run", "hip-strength", "--no-voice", "--no-sound"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        close_fds=True,
    )
    os.close(secondary)
    try:
        screen = Terminal(primary)
        screen.wait_for(b"pain now, 0-10")
        os.write(primary, b"\n")  # Enter skips
        shown = screen.wait_for(b"Space pause")
        shown += screen.wait_for(b"Get ready")
        shown += screen.wait_for(b"left")  # the live line: a bar for the session, time left
        assert b"[" in shown
        os.write(primary, b" ")
        screen.wait_for(b"PAUSED")
        os.write(primary, b" ")
        os.write(primary, b"n")  # skip the prepare
        screen.wait_for(b"Work: Glute bridges")
        os.write(primary, b"q")
        tail = screen.wait_for(b"Stopped: Hip strength")
        tail += screen.wait_for(b"pain after, 0-10")
        assert b"0 of 21 work phases" in tail
        os.write(primary, b"\n")
        screen.wait_for(b"effort, 1-10")
        os.write(primary, b"\n")
        assert process.wait(timeout=30) == 130
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)


def test_a_reader_that_goes_away_neither_hangs_nor_loses_the_session(data_dir: Path) -> None:
    """``hipcoach run X | head -1``: the session still runs to its end and is recorded."""
    pipeline = subprocess.run(
        f"{sys.executable} -m hipcoach run {ROUTINE} --speed 200 --no-voice --no-sound | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert pipeline.stdout.startswith("0:00 prepare Hip circles")
    history = subprocess.run(
        [sys.executable, "-m", "hipcoach", "history", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (session,) = json.loads(history.stdout)
    assert (session["routine"], session["status"]) == (ROUTINE, "completed")


def test_a_run_uses_the_runners_default_timings(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.ini").write_text("[General]\nprepare=9\n")
    routine = data_dir / "mine.toml"
    routine.write_text('format = 1\nname = "Mine"\n[[exercise]]\nname = "A"\nhold = 2\n')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hipcoach",
            "run",
            str(routine),
            "--speed",
            "100",
            "--no-voice",
            "--no-sound",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "0:00 prepare A 0:09"


MINI = """\
format = 1
name = "Mini"
[defaults]
prepare = 1
rest = 1
tempo = [1, 0, 0]

[[exercise]]
name = "Clams"
sides = "each"
reps = "2-4"
"""


def test_on_a_terminal_the_check_in_is_asked_and_pain_before_offers_one_rung_lower(
    data_dir: Path,
) -> None:
    (data_dir / "routines").mkdir(parents=True)
    (data_dir / "routines" / "mini.toml").write_text(MINI, encoding="utf-8")
    command = [sys.executable, "-m", "hipcoach"]
    for _ in range(2):  # two easy sessions: both sides on rung 2 (three reps)
        subprocess.run(
            [*command, "run", "mini", "--speed", "200", "--no-voice", "--no-sound"],
            capture_output=True,
            check=True,
            timeout=60,
        )
        subprocess.run([*command, "checkin", "--pain-after", "1"], check=True, timeout=60)
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [*command, "run", "mini", "--speed", "200", "--no-voice", "--no-sound"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        close_fds=True,
    )
    os.close(secondary)
    try:
        screen = Terminal(primary)
        screen.wait_for(b"pain now, 0-10")
        os.write(primary, b"eleven\n")
        screen.wait_for(b"A whole number from 0 to 10")
        os.write(primary, b"7\n")
        offer = screen.wait_for(b"one rung lower today? [Y/n]")
        assert b"Your hip hurts 7/10 before you start" in offer, "the advice comes first"
        os.write(primary, b"\n")
        said = screen.wait_for(b"pain after, 0-10")
        assert b"Clams, left side. Two reps." in said, "rung 1 today, not the prescribed 2"
        os.write(primary, b"2\n")
        screen.wait_for(b"effort, 1-10")
        os.write(primary, b"3\n")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)
    history = subprocess.run(
        [*command, "history", "--json"], capture_output=True, text=True, check=True, timeout=60
    )
    latest = json.loads(history.stdout)[0]
    assert (latest["pain_before"], latest["pain_after"], latest["effort"]) == (7, 2, 3)
    coached = subprocess.run(
        [*command, "coach", "mini", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found = json.loads(coached.stdout)
    assert [(s["amount"], s["why"]) for s in found["routines"][0]["exercises"]] == [
        (3, "stay: a red flag stands"),
        (3, "stay: a red flag stands"),
    ], "a pain before of 7 is itself a red flag: no step up"
    assert [f["kind"] for f in found["red_flags"]] == ["severe"]


def test_a_first_run_reads_each_how_to_in_a_phase_of_its_own(data_dir: Path) -> None:
    (data_dir / "settings.ini").unlink()  # the defaults: how-tos read the first three times
    code, lines, _ = timed_run(200)
    assert code == 0
    starts = [m.group(1) for line in lines if (m := re.match(r"\d+:\d\d (\w+) ", line))]
    assert starts[:2] == ["explain", "prepare"], lines[:4]
    routine = load_routine(paths.built_in_routines() / f"{ROUTINE}.toml")
    assert starts.count("explain") == sum(1 for e in routine.exercises if e.how) > 1


def test_a_signal_at_the_pain_question_ends_the_command_with_nothing_recorded() -> None:
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "hipcoach", "run", "hip-strength", "--no-voice", "--no-sound"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        close_fds=True,
    )
    os.close(secondary)
    try:
        screen = Terminal(primary)
        screen.wait_for(b"pain now, 0-10")
        process.send_signal(signal.SIGINT)
        said = screen.wait_for(b"stopped by")
        assert process.wait(timeout=30) == 130
        assert b"Traceback" not in said
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)
    history = subprocess.run(
        [sys.executable, "-m", "hipcoach", "history", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(history.stdout) == []
