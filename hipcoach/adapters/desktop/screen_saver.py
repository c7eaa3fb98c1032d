"""Hold off the screen saver while a session runs: a runner on the mat touches nothing.

This is the freedesktop ``org.freedesktop.ScreenSaver`` Inhibit / UnInhibit pair on the
session bus. Where there is no bus or no such service, nothing happens, silently: the
session matters more than the screen.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Q_ARG, QMetaObject, Qt
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusInterface, QDBusMessage

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
CALL_TIMEOUT_MS = 1000


class Inhibitor(Protocol):
    """What the window needs: hold the screen saver off, then let it go."""

    def hold(self, reason: str) -> None: ...

    def release(self) -> None: ...


class ScreenSaver:
    """One hold at a time; ``release`` is safe whether or not a hold was taken."""

    def __init__(self, bus: QDBusConnection | None = None, application: str = "hipcoach") -> None:
        self._bus = bus
        self.application = application
        self.cookie: int | None = None

    @property
    def bus(self) -> QDBusConnection:
        return self._bus if self._bus is not None else QDBusConnection.sessionBus()

    def hold(self, reason: str) -> None:
        bus = self.bus
        if self.cookie is not None or not bus.isConnected():
            return
        message = QDBusMessage.createMethodCall(SERVICE, PATH, SERVICE, "Inhibit")
        message.setArguments([self.application, reason])
        reply = bus.call(message, QDBus.CallMode.Block, CALL_TIMEOUT_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            return
        values = list(reply.arguments())
        if values and isinstance(values[0], int):
            self.cookie = values[0]

    def release(self) -> None:
        if self.cookie is None:
            return
        cookie, self.cookie = self.cookie, None
        bus = self.bus
        if not bus.isConnected():
            return
        # The cookie must travel as a D-Bus uint32; a Python int would go as int32 and match
        # no method. The interface, built from the service's own description, converts it.
        service = QDBusInterface(SERVICE, PATH, SERVICE, bus)
        if service.isValid():
            service.setTimeout(CALL_TIMEOUT_MS)
            QMetaObject.invokeMethod(
                service, "UnInhibit", Qt.ConnectionType.DirectConnection, Q_ARG("uint", cookie)
            )
