"""Hold off the screen saver while a session runs: a runner on the mat touches nothing.

This is the freedesktop ``org.freedesktop.ScreenSaver`` Inhibit / UnInhibit pair on the
session bus. Where there is no bus or no such service, nothing happens, silently: the
session matters more than the screen.

The calls never wait on the caller's thread (the GUI's): a service that is slow or hung
would otherwise hold up Start and the end of a session for the call's timeout. They are
made in order on a thread of their own, through jeepney (pure Python): its socket waits
let go of the interpreter lock, where a blocking QtDBus call keeps it, and it sends
UnInhibit's cookie as the D-Bus uint32 the method takes (PySide6 sends a Python int as
int32, which matches no method). The connection stays open while the hold lasts: services
drop the holds of a connection that closes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
CALL_TIMEOUT = 1.0  # s
CONNECT_TIMEOUT = 1.0  # s

logger = logging.getLogger(__name__)


class Inhibitor(Protocol):
    """What the window needs: hold the screen saver off, then let it go. Neither waits."""

    def hold(self, reason: str) -> None: ...

    def release(self) -> None: ...


class ScreenSaver:
    """One hold at a time; ``release`` is safe whether or not a hold was taken, or is still
    on its way (it is let go once its cookie comes).

    ``address`` is the bus's (default: the session bus, ``$DBUS_SESSION_BUS_ADDRESS``).
    """

    def __init__(self, address: str | None = None, application: str = "hipcoach") -> None:
        self.address = address
        self.application = application
        self.cookie: int | None = None  # written on the calls' thread only
        self._held = False  # a hold asked for and not released (the caller's view)
        self._lock = threading.Lock()
        self._calls: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._connection: DBusConnection | None = None

    def hold(self, reason: str) -> None:
        with self._lock:
            if self._held:
                return
            self._held = True
        self._submit(lambda: self._inhibit(reason))

    def release(self) -> None:
        with self._lock:
            if not self._held:
                return
            self._held = False
        self._submit(self._uninhibit)

    def wait(self, timeout: float | None = None) -> bool:
        """Until the calls asked for so far are done (tests; at exit): False on timeout."""
        done = threading.Event()
        self._submit(done.set)
        return done.wait(timeout)

    def close(self) -> None:
        """Let go (if held) and hang up, once the calls asked for are done."""
        self.release()
        self._submit(self._hang_up)

    def _submit(self, call: Callable[[], None]) -> None:
        with self._lock:
            if self._thread is None:
                # A daemon: at exit the bus connection closes, and the service drops its holds.
                self._thread = threading.Thread(target=self._run, name="hipcoach-dbus", daemon=True)
                self._thread.start()
        self._calls.put(call)

    def _run(self) -> None:
        while True:
            call = self._calls.get()
            try:
                call()
            except Exception:  # a bug: logged, and the calls after it still go
                logger.exception("a screen-saver call failed")

    # -- the calls' thread ------------------------------------------------------------------

    def _bus(self) -> DBusConnection | None:
        if self._connection is None:
            from jeepney.io.blocking import open_dbus_connection

            address = self.address or os.environ.get("DBUS_SESSION_BUS_ADDRESS")
            if not address:
                return None
            try:
                self._connection = open_dbus_connection(address, auth_timeout=CONNECT_TIMEOUT)
            except (OSError, ValueError, KeyError, RuntimeError, TimeoutError):
                return None
        return self._connection

    def _call(self, method: str, signature: str, body: tuple[object, ...]) -> tuple[object, ...]:
        """The reply's values, or () when there is none (no bus, no service, an error)."""
        from jeepney import DBusAddress, MessageType, new_method_call

        bus = self._bus()
        if bus is None:
            return ()
        call = new_method_call(DBusAddress(PATH, SERVICE, SERVICE), method, signature, body)
        try:
            reply = bus.send_and_get_reply(call, timeout=CALL_TIMEOUT)
        except (OSError, TimeoutError, ValueError):
            self._hang_up()  # a broken connection: the next call opens a new one
            return ()
        if reply.header.message_type is not MessageType.method_return:
            return ()
        return tuple(reply.body)

    def _inhibit(self, reason: str) -> None:
        if self.cookie is not None:
            return
        values = self._call("Inhibit", "ss", (self.application, reason))
        if values and isinstance(values[0], int):
            self.cookie = values[0]

    def _uninhibit(self) -> None:
        if self.cookie is None:
            return
        cookie, self.cookie = self.cookie, None
        self._call("UnInhibit", "u", (cookie,))

    def _hang_up(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()
