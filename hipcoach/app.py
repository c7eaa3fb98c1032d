"""The composition root: the one place that builds the window and what it needs."""

from __future__ import annotations

import sys
from pathlib import Path


def run_gui(data_dir: Path, routine: str | None = None, speed: float = 1.0) -> int:
    from PySide6.QtWidgets import QApplication

    from hipcoach.ui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("hipcoach")
    app.setApplicationDisplayName("hipcoach")
    window = MainWindow()
    window.show()
    return app.exec()
