"""Reading a file a runner named: a plain file only, never more than a limit, never a wait.

Opening a FIFO for reading blocks until something writes to it, and a device can stream
forever, so the file is looked at before it is opened, opened without waiting, and looked
at again once open (it may have been swapped in between). docs/command-line.md, "Errors":
nothing waits on a file that is not a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class UnreadableFileError(Exception):
    """The file cannot be read as a plain file: one line saying why."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a plain file")


def read_regular(path: Path, limit: int) -> bytes:
    """The file's bytes, at most ``limit + 1`` of them (so a caller can tell it is too
    large); raises UnreadableFileError for anything but a readable regular file."""
    try:
        before = path.stat()
    except OSError as error:
        raise UnreadableFileError(f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(before.st_mode):
        raise UnreadableFileError(f"not a regular file ({_kind(before.st_mode)})")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise UnreadableFileError(f"cannot be read: {error.strerror or error}") from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise UnreadableFileError(f"not a regular file ({_kind(opened.st_mode)})")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFileError(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(fd)
