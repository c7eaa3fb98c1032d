"""The window's side of one-window-per-user: a Unix socket on the path ``instance`` names.

A socket left behind by a window that died (SIGKILL, power loss) is taken over: nothing
answers on it, so it is removed and listened on afresh. The socket lives in a folder only
the user may enter, so no socket options are set.

Python's own socket, watched by a QSocketNotifier on the GUI thread, rather than QtNetwork's
QLocalServer: QtNetwork alone is 6 MiB and 10 ms before the window's first paint
(bench/startup.py), for a one-line request.
"""

from __future__ import annotations

import contextlib
import errno
import socket
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier

from hipcoach.adapters.desktop.instance import MAX_REQUEST_BYTES, Request, window_answers

ANSWER_TIMEOUT_S = 1.0  # a second hipcoach that stops reading costs the window this, once
BACKLOG = 8


class Listening(Enum):
    YES = "yes"  # this process is the window others hand their requests to
    TAKEN = "taken"  # another window listens: hand the request to it
    UNAVAILABLE = "unavailable"  # no private place for a socket: run alone


class _Connection:
    """One second hipcoach, its request read as it comes, on the GUI thread."""

    def __init__(self, sock: socket.socket, server: InstanceServer) -> None:
        self.sock = sock
        self.server = server
        self.data = b""
        sock.setblocking(False)
        self.notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, server)
        self.notifier.activated.connect(self._read)

    def _read(self) -> None:
        try:
            chunk = self.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self.close()
            return
        self.data += chunk
        if b"\n" not in self.data:
            if len(self.data) > MAX_REQUEST_BYTES:
                self._answer({"ok": False, "error": "request too long"})
            return
        line = self.data.split(b"\n", 1)[0]
        try:
            request = Request.from_line(line)
        except ValueError as error:
            self._answer({"ok": False, "error": str(error)})
            return
        self._answer({"ok": True})
        self.server.on_request(request)

    def _answer(self, answer: dict[str, object]) -> None:
        import json  # loaded with the first request, after the first paint

        self.notifier.setEnabled(False)
        with contextlib.suppress(OSError):
            self.sock.settimeout(ANSWER_TIMEOUT_S)
            self.sock.sendall((json.dumps(answer) + "\n").encode())
        self.close()

    def close(self) -> None:
        self.notifier.setEnabled(False)
        self.notifier.deleteLater()
        self.sock.close()
        self.server.connections.discard(self)


class InstanceServer(QObject):
    """Answers each request with one JSON line, after handing it to ``on_request``."""

    def __init__(
        self, path: Path, on_request: Callable[[Request], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.on_request = on_request
        self.connections: set[_Connection] = set()
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None

    def listen(self) -> Listening:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                sock.bind(str(self.path))
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
                if window_answers(self.path):
                    sock.close()
                    return Listening.TAKEN
                self.path.unlink()  # left by a window that died
                sock.bind(str(self.path))
            sock.listen(BACKLOG)
        except OSError:
            sock.close()
            return Listening.UNAVAILABLE
        sock.setblocking(False)
        self._sock = sock
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return Listening.YES

    def close(self) -> None:
        """Stop listening and remove the socket file."""
        for connection in list(self.connections):
            connection.close()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                sock, _address = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            self.connections.add(_Connection(sock, self))
