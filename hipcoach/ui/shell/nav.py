"""The slim bar across the top: Routines, History, Settings. Hidden while a session runs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from hipcoach.ui.common.icon import app_icon
from hipcoach.ui.pages import SECTIONS


class NavBar(QFrame):
    """Part of the window's first frame, so built without Qt's namespace (see
    ui/common/theme.first_frame_theme): a QFrame takes its background from the style sheet
    by itself, and the buttons' cursor and focus come with ``finish``, once it is painted."""

    chosen = Signal(str)  # a section's name (hipcoach/ui/pages.py)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nav")
        self.setAccessibleName("Sections")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        layout.setSpacing(6)
        mark = QLabel()
        mark.setPixmap(app_icon().pixmap(26, 26))
        mark.setAccessibleName("hipcoach")
        layout.addWidget(mark)
        word = QLabel("hipcoach")
        word.setObjectName("wordmark")
        layout.addWidget(word)
        layout.addSpacing(22)
        # Exclusive by hand: in a QButtonGroup, Qt takes the Tab stop from unchecked buttons.
        self.buttons: dict[str, QPushButton] = {}
        for entry in SECTIONS:
            name, text, keys = entry.name, entry.title, entry.keys
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAccessibleName(text)
            button.setAccessibleDescription(f"Show {text.lower()} ({keys})")
            button.setToolTip(f"{text} ({keys})")
            button.setProperty("role", "nav")  # (not styled yet: no repolish to ask for)
            button.clicked.connect(lambda _checked=False, n=name: self._clicked(n))
            self.buttons[name] = button
            layout.addWidget(button)
        layout.addStretch(1)

    def finish(self) -> None:
        """What the first frame does without (nothing can be pressed before it is shown)."""
        from PySide6.QtCore import Qt

        for button in self.buttons.values():
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # no focus ring left by a click

    def _clicked(self, name: str) -> None:
        self.select(name)  # a click on the checked one must not uncheck it
        self.chosen.emit(name)

    def select(self, name: str | None) -> None:
        for key, button in self.buttons.items():
            button.setChecked(key == name)

    def selected(self) -> str | None:
        return next((n for n, b in self.buttons.items() if b.isChecked()), None)
