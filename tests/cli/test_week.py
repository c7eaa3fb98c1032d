"""``hipcoach today``, ``hipcoach runs`` and the plan in ``validate`` and ``run``: output,
JSON, one-line errors and exit codes as docs/command-line.md gives them."""

from __future__ import annotations

import json
import os
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from hipcoach.cli.main import main
from tests.adapters.fit_file import FitWriter
from tests.adapters.run_samples import START, gpx_text, tcx_text

BAD_PLAN = 'format = 1\n[[routine]]\nid = "hip-strength"\nper_week = "0-3"\nspacing = true\n'


def plan(data_dir: Path, text: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_today_json_is_an_object_with_a_due_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "add", "--km", "6.5"]) == 0
    capsys.readouterr()
    assert main(["today", "--json"]) == 0
    today = json.loads(capsys.readouterr().out)
    assert today["date"] == date.today().isoformat()
    due = {d["routine"]: d for d in today["due"]}
    assert due["post-run-stretch"]["why"] == "after today's 6.5 km run"
    assert due["post-run-stretch"]["name"] == "Post-run hip stretch"
    assert {"routine", "name", "why"} <= set(due["hip-strength"])
    assert due["hip-strength"]["why"].startswith("0 of 1 done this week: 1 more, ")
    assert today["runs"][0]["km"] == 6.5
    assert today["red_flags"] == [] and today["morning_after"] is None


def test_today_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["today"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Due today:"
    assert out[1].strip().startswith("Hip strength ")
    assert "Not due today:" in out
    assert out[-1].split()[:3] == ["Post-run", "hip", "stretch"]
    assert out[-1].endswith("after your next run")


def test_an_invalid_plan_stops_today_and_run_with_its_lines(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = plan(data_dir, BAD_PLAN)
    lines = [
        f'{path}:4: routine "hip-strength": per_week range "0-3" is out of bounds (1 to 14)',
        f'{path}:5: routine "hip-strength": spacing must be a whole number of days, 0 or more',
    ]
    assert main(["today"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == lines and captured.out == ""
    assert main(["run", "post-run-stretch", "--no-voice", "--no-sound"]) == 2
    assert capsys.readouterr().err.splitlines() == lines
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == lines


def test_validate_checks_a_plan_against_the_library(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "plan.toml"
    good.write_text('format = 1\n[[routine]]\nid = "foam-roll"\nper_week = "1-2"\n')
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok: a weekly plan of 1 routine\n"
    good.write_text('format = 1\n[[routine]]\nid = "foam"\nper_week = "1-2"\n')
    assert main(["validate", str(good)]) == 2
    assert capsys.readouterr().err == (
        f'{good}:2: no routine with id "foam" (hipcoach routines lists them)\n'
    )


def test_runs_add_lists_and_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert main(["runs", "add", "--km", "10", "--minutes", "55", "--date", yesterday]) == 0
    assert main(["runs", "add", "--km", "11.5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Logged the 10.0 km run of ")
    assert out[2].startswith("Caution: 11.5 km is 15 % longer than your longest run")
    assert main(["runs"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["DATE", "START", "KM", "TIME", "SOURCE"]
    assert "11.5" in table[1] and table[2].strip().startswith("Caution: 11.5 km")
    assert "55 min" in table[3]
    assert main(["runs", "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [(r["date"], r["km"], r["minutes"], r["source"]) for r in runs] == [
        (date.today().isoformat(), 11.5, None, "manual"),
        (yesterday, 10.0, 55.0, "manual"),
    ]
    assert runs[0]["caution"].endswith("keep the next runs shorter, and do the post-run stretch")
    assert runs[1]["caution"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--km", "0"], "--km must be above 0, not 0"),
        (["--km", "ten"], "--km must be a number, not 'ten'"),
        (["--km", "5", "--minutes", "inf"], "--minutes must be above 0, not inf"),
        (["--km", "5", "--date", "12/05/2026"], "--date takes a date as YYYY-MM-DD"),
        (["--km", "5", "--date", "2999-01-01"], "--date 2999-01-01 is in the future"),
        (["--minutes", "5"], "the following arguments are required: --km"),
    ],
)
def test_runs_add_refuses_bad_values_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["runs", "add", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_runs_import_takes_the_good_files_refuses_the_bad_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gpx = tmp_path / "morning.gpx"
    gpx.write_text("   \n" + gpx_text(5.0, 30))
    fit = FitWriter()
    fit.session(START + timedelta(days=2), 10000.0, 3300.0)
    evening = tmp_path / "evening.fit"
    evening.write_bytes(fit.bytes())
    broken = tmp_path / "broken.tcx"
    broken.write_text(tcx_text([]))
    assert main(["runs", "import", str(gpx), str(broken), str(evening)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"{broken}: not a TCX activity (no lap found)\n"
    assert (
        captured.out.splitlines()[0] == f"{gpx}: the 5.0 km run of Tue 12 May 2026, 07:10, 30 min"
    )
    assert captured.out.splitlines()[1].startswith(f"{evening}: the 10.0 km run of Thu 14 May")
    # Imported before: not an error, and not added twice.
    assert main(["runs", "import", str(gpx), str(evening)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert all("imported before" in line for line in again)
    assert main(["runs", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_runs_import_never_waits_on_a_named_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "run.gpx"
    os.mkfifo(fifo)
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(main(["runs", "import", str(fifo)])))
    worker.start()
    worker.join(timeout=20)
    assert done == [2]
    assert capsys.readouterr().err == f"{fifo}: not a regular file (a named pipe)\n"


def test_runs_with_none_logged_says_how_to_log_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs"]) == 0
    assert "hipcoach runs add --km X" in capsys.readouterr().out
    assert main(["runs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_reminder_names_what_today_lists(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hipcoach.cli.week import due_for_reminder

    assert main(["runs", "add", "--km", "5"]) == 0
    assert main(["today", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])["due"]
    due = due_for_reminder(data_dir)
    assert [(d.routine_id, d.name, d.why) for d in due] == [
        (d["routine"], d["name"], d["why"]) for d in listed
    ]


def test_the_reminder_with_an_invalid_plan_says_so_in_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = plan(data_dir, BAD_PLAN)
    assert main(["remind"]) == 2
    assert capsys.readouterr().err == (
        f'hipcoach: the weekly plan cannot be used: {path}:4: routine "hip-strength": per_week '
        'range "0-3" is out of bounds (1 to 14) (and 1 more); `hipcoach validate plan.toml` '
        "lists every problem\n"
    )
