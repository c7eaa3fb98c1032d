"""Writing a file that is the runner's alone, whole or not at all.

Every file hipcoach writes for the runner (routines, ``plan.toml``, reports, CSV exports)
holds their own words or their health, and is read by other programs at any moment. So
each is written the same way: a private temporary file in the same folder (mode 600 from
the start, so not even a moment open to others), flushed to disk, renamed over the old
file, and the folder flushed so the rename survives a power cut. A reader sees the old
file or the new one, never half of one; a failed write leaves the old file and nothing
beside it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def save_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` atomically, mode 600. Raises OSError;
    the old file is then as it was and no temporary file is left behind."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent
    # A dot file that does not end in .toml: the library never lists it, nor a glob *.csv.
    # mkstemp makes it 600 and never opens a file that is there already.
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fchmod(file.fileno(), 0o600)
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; where a folder cannot be opened, only that is lost."""
    try:
        directory = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)
