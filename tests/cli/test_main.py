"""The command line contract: output, exit codes, one-line errors, the data folder."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach.cli.main import build_parser, command_asked, main
from tests.core.test_plan import phase

GOOD = 'format = 1\nname = "Mine"\nkind = "yoga"\n[[exercise]]\nname = "A"\nhold = 20\n'


def hipcoach(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process, as a user or script would."""
    return subprocess.run(
        [sys.executable, "-m", "hipcoach", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def test_routines_json_lists_every_built_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routines", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) >= {"post-run-stretch", "hip-strength", "yoga-hip-flow", "foam-roll"}
    strength = by_id["hip-strength"]
    assert set(strength) == {"id", "name", "kind", "total_seconds", "exercises", "source"}
    assert strength["kind"] == "strength"
    assert strength["source"] == "built-in"
    assert strength["exercises"] == 4


def test_routines_table_is_aligned_with_m_ss_times(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "TIME", "EXERCISES", "SOURCE"]
    time_end = lines[0].index("TIME") + len("TIME")
    for line in lines[1:]:
        assert line[time_end - 5 : time_end].strip().count(":") == 1, line


def test_a_user_routine_overrides_a_built_in(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "routines").mkdir(parents=True)
    (data_dir / "routines" / "hip-strength.toml").write_text(GOOD)
    assert main(["routines", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["hip-strength"]["name"] == "Mine"
    assert rows["hip-strength"]["source"] == "user"
    assert rows["hip-strength"]["total_seconds"] == 25


def test_plan_json_by_id_and_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "post-run-stretch", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["routine"] == "post-run-stretch"
    assert plan["total_seconds"] == sum(p["seconds"] for p in plan["phases"])
    assert plan["phases"][0]["kind"] == "prepare"

    path = tmp_path / "custom.toml"
    path.write_text(GOOD)
    assert main(["plan", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["phases"] == [
        phase("prepare", "A", None, 5),
        phase("work", "A", None, 20, 20, "s"),
    ]


def test_plan_for_people_shows_the_timeline_and_total(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "hip-strength"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Hip strength (hip-strength)"
    assert out[1].split() == ["AT", "PHASE", "EXERCISE", "SIDE", "SET", "ROUND", "DOSE", "TIME"]
    assert out[2].split()[:2] == ["0:00", "prepare"]
    assert out[-1].startswith("Total 17:30: 4 exercises")


def test_unknown_routine_is_bad_input() -> None:
    result = hipcoach("plan", "no-such-routine")
    assert result.returncode == 2
    assert (
        result.stderr
        == 'hipcoach: no routine with id "no-such-routine" (hipcoach routines lists them)\n'
    )
    assert result.stdout == ""


def test_validate_reports_each_file_and_exits_2_on_any_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nname = "B"\n[[exercise]]\nname = "Clamshell"\nhold = 5\nreps = 3\n')
    result = hipcoach("validate", str(good), str(bad))
    assert result.returncode == 2
    assert result.stdout == f"{good}: ok: Mine (1 exercise, 0:25)\n"
    assert result.stderr == (
        f'{bad}:6: exercise "Clamshell": give exactly one of hold, breaths, reps\n'
    )
    assert hipcoach("validate", str(good)).returncode == 0


def test_validate_on_a_missing_or_binary_file_is_one_line_without_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "x.toml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    result = hipcoach("validate", str(tmp_path / "missing.toml"), str(binary))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'missing.toml'}:1: cannot be read: No such file or directory",
        f"{binary}:1: not UTF-8 text (the first bad byte is on line 1)",
    ]


def test_plan_of_an_invalid_path_is_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nname = "B"\n')
    result = hipcoach("plan", str(bad))
    assert result.returncode == 2
    assert (
        result.stderr == f"hipcoach: {bad}:1: no exercises: add at least one [[exercise]] table\n"
    )


@pytest.mark.parametrize(
    "args",
    [["--bogus"], ["plan"], ["gui", "--speed", "0"], ["gui", "--speed", "fast"], ["frobnicate"]],
)
def test_bad_options_are_one_line_and_exit_2(args: list[str]) -> None:
    result = hipcoach(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("hipcoach: ")


def test_data_dir_is_created_private(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "data"
    result = hipcoach("--data-dir", str(folder), "routines")
    assert result.returncode == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_data_dir_from_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "env-data"
    assert hipcoach("routines", env={"HIPCOACH_DATA_DIR": str(folder)}).returncode == 0
    assert folder.is_dir()


@pytest.mark.parametrize("where", ["before the command", "after the command"])
def test_data_dir_may_come_before_or_after_the_command_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    folder = tmp_path / "elsewhere"
    (folder / "routines").mkdir(parents=True)
    (folder / "routines" / "mine.toml").write_text(GOOD)
    option = ["--data-dir", str(folder)]
    args = (
        [*option, "routines", "--json"]
        if where == "before the command"
        else ["routines", "--json", *option]
    )
    assert main(args) == 0
    ids = {row["id"] for row in json.loads(capsys.readouterr().out)}
    assert "mine" in ids


def test_gui_takes_data_dir_after_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``hipcoach gui --data-dir X``: the folder is X (made private) even where no window
    can open."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "gui-data"
    assert main(["gui", "--data-dir", str(folder)]) == 1
    assert "display" in capsys.readouterr().err
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_data_dir_that_cannot_be_created_is_one_line_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = hipcoach("--data-dir", str(blocker / "data"), "routines")
    assert result.returncode == 1
    assert result.stderr.startswith(f"hipcoach: cannot create the data folder {blocker / 'data'}")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("args", [[], ["gui"]])
def test_without_a_display_the_app_says_so_instead_of_aborting(args: list[str]) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "hipcoach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "display" in result.stderr
    assert "hipcoach run" in result.stderr


def test_an_unreachable_display_is_reported_too() -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run(
        [sys.executable, "-m", "hipcoach"],
        capture_output=True,
        text=True,
        env={**env, "DISPLAY": ":987"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "display :987" in result.stderr


def test_plan_output_closed_early_is_not_a_traceback() -> None:
    pipeline = subprocess.run(
        f"{sys.executable} -m hipcoach plan hip-strength | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert pipeline.stdout == "Hip strength (hip-strength)\n"
    assert "Traceback" not in pipeline.stderr


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hipcoach.adapters import log_file
    from hipcoach.cli import main as cli

    def broken(*_args: object, **_kwargs: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "_routines", broken)
    try:
        assert main(["routines"]) == 1
    finally:
        for handler in list(log_file.logger.handlers):
            log_file.logger.removeHandler(handler)
            handler.close()
    err = capsys.readouterr().err
    log = data_dir / "hipcoach.log"
    assert err == (
        f"hipcoach: unexpected error (ZeroDivisionError: division by zero); the details are "
        f"in {log}: please report it\n"
    )
    assert "Traceback" in log.read_text() and "in broken" in log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("error", "code"),
    [
        ("hipcoach.adapters.audio.speech:SpeechError", 1),
        ("hipcoach.adapters.history.locks:SessionLockedError", 1),
        ("hipcoach.core.errors:BadInputError", 2),
    ],
)
def test_every_known_error_is_one_line_with_its_exit_code(
    error: str, code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib

    from hipcoach.cli import main as cli

    module, name = error.split(":")
    kind = getattr(importlib.import_module(module), name)

    def failing(*_args: object, **_kwargs: object) -> int:
        raise kind("what went wrong, and what to do")

    monkeypatch.setattr(cli, "_routines", failing)
    assert main(["routines"]) == code
    assert capsys.readouterr().err == "hipcoach: what went wrong, and what to do\n"


SPEED_ERROR = "hipcoach: argument --speed: --speed takes a number above 0 (such as 2 or 0.5), not {!r} (see hipcoach --help)\n"


@pytest.mark.parametrize("command", ["run", "gui"])
@pytest.mark.parametrize("speed", ["0", "-1", "-inf", "inf", "nan", "1e999", "fast", "-0.5"])
def test_every_bad_speed_gets_the_same_one_line(
    command: str, speed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    routine = ["hip-strength"] if command == "run" else []
    assert main([command, *routine, "--speed", speed]) == 2
    assert capsys.readouterr().err == SPEED_ERROR.format(speed)
    assert main([command, *routine, f"--speed={speed}"]) == 2
    assert capsys.readouterr().err == SPEED_ERROR.format(speed)


def test_an_empty_data_dir_is_refused_rather_than_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", "", "history"]) == 2
    assert capsys.readouterr().err == (
        "hipcoach: argument --data-dir: --data-dir takes a folder, not an empty string "
        "(see hipcoach --help)\n"
    )
    assert list(tmp_path.iterdir()) == [], "nothing was made in the current folder"


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("UTC", "0001-01-01"),
        ("Europe/Berlin", "0001-01-01"),
        ("Pacific/Kiritimati", "0001-01-01"),
    ],
)
def test_a_since_with_no_local_midnight_is_one_line_and_exit_2(zone: str, day: str) -> None:
    result = hipcoach("history", "--since", day, env={"TZ": zone})
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"hipcoach: argument --since: --since {day}: that day's local midnight is out of the "
        "range of dates a clock can give; take a date closer to now (see hipcoach --help)\n"
    )


@pytest.mark.parametrize("day", ["0001-01-02", "9999-12-31"])
def test_the_far_dates_that_have_a_local_midnight_still_work(day: str) -> None:
    result = hipcoach("history", "--since", day, env={"TZ": "Pacific/Kiritimati"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"No sessions since {day}.")


def test_a_data_folder_others_can_read_is_reported_in_one_line_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    result = hipcoach("--data-dir", str(folder), "routines", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout), "the command itself still works"
    assert result.stderr.splitlines() == [
        f"hipcoach: your data folder {folder} can be read by other users of this computer "
        f"(mode 755); `chmod 700 {folder}` keeps your history private"
    ]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_a_routines_folder_that_is_a_file_is_one_line_and_the_built_ins_still_list(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True, mode=0o700)
    (data_dir / "routines").write_text("oops")
    result = hipcoach("routines", "--json")
    assert result.returncode == 0
    assert {row["id"] for row in json.loads(result.stdout)} >= {"hip-strength"}
    assert result.stderr.splitlines() == [
        f"hipcoach: your routines folder {data_dir / 'routines'} is a file, not a folder, so "
        "its routines are not shown: move the file aside and put routine files in a folder "
        "of that name"
    ]


def test_a_read_only_data_folder_still_lists_and_plans(data_dir: Path) -> None:
    """Root is not stopped by file modes: a read-only mount (in a mount namespace of its
    own) makes the folder read-only for root too."""
    data_dir.mkdir(parents=True, mode=0o700)
    (data_dir / "routines").mkdir(mode=0o700)
    (data_dir / "routines" / "mine.toml").write_text(GOOD)
    commands = [["routines", "--json"], ["plan", "mine", "--json"]]
    if os.geteuid() != 0:
        data_dir.chmod(0o500)
        try:
            results = [hipcoach("--data-dir", str(data_dir), *c) for c in commands]
        finally:
            data_dir.chmod(0o700)
    else:
        if shutil.which("unshare") is None or shutil.which("mount") is None:
            pytest.skip("needs unshare(1) and mount(8) to make a read-only mount as root")
        probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=30)
        if probe.returncode != 0:
            pytest.skip("cannot make a mount namespace here")
        results = []
        for command in commands:
            script = (
                f'mount --bind -o ro "{data_dir}" "{data_dir}" && exec "{sys.executable}" '
                f'-m hipcoach --data-dir "{data_dir}" ' + " ".join(command)
            )
            results.append(
                subprocess.run(
                    ["unshare", "-m", "sh", "-c", script],
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
            )
    listed, planned = results
    assert listed.returncode == 0, listed.stderr
    assert "mine" in {row["id"] for row in json.loads(listed.stdout)}
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout)["routine"] == "mine"
    assert listed.stderr == planned.stderr == ""


@pytest.mark.parametrize("argv", [["gui"], ["--data-dir", "x", "gui"], ["run", "p"], []])
def test_each_command_lists_every_other_as_the_full_help_does(argv: list[str]) -> None:
    """Only the command asked for is parsed in full (the others' modules wait): the list of
    commands in ``--help`` reads the same either way."""
    full = build_parser(None)
    only = build_parser(command_asked(argv))
    assert only.format_help() == full.format_help()


def test_the_window_command_loads_no_other_commands_module() -> None:
    """``hipcoach gui`` parses its line without the other commands' modules and the core's
    routines and coaching, which the window reads after its first paint."""
    code = (
        "import sys\n"
        "from hipcoach.cli.main import build_parser, command_asked\n"
        "argv = ['--data-dir', 'x', 'gui', '--routine', 'quick']\n"
        "build_parser(command_asked(argv)).parse_args(argv)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('hipcoach.cli.', "
        "'hipcoach.core.coaching', 'hipcoach.core.library'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "['hipcoach.cli.main']"


@pytest.mark.parametrize(
    ("argv", "asked"),
    [
        (["--data-dir", "x", "runs", "add"], "runs"),
        (["--help"], None),
        (["nonsense"], None),
        (["--data-dir", "gui"], "gui"),  # the folder is called gui; no command: the window
    ],
)
def test_the_command_asked_is_the_first_word_that_is_no_option(
    argv: list[str], asked: str | None
) -> None:
    assert command_asked(argv) == asked
