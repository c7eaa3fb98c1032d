"""The one question hipcoach asks mid-session: stop now? Esc must not end a session by accident."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from hipcoach.ui.common.theme import Theme, current_theme, font, set_role, stylesheet
from hipcoach.ui.common.widgets import bold, plain_label


class ConfirmStop(QDialog):
    """Small and plain: "Keep going" is the default, so a second Esc or Enter keeps going."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stop the session?")
        self.setAccessibleName("Stop the session?")
        self.setModal(True)
        # The window's look, which the runner may have chosen against the desktop's.
        chosen = getattr(parent.window(), "theme", None) if parent is not None else None
        self.setStyleSheet(
            stylesheet(chosen if isinstance(chosen, Theme) else current_theme(parent))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        title = plain_label("Stop the session?", name="Stop the session?")
        title.setFont(bold(22))
        layout.addWidget(title)
        body = plain_label("What you have done so far is kept.", role="muted", wrap=True)
        body.setFont(font(15))
        body.setAccessibleName("What you have done so far is kept.")
        layout.addWidget(body)
        layout.addSpacing(10)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleName("Stop the session")
        set_role(self.stop_button, "stop")
        self.stop_button.setFont(bold(16))
        self.stop_button.clicked.connect(self.accept)
        self.keep_button = QPushButton("Keep going")
        self.keep_button.setAccessibleName("Keep going")
        set_role(self.keep_button, "secondary")
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.reject)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.keep_button)
        layout.addLayout(buttons)
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> bool:
        """True when the runner confirms the stop. Tests replace this."""
        dialog = cls(parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
