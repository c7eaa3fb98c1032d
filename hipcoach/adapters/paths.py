"""Where hipcoach finds what it ships and keeps what it records.

The built-in routines and sounds live at the top of a checkout and inside the package
(``hipcoach/_data``) once installed from a wheel; both layouts are looked up here.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import platformdirs

from hipcoach.core.errors import KnownError

_PACKAGE = Path(__file__).resolve().parent.parent  # hipcoach/

HISTORY_FILE = "history.sqlite3"
USER_ROUTINES = "routines"


class DataDirError(KnownError):
    """The data folder cannot be created or written: one line for the user."""


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def built_in_routines() -> Path:
    return _shipped("routines")


def sounds() -> Path:
    return _shipped("sounds")


def default_data_dir() -> Path:
    env = os.environ.get("HIPCOACH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return platform_data_dir()


def platform_data_dir() -> Path:
    """The platform's user data folder, whatever $HIPCOACH_DATA_DIR says."""
    return Path(platformdirs.user_data_dir("hipcoach", appauthor=False))


PRIVATE_FOLDER = 0o700


def private_folder(folder: Path) -> Path:
    """Make ``folder`` and every missing folder above it, each mode 700 whatever the umask
    (``mkdir(parents=True)`` would give the ones above the umask's mode). A folder that is
    there already keeps its mode. Raises OSError."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # made meanwhile by another process: its mode is its own
        made.chmod(PRIVATE_FOLDER)
    return folder


def open_to_others(folder: Path) -> str | None:
    """One line if other users can read or enter the data folder, else None: it holds the
    runner's health notes, and a folder they made so is theirs to mend, not ours to change."""
    try:
        mode = stat.S_IMODE(folder.stat().st_mode)
    except OSError:
        return None
    if not mode & 0o077:
        return None
    import shlex  # (only for this line)

    return (
        f"your data folder {folder} can be read by other users of this computer "
        f"(mode {mode:o}); `chmod 700 {shlex.quote(str(folder))}` keeps your history private"
    )


def speech_cache() -> Path:
    """Where rendered speech is cached: ``speech`` in the user's cache folder for
    hipcoach. The speech worker makes it (``private_folder``) when it first needs it."""
    root = Path(platformdirs.user_cache_dir("hipcoach", appauthor=False))
    return root / "speech"


def prepare_data_dir(folder: Path, writable: bool = True) -> Path:
    """Create the data folder private to the user (mode 700), or say plainly why not.

    History holds health notes, so a folder we create is never readable by others, nor is
    one we create above it. ``writable=False`` for commands that only read routines: a
    read-only data folder still serves them.
    """
    try:
        private_folder(folder)
    except OSError as error:
        raise DataDirError(
            f"cannot create the data folder {folder}: {error.strerror or error}"
        ) from None
    if not folder.is_dir():
        raise DataDirError(f"the data folder {folder} is not a folder")
    if not writable:
        return folder
    try:
        # Try for real: access() says yes to root even on a read-only mount.
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise DataDirError(
            f"cannot write to the data folder {folder}: {error.strerror or error}"
        ) from None
    return folder
