"""hipcoach.log: a bug's traceback kept private and bounded, one line for the runner."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach.adapters import log_file
from hipcoach.adapters.history.repository import HistoryError


@pytest.fixture(autouse=True)
def _no_log_left() -> Iterator[None]:
    yield
    for handler in list(log_file.logger.handlers):
        log_file.logger.removeHandler(handler)
        handler.close()


def boom() -> RuntimeError:
    try:
        raise RuntimeError("the second\nline")
    except RuntimeError as error:
        return error


def test_a_bug_goes_to_a_private_log_with_its_traceback(tmp_path: Path) -> None:
    path = log_file.start_log(tmp_path)
    assert not path.exists(), "nothing is created until something is logged"
    error = boom()
    assert log_file.log_bug(error) == path
    text = path.read_text()
    assert "Traceback" in text and "RuntimeError: the second" in text and "def boom" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    line = log_file.error_line(error, path)
    assert line == (
        f"unexpected error (RuntimeError: the second\\nline); the details are in {path}: "
        "please report it"
    )


def test_the_log_is_rotated_and_every_file_stays_private(tmp_path: Path) -> None:
    (tmp_path / "hipcoach.log").write_text("from an older hipcoach\n")
    (tmp_path / "hipcoach.log").chmod(0o644)
    path = log_file.start_log(tmp_path, max_bytes=2000, backups=2)
    for _ in range(40):
        log_file.log_bug(boom())
    files = sorted(tmp_path.glob("hipcoach.log*"))
    assert [f.name for f in files] == ["hipcoach.log", "hipcoach.log.1", "hipcoach.log.2"]
    assert all(f.stat().st_size <= 2000 for f in files)
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert path.read_text().count("Traceback") >= 1


def test_a_log_that_cannot_be_written_costs_only_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file.start_log(tmp_path / "missing")
    error = boom()
    assert log_file.log_bug(error) is None
    assert capsys.readouterr().err == "", "no 'Logging error' noise on the terminal"
    assert log_file.error_line(error, None).startswith("unexpected error (RuntimeError")


def test_a_known_error_is_shown_as_its_own_one_line() -> None:
    error = HistoryError("the history database x is locked by another program; try again")
    assert log_file.error_line(error, None) == str(error)
    assert log_file.one_line("a\x1b[31mred\nb") == "a\\x1b[31mred\\nb"
