"""Delete a session? Said plainly: it goes for good, and the coach replays without it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from hipcoach.ui.common.dialogs import AskDialog
from hipcoach.ui.common.widgets import bold

# docs/coaching.md, "Replaying the history": deleting a session replays without it.
CONSEQUENCE = (
    "Everything recorded of it goes for good: its exercises, pain scores, hurt marks and "
    "note. Your prescriptions will be replayed without it, so a dose it moved may move back."
)


class ConfirmDelete(AskDialog):
    """ "Keep it" is the default: Enter or Esc keeps the session."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__("Delete this session?", parent)
        self.setMaximumWidth(520)
        self.what = self.add_line(what, muted=False)
        self.body = self.add_line(CONSEQUENCE)
        self.delete_button = self.add_button("Delete", "Delete the session", "stop", self.accept)
        self.delete_button.setFont(bold(16))
        self.keep_button = self.add_button("Keep it", "Keep the session", "secondary", self.reject)
        self.finish(self.keep_button)

    @classmethod
    def ask(cls, parent: QWidget | None, what: str) -> bool:
        """True when the runner confirms. Tests replace this."""
        dialog = cls(what, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
