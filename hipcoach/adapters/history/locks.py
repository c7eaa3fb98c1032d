"""One OS file lock per running session: how another process tells a live session from a dead one.

``flock`` locks belong to the open file, not the process, and the kernel drops them when
the process dies however it dies (SIGKILL, power loss): a lock that can be taken means the
session's process is gone. Session ids are never reused, so neither is a lock file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import Protocol

from hipcoach.core.errors import KnownError


class SessionLockedError(KnownError):
    """Another process (or another part of this one) holds the session's lock."""


class HeldLock(Protocol):
    def release(self) -> None: ...


class Locks(Protocol):
    def hold(self, session_id: int) -> HeldLock:
        """Take the session's lock, or raise SessionLockedError at once (never wait)."""
        ...

    def try_hold(self, session_id: int) -> HeldLock | None:
        """The session's lock if it is free, else None."""
        ...


class FileLock:
    """An exclusive ``flock`` on one file, held until ``release``."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the file while still holding it, then let go: nobody ever waits on it."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(fd)


class SessionLocks:
    """The lock files of running sessions, ``session-ID.lock`` in the data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, session_id: int) -> Path:
        return self.folder / f"session-{session_id}.lock"

    def try_hold(self, session_id: int) -> FileLock | None:
        path = self.path(session_id)
        # Opened close-on-exec (Python's default), so a program the session starts never
        # inherits the lock and keeps a dead session looking alive.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        return FileLock(path, fd)

    def hold(self, session_id: int) -> FileLock:
        lock = self.try_hold(session_id)
        if lock is None:
            raise SessionLockedError(f"session {session_id} is already being recorded")
        return lock
