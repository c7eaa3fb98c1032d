"""Is there a screen to open a window on? Asked before Qt, which aborts the process without one."""

from __future__ import annotations

import os
import re
import socket

_HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")
_X_DISPLAY = re.compile(r"(?P<host>[^:]*):(?P<number>\d+)(\.\d+)?")


def missing_display() -> str | None:
    """Why no window can be shown, or None when one can."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in _HEADLESS_PLATFORMS:
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return "no display found (DISPLAY and WAYLAND_DISPLAY are not set)"
    if not _x_server_answers(display):
        return f"cannot connect to the display {display}"
    return None


def _x_server_answers(display: str) -> bool:
    match = _X_DISPLAY.fullmatch(display)
    if match is None:
        return True  # a form we do not know: let Qt try
    host, number = match.group("host"), int(match.group("number"))
    if host in ("", "unix"):
        for address in (f"\0/tmp/.X11-unix/X{number}", f"/tmp/.X11-unix/X{number}"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(1.0)
                try:
                    sock.connect(address)
                except OSError:
                    continue
                return True
        return False
    try:
        with socket.create_connection((host, 6000 + number), timeout=1.0):
            return True
    except OSError:
        return False
