"""A stand-in org.freedesktop.ScreenSaver service, run in its own process on a private bus.

Usage: python fake_screen_saver.py LOGFILE. Writes "ready", then one line per call.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection

COOKIE = 4242


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaverService(QObject):
    def __init__(self, log: Path) -> None:
        super().__init__()
        self.log = log

    def write(self, line: str) -> None:
        with self.log.open("a", encoding="utf-8") as out:
            out.write(line + "\n")

    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:  # noqa: N802
        self.write(f"Inhibit {application} | {reason}")
        return COOKIE

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:  # noqa: N802
        self.write(f"UnInhibit {cookie}")


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    log = Path(sys.argv[1])
    bus = QDBusConnection.sessionBus()
    service = ScreenSaverService(log)
    options = QDBusConnection.RegisterOption.ExportAllSlots
    if not bus.registerObject("/org/freedesktop/ScreenSaver", service, options):
        return 1
    if not bus.registerService("org.freedesktop.ScreenSaver"):
        return 1
    service.write("ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
