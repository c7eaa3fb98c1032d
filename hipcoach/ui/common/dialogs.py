"""A question in the app's own look: a heading, a few lines, and a row of buttons on the
right whose default is the safe answer, so a stray Enter or Esc changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hipcoach.ui.common.theme import current_theme, font, set_role, stylesheet
from hipcoach.ui.common.widgets import bold, plain_label


class AskDialog(QDialog):
    """Modal, styled as the window it asks over. Subclasses add their lines with
    ``add_line``, their buttons with ``add_button``, then call ``finish`` with the safe one."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.setStyleSheet(stylesheet(current_theme(parent)))
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(28, 24, 28, 20)
        self.column.setSpacing(10)
        heading = plain_label(title, wrap=True, name=title)
        heading.setFont(bold(22))
        self.column.addWidget(heading)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(10)
        self.buttons.addStretch(1)

    def add_line(self, text: str, *, muted: bool = True) -> QLabel:
        """A paragraph under the heading: muted, or in bold for what it is about."""
        line = plain_label(text, role="muted" if muted else None, wrap=True, name=text)
        line.setFont(font(15) if muted else bold(15))
        self.column.addWidget(line)
        return line

    def add_button(
        self, text: str, name: str, role: str, clicked: Callable[[], object]
    ) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        set_role(button, role)
        button.clicked.connect(clicked)
        self.buttons.addWidget(button)
        return button

    def finish(self, safe: QPushButton) -> None:
        """The buttons under the lines, ``safe`` the default and focused."""
        self.column.addSpacing(10)
        self.column.addLayout(self.buttons)
        safe.setDefault(True)
        safe.setFocus(Qt.FocusReason.OtherFocusReason)
