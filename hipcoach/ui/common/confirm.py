"""The one question hipcoach asks mid-session: stop now? Esc must not end a session by accident."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from hipcoach.ui.common.theme import Theme, current_theme, font, set_role, stylesheet
from hipcoach.ui.common.widgets import bold, plain_label


def scale_for(parent: QWidget | None) -> float:
    """The player's own scale (1 at 800x600, up to 2.4 full screen): the question is read
    from the mat like the clock behind it."""
    if parent is None:
        return 1.0
    return max(1.0, min(parent.height() / 600, parent.width() / 800, 2.4))


class ConfirmStop(QDialog):
    """Plain, and as large as the player behind it: "Keep going" is the default, so a second
    Esc or Enter keeps going; Tab reaches Stop, and Enter there stops."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        k = scale_for(parent)
        self.setWindowTitle("Stop the session?")
        self.setAccessibleName("Stop the session?")
        self.setModal(True)
        # The window's look, which the runner may have chosen against the desktop's.
        chosen = getattr(parent.window(), "theme", None) if parent is not None else None
        self.setStyleSheet(
            stylesheet(chosen if isinstance(chosen, Theme) else current_theme(parent))
        )
        self.setMinimumWidth(round(440 * k))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(round(28 * k), round(24 * k), round(28 * k), round(20 * k))
        layout.setSpacing(round(10 * k))
        title = plain_label("Stop the session?", name="Stop the session?")
        title.setFont(bold(26 * k))
        layout.addWidget(title)
        body = plain_label("What you have done so far is kept.", role="muted", wrap=True)
        body.setFont(font(17 * k))
        body.setAccessibleName("What you have done so far is kept.")
        layout.addWidget(body)
        layout.addSpacing(round(12 * k))
        buttons = QHBoxLayout()
        buttons.setSpacing(round(12 * k))
        buttons.addStretch(1)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleName("Stop the session")
        set_role(self.stop_button, "stop")
        self.keep_button = QPushButton("Keep going")
        self.keep_button.setAccessibleName("Keep going")
        set_role(self.keep_button, "secondary")
        for button in (self.stop_button, self.keep_button):
            # The page's style sheet sets the buttons' type size: this one says it bigger.
            button.setStyleSheet(
                f"font-size: {round(18 * k)}px; font-weight: 700;"
                f" padding: {round(12 * k)}px {round(26 * k)}px; border-radius: {round(14 * k)}px;"
            )
            button.setMinimumHeight(round(52 * k))
            button.setMinimumWidth(round(130 * k))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.stop_button.clicked.connect(self.accept)
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
