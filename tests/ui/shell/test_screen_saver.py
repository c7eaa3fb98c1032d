"""The screen saver is held off for exactly as long as a session runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from hipcoach.adapters.desktop.screen_saver import ScreenSaver
from hipcoach.ui.common.confirm import ConfirmStop
from hipcoach.ui.shell.main_window import MainWindow
from tests.fakes.timer import ManualTime
from tests.ui.helpers import press, run_to_end

FAKES = Path(__file__).resolve().parents[2] / "fakes"


class RecordingScreenSaver:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def hold(self, reason: str) -> None:
        self.calls.append("hold")

    def release(self) -> None:
        self.calls.append("release")


def test_a_session_holds_the_screen_saver_off_until_it_ends(
    qtbot: QtBot, window: MainWindow, manual: ManualTime
) -> None:
    saver = RecordingScreenSaver()
    window.screen_saver = saver
    window.start_routine("quick")
    assert saver.calls == ["hold"]
    manual.advance(39.0)  # a second before the end: still held
    assert saver.calls == ["hold"]
    run_to_end(manual, window)
    assert saver.calls == ["hold", "release"]


def test_a_stopped_session_lets_the_screen_saver_go_at_once(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Released when the session stops, with the window still open: not only at exit."""
    monkeypatch.setattr(ConfirmStop, "ask", classmethod(lambda cls, parent=None: True))
    saver = RecordingScreenSaver()
    window.screen_saver = saver
    window.start_routine("quick")
    press(qtbot, window, Qt.Key.Key_Space)
    assert saver.calls == ["hold"]  # a pause holds it still: the runner is on the mat
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.after
    assert window.isVisible()
    assert saver.calls == ["hold", "release"]


def test_without_a_bus_nothing_happens_and_nothing_is_said() -> None:
    missing = QDBusConnection.connectToBus("unix:path=/nonexistent/hipcoach-bus", "hipcoach-none")
    saver = ScreenSaver(bus=missing)
    saver.hold("A session")
    assert saver.cookie is None
    saver.release()
    QDBusConnection.disconnectFromBus("hipcoach-none")


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A session bus of our own with the stand-in service on it: the real calls, checked."""
    daemon = shutil.which("dbus-daemon")
    # make installs dbus-daemon (scripts/system-deps.sh): its absence is a set-up failure.
    assert daemon is not None, (
        "dbus-daemon is not installed: run make (or apt-get install dbus-daemon)"
    )
    config = tmp_path / "bus.conf"
    config.write_text(
        "<busconfig><type>session</type>"
        f"<listen>unix:dir={tmp_path}</listen>"
        "<policy context='default'><allow send_destination='*'/><allow receive_sender='*'/>"
        "<allow own='*'/>"
        "</policy></busconfig>",
        encoding="utf-8",
    )
    bus = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    log = tmp_path / "calls.log"
    service = subprocess.Popen(
        [sys.executable, str(FAKES / "screen_saver.py"), str(log)],
        env={"DBUS_SESSION_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    try:
        yield address, log
    finally:
        service.terminate()
        service.wait(timeout=10)
        bus.terminate()
        bus.wait(timeout=10)
        bus.stdout.close()


def test_inhibit_and_uninhibit_reach_the_freedesktop_service(
    qtbot: QtBot, private_bus: tuple[str, Path]
) -> None:
    address, log = private_bus
    qtbot.waitUntil(lambda: log.exists() and "ready" in log.read_text(), timeout=10000)
    connection = QDBusConnection.connectToBus(address, "hipcoach-test")
    try:
        assert connection.isConnected()
        saver = ScreenSaver(bus=connection)
        saver.hold("A hipcoach session is running")
        assert saver.cookie == 4242
        saver.release()
        assert saver.cookie is None
        saver.release()  # twice is harmless
        qtbot.waitUntil(lambda: "UnInhibit" in log.read_text(), timeout=5000)
        assert log.read_text().splitlines() == [
            "ready",
            "Inhibit hipcoach | A hipcoach session is running",
            "UnInhibit 4242",
        ]
    finally:
        QDBusConnection.disconnectFromBus("hipcoach-test")
