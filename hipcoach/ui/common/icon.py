"""hipcoach's own icon (drawn by tools/make_icon.py), for the window and launchers.

The PNGs and ``hipcoach.desktop`` sit in ``hipcoach/ui/desktop/``, inside the package, so a
wheel carries them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

DESKTOP = Path(__file__).resolve().parent.parent / "desktop"


@cache
def app_icon() -> QIcon:
    """Every size drawn, so no launcher or title bar has to scale a bitmap. Read once: the
    app, the window and the bar show the same (a QIcon is shared, never changed here)."""
    icon = QIcon()
    for path in sorted(DESKTOP.glob("hipcoach-*.png")):
        icon.addFile(str(path))
    return icon
