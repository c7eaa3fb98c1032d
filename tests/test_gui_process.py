"""The desktop app as a real process: SIGTERM mid-session is recorded as a stopped session."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def test_sigterm_stops_a_gui_session_and_records_it(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PULSE_SERVER": "/nonexistent"}
    with subprocess.Popen(
        [sys.executable, "-m", "hipcoach", "gui", "--routine", "hip-strength"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        database = data_dir / "history.sqlite3"
        deadline = time.monotonic() + 30
        while not database.exists() or _sessions(data_dir, live=True) == []:
            assert process.poll() is None, process.communicate()[1][-2000:]
            assert time.monotonic() < deadline, "the session never started"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err[-2000:]
    (session,) = _sessions(data_dir)
    assert (session["routine"], session["status"]) == ("hip-strength", "stopped")
    assert session["ended_at"] is not None


def _sessions(data_dir: Path, live: bool = False) -> list[dict[str, object]]:
    """What ``hipcoach history --json`` says; ``live`` reads without the CLI's recovery."""
    if live:
        import sqlite3
        from contextlib import closing

        uri = f"file:{data_dir / 'history.sqlite3'}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            try:
                return [{"id": row[0]} for row in db.execute("select id from sessions")]
            except sqlite3.OperationalError:
                return []
    out = subprocess.run(
        [sys.executable, "-m", "hipcoach", "history", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return list(json.loads(out))
