"""A how-to read in a phase of its own: large on screen, heard whole, skipped with Right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hipcoach.core.engine import State
from hipcoach.core.plan import PhaseKind
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.ui.helpers import press

HOW = "Lie on your back, knees bent, and let one knee fall slowly out to the side."
READ = f"""\
format = 1
name = "Read first"
[[exercise]]
name = "Knee fall-out"
how = "{HOW}"
hold = 20
"""


def test_a_first_session_reads_the_how_to_large_before_the_exercise_and_skip_ends_it(
    qtbot: QtBot,
    window: MainWindow,
    user_routines: Path,
    data_dir: Path,
    players: list[RecordingPlayer],
) -> None:
    (user_routines / "read-first.toml").write_text(READ, encoding="utf-8")
    (data_dir / "settings.ini").unlink()  # the defaults: read the first three times
    window.reload_library()
    window.start_routine("read-first")
    assert window.session is not None
    engine = window.session.driver.engine
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: engine.state is State.PAUSED, timeout=2000)
    player = window.player
    assert engine.phase.kind is PhaseKind.EXPLAIN
    assert HOW in players[-1].prepared
    assert player.how.text() == HOW
    # Larger than in any other phase: the how-to is what there is to read now.
    explaining = player.how.font().pixelSize(), player.how.height()
    press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: engine.phase.kind is PhaseKind.PREPARE, timeout=2000)
    assert player.how.text() == HOW
    assert explaining[0] > player.how.font().pixelSize()
    assert explaining[1] > player.how.height()
