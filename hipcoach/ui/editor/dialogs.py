"""The editor's one question: leave with unsaved changes? "Keep editing" is the default, so
a stray Enter or Esc never throws work away."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from hipcoach.ui.common.theme import current_theme, font, set_role, stylesheet
from hipcoach.ui.common.widgets import bold, plain_label


class Leave(Enum):
    SAVE = "save"
    DISCARD = "discard"
    STAY = "stay"


class UnsavedChanges(QDialog):
    def __init__(self, name: str, problems: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = Leave.STAY
        title = f"Save your changes to {name}?" if not problems else "Leave without saving?"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.setStyleSheet(stylesheet(current_theme(parent)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        heading = plain_label(title, wrap=True, name=title)
        heading.setFont(bold(22))
        layout.addWidget(heading)
        if problems:
            said = (
                f"{name} has {problems} problem{'' if problems == 1 else 's'} to fix before "
                "it can be saved. Leaving now loses your changes."
            )
        else:
            said = "Your changes are lost if you leave without saving."
        body = plain_label(said, role="muted", wrap=True, name=said)
        body.setFont(font(15))
        layout.addWidget(body)
        layout.addSpacing(10)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        self.discard_button = QPushButton("Discard changes")
        self.discard_button.setAccessibleName("Discard changes")
        set_role(self.discard_button, "stop")
        self.discard_button.clicked.connect(lambda: self._done(Leave.DISCARD))
        buttons.addWidget(self.discard_button)
        self.keep_button = QPushButton("Keep editing")
        self.keep_button.setAccessibleName("Keep editing")
        set_role(self.keep_button, "secondary")
        self.keep_button.clicked.connect(lambda: self._done(Leave.STAY))
        buttons.addWidget(self.keep_button)
        self.save_button = QPushButton("Save")
        self.save_button.setAccessibleName("Save and leave")
        set_role(self.save_button, "primary")
        self.save_button.clicked.connect(lambda: self._done(Leave.SAVE))
        self.save_button.setVisible(not problems)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.keep_button.setDefault(True)
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _done(self, choice: Leave) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, problems: int) -> Leave:
        """Save, discard or stay. Tests replace this."""
        dialog = cls(name, problems, parent)
        try:
            dialog.exec()
            return dialog.choice
        finally:
            dialog.deleteLater()
