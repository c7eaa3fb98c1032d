"""The folders are the architecture, and the project speaks of its own references only."""

from __future__ import annotations

import subprocess

from tests.conftest import REPO

LAYERS = {"core", "application", "adapters", "cli", "ui"}
PAGES = {"library", "editor", "before", "player", "after", "history", "settings", "shell", "common"}


def test_the_package_shows_its_layers_and_the_ui_its_pages() -> None:
    package = REPO / "hipcoach"
    assert {p.name for p in package.iterdir() if p.is_dir()} >= LAYERS
    assert (package / "app.py").is_file(), "the composition root"
    assert {p.name for p in (package / "ui").iterdir() if p.is_dir()} >= PAGES
    assert not (package / "history").exists() and not (package / "audio").exists()


def test_no_file_cites_a_page_that_is_not_in_the_repository() -> None:
    """The contracts live in docs/; code and tests cite those files, never the spec."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.toml", "*.sh", "*.cfg", "Makefile"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    word = "SP" + "EC"  # spelt apart, so this file does not cite it
    citing = [
        name
        for name in tracked
        if (REPO / name).is_file() and word in (REPO / name).read_text(encoding="utf-8")
    ]
    assert citing == []


def test_every_reference_the_code_cites_exists() -> None:
    for name in ("routine-format.md", "command-line.md", "coaching.md"):
        assert (REPO / "docs" / name).is_file(), name
