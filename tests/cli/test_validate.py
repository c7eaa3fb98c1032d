"""``hipcoach validate``: circuits check out, and hostile files are one line each, at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach.cli.main import main
from tests.core.test_circuit_file import TWO_CIRCUITS


def validate(*files: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a child process: one that waits on a file is killed and fails."""
    return subprocess.run(
        [sys.executable, "-m", "hipcoach", "validate", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_a_routine_of_circuits_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "strength.toml"
    path.write_text(TWO_CIRCUITS)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: ok: Strength circuits (6 exercises, ")


def test_circuit_mistakes_are_a_line_each_at_the_key_at_fault(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'format = 1\nname = "X"\n[circuit.glutes]\nrounds = 0\n[circuit.spare]\nrounds = 2\n'
        '[[exercise]]\nname = "Bridge"\ncircuit = "glutes"\nreps = 10\nsets = 2\n'
    )
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f'{path}:4: circuit "glutes": rounds = 0 is out of bounds (1 to 20)',
        f'{path}:5: circuit "spare": no exercise is in it: add circuit = "spare" to its '
        "exercises, or remove the table",
        f'{path}:11: exercise "Bridge": sets do not apply to an exercise of a circuit, whose '
        "rounds repeat it: remove sets, or set rounds in [circuit.glutes]",
    ]


def test_fifos_devices_and_folders_are_refused_at_line_1_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    link = tmp_path / "link.toml"
    link.symlink_to(fifo)
    device = tmp_path / "null.toml"
    device.symlink_to("/dev/null")
    good = tmp_path / "good.toml"
    good.write_text(TWO_CIRCUITS)
    result = validate(fifo, link, device, tmp_path, good)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{fifo}:1: not a regular file (a named pipe): a routine must be a plain .toml file",
        f"{link}:1: not a regular file (a named pipe): a routine must be a plain .toml file",
        f"{device}:1: not a regular file (a character device): a routine must be a plain "
        ".toml file",
        f"{tmp_path}:1: not a regular file (a folder): a routine must be a plain .toml file",
    ]
    assert result.stdout.startswith(f"{good}: ok: ")


def test_a_number_of_thousands_of_digits_is_one_line(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    huge.write_text(f'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = {"9" * 5000}\n')
    ranged = tmp_path / "ranged.toml"
    ranged.write_text(
        f'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nreps = "1-{"9" * 5000}"\n'
    )
    result = validate(huge, ranged)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{huge}:5: a number of more than 4,300 digits: numbers in a routine have at most 9 digits",
        f'{ranged}:5: exercise "A": reps range has a number of more than 9 digits: it must be '
        "1 to 500",
    ]


def test_escapes_and_line_breaks_in_file_names_and_keys_stay_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "red\x1b[31m\nrest.toml"
    path.write_text(
        'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n"two\\nlines\\u001b[2J" = 1\n'
    )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.splitlines() == [
        f'{tmp_path}/red\\x1b[31m\\nrest.toml:6: exercise "A": unknown key "two\\nlines\\x1b[2J"'
    ]


def test_a_timeline_too_big_to_run_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "marathon.toml"
    exercises = "".join(
        f'[[exercise]]\nname = "E{i}"\nreps = 500\nsets = 20\n' for i in range(2000)
    )
    path.write_text(f'format = 1\nname = "X"\n{exercises}')
    result = validate(path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}:1: too long to run (")
