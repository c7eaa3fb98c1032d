"""``hipcoach.log`` in the data folder: where an unexpected error leaves its traceback.

The runner sees one line; the traceback is kept here for whoever fixes the bug. The file is
private (600: a traceback can quote the history's health notes) and rotated, so it never
grows past a few megabytes. A log that cannot be written costs nothing but the log.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from pathlib import Path

from hipcoach.core.errors import KnownError

LOG_FILE = "hipcoach.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
PRIVATE = 0o600

logger = logging.getLogger("hipcoach")


class _PrivateFile(logging.Handler):
    """A rotating file made 600, and silent when it cannot be written. The file's handler
    (``logging.handlers``, which loads pickle) is made with the first record: a window that
    logs nothing does not load it before its first paint (bench/startup.py)."""

    failed = False

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(logging.WARNING)
        self.baseFilename = os.path.abspath(path)  # noqa: PTH100 - as logging names it
        self._size = (max_bytes, backups)
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.failed = False
        if self._file is None:
            self._file = _rotating_file(self, *self._size)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _rotating_file(owner: _PrivateFile, max_bytes: int, backups: int) -> logging.Handler:
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFile(RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE)
            with contextlib.suppress(OSError):
                os.fchmod(fd, PRIVATE)  # one left from before is made private too
            return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
            owner.failed = True  # a read-only data folder: the one line on screen says it all

    handler = PrivateRotatingFile(
        owner.baseFilename, maxBytes=max_bytes, backupCount=backups, delay=True
    )
    handler.setFormatter(owner.formatter)
    return handler


def start_log(data_dir: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> Path:
    """Send hipcoach's warnings and errors to the log in ``data_dir`` from now on.

    Nothing is created until something is logged. Returns the log's path.
    """
    path = data_dir / LOG_FILE
    for old in [h for h in logger.handlers if isinstance(h, _PrivateFile)]:
        if Path(old.baseFilename) == path.absolute():
            return path
        logger.removeHandler(old)
        old.close()
    handler = _PrivateFile(path, max_bytes, backups)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    return path


def log_bug(error: BaseException, what: str = "unexpected error") -> Path | None:
    """Write ``error`` and its traceback to the log; the log's path, or None if it was not
    written (no log started, or a folder that cannot be written)."""
    logger.error(what, exc_info=(type(error), error, error.__traceback__))
    for handler in logger.handlers:
        if isinstance(handler, _PrivateFile) and not handler.failed:
            return Path(handler.baseFilename)
    return None


def one_line(text: str) -> str:
    """Text as one line of a terminal or a banner: line breaks and control characters
    shown escaped, never acted on."""
    return "".join(
        char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text
    ).strip()


def error_line(error: BaseException, logged: Path | None) -> str:
    """What the runner reads about an error: a known one's own message, else that a bug
    happened and where its details are."""
    if isinstance(error, KnownError):
        return one_line(str(error))
    detail = one_line(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
    where = f"; the details are in {logged}" if logged is not None else ""
    return f"unexpected error ({detail}){where}: please report it"
