"""The desktop's light or dark preference, from the freedesktop settings portal.

A dark desktop reaches Qt through its platform theme plugin, which is often not installed;
the portal (``org.freedesktop.portal.Settings``, key ``org.freedesktop.appearance``
``color-scheme``: 0 no preference, 1 dark, 2 light) says it on any desktop that has
xdg-desktop-portal. Read asynchronously (the call may start the portal: never on the GUI
thread's time), then followed through its SettingChanged signal, whose receiver is this
QObject's slot, kept alive as long as this object is. No bus, no portal: no preference.
"""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Qt, Signal, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCall,
    QDBusPendingCallWatcher,
    QDBusVariant,
)

SERVICE = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
INTERFACE = "org.freedesktop.portal.Settings"
NAMESPACE = "org.freedesktop.appearance"
KEY = "color-scheme"
CALL_TIMEOUT_MS = 5000
_SCHEMES = {1: Qt.ColorScheme.Dark, 2: Qt.ColorScheme.Light}


def _unwrap(value: object) -> object:
    """Read's reply is a variant holding a variant (ReadOne's, one): the value inside."""
    while isinstance(value, QDBusVariant):
        value = value.variant()
    return value


def scheme_of(value: object) -> Qt.ColorScheme:
    value = _unwrap(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _SCHEMES.get(value, Qt.ColorScheme.Unknown)
    return Qt.ColorScheme.Unknown


class PortalColorScheme(QObject):
    """``scheme`` is what the desktop prefers (Unknown until known); ``changed`` when it
    moves."""

    changed = Signal()

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self.scheme = Qt.ColorScheme.Unknown
        self._watcher: QDBusPendingCallWatcher | None = None

    @property
    def bus(self) -> QDBusConnection:
        return self._bus if self._bus is not None else QDBusConnection.sessionBus()

    def start(self) -> None:
        """Ask once, and listen for changes; returns at once."""
        bus = self.bus
        if not bus.isConnected():
            return
        # The stubs say bytes for the slot; PySide6 6.11 takes only the str SLOT() gives.
        bus.connect(  # type: ignore[call-overload]
            SERVICE,
            PATH,
            INTERFACE,
            "SettingChanged",
            self,
            SLOT("_setting_changed(QString,QString,QDBusVariant)"),
        )
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Read")
        message.setArguments([NAMESPACE, KEY])
        self._watcher = QDBusPendingCallWatcher(bus.asyncCall(message, CALL_TIMEOUT_MS), self)
        self._watcher.finished.connect(self._answered)

    def _answered(self, watcher: QDBusPendingCall) -> None:
        assert isinstance(watcher, QDBusPendingCallWatcher)
        reply = watcher.reply()
        watcher.deleteLater()
        self._watcher = None
        if watcher.isError() or reply.type() != QDBusMessage.MessageType.ReplyMessage:
            return  # no portal, or one without the key: no preference
        values = list(reply.arguments())
        if values:
            self._set(scheme_of(values[0]))

    @Slot(str, str, QDBusVariant)
    def _setting_changed(self, namespace: str, key: str, value: QDBusVariant) -> None:
        if namespace == NAMESPACE and key == KEY:
            self._set(scheme_of(value))

    def _set(self, scheme: Qt.ColorScheme) -> None:
        if scheme != self.scheme:
            self.scheme = scheme
            self.changed.emit()
