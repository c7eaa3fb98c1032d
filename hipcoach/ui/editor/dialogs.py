"""The editor's one question: leave with unsaved changes? "Keep editing" is the default, so
a stray Enter or Esc never throws work away."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QWidget

from hipcoach.ui.common.dialogs import AskDialog


class Leave(Enum):
    SAVE = "save"
    DISCARD = "discard"
    STAY = "stay"


class UnsavedChanges(AskDialog):
    def __init__(self, name: str, problems: int, parent: QWidget | None = None) -> None:
        title = f"Save your changes to {name}?" if not problems else "Leave without saving?"
        super().__init__(title, parent)
        self.choice = Leave.STAY
        if problems:
            said = (
                f"{name} has {problems} problem{'' if problems == 1 else 's'} to fix before "
                "it can be saved. Leaving now loses your changes."
            )
        else:
            said = "Your changes are lost if you leave without saving."
        self.add_line(said)
        self.discard_button = self.add_button(
            "Discard changes", "Discard changes", "stop", lambda: self._done(Leave.DISCARD)
        )
        self.keep_button = self.add_button(
            "Keep editing", "Keep editing", "secondary", lambda: self._done(Leave.STAY)
        )
        self.save_button = self.add_button(
            "Save", "Save and leave", "primary", lambda: self._done(Leave.SAVE)
        )
        self.save_button.setVisible(not problems)
        self.finish(self.keep_button)

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
