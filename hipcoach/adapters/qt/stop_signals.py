"""Ctrl-C and SIGTERM while Qt's event loop runs, for ``hipcoach run`` and the window alike.

Python runs signal handlers only when the interpreter has control, and Qt's loop sits in C:
without this, SIGTERM would end the process before the session is recorded as stopped.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier


class StopSignals:
    """Turn SIGINT and SIGTERM into a Qt event: ``set_wakeup_fd`` writes the signal's
    number to a socket the loop watches, and ``on_signal`` gets it there."""

    def __init__(self, on_signal: Callable[[int], None]) -> None:
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._on_signal = on_signal
        self.caught: list[int] = []  # every signal so far, known at once (before the loop runs)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {
            sig: signal.signal(sig, self._note) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)

    def _note(self, number: int, _frame: object) -> None:
        self.caught.append(number)

    def handle_with(self, on_signal: Callable[[int], None]) -> None:
        """From now on, signals (including any that came before the loop ran) go here."""
        self._on_signal = on_signal

    def _drain(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        for number in data:
            self._on_signal(number)

    def close(self, restore: bool = True) -> None:
        """Stop listening. ``restore=False`` when the process is about to end, its session
        written: a signal from then on changes nothing, rather than get the start-up's
        handler back (which would end the process as if nothing had been recorded)."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            if not restore:
                handler = self._note
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        self._reader.close()
        self._writer.close()
