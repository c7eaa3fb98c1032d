"""The composition root: the one place that builds the sessions, players and windows."""

from __future__ import annotations

import sys
from pathlib import Path

from hipcoach.core.cues import CueOptions, make_script
from hipcoach.core.engine import SessionEngine
from hipcoach.core.model import Routine
from hipcoach.core.plan import make_plan
from hipcoach.cue_player import CuePlayer, SilentPlayer


def make_player(data_dir: Path, voice: bool, sounds: bool) -> CuePlayer:
    if not voice and not sounds:
        return SilentPlayer("")
    return SilentPlayer("speech and sound output are not part of this build yet")


def run_terminal(
    data_dir: Path, routine: Routine, speed: float = 1.0, voice: bool = True, sounds: bool = True
) -> int:
    """``hipcoach run``: one session on a QCoreApplication, no window."""
    from hipcoach.driver import SessionDriver
    from hipcoach.history.log import HistoryLog
    from hipcoach.history.repository import HistoryError
    from hipcoach.history.store import open_history
    from hipcoach.run import run_session

    try:
        store = open_history(data_dir)  # checks, backs up, migrates, marks dead sessions
    except HistoryError as error:
        print(f"hipcoach: {error}", file=sys.stderr)
        return 1
    plan = make_plan(routine)
    script = make_script(plan, CueOptions())
    player = make_player(data_dir, voice, sounds)
    reason = player.silent_reason()
    if reason:
        print(f"hipcoach: no voice or sound: {reason}; follow the screen", file=sys.stderr)
    log = HistoryLog(store, speed=speed, on_problem=_warn)
    try:
        player.prepare(script.phrases(), sounds)
        driver = SessionDriver(SessionEngine(plan, script, speed=speed), player)
        session_id = log.begin(routine, plan)
        driver.add_listener(lambda event: log.record(session_id, event))
        return run_session(driver, plan)
    finally:
        log.close()
        store.close()
        player.close()


def _warn(message: str) -> None:
    print(f"hipcoach: {message}", file=sys.stderr)


def run_gui(data_dir: Path, routine: str | None = None, speed: float = 1.0) -> int:
    from PySide6.QtWidgets import QApplication

    from hipcoach.ui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("hipcoach")
    app.setApplicationDisplayName("hipcoach")
    window = MainWindow()
    window.show()
    return app.exec()
