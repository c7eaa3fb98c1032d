"""``hipcoach checkin`` (docs/command-line.md): every option, values checked, one line and
exit 2 for bad input with nothing recorded, lists replaced as a whole, ``--answer none``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.adapters.history.store import open_history
from hipcoach.cli.main import main
from hipcoach.core.model import Side
from hipcoach.core.records import NewSession, Progress, Status, Unit, WorkOutcome, WorkPhase

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)  # red flags look 28 days back


@pytest.fixture
def sessions(folder: Path) -> list[int]:
    """Two completed sessions of hip-strength; the second did bridges and both clamshells."""
    ids = []
    with open_history(folder) as store, store.unit_of_work() as unit:
        for day in (0, 2):
            started = T0 + timedelta(days=day)
            new = NewSession("hip-strength", "Hip strength", "", "", started, 3)
            session_id = unit.history.add(new)
            for index, (exercise, side) in enumerate(
                [("glute-bridges", None), ("clamshells", Side.LEFT), ("clamshells", Side.RIGHT)]
            ):
                unit.history.add_work(
                    session_id,
                    WorkPhase(
                        index,
                        exercise.replace("-", " ").capitalize(),
                        side,
                        1,
                        Unit.REPS,
                        10,
                        10,
                        WorkOutcome.COMPLETED,
                        started,
                        started,
                        30.0,
                        exercise_id=exercise,
                    ),
                )
            unit.history.end(session_id, Status.COMPLETED, Progress(60, 0, 3, started))
            ids.append(session_id)
        unit.commit()
    return ids


def history(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["history", "--json"]) == 0
    found: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return found


def hurt(data_dir: Path, session_id: int) -> set[tuple[str, str | None]]:
    with open_history(data_dir) as store, store.reading() as unit:
        return {
            (w.exercise_id, w.side.value if w.side else None)
            for w in unit.history.work(session_id)
            if w.pain
        }


def test_every_value_goes_to_the_latest_session_by_default(
    sessions: list[int], capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code = main(
        [
            "checkin",
            "--pain-before",
            "2",
            "--pain-after",
            "3",
            "--effort",
            "6",
            "--next-day",
            "4",
            "--note",
            "tight after hills",
            "--hurt",
            "clamshells:right",
            "--answer",
            "sharp",
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.startswith(f"Checked in: session {sessions[1]}, Hip strength")
    latest, first = history(capsys)
    assert (latest["pain_before"], latest["pain_after"], latest["effort"]) == (2, 3, 6)
    assert (latest["next_day"], latest["notes"]) == (4, "tight after hills")
    assert first["pain_after"] is None
    assert hurt(data_dir, sessions[1]) == {("clamshells", "right")}


def test_given_later_in_parts_values_replace_and_lists_replace_whole(
    sessions: list[int], capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    first = str(sessions[0])
    assert main(["checkin", first, "--pain-after", "2", "--hurt", "clamshells"]) == 0
    assert hurt(data_dir, sessions[0]) == {("clamshells", "left"), ("clamshells", "right")}
    assert main(["checkin", first, "--next-day", "3", "--hurt", "Glute bridges"]) == 0
    assert hurt(data_dir, sessions[0]) == {("glute-bridges", None)}, "the list replaced"
    assert main(["checkin", first, "--answer", "swelling", "--answer", "no-weight"]) == 0
    out = capsys.readouterr().out
    assert "Red flag: You reported that your hip is swollen." in out
    assert "see a doctor soon" in out
    assert main(["checkin", first, "--answer", "none"]) == 0
    assert "Red flag" not in capsys.readouterr().out
    session = next(s for s in history(capsys) if s["id"] == sessions[0])
    assert (session["pain_after"], session["next_day"]) == (2, 3), "other values stay"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pain-after", "11"], "--pain-after must be a whole number from 0 to 10, not 11"),
        (["--pain-before", "-1"], "--pain-before must be a whole number from 0 to 10, not -1"),
        (["--effort", "0"], "--effort must be a whole number from 1 to 10, not 0"),
        (["--next-day", "3.5"], "--next-day must be a whole number from 0 to 10, not 3.5"),
        (["--pain-after", "two"], "--pain-after must be a whole number from 0 to 10, not two"),
        (["--answer", "swollen"], "--answer must be one of swelling, sharp, giving-way"),
        (["--answer", "none", "--answer", "sharp"], "--answer none cannot go with another"),
        (["9", "--pain-after", "1"], "no session 9 in history (hipcoach history lists them)"),
        (["first", "--pain-after", "1"], "SESSION must be a session id"),
        (["--hurt", "lunges", "--pain-after", "1"], 'has no exercise "lunges"'),
        (["--hurt", "glute-bridges:left"], '"glute-bridges" has no sides'),
        ([], "nothing to check in"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_recorded(
    sessions: list[int],
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    args: list[str],
    message: str,
) -> None:
    capsys.readouterr()
    assert main(["checkin", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hipcoach: ") and message in err
    assert err.count("\n") == 1, "one line"
    assert all(s["pain_after"] is None for s in history(capsys))
    assert hurt(data_dir, sessions[1]) == set()


def test_with_no_session_at_all_it_says_how_to_record_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["checkin", "--pain-after", "1"]) == 2
    assert "no session recorded yet" in capsys.readouterr().err
