"""The window's side of one-window-per-user: a QLocalServer on the socket ``instance`` names.

A socket left behind by a window that died (SIGKILL, power loss) is taken over: nothing
answers on it, so it is removed and listened on afresh. The socket lives in a folder only
the user may enter, so no socket options are set (Qt's access options create the socket
elsewhere and rename it into place, which would replace a live window's socket).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from hipcoach.adapters.desktop.instance import MAX_REQUEST_BYTES, Request, window_answers


class Listening(Enum):
    YES = "yes"  # this process is the window others hand their requests to
    TAKEN = "taken"  # another window listens: hand the request to it
    UNAVAILABLE = "unavailable"  # no private place for a socket: run alone


class InstanceServer(QObject):
    """Answers each request with one JSON line, after handing it to ``on_request``."""

    def __init__(
        self, path: Path, on_request: Callable[[Request], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.on_request = on_request
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._connected)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> Listening:
        if self.server.listen(str(self.path)):
            return Listening.YES
        if self.server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return Listening.UNAVAILABLE
        if window_answers(self.path):
            return Listening.TAKEN
        QLocalServer.removeServer(str(self.path))  # left by a window that died
        return Listening.YES if self.server.listen(str(self.path)) else Listening.UNAVAILABLE

    def close(self) -> None:
        """Stop listening; Qt removes the socket file."""
        self.server.close()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            self._buffers[connection] = b""
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(lambda c=connection: self._gone(c))

    def _read(self, connection: QLocalSocket) -> None:
        data = self._buffers.get(connection, b"") + bytes(connection.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_REQUEST_BYTES:
                self._answer(connection, {"ok": False, "error": "request too long"})
            else:
                self._buffers[connection] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            request = Request.from_line(line)
        except ValueError as error:
            self._answer(connection, {"ok": False, "error": str(error)})
            return
        self._answer(connection, {"ok": True})
        self.on_request(request)

    def _answer(self, connection: QLocalSocket, answer: dict[str, object]) -> None:
        self._buffers.pop(connection, None)
        connection.write((json.dumps(answer) + "\n").encode())
        connection.flush()
        connection.disconnectFromServer()

    def _gone(self, connection: QLocalSocket) -> None:
        self._buffers.pop(connection, None)
        connection.deleteLater()
