"""The screen saver is held off for exactly as long as a session runs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
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
    saver = ScreenSaver(address="unix:path=/nonexistent/hipcoach-bus")
    saver.hold("A session")
    assert saver.wait(5)
    assert saver.cookie is None
    saver.release()
    assert saver.wait(5)


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
    (tmp_path / "service.pid").write_text(str(service.pid), encoding="utf-8")
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
    saver = ScreenSaver(address=address)
    saver.hold("A hipcoach session is running")
    qtbot.waitUntil(lambda: saver.cookie == 4242, timeout=5000)
    saver.release()
    saver.release()  # twice is harmless
    qtbot.waitUntil(lambda: "UnInhibit" in log.read_text(), timeout=5000)
    assert saver.cookie is None
    assert log.read_text().splitlines() == [
        "ready",
        "Inhibit hipcoach | A hipcoach session is running",
        "UnInhibit 4242",
    ]
    saver.close()


def test_a_service_slow_to_answer_never_holds_up_the_window(
    qtbot: QtBot, private_bus: tuple[str, Path]
) -> None:
    """Start and the end of a session call the service: one that does not answer at once
    (stopped here with SIGSTOP) costs the window nothing, and a release asked for before the
    cookie came lets the screen saver go once it comes."""
    address, log = private_bus
    qtbot.waitUntil(lambda: log.exists() and "ready" in log.read_text(), timeout=10000)
    pid = int(log.with_name("service.pid").read_text(encoding="utf-8"))
    saver = ScreenSaver(address=address)
    os.kill(pid, signal.SIGSTOP)
    try:
        began = time.monotonic()
        saver.hold("A hipcoach session is running")
        saver.release()
        took = time.monotonic() - began
    finally:
        os.kill(pid, signal.SIGCONT)  # within the call's 1 s timeout: it answers in time
    assert took < 0.2, f"hold and release took {took:.2f} s"
    qtbot.waitUntil(lambda: "UnInhibit" in log.read_text(), timeout=5000)
    assert log.read_text().splitlines()[1:] == [
        "Inhibit hipcoach | A hipcoach session is running",
        "UnInhibit 4242",
    ]
    saver.close()
