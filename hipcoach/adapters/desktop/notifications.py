"""Desktop notifications: the freedesktop ``org.freedesktop.Notifications`` service on the
session bus, spoken to with jeepney.

Notify's signature is ``susssasa{sv}i`` and its ``replaces_id`` must travel as a uint32:
GNOME, dunst and Plasma refuse the call otherwise. PySide6's QtDBus sends a Python 0 as an
int32, so this side is jeepney, which sends exactly the types written here. It blocks: it
serves ``hipcoach remind``, a command with nothing else to do, never the window.
"""

from __future__ import annotations

import contextlib
import html
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from jeepney import DBusAddress, HeaderFields, MatchRule, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
CALL_TIMEOUT_S = 10.0
CLOSED_BY_CALL = 3  # NotificationClosed reason: closed by CloseNotification


class NoNotificationServiceError(Exception):
    """No session bus, or nothing on it shows notifications: one line for the user."""


@dataclass(frozen=True, slots=True)
class Notification:
    summary: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()  # (key, label); "default" is a click on it
    app_name: str = "hipcoach"
    app_icon: str = "hipcoach"
    desktop_entry: str = "hipcoach"  # the launcher it belongs to (hipcoach.desktop)
    expire_ms: int = -1  # the server's own default


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a notification ended: an action chosen (its key), or none (dismissed, expired,
    or no answer in time), and the activation token the server gave with the action."""

    action: str | None = None
    activation_token: str | None = None
    closed: bool = False


def session_bus_address() -> str | None:
    """``$DBUS_SESSION_BUS_ADDRESS``, else the user's bus socket in the runtime folder, as
    systemd's user session puts it."""
    given = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if given:
        return given
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        bus = Path(runtime) / "bus"
        try:
            if stat.S_ISSOCK(bus.stat().st_mode):
                return f"unix:path={bus}"
        except OSError:
            pass
    return None


class NotificationService:
    """One connection to the session bus, for one notification and its answer."""

    def __init__(self, address: str | None = None) -> None:
        address = address or session_bus_address()
        if not address:
            raise NoNotificationServiceError(
                "no session bus to send a notification on (DBUS_SESSION_BUS_ADDRESS is not "
                "set): hipcoach remind needs a desktop session"
            )
        try:
            self.connection: DBusConnection = open_dbus_connection(bus=address)
        except (OSError, RuntimeError, ValueError) as error:
            raise NoNotificationServiceError(
                f"cannot reach the session bus at {address}: {error}"
            ) from None
        self.service = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        self._watched = False

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> NotificationService:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _call(
        self, method: str, signature: str | None = None, body: tuple[object, ...] = ()
    ) -> tuple[object, ...]:
        message = new_method_call(self.service, method, signature, body)
        try:
            reply = self.connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
            return tuple(unwrap_msg(reply))
        except DBusErrorResponse as error:
            if error.name in (
                "org.freedesktop.DBus.Error.ServiceUnknown",
                "org.freedesktop.DBus.Error.NameHasNoOwner",
            ):
                raise NoNotificationServiceError(
                    "no notification service answers on the session bus: "
                    "hipcoach remind needs a desktop that shows notifications"
                ) from None
            raise NoNotificationServiceError(
                f"the notification service refused {method}: {error.name} {error.data}"
            ) from None
        except (TimeoutError, OSError) as error:
            raise NoNotificationServiceError(
                f"the notification service did not answer {method}: {error or 'timed out'}"
            ) from None

    def _watch(self) -> None:
        """Ask the bus for the service's signals before the notification exists, so an
        action chosen at once is not missed."""
        if self._watched:
            return
        rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
        unwrap_msg(
            self.connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT_S)
        )
        self._watched = True

    def send(self, notification: Notification) -> int:
        """Show it; returns the id the server gave it."""
        self._watch()
        body = notification.body
        (capabilities,) = self._call("GetCapabilities")
        if isinstance(capabilities, list) and "body-markup" in capabilities:
            body = html.escape(body, quote=False)  # routine names are text, never markup
        actions: list[str] = []
        for key, label in notification.actions:
            actions += [key, label]
        hints = {
            "desktop-entry": ("s", notification.desktop_entry),
            "category": ("s", "reminder"),
            "urgency": ("y", 1),
        }
        (notification_id,) = self._call(
            "Notify",
            NOTIFY_SIGNATURE,
            (
                notification.app_name,
                0,  # replaces_id: a uint32 by the signature above
                notification.app_icon,
                notification.summary,
                body,
                actions,
                hints,
                notification.expire_ms,
            ),
        )
        assert isinstance(notification_id, int)
        return notification_id

    def withdraw(self, notification_id: int) -> None:
        """Take it off the screen: nobody will be there to act on its buttons."""
        with contextlib.suppress(NoNotificationServiceError):
            self._call("CloseNotification", "u", (notification_id,))

    def wait(self, notification_id: int, timeout: float) -> Outcome:
        """The action chosen on it, or its closing, or nothing within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        token: str | None = None
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.connection.receive(timeout=left)
            except TimeoutError:
                break
            header = message.header
            if header.message_type is not MessageType.signal:
                continue
            if header.fields.get(HeaderFields.interface) != SERVICE:
                continue
            member = header.fields.get(HeaderFields.member)
            body = message.body
            if not body or body[0] != notification_id:
                continue
            if member == "ActivationToken" and len(body) > 1:
                token = str(body[1])
            elif member == "ActionInvoked" and len(body) > 1:
                return Outcome(action=str(body[1]), activation_token=token)
            elif member == "NotificationClosed":
                return Outcome(closed=True, activation_token=token)
        return Outcome()
