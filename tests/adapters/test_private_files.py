"""Every file hipcoach writes for the runner appears whole or not at all, and is theirs alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hipcoach.adapters.private_files import save_atomically


def test_a_save_is_private_and_replaces_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "hips.toml"
    path.write_text("old")
    path.chmod(0o644)
    save_atomically(path, "new ✓")
    assert path.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["hips.toml"]


def test_bytes_are_written_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    save_atomically(path, b"%PDF-1.4\r\n\x00\xff")
    assert path.read_bytes() == b"%PDF-1.4\r\n\x00\xff"


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("old")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class HalfWritten:
            def __init__(self, descriptor: int, mode: str) -> None:
                self.file = real_fdopen(descriptor, mode)

            def __enter__(self) -> HalfWritten:
                return self

            def __exit__(self, *_exc: object) -> None:
                self.file.close()

            def write(self, data: bytes) -> None:
                self.file.write(data[:100])
                full_disk()

        monkeypatch.setattr(os, "fdopen", HalfWritten)
    elif failing == "fsync":
        monkeypatch.setattr(os, "fsync", full_disk)
    else:
        monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        save_atomically(path, "new " * 10_000)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]
