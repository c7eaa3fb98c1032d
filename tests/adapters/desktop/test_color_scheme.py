"""The desktop's light or dark, read from the settings portal and followed as it changes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from hipcoach.adapters.desktop.color_scheme import PortalColorScheme

FAKE = Path(__file__).resolve().parents[2] / "fakes" / "portal.py"


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[QDBusConnection]:
    """dbus-run-session with the fake portal (dark, then light) on it; a connection to it."""
    runner = shutil.which("dbus-run-session")
    assert runner, "dbus-run-session is missing: run make (scripts/system-deps.sh: dbus-daemon)"
    config = tmp_path / "bus.conf"
    config.write_text(
        "<busconfig><type>session</type>"
        f"<listen>unix:dir={tmp_path}</listen>"
        "<policy context='default'><allow send_destination='*'/><allow receive_sender='*'/>"
        "<allow own='*'/></policy></busconfig>"
    )
    record = tmp_path / "portal.jsonl"
    process = subprocess.Popen(
        [runner, f"--config-file={config}", "--", sys.executable, str(FAKE), str(record), "1",
         "--then", "2"],
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not record.exists() or not record.read_text():
        assert process.poll() is None and time.monotonic() < deadline, "no fake portal"
        time.sleep(0.05)
    address = json.loads(record.read_text().splitlines()[0])["ready"]
    connection = QDBusConnection.connectToBus(address, "hipcoach-portal-test")
    try:
        yield connection
    finally:
        QDBusConnection.disconnectFromBus("hipcoach-portal-test")
        process.terminate()
        process.wait(timeout=20)


def test_the_portals_dark_is_read_without_waiting_and_its_change_to_light_followed(
    qtbot: QtBot, portal: QDBusConnection
) -> None:
    scheme = PortalColorScheme(bus=portal)
    started = time.monotonic()
    with qtbot.wait_signal(scheme.changed, timeout=5000):
        scheme.start()
        assert time.monotonic() - started < 0.2  # asked, not waited for
        assert scheme.scheme == Qt.ColorScheme.Unknown
    assert scheme.scheme == Qt.ColorScheme.Dark
    with qtbot.wait_signal(scheme.changed, timeout=5000):
        pass
    assert scheme.scheme == Qt.ColorScheme.Light


def test_no_bus_no_preference() -> None:
    missing = QDBusConnection.connectToBus("unix:path=/nonexistent/hipcoach-bus", "hipcoach-nobus")
    try:
        scheme = PortalColorScheme(bus=missing)
        scheme.start()
        assert scheme.scheme == Qt.ColorScheme.Unknown
    finally:
        QDBusConnection.disconnectFromBus("hipcoach-nobus")
