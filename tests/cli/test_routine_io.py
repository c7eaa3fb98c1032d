"""``hipcoach import`` and ``hipcoach export`` (docs/command-line.md): files in and out of
the runner's routines folder, comments and all."""

from __future__ import annotations

import json
import os
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from hipcoach.adapters import paths
from hipcoach.cli.main import main
from hipcoach.core.library import routine_files
from hipcoach.core.plan import make_plan
from hipcoach.core.routine_file import load_routine, parse_routine

BUILT_IN = routine_files(paths.built_in_routines())

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


def routines_json(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert main(["routines", "--json"]) == 0
    return {row["id"]: row for row in json.loads(capsys.readouterr().out)}


# -- export --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUILT_IN, ids=lambda p: p.stem)
def test_every_built_in_exports_to_a_file_that_plans_exactly_like_it(
    path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    built_in = load_routine(path)
    assert main(["export", built_in.id]) == 0
    raw = capsysbinary.readouterr().out
    exported = parse_routine(raw, "any-other-name.toml", "any-other-name")
    assert make_plan(exported).to_json() == make_plan(built_in).to_json()
    assert replace(exported, source_path="") == replace(built_in, source_path="")
    shipped = path.read_bytes()
    if b"\nid = " not in shipped:  # the shipped file, comments and all, plus its id
        added = [line for line in raw.splitlines() if line not in shipped.splitlines()]
        assert added == [f'id = "{built_in.id}"'.encode()]


def test_a_users_file_is_exported_exactly_as_written(
    data_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    (data_dir / "routines").mkdir(parents=True)
    written = MINE.replace("\n", "\r\n").encode()
    (data_dir / "routines" / "physio-hips.toml").write_bytes(written)
    assert main(["export", "physio-hips"]) == 0
    assert capsysbinary.readouterr().out == written


def test_export_to_a_file_writes_it_privately(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    target = tmp_path / "my-strength.toml"
    target.write_text("an older export")
    assert main(["export", "hip-strength", "-o", str(target)]) == 0
    assert capsysbinary.readouterr().out == b""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["my-strength.toml"]
    assert load_routine(target).id == "hip-strength"


def test_a_routine_file_given_by_path_is_exported_as_written(
    write_routine, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(MINE, "mine.toml")
    assert main(["export", str(path)]) == 0
    assert capsysbinary.readouterr().out == MINE.encode()


def test_export_of_an_unknown_routine_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "hip-strenght"]) == 2
    err = capsys.readouterr().err
    assert err == 'hipcoach: no routine with id "hip-strenght" (hipcoach routines lists them)\n'


def test_export_of_a_broken_user_routine_names_its_lines(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "routines").mkdir(parents=True)
    broken = data_dir / "routines" / "broken.toml"
    broken.write_text('format = 1\nname = "Broken"\n[[exercise]]\nname = "A"\n')
    assert main(["export", "broken"]) == 2
    assert capsys.readouterr().err.startswith(f"{broken}:3: ")


def test_export_into_a_folder_that_is_not_there_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "hip-strength", "-o", str(tmp_path / "no" / "x.toml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hipcoach: cannot write ") and err.count("\n") == 1


# -- import --------------------------------------------------------------------------------


def test_an_imported_file_is_copied_as_written_under_its_id(
    data_dir: Path, write_routine, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    source = write_routine(MINE, "Physio Hips.toml")
    assert main(["import", str(source)]) == 0
    assert capsys.readouterr().out == f"{source}: imported Physio hips as physio-hips\n"
    copied = data_dir / "routines" / "physio-hips.toml"
    assert copied.read_bytes() == source.read_bytes()  # comments and all
    assert stat.S_IMODE(copied.stat().st_mode) == 0o600
    assert stat.S_IMODE(copied.parent.stat().st_mode) == 0o700
    assert routines_json(capsys)["physio-hips"]["source"] == "user"


def test_an_id_in_the_file_names_the_copy(data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    source = write_routine(MINE.replace("format = 1\n", 'format = 1\nid = "physio"\n'))
    assert main(["import", str(source)]) == 0
    assert [p.name for p in (data_dir / "routines").iterdir()] == ["physio.toml"]


def test_an_id_the_runner_has_is_refused_unless_replace(
    data_dir: Path, write_routine, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    folder = data_dir / "routines"
    folder.mkdir(parents=True)
    old = folder / "older copy.toml"  # another name, the same id
    old.write_text(MINE.replace("format = 1\n", 'format = 1\nid = "physio-hips"\n'))
    source = write_routine(MINE.replace("Physio hips", "Physio hips, v2"), "physio-hips.toml")
    assert main(["import", str(source)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f'hipcoach: {source}: you have a routine "physio-hips" already ({old}): '
        "add --replace to replace it\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["older copy.toml"]

    assert main(["import", str(source), "--replace"]) == 0
    assert "replacing your older copy.toml" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["physio-hips.toml"]
    assert routines_json(capsys)["physio-hips"]["name"] == "Physio hips, v2"


def test_a_bad_file_is_reported_by_line_and_not_copied(
    data_dir: Path, write_routine, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    bad = write_routine(MINE.replace('reps = "10-15"', 'reps = "10-15"\nsied = "each"'), "bad.toml")
    good = write_routine(MINE, "good.toml")
    assert main(["import", str(bad), str(good)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f'{bad}:10: exercise "Glute bridges": unknown key "sied"')
    assert captured.err.count("\n") == 1
    assert captured.out == f"{good}: imported Physio hips as good\n"
    assert [p.name for p in (data_dir / "routines").iterdir()] == ["good.toml"]


def test_a_named_pipe_is_refused_at_once(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "hips.toml"
    os.mkfifo(fifo)
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(main(["import", str(fifo)])))
    worker.start()
    worker.join(timeout=10)
    assert result == [2], "import waited on a named pipe"
    assert capsys.readouterr().err.startswith(f"{fifo}:1: not a regular file")
    assert not (data_dir / "routines").exists()


def test_an_export_imported_again_is_the_built_in_in_the_runners_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "my-strength.toml"
    assert main(["export", "hip-strength", "-o", str(exported)]) == 0
    built_in = routines_json(capsys)["hip-strength"]
    assert main(["import", str(exported)]) == 0
    assert capsys.readouterr().out == (
        f"{exported}: imported Hip strength as hip-strength, in place of the built-in one\n"
    )
    mine = routines_json(capsys)["hip-strength"]
    assert mine == {**built_in, "source": "user"}
