"""What can go wrong with the history, in one line for the user.

Apart from the repository so that what only needs the errors (the writer thread, the log,
the store's first checks) does not load SQLAlchemy: ``hipcoach run`` reaches its first
phase before it is loaded (bench/startup.py).
"""

from __future__ import annotations

from hipcoach.core.errors import KnownError


class HistoryError(KnownError):
    """The history cannot be read or saved: one line for the user, saying what to do."""


class DamagedHistoryError(HistoryError):
    """The database is damaged, or is not a hipcoach history: it is never written, and the
    window offers to move it aside (renamed, never deleted) so a new history can start."""


class HistoryBusyError(HistoryError):
    """Another program holds the database's lock past the busy timeout: the same write can
    succeed later, so the history writer tries it again rather than drop it."""


class DuplicateRunError(Exception):
    """A run whose file content is already in the log (``run_id`` is the one logged)."""

    def __init__(self, run_id: int) -> None:
        super().__init__(f"the same file was imported before (run {run_id})")
        self.run_id = run_id
