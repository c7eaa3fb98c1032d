"""The library: built-ins plus the user's own, a bad file costing only itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach.core.library import Source, load_library

ONE = 'format = 1\nname = "{name}"\n[[exercise]]\nname = "A"\nhold = 5\n'


def test_user_routines_override_built_ins_by_id_and_bad_files_cost_only_themselves(
    tmp_path: Path,
) -> None:
    built_in, user = tmp_path / "built-in", tmp_path / "user"
    built_in.mkdir()
    user.mkdir()
    (built_in / "stretch.toml").write_text(ONE.format(name="Shipped stretch"))
    (built_in / "yoga.toml").write_text(ONE.format(name="Yoga"))
    (user / "stretch.toml").write_text(ONE.format(name="My stretch"))
    (user / "broken.toml").write_text('format = 1\nname = "Broken"\n')
    (user / "notes.txt").write_text("not a routine")

    library = load_library(built_in, user)

    assert [(e.routine.id, e.routine.name, e.source) for e in library.entries] == [
        ("stretch", "My stretch", Source.USER),
        ("yoga", "Yoga", Source.BUILT_IN),
    ]
    assert [str(p) for p in library.problems] == [
        f"{user / 'broken.toml'}:1: no exercises: add at least one [[exercise]] table"
    ]
    assert library.find("broken") is None
    assert library.problems_for("broken") == list(library.problems)


def test_a_missing_user_folder_is_no_problem(tmp_path: Path) -> None:
    built_in = tmp_path / "b"
    built_in.mkdir()
    (built_in / "a.toml").write_text(ONE.format(name="A"))
    library = load_library(built_in, tmp_path / "nowhere")
    assert [e.routine.id for e in library.entries] == ["a"]
    assert library.problems == ()


def test_two_user_files_claiming_one_id(tmp_path: Path) -> None:
    user = tmp_path / "u"
    user.mkdir()
    (user / "a.toml").write_text(ONE.format(name="A"))
    (user / "b.toml").write_text(ONE.format(name="B").replace("format = 1", 'format = 1\nid = "a"'))
    library = load_library(tmp_path / "none", user)
    assert [e.routine.name for e in library.entries] == ["A"]
    assert [str(p) for p in library.problems] == [
        f'{user / "b.toml"}:1: id "a" is already used by {user / "a.toml"}'
    ]


def built_ins(tmp_path: Path) -> Path:
    folder = tmp_path / "built-in"
    folder.mkdir()
    (folder / "yoga.toml").write_text(ONE.format(name="Yoga"))
    return folder


def test_a_file_where_the_user_folder_should_be_is_said_in_one_line(tmp_path: Path) -> None:
    user = tmp_path / "routines"
    user.write_text("not a folder")
    library = load_library(built_ins(tmp_path), user)
    assert [e.routine.id for e in library.entries] == ["yoga"], "the built-ins still load"
    assert library.notices == (
        f"your routines folder {user} is a file, not a folder, so its routines are not "
        "shown: move the file aside and put routine files in a folder of that name",
    )


def test_a_user_folder_that_cannot_be_read_is_said_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    (user / "mine.toml").write_text(ONE.format(name="Mine"))
    listing = Path.iterdir

    def unreadable(folder: Path) -> Iterator[Path]:
        if folder == user:  # as chmod 000 does for anyone but root
            raise PermissionError(13, "Permission denied", str(folder))
        return listing(folder)

    monkeypatch.setattr(Path, "iterdir", unreadable)
    library = load_library(built_ins(tmp_path), user)
    assert [e.routine.id for e in library.entries] == ["yoga"]
    assert library.notices == (
        f"your routines folder {user} cannot be read (Permission denied), so its routines "
        "are not shown: make it readable for you",
    )
