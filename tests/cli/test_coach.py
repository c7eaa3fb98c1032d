"""``hipcoach coach`` and ``coach --reset`` (docs/command-line.md): the JSON of
docs/coaching.md, key for key, for every routine; bad input as one line and exit 2."""

from __future__ import annotations

import json

import pytest

from hipcoach.cli.main import main

EXERCISE_KEYS = [
    "id",
    "name",
    "side",
    "sets",
    "amount",
    "unit",
    "range",
    "rung",
    "rungs",
    "decision",
    "why",
    "safe_count",
]


def test_json_covers_every_routine_with_the_contracts_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["routines", "--json"]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert main(["coach", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert list(found) == ["routines", "red_flags"]
    assert [r["id"] for r in found["routines"]] == ids
    strength = next(r for r in found["routines"] if r["id"] == "hip-strength")
    assert list(strength) == ["id", "name", "exercises", "circuits"]
    assert all(list(e) == EXERCISE_KEYS for e in strength["exercises"])
    assert [(e["id"], e["side"]) for e in strength["exercises"][:3]] == [
        ("glute-bridges", None),
        ("clamshells", "left"),
        ("clamshells", "right"),
    ]
    assert strength["exercises"][0] | {"name": ""} == {
        "id": "glute-bridges",
        "name": "",
        "side": None,
        "sets": 3,
        "amount": 10,
        "unit": "reps",
        "range": "10-12",
        "rung": 1,
        "rungs": 3,
        "decision": "start",
        "why": "start",
        "safe_count": 0,
    }
    assert found["red_flags"] == []


def test_one_routine_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coach", "post-run-stretch"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Post-run hip stretch (post-run-stretch)"
    assert " ".join(lines[1].split()) == "Standing ITB stretch, left 1 x 30 s rung 1 of 1 start"
    assert lines[-1] == "No red flags."


def test_a_reset_of_one_exercise_or_a_whole_routine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coach", "--reset", "hip-strength:Clamshells"]) == 0
    assert capsys.readouterr().out == "Hip strength: Clamshells starts over at rung 1 from now.\n"
    assert main(["coach", "--reset", "hip-strength"]) == 0
    assert "every exercise starts over" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], 'no routine with id "nope"'),
        (["--reset", "nope"], 'no routine with id "nope"'),
        (["--reset", "hip-strength:planks"], 'Hip strength has no exercise "planks"'),
        (["hip-strength", "--reset", "hip-strength"], "either ROUTINE or --reset"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["coach", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_plan_coached_with_no_history_is_the_low_ends_with_the_how_tos_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def work(phases: list[dict[str, object]]) -> list[dict[str, object]]:
        return [p for p in phases if p["kind"] == "work"]

    assert main(["plan", "hip-strength", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)["phases"]
    assert main(["plan", "hip-strength", "--coached", "--json"]) == 0
    coached = json.loads(capsys.readouterr().out)["phases"]
    assert work(coached) == work(written)
    assert not any(p["kind"] == "explain" for p in written)
    assert any(p["kind"] == "explain" for p in coached), "a first session reads its how-tos"
