"""The folders hipcoach makes are private, whatever the umask; one others can read is said."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach.adapters import paths


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    before = os.umask(0o022)  # the usual one: folders 755, files 644
    yield
    os.umask(before)


@pytest.mark.usefixtures("loose_umask")
def test_every_folder_made_on_the_way_is_700(tmp_path: Path) -> None:
    (tmp_path / "there").mkdir(mode=0o755)
    made = paths.private_folder(tmp_path / "there" / "a" / "b" / "hipcoach")
    assert made.is_dir()
    assert [mode(p) for p in (made, made.parent, made.parent.parent)] == [0o700] * 3
    assert mode(tmp_path / "there") == 0o755, "a folder that was there keeps its mode"


@pytest.mark.usefixtures("loose_umask")
def test_the_data_folder_and_the_folders_above_it_are_made_private(tmp_path: Path) -> None:
    folder = paths.prepare_data_dir(tmp_path / "home" / "share" / "hipcoach")
    assert [mode(folder), mode(folder.parent), mode(folder.parent.parent)] == [0o700] * 3


def test_a_data_folder_others_can_read_is_said_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "my data"
    folder.mkdir(mode=0o700)
    assert paths.open_to_others(folder) is None
    folder.chmod(0o755)
    assert paths.open_to_others(folder) == (
        f"your data folder {folder} can be read by other users of this computer (mode 755); "
        f"`chmod 700 '{folder}'` keeps your history private"
    )
    assert mode(folder) == 0o755, "said, not changed behind the runner's back"
