"""Starting hipcoach from hipcoach: by its absolute path, in a process of its own.

A reminder's Start opens the window from ``hipcoach remind``, which may run in a systemd
oneshot service: the window must not end when that command does. It is started in a new
session (no terminal to hang up on it, no signal meant for the command) with nothing of
the command's standard streams, and the service is written with ``KillMode=process`` so
systemd leaves it running too (hipcoach/adapters/desktop/systemd.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def hipcoach_command() -> list[str]:
    """This hipcoach, by absolute path: the console script beside the interpreter (a venv's
    ``bin/hipcoach``), else the interpreter running the package."""
    interpreter = Path(sys.executable).absolute()  # not resolved: a venv's python is a link
    script = interpreter.parent / "hipcoach"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(interpreter), "-m", "hipcoach"]


def start_detached(argv: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    """Start ``argv`` (its first item an absolute path) in a session of its own; its pid."""
    environment = dict(os.environ if env is None else env)
    return os.posix_spawn(
        argv[0],
        list(argv),
        environment,
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        ],
        setsid=True,
    )


def open_app(data_dir: Path, routine_id: str | None, activation_token: str | None = None) -> int:
    """``hipcoach --data-dir DIR gui [--routine ID]``: a window already open takes it."""
    argv = [*hipcoach_command(), "--data-dir", str(data_dir.absolute()), "gui"]
    if routine_id is not None:
        argv += ["--routine", routine_id]
    env = dict(os.environ)
    if activation_token:
        env["XDG_ACTIVATION_TOKEN"] = activation_token  # the window may come to the front
    return start_detached(argv, env)
