"""The one thread that writes the history while sessions run.

Every write goes into one queue and is done on this thread, in order, on a connection of its
own (``Store.on_this_thread``), so the clock, the cues and the window never wait for the
database. A database locked by another program (a backup tool, ``sqlite3`` in a terminal)
only delays the records: a write that finds it still locked after the busy timeout is tried
again rather than dropped, and the later ones wait behind it, so they arrive in order once
the lock frees. On exit the queue is drained, giving up only on a lock that outlasts
``DRAIN_TIMEOUT``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from hipcoach.adapters.history.errors import HistoryBusyError, HistoryError

if TYPE_CHECKING:
    from hipcoach.adapters.history.repository import Store

RETRY_PAUSE = 0.05  # s between two tries of a write that found the database locked
DRAIN_TIMEOUT = 30.0  # s the last records may wait for a lock at exit

Write = Callable[["Store"], None]

logger = logging.getLogger(__name__)


class HistoryWriter:
    """A queue of writes and the thread that does them; ``close`` drains it.

    ``on_failure`` hears, on the writer's thread, of a write that finally could not be
    done: an error it raised, or a lock that outlasted the drain. The writes after it go on.
    """

    def __init__(
        self,
        store: Store,
        on_failure: Callable[[Exception], None],
        retry_pause: float = RETRY_PAUSE,
    ) -> None:
        self.store = store
        self.on_failure = on_failure
        self.retry_pause = retry_pause
        self.dropped = 0  # writes given up on, at exit, because the lock never came free
        self._jobs: deque[Write] = deque()
        self._writing = False
        self._closing = False
        self._give_up_at: float | None = None
        self._on_blocked: Callable[[], None] | None = None
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def put(self, write: Write) -> None:
        """Queue ``write``; it runs on the writer thread after everything queued before."""
        with self._changed:
            if self._closing:
                logger.warning("a history write came after the writer closed; not written")
                return
            self._jobs.append(write)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="hipcoach-history", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()

    def pending(self) -> int:
        """Writes queued or under way."""
        with self._changed:
            return len(self._jobs) + self._writing

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written (or given up); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._jobs and not self._writing, timeout)

    def close(
        self, timeout: float = DRAIN_TIMEOUT, on_blocked: Callable[[], None] | None = None
    ) -> bool:
        """Write what is queued, giving up on a lock held past ``timeout``; then stop.

        ``on_blocked`` is told, once, if a lock makes the drain wait. True when every write
        was done (or failed on its own); False when some were given up on because the
        database stayed locked.
        """
        with self._changed:
            self._closing = True
            self._give_up_at = time.monotonic() + timeout
            self._on_blocked = on_blocked
            thread = self._thread
            self._changed.notify_all()
        if thread is not None:
            thread.join()  # bounded: past the deadline a busy write is not tried again
        return self.dropped == 0

    # -- the writer thread ------------------------------------------------------------------

    def _run(self) -> None:
        with self.store.on_this_thread() as store:
            while True:
                with self._changed:
                    self._changed.wait_for(lambda: bool(self._jobs) or self._closing)
                    if not self._jobs:
                        return
                    write = self._jobs.popleft()
                    self._writing = True
                written = False
                try:
                    written = self._write(write, store)
                finally:
                    with self._changed:
                        self._writing = False
                        if not written:
                            self.dropped += 1 + len(self._jobs)
                            self._jobs.clear()
                        self._changed.notify_all()

    def _write(self, write: Write, store: Store) -> bool:
        """Do one write, again while the database is busy; False: given up at exit."""
        while True:
            try:
                write(store)
                return True
            except HistoryBusyError as error:
                with self._changed:
                    deadline = self._give_up_at
                    blocked, self._on_blocked = self._on_blocked, None
                if blocked is not None:
                    blocked()
                if deadline is not None and time.monotonic() >= deadline:
                    self._tell(error)
                    return False
                time.sleep(self.retry_pause)
            except Exception as error:
                if not isinstance(error, HistoryError):  # a bug, not the database
                    logger.exception("a history write failed")
                self._tell(error)
                return True

    def _tell(self, error: Exception) -> None:
        try:
            self.on_failure(error)
        except Exception:
            logger.exception("reporting a history failure failed")
