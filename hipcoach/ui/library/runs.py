"""Runs in the window: log one by hand (a small dialog), import files (a file dialog, or files
dropped on the window). What comes back is said in the window's banner, and Today is read
again. The history is written on the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QDate, QEvent, QObject, QStandardPaths, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.adapters.qt.tasks import Tasks
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import current_theme, font, set_role
from hipcoach.ui.common.widgets import plain_label

if TYPE_CHECKING:
    from hipcoach.application.runs import Imported, RunNote

RUN_SUFFIXES = (".gpx", ".tcx", ".fit", ".gpx.gz", ".tcx.gz", ".fit.gz")
FILE_FILTER = "Run files (*.gpx *.tcx *.fit *.gz);;All files (*)"


def is_run_file(path: Path) -> bool:
    return path.name.lower().endswith(RUN_SUFFIXES)


@dataclass(frozen=True, slots=True)
class RunEntry:
    """A run as the dialog takes it."""

    km: float
    minutes: float | None
    day: date


class LogRunDialog(QDialog):
    """Distance, time (optional) and day: the run as the runner remembers it."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a run")
        self.setAccessibleName("Log a run")
        theme = current_theme(parent)
        self.setStyleSheet(
            f"QAbstractSpinBox {{ background: {theme.raised}; color: {theme.text}; "
            "border: 2px solid transparent; border-radius: 10px; padding: 5px 10px; "
            f"font-size: 15px; min-height: 24px; }}"
            f"QAbstractSpinBox:focus {{ border: 2px solid {theme.accent}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        title = plain_label("Log a run", role="heading")
        layout.addWidget(title)
        self.setMinimumWidth(380)
        form = QGridLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setColumnStretch(1, 1)
        self.km = QDoubleSpinBox()
        self.km.setRange(0.1, 1000.0)
        self.km.setDecimals(2)
        self.km.setSingleStep(0.5)
        self.km.setValue(5.0)
        self.km.setSuffix(" km")
        self.km.setAccessibleName("Distance in km")
        form.addWidget(self._caption("Distance", self.km), 0, 0)
        form.addWidget(self.km, 0, 1)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 24 * 60)
        self.minutes.setSpecialValueText("not timed")
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Time in minutes (0: not timed)")
        form.addWidget(self._caption("Time", self.minutes), 1, 0)
        form.addWidget(self.minutes, 1, 1)
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Day of the run")
        form.addWidget(self._caption("Day", self.day), 2, 0)
        form.addWidget(self.day, 2, 1)
        layout.addLayout(form)
        note = plain_label(
            "A run counts from the moment you log it: the post-run stretch is due after it.",
            role="muted",
            wrap=True,
        )
        note.setFont(font(13))
        layout.addWidget(note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel")
        set_role(cancel, "quiet")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        self.save = QPushButton("Log run")
        self.save.setAccessibleName("Log run")
        self.save.setDefault(True)
        set_role(self.save, "primary")
        self.save.clicked.connect(self.accept)
        buttons.addWidget(self.save)
        layout.addLayout(buttons)
        self.km.setFocus()

    @staticmethod
    def _caption(text: str, field: QWidget) -> QWidget:
        label = plain_label(text)
        label.setFont(font(15))
        label.setBuddy(field)
        return label

    def entry(self) -> RunEntry:
        chosen = self.day.date()
        minutes = self.minutes.value()
        return RunEntry(
            self.km.value(),
            float(minutes) if minutes else None,
            date(chosen.year(), chosen.month(), chosen.day()),
        )

    @classmethod
    def ask(cls, parent: QWidget, today: date) -> RunEntry | None:
        """The run to log, or None when the runner cancels. Tests replace this."""
        dialog = cls(today, parent)
        return dialog.entry() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ChooseRunFiles:
    """Which files to import: a file dialog. Tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QWidget) -> list[Path]:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation
        ) or str(Path.home())
        names, _kind = QFileDialog.getOpenFileNames(parent, "Import runs", folder, FILE_FILTER)
        return [Path(name) for name in names]


class RunFileDrops(QObject):
    """Run files dropped on the window: taken when every file dropped is one."""

    dropped = Signal(list)  # list[Path]

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @staticmethod
    def _files(event: QDropEvent | QDragEnterEvent) -> list[Path]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        files = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
        return files if files and all(is_run_file(f) for f in files) else []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(event, QDragEnterEvent) and self._files(event):
            event.acceptProposedAction()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            files = self._files(event)
            if files:
                event.acceptProposedAction()
                self.dropped.emit(files)
                return True
        return False


class RunsSource(Protocol):
    """What the run actions ask of the backend (on the worker thread)."""

    def log_run(self, km: float, minutes: float | None, day: date) -> RunNote: ...

    def import_runs(self, files: list[Path]) -> list[Imported]: ...


def imported_text(results: list[Imported]) -> str:
    """What the banner says after an import: how many came in, and each file refused."""
    added = [r for r in results if r.note is not None]
    before = [r for r in results if r.same_as is not None]
    refused = [r for r in results if r.problem is not None]
    parts = []
    if added:
        parts.append(f"Imported {plural(len(added), 'run')}")
    if before:
        parts.append(f"{plural(len(before), 'file')} imported before, not added again")
    text = "; ".join(parts) or "Nothing imported"
    if refused:
        text += ". Not imported: " + "; ".join(f"{r.path.name}: {r.problem}" for r in refused)
    cautions = [r.note.caution for r in added if r.note is not None and r.note.caution]
    if cautions:
        text += f". Caution: {cautions[-1].text}"
    return text + "."


class RunActions(QObject):
    """Log a run and import run files for the window; ``done`` says what happened."""

    done = Signal(str)  # a line for the banner
    changed = Signal()  # the run log changed: Today and the history read again

    def __init__(
        self,
        window: QWidget,
        source: RunsSource,
        tasks: Tasks,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.source = source
        self.tasks = tasks
        self.today = today
        self.drops = RunFileDrops(window)
        self.drops.dropped.connect(self.import_files)

    def log_run(self) -> None:
        entry = LogRunDialog.ask(self.window, self.today())
        if entry is None:
            return
        source = self.source

        def logged(note: RunNote) -> None:
            from hipcoach.application.runs import describe

            line = f"Logged {describe(note.run)}."
            if note.caution is not None:
                line += f" Caution: {note.caution.text}."
            self.done.emit(line)
            self.changed.emit()

        self.tasks.run(
            lambda: source.log_run(entry.km, entry.minutes, entry.day), logged, self._failed
        )

    def choose_files(self) -> None:
        files = ChooseRunFiles.ask(self.window)
        if files:
            self.import_files(files)

    def import_files(self, files: list[Path]) -> None:
        source = self.source

        def imported(results: list[Imported]) -> None:
            self.done.emit(imported_text(results))
            if any(r.note is not None for r in results):
                self.changed.emit()

        self.tasks.run(lambda: source.import_runs(files), imported, self._failed)

    def _failed(self, error: Exception) -> None:
        from hipcoach.adapters.history.errors import HistoryError
        from hipcoach.application.backend import HistoryUnavailableError
        from hipcoach.application.runs import RunInputError

        if not isinstance(error, HistoryError | HistoryUnavailableError | RunInputError):
            raise error
        self.done.emit(f"The run was not saved: {error}")
