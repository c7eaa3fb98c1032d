"""The coach through the command line alone, as a runner uses it: sessions run and checked in
several times end with the prescriptions the rules give (docs/coaching.md), ``plan --coached``
carries them, a run says when a dose moved, and red flags show and clear."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MINI = """\
format = 1
name = "Mini strength"
[defaults]
prepare = 1
switch = 1
set_rest = 1
rest = 1
tempo = [1, 0, 0]

[[exercise]]
name = "Clams"
sides = "each"
reps = "2-4"

[[exercise]]
name = "Bridge hold"
hold = "5-10"
sets = 2
"""


def hipcoach(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "hipcoach", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "Europe/Berlin"},
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def run_mini(*extra: str) -> subprocess.CompletedProcess[str]:
    result = hipcoach("run", "mini", "--speed", "200", "--no-voice", "--no-sound", *extra)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Done: Mini strength")
    return result


def checkin(*args: str) -> None:
    result = hipcoach("checkin", *args)
    assert result.returncode == 0, result.stderr


def coach() -> dict[str, object]:
    result = hipcoach("coach", "mini", "--json")
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def sides(found: dict[str, object]) -> list[tuple[str | None, int, int, str, str, int]]:
    """(side, sets, amount, decision, why, safe count) of each exercise-side."""
    (routine,) = found["routines"]  # type: ignore[misc]
    return [
        (s["side"], s["sets"], s["amount"], s["decision"], s["why"], s["safe_count"])
        for s in routine["exercises"]
    ]


def planned(*args: str) -> set[tuple[str, str | None, int, int]]:
    """(exercise id, side, set, target) of every work phase of ``plan mini``."""
    result = hipcoach("plan", "mini", "--json", *args)
    assert result.returncode == 0, result.stderr
    return {
        (p["exercise_id"], p["side"], p["set"], p["target"])
        for p in json.loads(result.stdout)["phases"]
        if p["kind"] == "work"
    }


def test_runs_and_check_ins_move_the_prescriptions_and_raise_and_clear_red_flags(
    data_dir: Path,
) -> None:
    (data_dir / "routines").mkdir(parents=True)
    (data_dir / "routines" / "mini.toml").write_text(MINI, encoding="utf-8")
    start = [
        ("left", 1, 2, "start", "start", 0),
        ("right", 1, 2, "start", "start", 0),
        (None, 2, 5, "start", "start", 0),
    ]
    assert sides(coach()) == start
    assert coach()["red_flags"] == []

    # Two easy sessions done in full: every side one rung up.
    run_mini()
    checkin("--pain-after", "1", "--effort", "4")
    run_mini()
    checkin("--pain-after", "2", "--next-day", "1")
    up = "up: two easy sessions done in full"
    assert sides(coach()) == [
        ("left", 1, 3, "up", up, 0),
        ("right", 1, 3, "up", up, 0),
        (None, 2, 10, "up", up, 0),
    ]
    assert planned("--coached") == {
        ("clams", "left", 1, 3),
        ("clams", "right", 1, 3),
        ("bridge-hold", None, 1, 10),
        ("bridge-hold", None, 2, 10),
    }
    assert ("clams", "left", 1, 2) in planned(), "without --coached: as written"

    # The next run is at the new doses, and says so.
    said = run_mini().stdout
    assert "Clams, left side. Three reps, one more than last time." in said
    assert "Set one of two, hold ten seconds, five seconds more than last time." in said
    # Its right side hurt: that side alone steps down.
    checkin("--pain-after", "2", "--hurt", "clams:right")
    found = sides(coach())
    assert found[1] == ("right", 1, 2, "down", "down: marked as hurting on the right", 0)
    assert found[0] == ("left", 1, 3, "stay", "stay: one more easy session before stepping up", 1)

    # A session as written counts for nothing; the history shows how the check-ins went.
    run_mini("--as-written")
    checkin("--pain-after", "3")
    assert sides(coach())[0][3:5] == ("stay", "stay: run as written")
    history = json.loads(hipcoach("history", "--json").stdout)
    assert [(s["pain_after"], s["next_day"]) for s in history] == [
        (3, None),
        (2, None),
        (2, 1),
        (1, None),
    ]

    # Pain that keeps rising: 2, 3, 5 over the last three check-ins.
    run_mini()
    checkin("--pain-after", "5")
    flags = coach()["red_flags"]
    assert [(f["kind"], f["session"]) for f in flags] == [("rising", 5)]  # type: ignore[index]
    assert "keeps rising" in str(flags)
    shown = hipcoach("coach", "mini").stdout
    assert "Red flags:" in shown and "physiotherapist or doctor" in shown
    stood = run_mini()
    assert "red flag" in stood.stderr, "shown before a session"
    checkin("--pain-after", "1")  # safe: it clears the flag, but started under it
    assert coach()["red_flags"] == []
    assert sides(coach())[0][3:5] == ("stay", "stay: a red flag stands")

    # An answer stands until a check-in answers without it.
    checkin("--answer", "swelling", "--answer", "night-pain")
    kinds = [(f["kind"], "doctor soon" in f["advice"]) for f in coach()["red_flags"]]  # type: ignore[index]
    assert kinds == [("answer", False), ("answer", True)]
    checkin("--answer", "none")
    assert coach()["red_flags"] == []

    # A next-morning pain given later turns a safe session into too much, for every side.
    checkin("6", "--next-day", "7")
    found = coach()
    assert [s[3:5] for s in sides(found)] == [("down", "down: pain 7/10 the next morning")] * 3
    assert [f["kind"] for f in found["red_flags"]] == ["severe", "rising"]  # type: ignore[index]

    # Starting over puts an exercise back on rung 1.
    result = hipcoach("coach", "--reset", "mini:Bridge hold")
    assert result.returncode == 0, result.stderr
    assert sides(coach())[2][1:5] == (2, 5, "start", "start")
