"""Slow work (a history of 100,000 sessions, listing the speech voices) off the GUI thread.

A function runs on a worker thread; its result, or the error it raised, comes back to the
GUI thread through a queued signal, and only there does a widget see it. Worker code never
touches a widget.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal

T = TypeVar("T")
Failed = Callable[[Exception], None]


class Tasks(QObject):
    """One worker thread by default, so reads of one database do not race each other."""

    _finished = Signal(int, object, object)  # ticket, result, error

    def __init__(self, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._tickets = itertools.count(1)
        self._waiting: dict[int, tuple[Callable[[Any], None], Failed | None]] = {}
        self._finished.connect(self._deliver)  # emitted on a worker: queued to this thread

    def run(
        self, work: Callable[[], T], done: Callable[[T], None], failed: Failed | None = None
    ) -> int:
        """Run ``work`` on the worker; ``done(result)`` or ``failed(error)`` follows on the
        GUI thread. An error with no ``failed`` to take it is a bug, raised there."""
        ticket = next(self._tickets)
        self._waiting[ticket] = (done, failed)
        finished = self._finished

        def job() -> None:
            try:
                result = work()
            except Exception as error:  # handed to the GUI thread, which decides
                finished.emit(ticket, None, error)
            else:
                finished.emit(ticket, result, None)

        self._pool.start(job)
        return ticket

    def forget(self, ticket: int) -> None:
        """The answer is no longer wanted (a newer request replaced it)."""
        self._waiting.pop(ticket, None)

    def busy(self) -> bool:
        return bool(self._waiting)

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the worker is idle (at exit: nothing may run on a closed store)."""
        return self._pool.waitForDone(milliseconds)

    def _deliver(self, ticket: int, result: object, error: Exception | None) -> None:
        callbacks = self._waiting.pop(ticket, None)
        if callbacks is None:
            return
        done, failed = callbacks
        if error is None:
            done(result)
        elif failed is not None:
            failed(error)
        else:
            raise error


class Relay(QObject):
    """Hands a line said on any thread (the history writer's) to ``to`` on this object's
    thread, the GUI's, where widgets may be touched."""

    _said = Signal(str)

    def __init__(self, to: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._to = to
        self._said.connect(self._deliver)  # emitted on another thread: queued to this one

    def __call__(self, text: str) -> None:
        self._said.emit(text)

    def _deliver(self, text: str) -> None:
        self._to(text)
