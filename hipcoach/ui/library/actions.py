"""What the library's buttons do with routine files: New, Edit and Duplicate open the editor;
Delete (asks first), Import (a file dialog, or files dropped on the window) and Export (a
save dialog that starts in the documents folder) change files, then say what happened in
one line (docs/command-line.md, "hipcoach import and hipcoach export": the window does
what the commands do)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from hipcoach.core.library import Source

# The routine files' own modules (tomlkit, the editor's drafts, the dialogs) are loaded when
# an action is first used, not before the window's first paint (bench/startup.py).
if TYPE_CHECKING:
    from hipcoach.application.backend import Backend
    from hipcoach.core.library import Entry
    from hipcoach.core.model import Routine
    from hipcoach.ui.library.page import LibraryPage

SHOWN_PROBLEMS = 2


class RoutineActions(QObject):
    open_editor = Signal(object)  # RoutineDraft
    changed = Signal(str)  # the files changed: reload, and choose this routine id ("" any)
    notice = Signal(str)

    def __init__(self, backend: Backend, window: QWidget) -> None:
        super().__init__(window)
        self.backend = backend
        self.window = window

    def connect_page(self, page: LibraryPage) -> None:
        page.new_requested.connect(self.new)
        page.edit_requested.connect(self.edit)
        page.duplicate_requested.connect(self.duplicate)
        page.delete_requested.connect(self.delete)
        page.import_requested.connect(self.import_files)
        page.export_requested.connect(self.export)

    def _entry(self, routine: Routine) -> Entry | None:
        entry = self.backend.library().find(routine.id)
        if entry is None:
            self.notice.emit(f"{routine.name} is no longer in your routines.")
        return entry

    def new(self) -> None:
        self.open_editor.emit(self.backend.new_draft())

    def edit(self, routine: Routine) -> None:
        from hipcoach.application.editing import DraftError

        entry = self._entry(routine)
        if entry is None:
            return
        try:
            self.open_editor.emit(self.backend.open_draft(entry))
        except DraftError as error:
            self.notice.emit(f"Cannot edit {routine.name}: {error}")

    def duplicate(self, routine: Routine) -> None:
        from hipcoach.application.editing import DraftError

        entry = self._entry(routine)
        if entry is None:
            return
        try:
            self.open_editor.emit(self.backend.duplicate_draft(entry))
        except DraftError as error:
            self.notice.emit(f"Cannot copy {routine.name}: {error}")

    def delete(self, routine: Routine) -> None:
        """Only the runner's own file goes; a built-in of the same id comes back."""
        from hipcoach.application.editing import DraftError
        from hipcoach.ui.library.files import ConfirmDelete

        entry = self._entry(routine)
        if entry is None or entry.source is not Source.USER:
            return
        built_in = self.backend.built_in_routine(routine.id)
        if not ConfirmDelete.ask(self.window, routine.name, built_in is not None):
            return
        try:
            self.backend.delete_routine(entry)
        except (DraftError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self.notice.emit(f"Cannot delete {entry.path.name}: {reason}")
            return
        if built_in is not None:
            self.notice.emit(f"Deleted your copy of {routine.name}: the built-in one is back.")
            self.changed.emit(routine.id)
        else:
            self.notice.emit(f"Deleted {routine.name}.")
            self.changed.emit("")

    def import_files(self, paths: Iterable[Path] | None = None) -> None:
        """Each file on its own, as ``hipcoach import`` does: a bad one is said by line and
        not copied; an id the runner has already is replaced only when they say so."""
        from hipcoach.adapters.user_routines import AlreadyThereError
        from hipcoach.core.routine_file import RoutineFileError, escaped
        from hipcoach.ui.library.files import ConfirmReplace, ImportFiles

        chosen = (
            list(paths)
            if paths is not None
            else ImportFiles.ask(self.window, self.backend.documents_folder())
        )
        if not chosen:
            return
        done: list[str] = []
        failed: list[str] = []
        last = ""
        for path in chosen:
            name = escaped(path.name)  # a file name may hold a line break or an escape
            try:
                try:
                    imported = self.backend.import_routine(path)
                except AlreadyThereError as error:
                    if not ConfirmReplace.ask(self.window, name, error.routine_id):
                        continue
                    imported = self.backend.import_routine(path, replace=True)
            except RoutineFileError as error:
                shown = "; ".join(
                    f"line {p.line}: {p.message}" for p in error.problems[:SHOWN_PROBLEMS]
                )
                more = len(error.problems) - SHOWN_PROBLEMS
                failed.append(f"{name} ({shown}{f', and {more} more' if more > 0 else ''})")
                continue
            except (AlreadyThereError, OSError) as error:
                reason = error.strerror if isinstance(error, OSError) else str(error)
                failed.append(f"{name} ({reason})")
                continue
            done.append(imported.routine.name)
            last = imported.routine.id
        parts = []
        if done:
            parts.append(f"Imported {', '.join(done)}.")
        if failed:
            parts.append(f"Not imported: {'; '.join(failed)}.")
        if parts:
            self.notice.emit(" ".join(parts))
        if done:
            self.changed.emit(last)

    def export(self, routine: Routine) -> None:
        from hipcoach.core.routine_file import RoutineFileError
        from hipcoach.ui.library.files import ExportFile

        entry = self._entry(routine)
        if entry is None:
            return
        suggested = self.backend.documents_folder() / f"{routine.id}.toml"
        path = ExportFile.ask(self.window, suggested)
        if path is None:
            return
        try:
            self.backend.export_routine(entry, path)
        except RoutineFileError as error:
            self.notice.emit(f"Cannot export {routine.name}: {error.problems[0].message}")
            return
        except OSError as error:
            self.notice.emit(f"Cannot write {path}: {error.strerror or error}")
            return
        self.notice.emit(f"Exported {routine.name} to {path}.")
