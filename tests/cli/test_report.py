"""``hipcoach report``: the PDF made with no display, the CSV exactly the rows of
``history --phases --csv``, bad ranges, and every CSV safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import HistoryStore
from hipcoach.cli.main import main
from hipcoach.core.routine_file import load_routine
from tests import report_history as built

RANGE = ["--since", "2026-02-23", "--until", "2026-05-13"]
FORMULA_ROUTINE = """\
format = 1
name = "=Hips plus"
[[exercise]]
name = "@Bridges"
reps = 3
[[exercise]]
name = "+1 clams"
sides = "each"
reps = 2
"""


@pytest.fixture
def history(store: HistoryStore) -> HistoryStore:
    built.build(store)
    return store


def test_the_pdf_is_made_without_a_display(history: HistoryStore, tmp_path: Path) -> None:
    target = tmp_path / "for the physio.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "hipcoach", "--data-dir", str(history.data_dir), "report",
         "--pdf", str(target), *RANGE],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (
        done.stdout.startswith(f"Wrote {target}: ") and "23 Feb \u2013 13 May 2026" in done.stdout
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_csv_is_exactly_the_rows_of_history_phases(
    history: HistoryStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "phases.csv"
    folder = str(history.data_dir)
    assert main(["--data-dir", folder, "report", "--csv", str(target), *RANGE]) == 0
    assert capsys.readouterr().out == f"Wrote {target}: 702 work phases\n"
    assert (
        main(["--data-dir", folder, "history", "--phases", "--csv", "--since", "2026-02-23"]) == 0
    )
    assert target.read_text(encoding="utf-8") == capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 702 and stat.S_IMODE(target.stat().st_mode) == 0o600
    # --until keeps its day whole and no later one.
    assert main(["--data-dir", folder, "report", "--csv", str(target),
                 "--since", "2026-05-11", "--until", "2026-05-11"]) == 0  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 21 and {r["started_at"][:10] for r in rows} == {"2026-05-11"}


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--csv", "x.csv", "--since", "2026-05-02", "--until", "2026-05-01"], "after --until"),
        (["--pdf", "x.pdf", "--since", "2 May"], "--since takes a date as YYYY-MM-DD"),
        (["--since", "2026-05-02"], "one of the arguments --pdf --csv is required"),
        (["--pdf", "x.pdf", "--csv", "x.csv"], "not allowed with argument"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    store: HistoryStore, argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(store.data_dir), "report", *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_a_folder_that_cannot_be_written_is_one_line_and_exit_1(
    store: HistoryStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "r.csv"
    assert main(["--data-dir", str(store.data_dir), "report", "--csv", str(target)]) == 1
    assert capsys.readouterr().err.startswith(f"hipcoach: cannot write {target}: ")


def test_every_csv_makes_formula_like_names_and_notes_safe(
    store: HistoryStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = store.data_dir / paths.USER_ROUTINES
    folder.mkdir(exist_ok=True)
    (folder / "hips-plus.toml").write_text(FORMULA_ROUTINE, encoding="utf-8")
    routine = load_routine(folder / "hips-plus.toml")
    built.record(store, routine, built.Day(built.TODAY, note="-sore; =SUM(A1)"))
    data = str(store.data_dir)

    assert main(["--data-dir", data, "history", "--csv"]) == 0
    (session,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (session["name"], session["notes"]) == ("'=Hips plus", "'-sore; =SUM(A1)")

    assert main(["--data-dir", data, "history", "--phases", "--csv"]) == 0
    phases = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    target = tmp_path / "report.csv"
    assert main(["--data-dir", data, "report", "--csv", str(target),
                 "--since", "2026-05-13", "--until", "2026-05-13"]) == 0  # fmt: skip
    reported = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert reported == phases and len(phases) == 1 + 2 * 1  # bridges; clams left and right
    assert {r["exercise"] for r in phases} == {"'@Bridges", "'+1 clams"}
    assert all(not r["exercise"][1:].startswith("'") for r in phases), "one ' only"


def test_a_pdf_where_a_folder_stands_is_one_line_and_leaves_nothing(
    history: HistoryStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "physio.pdf"
    target.mkdir(parents=True)
    assert main(["--data-dir", str(history.data_dir), "report", "--pdf", str(target), *RANGE]) == 1
    err = capsys.readouterr().err
    assert err == f"hipcoach: cannot write {target}: Is a directory\n"
    assert [p.name for p in target.parent.iterdir()] == ["physio.pdf"], "no temporary file"
