"""Ctrl-C and SIGTERM at any moment of ``hipcoach run``, from its first instant to its last.

The entry point catches them before it imports anything: a signal during start-up ends the
command with exit 130 and one line; one during the session stops it, recorded as stopped;
one after "Done:" changes nothing. Never an abort, a traceback, or a run that goes on.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

QUICK = """\
format = 1
name = "Quick"
[defaults]
prepare = 1
switch = 1

[[exercise]]
name = "Clamshell"
sides = "each"
hold = 3
"""  # 8 session seconds: at --speed 12 the session ends about 0.7 s after it starts
TRIALS = 32
FAST = ["--speed", "12", "--no-voice", "--no-sound"]
SCRIPT = Path(sys.executable).with_name("hipcoach")  # the console script, as a runner starts it
HIPCOACH = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "hipcoach"]


@dataclass(frozen=True)
class Trial:
    delay: float
    sent: signal.Signals
    code: int
    out: list[str]
    err: str
    recorded: list[str]  # the statuses of the sessions in history


def before_our_first_line(err: str) -> bool:
    """Python itself was still starting (its site module, runpy) when the signal came: no
    code of ours had run yet, which only a loaded machine makes take 50 ms."""
    return "Traceback" in err and "hipcoach" not in err


def trial(index: int, folder: Path, routine: Path, again: int = 0) -> Trial:
    delay = 0.05 + 1.45 * index / (TRIALS - 1)
    sent = signal.SIGINT if index % 2 == 0 else signal.SIGTERM
    data = folder / f"data-{index}-{again}"
    process = subprocess.Popen(
        [*HIPCOACH, "--data-dir", str(data), "run", str(routine), *FAST],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(sent)
    out, err = process.communicate(timeout=60)
    if before_our_first_line(err) and again < 2:
        return trial(index, folder, routine, again + 1)
    recorded: list[str] = []
    if (data / "history.sqlite3").exists():
        con = sqlite3.connect(f"file:{data / 'history.sqlite3'}?mode=ro", uri=True)
        try:
            recorded = [row[0] for row in con.execute("SELECT status FROM sessions")]
        except sqlite3.OperationalError:
            pass  # stopped before the tables were made
        finally:
            con.close()
    return Trial(delay, sent, process.returncode, out.splitlines(), err, recorded)


def test_a_signal_at_any_moment_ends_the_run_cleanly(tmp_path: Path) -> None:
    routine = tmp_path / "quick.toml"
    routine.write_text(QUICK, encoding="utf-8")
    trials = [trial(i, tmp_path, routine) for i in range(TRIALS)]  # one at a time: on time
    kinds = set()
    for t in trials:
        name = "Ctrl-C" if t.sent is signal.SIGINT else "SIGTERM"
        seen = f"{t.sent.name} at {t.delay:.2f} s: exit {t.code}, out {t.out[-1:]}, err {t.err!r}"
        assert "Traceback" not in t.err, seen
        if t.code == 0:  # it had finished: the signal changed nothing
            kind = "after the end"
            assert t.out[-1].startswith("Done: Quick"), seen
            assert t.err == "" and t.recorded == ["completed"], seen
        elif t.out:  # during the session: stopped, and recorded so
            kind = "during the session"
            assert t.code == 130, seen
            assert t.out[-1].startswith("Stopped: Quick"), seen
            assert t.err == "" and t.recorded == ["stopped"], seen
        else:  # during start-up: one line, nothing recorded
            kind = "during start-up"
            assert t.code == 130, seen
            assert t.err == f"hipcoach: stopped by {name}\n", seen
            assert t.recorded == [], seen
        kinds.add(kind)
    assert kinds >= {"during start-up", "during the session"}, "the delays cover both"
