"""One window per user and data folder: the request reaches the window, a dead socket is
taken over, and a socket is never put where others could reach it."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hipcoach.adapters.desktop.instance import (
    InstanceError,
    Request,
    hand_over,
    runtime_folder,
    socket_path,
)
from hipcoach.adapters.desktop.instance_server import InstanceServer, Listening


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _in_thread(path: Path, request: Request) -> list[object]:
    """Hand over from another thread, as the second process would, while Qt's loop runs."""
    result: list[object] = []

    def go() -> None:
        try:
            result.append(hand_over(path, request))
        except InstanceError as error:
            result.append(error)

    threading.Thread(target=go, daemon=True).start()
    return result


def test_a_request_reaches_the_window_and_is_answered(qtbot: QtBot, runtime: Path) -> None:
    path = socket_path(runtime / "data")
    assert path is not None and path.parent == runtime / "hipcoach"
    asked: list[Request] = []
    server = InstanceServer(path, asked.append)
    assert server.listen() is Listening.YES
    try:
        sent = Request("/home/ana/hips.toml", "token-1", ("/home/ana/new\nline.toml",))
        result = _in_thread(path, sent)
        qtbot.waitUntil(lambda: result != [], timeout=5000)
        assert result == [True]
        assert asked == [sent]
        # A second server on the same socket finds this one alive and does not take over.
        rival = InstanceServer(path, asked.append)
        assert rival.listen() is Listening.TAKEN
    finally:
        server.close()
    assert not path.exists()


def test_no_window_no_hand_over_and_a_dead_socket_is_taken_over(
    qtbot: QtBot, runtime: Path
) -> None:
    path = socket_path(runtime / "data")
    assert path is not None
    assert hand_over(path, Request()) is False  # nothing there yet
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(path))  # bound but never listened on: a window that died
    left.close()
    assert path.exists()
    assert hand_over(path, Request()) is False
    server = InstanceServer(path, lambda _r: None)
    assert server.listen() is Listening.YES
    server.close()


def test_a_window_that_refuses_says_so(qtbot: QtBot, runtime: Path) -> None:
    path = runtime / "odd.socket"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def refuse() -> None:
        connection, _ = listener.accept()
        connection.recv(1024)
        connection.sendall(b'{"ok": false}\n')
        connection.close()

    threading.Thread(target=refuse, daemon=True).start()
    with pytest.raises(InstanceError, match="refused"):
        hand_over(path, Request("hip-strength"))
    listener.close()


def test_a_window_that_never_answers_costs_the_second_hipcoach_a_moment_only(
    runtime: Path,
) -> None:
    path = runtime / "busy.socket"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)  # accepted by the kernel, never read: a frozen window
    with pytest.raises(InstanceError, match="did not answer"):
        hand_over(path, Request("hip-strength"), timeout=0.2)
    listener.close()


def test_a_runtime_folder_others_can_enter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    folder = runtime_folder()
    assert folder == tmp_path / "tmp" / f"hipcoach-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_request_line_from_anything_else_is_refused() -> None:
    assert Request.from_line(Request("x", None).to_line()) == Request("x", None)
    odd = Request(None, None, ("/tmp/a b.toml", "/tmp/\udcff.toml"))  # a name not UTF-8
    assert Request.from_line(odd.to_line()) == odd
    # A request from a hipcoach before files still reads: it imports nothing.
    assert Request.from_line(b'{"hipcoach": 1, "routine": "x"}') == Request("x")
    for line in (
        b"[]",
        b'{"routine": "x"}',
        b'{"hipcoach": 1, "routine": 3}',
        b'{"hipcoach": 1, "files": "/tmp/a.toml"}',
        b'{"hipcoach": 1, "files": [1]}',
        b"\xff",
    ):
        with pytest.raises(ValueError):
            Request.from_line(line)
