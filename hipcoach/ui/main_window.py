"""The main window: the frame the library, player and history pages will live in."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("hipcoach")
        self.setMinimumSize(800, 600)
        placeholder = QLabel("hipcoach")
        placeholder.setAccessibleName("hipcoach")
        self.setCentralWidget(placeholder)
