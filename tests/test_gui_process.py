"""The desktop app as a real process: SIGTERM mid-session is recorded as a stopped session."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def no_pain_question(data_dir: Path) -> None:
    """A runner who turned "pain now" off (Settings): a routine asked for begins at once,
    so its session shows in the history these tests read from outside the process."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.ini").write_text("[General]\nask_pain_before=false\n")


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
        try:
            while not database.exists() or _sessions(data_dir, live=True) == []:
                assert process.poll() is None, process.communicate()[1][-2000:]
                assert time.monotonic() < deadline, "the session never started"
                time.sleep(0.1)
        except BaseException:
            process.kill()  # a failure ends the test, not the suite's run
            raise
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

        path = data_dir / "history.sqlite3"
        if not path.exists():  # the window opens it on its worker, after its first paint
            return []
        uri = f"file:{path}?mode=ro"
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


def _gui(*args: str, stdout: int | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PULSE_SERVER": "/nonexistent"}
    return subprocess.Popen(
        [sys.executable, "-m", "hipcoach", "gui", *args],
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(done: object, process: subprocess.Popen[str], what: str) -> None:
    assert callable(done)
    deadline = time.monotonic() + 30
    while not done():
        assert process.poll() is None, process.communicate()[1][-2000:]
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_a_second_gui_hands_its_routine_to_the_open_window_and_exits_at_once(
    data_dir: Path,
) -> None:
    from hipcoach.adapters.desktop.instance import socket_path

    where = socket_path(data_dir)
    assert where is not None
    with _gui() as first:
        try:
            _wait_for(where.exists, first, "the first window never listened")
            started = time.monotonic()
            second = subprocess.run(
                [sys.executable, "-m", "hipcoach", "gui", "--routine", "post-run-stretch"],
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            took = time.monotonic() - started
            assert second.returncode == 0, second.stderr
            assert took < 2.5, f"the second hipcoach took {took:.1f} s to hand over"
            _wait_for(
                lambda: _sessions(data_dir, live=True) != [],
                first,
                "the open window never started the routine",
            )
        finally:
            first.send_signal(signal.SIGTERM)
            _, err = first.communicate(timeout=30)
    assert first.returncode == 130, err[-2000:]
    (session,) = _sessions(data_dir)
    assert session["routine"] == "post-run-stretch"
    assert not where.exists()  # the window took its socket away as it closed


ROUTINE = """format = 1
name = "From the file manager"
kind = "stretch"

[[exercise]]
name = "Pigeon"
hold = 30
"""


def test_a_second_gui_hands_its_files_to_the_open_window_which_imports_them(
    data_dir: Path, tmp_path: Path
) -> None:
    from hipcoach.adapters.desktop.instance import socket_path

    where = socket_path(data_dir)
    assert where is not None
    good = tmp_path / "physio.toml"
    good.write_text(ROUTINE, encoding="utf-8")
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)  # opened to read, it would wait for a writer for ever
    with _gui() as first:
        try:
            _wait_for(where.exists, first, "the first window never listened")
            started = time.monotonic()
            second = subprocess.run(
                [sys.executable, "-m", "hipcoach", "gui", str(pipe), "physio.toml"],
                cwd=tmp_path,  # a relative name is the second process's, made absolute
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            took = time.monotonic() - started
            assert second.returncode == 0, second.stderr
            assert second.stderr == ""
            assert took < 2.5, f"the second hipcoach took {took:.1f} s to hand over"
            imported = data_dir / "routines" / "physio.toml"
            _wait_for(imported.exists, first, "the open window never imported the file")
            assert imported.read_text(encoding="utf-8") == ROUTINE
        finally:
            first.send_signal(signal.SIGTERM)
            _, err = first.communicate(timeout=30)
    assert first.returncode == 130, err[-2000:]  # the pipe held nothing up, to the end
    assert "Traceback" not in err


def test_a_socket_left_by_a_window_that_died_is_taken_over(data_dir: Path) -> None:
    from hipcoach.adapters.desktop.instance import socket_path

    where = socket_path(data_dir)
    assert where is not None
    with _gui() as dead:
        _wait_for(where.exists, dead, "the first window never listened")
        dead.kill()  # no chance to clean up: its socket stays behind
        dead.communicate(timeout=30)
    assert where.exists()
    with _gui("--routine", "post-run-stretch") as second:
        try:
            _wait_for(
                lambda: _sessions(data_dir, live=True) != [],
                second,
                "the new window never started the routine",
            )
        finally:
            second.send_signal(signal.SIGTERM)
            second.communicate(timeout=30)
    assert second.returncode == 130


FIRST_PAINT = """
import sys
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton

app = QApplication(sys.argv[:1])
HEAVY = (
    "sqlalchemy",
    "alembic",
    "pyttsx3",
    "PySide6.QtCharts",
    "PySide6.QtMultimedia",
    "PySide6.QtNetwork",
    "_hashlib",  # OpenSSL: 3.5 MiB
)
# Hipcoach's own, loaded when first needed: the whole core (the window's first frame is its
# bar and a quiet line, built from Qt and the theme), the backend and the history (opened on
# the worker), the library page, the other pages, the routine files' actions, the coach's
# rules (Today's read), the log file's handler.
LATER = (
    "hipcoach.core.model",
    "hipcoach.core.plan",
    "hipcoach.core.cues",
    "hipcoach.core.engine",
    "hipcoach.core.records",
    "hipcoach.core.library",
    "hipcoach.application.backend",
    "hipcoach.application.session",
    "hipcoach.adapters.history.store",
    "hipcoach.ui.library.page",
    "sqlite3",
    "tomllib",
    "hipcoach.ui.history.page",
    "hipcoach.ui.settings.page",
    "hipcoach.ui.editor.page",
    "hipcoach.ui.player.page",
    "hipcoach.ui.before.page",
    "hipcoach.ui.library.files",
    "hipcoach.application.editing",
    "hipcoach.application.red_flags",
    "hipcoach.core.coaching",
    "hipcoach.core.week_plan",
    "tomlkit",
    "logging.handlers",
)


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            watched.removeEventFilter(self)
            # PySide makes all of Qt's namespace (93 enums, ~15 ms) the first time one is used.
            print("Qt namespace made" if "Qt" in vars(QtCore) else "no Qt namespace", flush=True)
            print(sorted(m for m in HEAVY if m in sys.modules), flush=True)
            print(sorted(m for m in LATER if m in sys.modules), flush=True)
            texts = [
                w.text()
                for kind in (QPushButton, QLabel)
                for w in watched.findChildren(kind)
                if w.isVisibleTo(watched) and w.text()
            ]
            print(texts, flush=True)
            QTimer.singleShot(0, watched.close)
        return False


painted = FirstPaint()
show = QMainWindow.show


def show_watched(window):  # on the window alone: a filter on the app sees Qt's own objects
    window.installEventFilter(painted)
    show(window)


QMainWindow.show = show_watched
from hipcoach.cli.main import main

sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
"""


def test_the_window_is_painted_before_the_history_speech_charts_or_sound_load(
    data_dir: Path,
) -> None:
    """bench/startup.py times the first paint and its memory: Qt's namespace, hipcoach's
    core, SQLAlchemy, Alembic, pyttsx3, QtCharts and QtMultimedia load after it (the worker's reads, a session, the History
    page), and neither QtNetwork nor OpenSSL is needed for it; nor are the pages other than
    the library, nor the modules that only the routines' contents and actions need."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PULSE_SERVER": "/nonexistent"}
    subprocess.run(  # the history made and migrated: that may load them
        [sys.executable, "-m", "hipcoach", "--data-dir", str(data_dir), "history"],
        env=env,
        capture_output=True,
        timeout=60,
        check=True,
    )
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[:3] == ["no Qt namespace", "[]", "[]"]
    # What that first frame shows: the bar, and the library's place saying it is being read.
    assert done.stdout.splitlines()[3] == str(
        ["Routines", "History", "Settings", "hipcoach", "Reading your routines\u2026"]
    )
