"""The library's questions and file dialogs: delete a routine, replace one on import, which
files to import, where to export. Each has an ``ask()`` classmethod, which tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from hipcoach.ui.common.dialogs import AskDialog

ROUTINE_FILES = "Routine files (*.toml)"


class Question(AskDialog):
    """A yes-or-no question whose safe answer is the default, so Enter and Esc keep things
    as they are."""

    def __init__(
        self, title: str, body: str, yes: str, no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.add_line(body)
        self.yes_button = self.add_button(yes, yes, "stop", self.accept)
        self.no_button = self.add_button(no, no, "secondary", self.reject)
        self.finish(self.no_button)


class ConfirmDelete(Question):
    def __init__(self, name: str, built_in_back: bool, parent: QWidget | None = None) -> None:
        if built_in_back:
            title = f"Delete your copy of {name}?"
            body = f"The built-in {name} comes back in its place; your history stays."
        else:
            title = f"Delete {name}?"
            body = "Its file goes from your routines folder; your history of it stays."
        super().__init__(title, body, "Delete", "Keep it", parent)

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, built_in_back: bool) -> bool:
        """True when the runner confirms. Tests replace this."""
        dialog = cls(name, built_in_back, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class ConfirmReplace(Question):
    def __init__(self, file_name: str, routine_id: str, parent: QWidget | None = None) -> None:
        super().__init__(
            f'Replace your routine "{routine_id}"?',
            f"{file_name} has the same id as a routine of yours. Importing it replaces yours.",
            "Replace",
            "Keep mine",
            parent,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, file_name: str, routine_id: str) -> bool:
        dialog = cls(file_name, routine_id, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class ImportFiles:
    @classmethod
    def ask(cls, parent: QWidget | None, start: Path) -> list[Path]:
        """The routine files the runner picked, or none. Tests replace this."""
        names, _filter = QFileDialog.getOpenFileNames(
            parent, "Import routines", str(start), f"{ROUTINE_FILES};;All files (*)"
        )
        return [Path(name) for name in names]


class ExportFile:
    @classmethod
    def ask(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        """Where to write the file (suggested: the documents folder), or None. Tests
        replace this."""
        dialog = QFileDialog(parent, "Export routine", str(suggested.parent), ROUTINE_FILES)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("toml")
        dialog.selectFile(suggested.name)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()
