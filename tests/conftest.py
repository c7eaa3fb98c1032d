"""Shared test set-up: GUI tests run offscreen, and nothing touches the user's own data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Folders a test makes are private, as hipcoach makes its own: a data folder others can read
# is reported (docs/command-line.md), and only the tests of that report make one.
os.umask(0o077)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own data folder, so none can read or write a real history."""
    folder = tmp_path_factory.mktemp("data") / "hipcoach"
    monkeypatch.setenv("HIPCOACH_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(_private_data_dir: Path) -> Path:
    return _private_data_dir


@pytest.fixture
def write_routine(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a routine file from text and return its path."""

    def write(text: str, name: str = "hips.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
