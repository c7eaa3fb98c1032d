"""Fixtures for the window tests: a backend on a private data folder, a log that remembers.

The window is driven through its real widgets and keys; its sessions run on a fake clock
whose timers fire only when a test moves it (``manual.advance``), so every test sees the
same events at the same session instants, however loaded the machine, in no real time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import HistoryStore, open_history
from hipcoach.adapters.qt.driver import SessionDriver
from hipcoach.adapters.settings_file import SettingsFile
from hipcoach.application.backend import Backend
from hipcoach.core.cue_player import CuePlayer
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.player import RecordingPlayer
from tests.fakes.timer import ManualTime
from tests.ui.helpers import QUICK, FakeLog, show_window


@pytest.fixture(autouse=True)
def _how_tos_off(data_dir: Path) -> None:
    """Most window tests follow the file's own timeline, straight from Start: a runner who
    turned how-to reading and "pain now" off. The tests of each turn it back on."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.ini").write_text(
        "[General]\nhow_reading=never\nask_pain_before=false\n", encoding="utf-8"
    )


@pytest.fixture
def log() -> FakeLog:
    return FakeLog()


@pytest.fixture
def user_routines(data_dir: Path) -> Path:
    folder = data_dir / paths.USER_ROUTINES
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quick.toml").write_text(QUICK, encoding="utf-8")
    return folder


@pytest.fixture
def players() -> list[RecordingPlayer]:
    return []


@pytest.fixture
def make_player(players: list[RecordingPlayer]) -> Callable[[], CuePlayer]:
    def make() -> CuePlayer:
        player = RecordingPlayer()
        players.append(player)
        return player

    return make


@pytest.fixture
def manual() -> ManualTime:
    """The clock the window's sessions run on, and their timers: moved by the test alone."""
    return ManualTime()


@pytest.fixture
def backend(
    data_dir: Path,
    user_routines: Path,
    log: FakeLog,
    make_player: Callable[[], CuePlayer],
    manual: ManualTime,
) -> Backend:
    return Backend(
        data_dir,
        settings=SettingsFile(data_dir),
        make_driver=lambda engine, player, clock: SessionDriver(
            engine, player, clock, timers=manual
        ),
        make_player=make_player,
        log=log,
        clock=manual.clock,
    )


@pytest.fixture
def store(data_dir: Path) -> Iterator[HistoryStore]:
    """The real history database in the test's data folder."""
    with open_history(paths.prepare_data_dir(data_dir)) as opened:
        yield opened


@pytest.fixture
def window(qtbot: QtBot, backend: Backend) -> Iterator[MainWindow]:
    shown = show_window(qtbot, backend)
    yield shown
    if shown.session is not None and shown.player.running():
        shown.session.driver.stop()
    shown.wait_for_tasks()


@pytest.fixture
def restore_palette() -> Iterator[None]:
    saved = QGuiApplication.palette()
    yield
    QApplication.setPalette(saved)
