"""The editor's draft, without a window: edits go into the file key by key, the loader reads
what Save would write, and each problem comes back under the key at fault."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hipcoach.adapters import paths
from hipcoach.application.editing import (
    DraftError,
    Origin,
    duplicate_draft,
    new_draft,
    open_draft,
    save_draft,
)
from hipcoach.core.library import Source, load_library
from hipcoach.core.model import Amount, Sides, Timings
from hipcoach.core.plan import make_plan
from hipcoach.core.routine_file import load_routine

BUILT_IN = load_library(paths.built_in_routines(), None)
IDS = [entry.routine.id for entry in BUILT_IN.entries]


def test_a_new_routine_is_named_so_its_id_is_free(tmp_path: Path) -> None:
    draft = new_draft(tmp_path, Timings(), IDS)
    assert draft.check().routine is not None
    draft.set_routine_text("name", "Hip strength")  # a built-in's name: its id is taken
    assert draft.routine_id == "hip-strength-2"
    (tmp_path / "my-hips.toml").write_text("not even toml", encoding="utf-8")
    draft.set_routine_text("name", "My hips")  # a file of the runner's holds that name
    assert draft.routine_id == "my-hips-2"
    assert draft.target() == tmp_path / "my-hips-2.toml"


def test_problems_come_back_under_their_keys_and_go_when_fixed(tmp_path: Path) -> None:
    draft = new_draft(tmp_path, Timings(), IDS)
    draft.set_exercise_text(0, "dose", "12-10")
    draft.set_routine_text("name", "")
    checked = draft.check()
    assert checked.routine is None and checked.count == 2
    assert checked.problems[("exercise", 0, "hold")] == [
        'Hold range "12-10" must go from low to high'
    ]
    assert checked.problems[("name",)] == ["Routine: name must be 1 to 80 characters"]
    assert checked.under(("exercise", 0)) == 1
    draft.set_exercise_text(0, "dose", "10-12")
    draft.set_routine_text("name", "Evening")
    checked = draft.check()
    assert checked.problems == {} and checked.plan is not None
    assert checked.routine is not None and checked.routine.exercises[0].dose.amount == Amount(
        10, 12
    )


def test_a_whole_file_problem_has_no_field(tmp_path: Path) -> None:
    draft = new_draft(tmp_path, Timings(), IDS)
    draft.remove_exercise(0)
    assert list(draft.check().problems) == [()]


def test_an_empty_optional_field_gives_the_default_back(tmp_path: Path) -> None:
    draft = new_draft(tmp_path, Timings(prepare=8), IDS)
    draft.set_exercise_text(0, "prepare", "12")
    assert draft.value(("exercise", 0, "prepare")) == 12
    draft.set_exercise_text(0, "prepare", " ")
    assert draft.value(("exercise", 0, "prepare")) is None
    routine = draft.check().routine
    assert routine is not None and routine.exercises[0].prepare == 8  # the runner's setting


def test_circuits_stay_together_whatever_moves(tmp_path: Path) -> None:
    draft = new_draft(tmp_path, Timings(), IDS)
    key = draft.add_circuit(1)
    draft.add_exercise(2, key)
    draft.set_exercise_text(0, "sets", "2")
    assert [(i.circuit, list(i.exercises)) for i in draft.items()] == [
        (None, [0]),
        (key, [1, 2]),
    ]
    joined = draft.join_circuit(0, key)  # to the circuit's end, without its sets
    assert joined == 2 and draft.value(("exercise", 2, "sets")) is None
    assert [(i.circuit, list(i.exercises)) for i in draft.items()] == [(key, [0, 1, 2])]
    left = draft.join_circuit(0, None)  # out, right after the circuit
    assert left == 2
    assert [(i.circuit, list(i.exercises)) for i in draft.items()] == [
        (key, [0, 1]),
        (None, [2]),
    ]
    draft.remove_exercise(0)
    draft.remove_exercise(0)  # the circuit's last exercise: the circuit goes too
    assert draft.document.circuit_keys() == []
    assert draft.check().problems == {}


def test_copies_get_names_and_ids_of_their_own(tmp_path: Path) -> None:
    entry = BUILT_IN.find("strength-circuit")
    assert entry is not None
    draft = open_draft(entry, tmp_path, Timings())
    glutes = next(i for i in draft.items() if i.circuit == "glutes")
    new_key = draft.duplicate_circuit("glutes")
    draft.duplicate_exercise(0)
    checked = draft.check()
    assert checked.problems == {}
    assert checked.routine is not None
    copy = checked.routine.circuit(new_key)
    assert copy.name == "Glute circuit (copy)" and copy.rounds == Amount(2, 3)
    names = [e.name for e in checked.routine.exercises]
    assert names[1] == "Hip circles (copy)"
    assert len(set(e.id for e in checked.routine.exercises)) == len(names)
    assert len([e for e in checked.routine.exercises if e.circuit == new_key]) == len(
        glutes.exercises
    )


def test_a_built_in_is_saved_as_the_runners_copy_with_its_id(tmp_path: Path) -> None:
    entry = BUILT_IN.find("hip-strength")
    assert entry is not None
    shipped = entry.path.read_text(encoding="utf-8")
    draft = open_draft(entry, tmp_path / "routines", Timings())
    assert draft.origin is Origin.BUILT_IN
    draft.set_sides(0, each=False)
    path = save_draft(draft)
    assert path == tmp_path / "routines" / "hip-strength.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    saved = load_routine(path)
    assert saved.id == "hip-strength" and saved.exercises[0].sides is Sides.NONE
    assert draft.origin is Origin.USER and draft.disk_text == path.read_text(encoding="utf-8")
    # Everything but the edited line (and the id it gained) is as shipped, comments too.
    assert [line for line in shipped.splitlines() if line.strip().startswith("#")] == [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("#")
    ]
    library = load_library(paths.built_in_routines(), tmp_path / "routines")
    found = library.find("hip-strength")
    assert found is not None and found.source is Source.USER


def test_a_duplicate_is_new_and_never_overwrites(tmp_path: Path) -> None:
    entry = BUILT_IN.find("post-run-stretch")
    assert entry is not None
    draft = duplicate_draft(entry, tmp_path, Timings(), IDS)
    assert draft.origin is Origin.NEW
    assert draft.routine_id == "post-run-hip-stretch-copy"
    routine = draft.check().routine
    assert routine is not None and routine.name == f"{entry.routine.name} (copy)"
    assert make_plan(routine).total_seconds == make_plan(entry.routine).total_seconds
    (tmp_path / "post-run-hip-stretch-copy.toml").write_text("taken", encoding="utf-8")
    with pytest.raises(DraftError):
        save_draft(draft)
