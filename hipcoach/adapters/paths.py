"""Where hipcoach finds what it ships and keeps what it records.

The built-in routines and sounds live at the top of a checkout and inside the package
(``hipcoach/_data``) once installed from a wheel; both layouts are looked up here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent.parent  # hipcoach/

HISTORY_FILE = "history.sqlite3"
USER_ROUTINES = "routines"


class DataDirError(Exception):
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


def prepare_data_dir(folder: Path) -> Path:
    """Create the data folder private to the user (mode 700), or say plainly why not.

    History holds health notes, so a folder we create is never readable by others.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise DataDirError(
            f"cannot create the data folder {folder}: {error.strerror or error}"
        ) from None
    if not folder.is_dir():
        raise DataDirError(f"the data folder {folder} is not a folder")
    try:
        # Try for real: access() says yes to root even on a read-only mount.
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise DataDirError(
            f"cannot write to the data folder {folder}: {error.strerror or error}"
        ) from None
    return folder
