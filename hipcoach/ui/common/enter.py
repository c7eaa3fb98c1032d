"""Enter presses the focused button, as Space does: Start, Save, Export, a section's tab.

Qt presses a focused push button on Enter only inside a dialog; in a main window Enter does
nothing, and a keyboard user who has tabbed to Start expects it to start.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterClicks(QObject):
    """Watches the key presses of one window (not its dialogs: they do this themselves)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.watched = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, target: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and isinstance(target, QPushButton)
            and not target.property("ownsEnter")  # a scale's number that answers on Enter
            and target.hasFocus()
            and target.isEnabled()
            and target.window() is self.watched
        ):
            target.animateClick()
            return True
        return False
