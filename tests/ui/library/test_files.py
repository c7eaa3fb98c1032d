"""Routine files from the library: New, Duplicate, Import (a file dialog, or .toml files
dropped on the window) and Export (a save dialog that starts in the documents folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from hipcoach.adapters.user_routines import exported_bytes
from hipcoach.application.backend import Backend
from hipcoach.core.plan import make_plan
from hipcoach.core.routine_file import load_routine, parse_routine
from hipcoach.ui.editor.dialogs import Leave, UnsavedChanges
from hipcoach.ui.library.files import ConfirmReplace, ExportFile, ImportFiles
from hipcoach.ui.shell.main_window import MainWindow

MINE = """\
# My own hips, from the physio.
format = 1
name = "Physio hips"   # as she calls it
kind = "strength"

[[exercise]]
name = "Glute bridges"
# slow on the way down
reps = "10-15"
tempo = [1, 3, 2]
"""


@pytest.fixture(autouse=True)
def _never_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor left with edits at the end of a test closes without a dialog waiting."""
    monkeypatch.setattr(UnsavedChanges, "ask", classmethod(lambda cls, *args: Leave.DISCARD))


def notices(window: MainWindow) -> list[str]:
    return [banner.message.text() for banner in window.visible_banners()]


@pytest.fixture
def picked(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """The files the import dialog hands back, one list per time it is opened."""
    answers: list[list[Path]] = []
    starts: list[Path] = []

    def ask(cls: type, parent: object, start: Path) -> list[Path]:
        starts.append(start)
        return answers.pop(0) if answers else []

    monkeypatch.setattr(ImportFiles, "ask", classmethod(ask))
    return answers


def test_import_copies_the_file_as_written_and_lists_it(
    qtbot: QtBot, window: MainWindow, picked: list[list[Path]], tmp_path: Path, user_routines: Path
) -> None:
    source = tmp_path / "from-the-physio.toml"
    source.write_text(MINE, encoding="utf-8")
    picked.append([source])
    qtbot.mouseClick(window.library_page.import_button, Qt.MouseButton.LeftButton)
    copied = user_routines / "from-the-physio.toml"
    assert copied.read_text(encoding="utf-8") == MINE  # comments and all
    card = window.library_page.card("from-the-physio")
    assert card is not None and "YOURS" in card.kind.text()
    assert window.library_page.detail.title.text() == "Physio hips"
    assert notices(window) == ["Imported Physio hips."]


def test_a_bad_file_is_said_by_line_and_not_copied(
    qtbot: QtBot, window: MainWindow, picked: list[list[Path]], tmp_path: Path, user_routines: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(MINE.replace('reps = "10-15"', 'reps = "15-10"'), encoding="utf-8")
    picked.append([bad])
    qtbot.mouseClick(window.library_page.import_button, Qt.MouseButton.LeftButton)
    assert not (user_routines / "bad.toml").exists()
    assert notices(window) == [
        'Not imported: bad.toml (line 9: exercise "Glute bridges": reps range "15-10" must '
        "go from low to high)."
    ]


def test_an_id_you_have_is_replaced_only_when_you_say_so(
    qtbot: QtBot,
    window: MainWindow,
    picked: list[list[Path]],
    tmp_path: Path,
    user_routines: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "quick.toml"  # the id of the test's own routine
    other.write_text(MINE, encoding="utf-8")
    replies = [False, True]
    asked: list[tuple[str, str]] = []

    def ask(cls: type, parent: object, file_name: str, routine_id: str) -> bool:
        asked.append((file_name, routine_id))
        return replies.pop(0)

    monkeypatch.setattr(ConfirmReplace, "ask", classmethod(ask))
    before = (user_routines / "quick.toml").read_text(encoding="utf-8")
    picked.append([other])
    qtbot.mouseClick(window.library_page.import_button, Qt.MouseButton.LeftButton)
    assert (user_routines / "quick.toml").read_text(encoding="utf-8") == before
    picked.append([other])
    qtbot.mouseClick(window.library_page.import_button, Qt.MouseButton.LeftButton)
    assert asked == [("quick.toml", "quick")] * 2
    assert (user_routines / "quick.toml").read_text(encoding="utf-8") == MINE
    card = window.library_page.card("quick")
    assert card is not None and card.name.text() == "Physio hips"


def test_toml_files_dropped_on_the_window_are_imported(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, user_routines: Path
) -> None:
    source = tmp_path / "dropped.toml"
    source.write_text(MINE, encoding="utf-8")
    note = tmp_path / "notes.txt"
    note.write_text("not a routine", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(source)), QUrl.fromLocalFile(str(note))])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert (user_routines / "dropped.toml").read_text(encoding="utf-8") == MINE
    assert not (user_routines / "notes.txt").exists()
    assert window.library_page.card("dropped") is not None


def test_export_starts_in_the_documents_folder_and_writes_a_file_that_plans_the_same(
    qtbot: QtBot,
    window: MainWindow,
    backend: Backend,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    suggested: list[Path] = []
    target = tmp_path / "out" / "hips-for-my-physio.toml"
    target.parent.mkdir()

    def ask(cls: type, parent: object, where: Path) -> Path | None:
        suggested.append(where)
        return target

    monkeypatch.setattr(ExportFile, "ask", classmethod(ask))
    library = window.library_page
    card = library.card("hip-strength")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(library.detail.export_button, Qt.MouseButton.LeftButton)
    assert suggested == [Path(platformdirs.user_documents_dir()) / "hip-strength.toml"]
    entry = backend.library().find("hip-strength")
    assert entry is not None
    assert target.read_bytes() == exported_bytes(entry)
    exported = load_routine(target)  # under another file name, still the same routine
    assert exported.id == "hip-strength"
    assert (
        make_plan(exported).phases
        == make_plan(parse_routine(entry.path.read_bytes(), str(entry.path), "hip-strength")).phases
    )
    assert notices(window) == [f"Exported Hip strength to {target}."]


def test_new_and_duplicate_open_the_editor_on_a_routine_not_saved_yet(
    qtbot: QtBot, window: MainWindow, user_routines: Path
) -> None:
    library = window.library_page
    qtbot.mouseClick(library.new_button, Qt.MouseButton.LeftButton)
    editor = window.editor
    assert window.pages.currentWidget() is editor
    assert editor.routine_form.name.text() == "New routine"
    assert editor.state.text().startswith("New, not saved yet")
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)  # nothing typed: no question
    assert window.pages.currentWidget() is library
    assert not (user_routines / "new-routine.toml").exists()

    card = library.card("quick")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(library.detail.duplicate_button, Qt.MouseButton.LeftButton)
    assert editor.routine_form.name.text() == "Quick check (copy)"
    qtbot.keyClick(editor.routine_form.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = user_routines / "quick-check-copy.toml"
    assert saved.exists() and load_routine(saved).name == "Quick check (copy)"
    assert "Saved" in editor.state.text()


def test_a_built_in_cannot_be_deleted(qtbot: QtBot, window: MainWindow) -> None:
    library = window.library_page
    card = library.card("hip-strength")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert not library.detail.delete_button.isEnabled()
    card = library.card("quick")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert library.detail.delete_button.isEnabled()
    assert library.detail.delete_button.accessibleName() == "Delete this routine"
