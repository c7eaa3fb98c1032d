"""Delete a session? Said plainly: it goes for good, and the coach replays without it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from hipcoach.ui.common.theme import current_theme, font, set_role, stylesheet
from hipcoach.ui.common.widgets import bold, plain_label

# docs/coaching.md, "Replaying the history": deleting a session replays without it.
CONSEQUENCE = (
    "Everything recorded of it goes for good: its exercises, pain scores, hurt marks and "
    "note. Your prescriptions will be replayed without it, so a dose it moved may move back."
)


class ConfirmDelete(QDialog):
    """ "Keep it" is the default: Enter or Esc keeps the session."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete this session?")
        self.setAccessibleName("Delete this session?")
        self.setModal(True)
        self.setStyleSheet(stylesheet(current_theme(parent)))
        self.setMaximumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        title = plain_label("Delete this session?", name="Delete this session?")
        title.setFont(bold(22))
        layout.addWidget(title)
        self.what = plain_label(what, wrap=True, name=what)
        self.what.setFont(bold(15))
        layout.addWidget(self.what)
        self.body = plain_label(CONSEQUENCE, role="muted", wrap=True, name=CONSEQUENCE)
        self.body.setFont(font(15))
        layout.addWidget(self.body)
        layout.addSpacing(10)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the session")
        set_role(self.delete_button, "stop")
        self.delete_button.setFont(bold(16))
        self.delete_button.clicked.connect(self.accept)
        self.keep_button = QPushButton("Keep it")
        self.keep_button.setAccessibleName("Keep the session")
        set_role(self.keep_button, "secondary")
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.reject)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.keep_button)
        layout.addLayout(buttons)
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def ask(cls, parent: QWidget | None, what: str) -> bool:
        """True when the runner confirms. Tests replace this."""
        dialog = cls(what, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
