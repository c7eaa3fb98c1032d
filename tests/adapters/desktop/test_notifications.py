"""``hipcoach remind`` against a notification server on a private session bus: the call a
real server accepts (``susssasa{sv}i``, replaces_id a uint32), what it says, and what its
buttons do (docs/command-line.md, "hipcoach remind and hipcoach reminders")."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hipcoach.adapters.desktop.notifications import NOTIFY_SIGNATURE
from hipcoach.cli.desktop import run_remind

FAKE = Path(__file__).resolve().parents[2] / "fakes" / "notifications.py"


@dataclass(frozen=True)
class Due:
    routine_id: str
    name: str
    why: str


TWO_DUE = [
    Due("hip-strength", "Hip strength", "1 of 2 done this week: 1 more, 4 days left"),
    Due("post-run-stretch", "Post-run hip stretch", "after this morning's 8.2 km run"),
]


def _bus_config(folder: Path) -> Path:
    """A session bus that activates nothing: only what a test puts on it answers."""
    config = folder / "bus.conf"
    config.write_text(
        "<busconfig><type>session</type>"
        f"<listen>unix:dir={folder}</listen>"
        "<policy context='default'><allow send_destination='*'/><allow receive_sender='*'/>"
        "<allow own='*'/></policy></busconfig>",
        encoding="utf-8",
    )
    return config


def _records(record: Path) -> list[dict[str, object]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines()]


@dataclass
class Server:
    address: str
    record: Path

    def calls(self) -> list[dict[str, object]]:
        return [r for r in _records(self.record) if "call" in r or "refused" in r]


@pytest.fixture
def notification_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], Server]]:
    """``start(answer)``: dbus-run-session with the fake server on its bus, which the
    test's own process then uses as its session bus."""
    runner = shutil.which("dbus-run-session")
    assert runner, "dbus-run-session is missing: run make (scripts/system-deps.sh: dbus-daemon)"
    started: list[tuple[subprocess.Popen[bytes], int]] = []

    def start(answer: str) -> Server:
        record = tmp_path / f"calls-{answer}.jsonl"
        process = subprocess.Popen(
            [
                runner,
                f"--config-file={_bus_config(tmp_path)}",
                "--",
                sys.executable,
                str(FAKE),
                str(record),
                "--answer",
                answer,
            ],
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
        )
        deadline = time.monotonic() + 20
        while not (ready := [r for r in _records(record) if "ready" in r]):
            assert process.poll() is None, "the fake notification server did not start"
            assert time.monotonic() < deadline, "the fake notification server never got ready"
            time.sleep(0.05)
        pid = ready[0]["pid"]
        assert isinstance(pid, int)
        started.append((process, pid))
        address = str(ready[0]["ready"])
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        return Server(address, record)

    yield start
    for process, pid in started:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_one_notification_names_what_is_due_with_a_start_button(
    notification_server: Callable[[str], Server],
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = notification_server("close")
    assert run_remind(data_dir, lambda _d: TWO_DUE, wait_seconds=20) == 0
    (notify,) = server.calls()
    assert notify["call"] == "Notify"
    assert notify["signature"] == NOTIFY_SIGNATURE == "susssasa{sv}i"
    assert notify["replaces_id"] == 0
    assert notify["app_name"] == "hipcoach"
    assert notify["summary"] == "Hip strength and Post-run hip stretch are due today"
    assert notify["body"] == (
        "Hip strength: 1 of 2 done this week: 1 more, 4 days left\n"
        "Post-run hip stretch: after this morning's 8.2 km run\n"
        "Start begins Hip strength."
    )
    assert notify["actions"] == ["start", "Start", "default", "Open hipcoach"]
    hints = notify["hints"]
    assert isinstance(hints, dict) and hints["desktop-entry"] == "hipcoach"
    assert notify["hint_types"] == {"desktop-entry": "s", "category": "s", "urgency": "y"}
    out = capsys.readouterr().out
    assert "Reminder sent: Hip strength and Post-run hip stretch are due today" in out


def test_without_an_answer_in_time_the_notification_is_taken_away(
    notification_server: Callable[[str], Server], data_dir: Path
) -> None:
    server = notification_server("nothing")
    started = time.monotonic()
    assert run_remind(data_dir, lambda _d: TWO_DUE[:1], wait_seconds=0.5) == 0
    assert time.monotonic() - started < 5
    notify, close = server.calls()
    assert notify["summary"] == "Hip strength is due today"
    assert close == {"call": "CloseNotification", "id": notify["id"]}


def test_nothing_due_nothing_sent(
    notification_server: Callable[[str], Server],
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = notification_server("start")
    assert run_remind(data_dir, lambda _d: [], wait_seconds=5) == 0
    assert server.calls() == []
    assert capsys.readouterr().out == "Nothing is due today: no reminder sent.\n"


def test_a_bus_without_a_notification_service_is_one_line_and_exit_1(
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    daemon = shutil.which("dbus-daemon")
    assert daemon, "dbus-daemon is missing: run make"
    bus = subprocess.Popen(
        [daemon, f"--config-file={_bus_config(tmp_path)}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert bus.stdout is not None
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.stdout.readline().strip())
        assert run_remind(data_dir, lambda _d: TWO_DUE, wait_seconds=5) == 1
    finally:
        bus.terminate()
        bus.wait(timeout=10)
        assert bus.stdout is not None
        bus.stdout.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("hipcoach: no notification service answers on the session bus")


def test_no_session_bus_at_all_is_one_line_and_exit_1(
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket in it
    assert run_remind(data_dir, lambda _d: TWO_DUE, wait_seconds=5) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no session bus" in err


def _gui_processes(data_dir: Path) -> list[int]:
    """The pids of hipcoach windows on this data folder."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(data_dir.absolute()).encode() in argv and b"gui" in argv:
            found.append(int(entry.name))
    return found


def test_start_opens_the_window_on_the_first_routine_in_a_process_of_its_own(
    notification_server: Callable[[str], Server],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sqlite3
    from contextlib import closing

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("PULSE_SERVER", "/nonexistent")
    # A runner who turned "pain now" off: the session itself begins, seen in the history.
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.ini").write_text("[General]\nask_pain_before=false\n")
    server = notification_server("start")
    assert run_remind(data_dir, lambda _d: TWO_DUE, wait_seconds=20) == 0
    assert "Opening hipcoach on Hip strength" in capsys.readouterr().out
    assert [c["call"] for c in server.calls()] == ["Notify"]  # answered: nothing to take away
    pids: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not (pids := _gui_processes(data_dir)):
            assert time.monotonic() < deadline, "Start opened no window"
            time.sleep(0.05)
        (pid,) = pids
        # A session of its own: the end of `remind` (or of its service) is not its end.
        assert os.getsid(pid) == pid != os.getsid(0)
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert argv[-4:-1] == [b"gui", b"--routine", b"hip-strength"]
        assert Path(argv[0].decode()).is_absolute()
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert b"XDG_ACTIVATION_TOKEN=tok-1" in environ  # the server's token, passed on
        database = data_dir / "history.sqlite3"

        def started() -> list[str]:
            if not database.exists():
                return []
            with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
                try:
                    return [row[0] for row in db.execute("select routine_id from sessions")]
                except sqlite3.OperationalError:
                    return []

        while started() != ["hip-strength"]:
            assert time.monotonic() < deadline, "the window never started Hip strength"
            time.sleep(0.1)
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def test_the_fake_refuses_a_notify_whose_replaces_id_is_an_int32(
    notification_server: Callable[[str], Server],
) -> None:
    """What QtDBus sends for a Python 0, and what GNOME, dunst and Plasma refuse."""
    from jeepney import DBusAddress, MessageType, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    server = notification_server("nothing")
    service = DBusAddress(
        "/org/freedesktop/Notifications",
        bus_name="org.freedesktop.Notifications",
        interface="org.freedesktop.Notifications",
    )
    with open_dbus_connection(bus=server.address) as connection:
        call = new_method_call(
            service, "Notify", "sisssasa{sv}i", ("hipcoach", 0, "", "s", "b", [], {}, -1)
        )
        reply = connection.send_and_get_reply(call, timeout=10)
    assert reply.header.message_type is MessageType.error
    assert server.calls() == [{"refused": "Notify", "signature": "sisssasa{sv}i"}]
