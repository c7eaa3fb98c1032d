"""One window per user: a second ``hipcoach gui`` hands its request to the first and exits.

The window listens on a Unix socket in the user's runtime folder (``$XDG_RUNTIME_DIR``,
which only the user may enter; where it is unset or not private, a folder of our own in
the temporary folder, made 700 and checked). One socket per data folder: a window on
another data folder (``--data-dir``) is another library and another history, so it is not
the same app. The request (a routine to start, files to import) is one JSON line, the
answer another; the window answers before it looks at a file, so a file that would make it
wait (a named pipe) never holds up this side; this side needs no Qt, so
the second process is gone in a fraction of a second (docs/command-line.md, "hipcoach gui").
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROTOCOL = 1
ANSWER_TIMEOUT_S = 3.0
MAX_REQUEST_BYTES = 64 * 1024


class InstanceError(Exception):
    """A window is there but did not take the request: one line for the user."""


@dataclass(frozen=True, slots=True)
class Request:
    """What a second ``hipcoach gui`` asks of the window already open."""

    routine: str | None = None  # an id, or an absolute path to a routine file
    activation_token: str | None = None  # lets the window come to the front on Wayland
    files: tuple[str, ...] = ()  # absolute paths of routine files to import, as given

    def to_line(self) -> bytes:
        import json  # loaded with the first request, after the first paint

        body = {
            "hipcoach": PROTOCOL,
            "routine": self.routine,
            "activation_token": self.activation_token,
            "files": list(self.files),
        }
        return json.dumps(body).encode() + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> Request:
        """Raises ValueError for anything but a request this version wrote."""
        import json

        body = json.loads(line.decode())
        if not isinstance(body, dict) or body.get("hipcoach") != PROTOCOL:
            raise ValueError("not a hipcoach request")
        routine, token = body.get("routine"), body.get("activation_token")
        if not isinstance(routine, str | None) or not isinstance(token, str | None):
            raise ValueError("a request's routine and token are text")
        files = body.get("files", [])  # absent from a request of a hipcoach before files
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise ValueError("a request's files are a list of paths")
        return cls(routine=routine, activation_token=token, files=tuple(files))


def _private_folder(folder: Path) -> bool:
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO) == 0
    )


def runtime_folder() -> Path | None:
    """The user's private folder for sockets, made if needed; None where none can be had."""
    given = os.environ.get("XDG_RUNTIME_DIR", "")
    if given and Path(given).is_absolute() and _private_folder(Path(given)):
        folder = Path(given) / "hipcoach"
    else:
        folder = Path(tempfile.gettempdir()) / f"hipcoach-{os.getuid()}"
    with contextlib.suppress(FileExistsError, OSError):
        folder.mkdir(mode=0o700)
    return folder if _private_folder(folder) else None


def _sha256(text: str) -> str:
    """SHA-256 from Python's own module: hashlib's OpenSSL costs the window 3.5 MiB before
    its first paint (bench/startup.py), for a socket's name."""
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # pragma: no cover - 3.12 and later
        from _sha2 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
    digest: str = sha256(text.encode()).hexdigest()
    return digest


def socket_path(data_dir: Path) -> Path | None:
    folder = runtime_folder()
    if folder is None:
        return None
    key = _sha256(str(data_dir.resolve()))[:16]
    return folder / f"window-{key}.socket"


def window_answers(path: Path) -> bool:
    """Is a window listening there (rather than a socket left by one that died)?"""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(path))
        except OSError:
            return False
    return True


def hand_over(path: Path, request: Request, timeout: float = ANSWER_TIMEOUT_S) -> bool:
    """Give the request to the window listening at ``path``: True once it has taken it,
    False when no window listens there; raises InstanceError when one is there but does not
    answer in time."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
        except OSError:
            return False  # nothing there, or a socket left by a window that died
        try:
            sock.sendall(request.to_line())
            answer = b""
            while not answer.endswith(b"\n") and len(answer) < MAX_REQUEST_BYTES:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            raise InstanceError(
                "hipcoach is already open but its window did not answer in time; "
                "it may be busy: try again in a moment"
            ) from None
        except OSError as error:
            raise InstanceError(f"cannot reach the hipcoach window already open: {error}") from None
    import json

    try:
        taken = json.loads(answer.decode()).get("ok") is True
    except (ValueError, AttributeError):
        taken = False
    if not taken:
        raise InstanceError("the hipcoach window already open refused the request")
    return True
