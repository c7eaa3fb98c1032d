"""Circuits, sets ranges and ids in routine files (docs/routine-format.md): what loads, to
the exact routine, and every mistake named at the line of the key at fault."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from hipcoach.core.model import (
    Amount,
    Breaths,
    Circuit,
    Exercise,
    Hold,
    Kind,
    Reps,
    Routine,
    Sides,
    Step,
    Tempo,
)
from hipcoach.core.routine_file import RoutineFileError, load_routine, parse_routine

TWO_CIRCUITS = dedent(
    """\
    format = 1
    name = "Strength circuits"
    kind = "strength"

    [defaults]
    set_rest = 40
    rest = 15
    tempo = [2, 0, 2]

    [circuit.glutes]
    name = "Glute circuit"
    rounds = "2-3"
    round_rest = 60

    [circuit.core]                 # no name, and it ends the routine
    rounds = 2

    [[exercise]]                   # before the circuits
    name = "Hip flexor stretch"
    sides = "each"
    hold = "30-45"
    sets = "1-2"

    [[exercise]]
    name = "Glute bridges"
    circuit = "glutes"
    reps = "10-15"
    tempo = [1, 3, 2]

    [[exercise]]
    name = "Clamshells"
    circuit = "glutes"
    sides = "each"
    reps = 12
    prepare = 3
    rest = 5

    [[exercise]]                   # between them
    name = "Pigeon"
    id = "pigeon-pose"
    breaths = "8-10"
    breath = 5

    [[exercise]]
    name = "Dead bug"
    circuit = "core"
    reps = "8-12"

    [[exercise]]
    name = "Side plank"
    circuit = "core"
    sides = "each"
    hold = 20
    switch = 3
    """
)


def errors(text: str, name: str = "c.toml") -> list[str]:
    with pytest.raises(RoutineFileError) as caught:
        parse_routine(dedent(text).encode(), name, "c")
    return str(caught.value).splitlines()


def test_two_circuits_with_exercises_around_them_load_to_the_exact_routine() -> None:
    routine = parse_routine(TWO_CIRCUITS.encode(), "strength.toml", "strength")
    assert routine == Routine(
        id="strength",
        name="Strength circuits",
        kind=Kind.STRENGTH,
        source_path="strength.toml",
        circuits=(
            # round_rest defaults to the routine's set_rest, rest to its rest.
            Circuit("glutes", "Glute circuit", Amount(2, 3), round_rest=60, rest=15),
            Circuit("core", "core", Amount(2), round_rest=40, rest=15),
        ),
        exercises=(
            Exercise(
                name="Hip flexor stretch",
                id="hip-flexor-stretch",
                dose=Hold(Amount(30, 45)),
                sets=Amount(1, 2),
                sides=Sides.EACH,
                prepare=5,
                switch=5,
                set_rest=40,
                rest=15,
            ),
            Exercise(
                name="Glute bridges",
                id="glute-bridges",
                dose=Reps(Amount(10, 15), Tempo(1, 3, 2)),
                circuit="glutes",
                prepare=5,
                switch=5,
                set_rest=40,
                rest=15,
            ),
            Exercise(
                name="Clamshells",
                id="clamshells",
                dose=Reps(Amount(12), Tempo(2, 0, 2)),
                sides=Sides.EACH,
                circuit="glutes",
                prepare=3,
                switch=5,
                set_rest=40,
                rest=5,
            ),
            Exercise(
                name="Pigeon",
                id="pigeon-pose",
                dose=Breaths(Amount(8, 10), 5),
                prepare=5,
                switch=5,
                set_rest=40,
                rest=15,
            ),
            Exercise(
                name="Dead bug",
                id="dead-bug",
                dose=Reps(Amount(8, 12), Tempo(2, 0, 2)),
                circuit="core",
                prepare=5,
                switch=5,
                set_rest=40,
                rest=15,
            ),
            Exercise(
                name="Side plank",
                id="side-plank",
                dose=Hold(Amount(20)),
                sides=Sides.EACH,
                circuit="core",
                prepare=5,
                switch=3,
                set_rest=40,
                rest=15,
            ),
        ),
    )
    assert list(routine.steps()) == [
        Step((0,)),
        Step((1, 2), routine.circuit("glutes")),
        Step((3,)),
        Step((4, 5), routine.circuit("core")),
    ]


def test_a_circuit_in_an_inline_table_and_a_one_exercise_circuit_load() -> None:
    routine = parse_routine(
        b'format = 1\nname = "X"\ncircuit = { solo = { rounds = 3, rest = 0 } }\n'
        b'[[exercise]]\nname = "Squat"\ncircuit = "solo"\nreps = 5\n'
        b'[[exercise]]\nname = "Squat hold"\nhold = 10\n',
        "x.toml",
        "x",
    )
    assert routine.circuits == (Circuit("solo", "solo", Amount(3), round_rest=30, rest=0),)
    assert [step.indexes for step in routine.steps()] == [(0,), (1,)]


def test_an_exercise_id_is_its_own_or_made_from_its_name() -> None:
    routine = parse_routine(
        'format = 1\nname = "X"\n[[exercise]]\nname = "Side-lying leg lifts"\nhold = 5\n'
        '[[exercise]]\nname = "Pied de pigeon, côté"\nhold = 5\n'
        '[[exercise]]\nname = "髋部"\nid = "hip-1"\nhold = 5\n'.encode(),
        "x.toml",
        "x",
    )
    assert [e.id for e in routine.exercises] == [
        "side-lying-leg-lifts",
        "pied-de-pigeon-cote",
        "hip-1",
    ]


@pytest.mark.parametrize(
    ("stem", "made"),
    [("hip-strength", "hip-strength"), ("my_hips", "my_hips"), ("My Hips (v2)", "my-hips-v2")],
)
def test_a_routine_id_is_its_file_stem_made_an_id(tmp_path: Path, stem: str, made: str) -> None:
    path = tmp_path / f"{stem}.toml"
    path.write_text('format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n')
    assert load_routine(path).id == made


# -- every mistake at the key at fault -------------------------------------------------


def test_sets_on_an_exercise_of_a_circuit() -> None:
    assert errors(
        """\
        format = 1
        name = "X"
        [circuit.glutes]
        rounds = 3
        [[exercise]]
        name = "Bridge"
        circuit = "glutes"
        reps = 10
        sets = 2
        """
    ) == [
        'c.toml:9: exercise "Bridge": sets do not apply to an exercise of a circuit, whose '
        "rounds repeat it: remove sets, or set rounds in [circuit.glutes]"
    ]


@pytest.mark.parametrize(
    ("rounds", "message"),
    [
        ("0", 'circuit "glutes": rounds = 0 is out of bounds (1 to 20)'),
        ("21", 'circuit "glutes": rounds = 21 is out of bounds (1 to 20)'),
        ('"0-2"', 'circuit "glutes": rounds range "0-2" is out of bounds (1 to 20)'),
        ('"3-2"', 'circuit "glutes": rounds range "3-2" must go from low to high'),
        ("2.5", 'circuit "glutes": rounds must be a whole number, not 2.5 (1 to 20)'),
        ('"many"', 'circuit "glutes": rounds must be a whole number or a range like "2-3"'),
    ],
)
def test_bad_rounds(rounds: str, message: str) -> None:
    text = f'format = 1\nname = "X"\n[circuit.glutes]\n\nrounds = {rounds}\n[[exercise]]\nname = "A"\ncircuit = "glutes"\nhold = 5\n'
    assert errors(text) == [f"c.toml:5: {message}"]


def test_missing_rounds_point_at_the_circuit_header() -> None:
    text = 'format = 1\nname = "X"\n\n[circuit.glutes]\nname = "G"\n[[exercise]]\nname = "A"\ncircuit = "glutes"\nhold = 5\n'
    assert errors(text) == [
        'c.toml:4: circuit "glutes": missing key rounds (how many times through its '
        'exercises: 1 to 20, or a range like "2-3")'
    ]


def test_a_circuit_no_exercise_uses_points_at_its_table_header() -> None:
    text = 'format = 1\nname = "X"\n[circuit.glutes]\nrounds = 2\n\n[circuit.spare]\nrounds = 2\n[[exercise]]\nname = "A"\ncircuit = "glutes"\nhold = 5\n'
    assert errors(text) == [
        'c.toml:6: circuit "spare": no exercise is in it: add circuit = "spare" to its '
        "exercises, or remove the table"
    ]


def test_a_key_no_table_defines_points_at_the_exercises_circuit_line() -> None:
    text = 'format = 1\nname = "X"\n[circuit.core]\nrounds = 2\n[[exercise]]\nname = "A"\ncircuit = "core"\nhold = 5\n[[exercise]]\nname = "B"\nhold = 5\ncircuit = "cor"\n'
    assert errors(text) == [
        'c.toml:12: exercise "B": circuit "cor" has no [circuit.cor] table (did you mean '
        '"core"?): add the table, or give the key of an existing circuit'
    ]


def test_a_circuit_split_by_an_exercise_of_none_points_at_the_later_exercise() -> None:
    text = dedent(
        """\
        format = 1
        name = "X"
        [circuit.glutes]
        rounds = 2
        [[exercise]]
        name = "Bridge"
        circuit = "glutes"
        reps = 10
        [[exercise]]
        name = "Plank"
        hold = 30
        [[exercise]]
        name = "Clamshell"
        reps = 10
        circuit = "glutes"
        """
    )
    assert errors(text) == [
        'c.toml:15: exercise "Clamshell": circuit "glutes" is split by exercise "Plank": a '
        "circuit's exercises must stand next to each other, so move them together"
    ]


def test_a_circuit_split_by_another_circuits_exercise_points_at_the_intruder() -> None:
    text = dedent(
        """\
        format = 1
        name = "X"
        [circuit.glutes]
        rounds = 2
        [circuit.core]
        rounds = 2
        [[exercise]]
        name = "Bridge"
        circuit = "glutes"
        reps = 10
        [[exercise]]
        name = "Dead bug"
        reps = 10
        circuit = "core"
        [[exercise]]
        name = "Clamshell"
        circuit = "glutes"
        reps = 10
        """
    )
    assert errors(text) == [
        'c.toml:14: exercise "Dead bug": stands between exercises of circuit "glutes" '
        '(exercise "Bridge" and exercise "Clamshell"): a circuit\'s exercises must stand '
        "next to each other, so move it before or after them"
    ]


def test_a_typo_key_in_a_circuit_table_gets_a_hint() -> None:
    text = 'format = 1\nname = "X"\n[circuit.glutes]\nrounds = 2\nround_rets = 30\nnmae = "G"\n[[exercise]]\nname = "A"\ncircuit = "glutes"\nhold = 5\n'
    assert errors(text) == [
        'c.toml:5: circuit "glutes": unknown key "round_rets" (did you mean "round_rest"?)',
        'c.toml:6: circuit "glutes": unknown key "nmae" (did you mean "name"?)',
    ]


def test_two_exercises_with_one_id_point_at_the_later_ones_key() -> None:
    text = dedent(
        """\
        format = 1
        name = "X"
        [[exercise]]
        name = "Clamshell"
        hold = 5
        [[exercise]]
        name = "Clamshell!"
        hold = 5
        [[exercise]]
        id = "bridge"
        name = "Bridge"
        hold = 5
        [[exercise]]
        name = "Banded bridge"
        hold = 5
        id = "bridge"
        """
    )
    assert errors(text) == [
        'c.toml:7: exercise "Clamshell!": id "clamshell" is already used by exercise '
        '"Clamshell" (line 4): give one of them its own id, like id = "clamshell-2"',
        'c.toml:16: exercise "Banded bridge": id "bridge" is already used by exercise '
        '"Bridge" (line 10): give one of them its own id, like id = "bridge-2"',
    ]


def test_a_reversed_sets_range() -> None:
    text = 'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nreps = 10\nsets = "3-2"\n'
    assert errors(text) == ['c.toml:6: exercise "A": sets range "3-2" must go from low to high']


def test_an_over_long_timeline_is_refused_at_line_1() -> None:
    # 2 exercises x 20 sets x 500 reps x 3 s = 60,000 s of work at the high end, 16.7 h.
    text = 'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nreps = "10-500"\nsets = "1-20"\n[[exercise]]\nname = "B"\nreps = 500\nsets = 20\n'
    assert errors(text) == [
        "c.toml:1: too long to run (longer than 6 hours with every range at its high end; a "
        "routine may take at most 6 hours and 5,000 phases): use fewer exercises, sets, "
        "rounds or reps"
    ]


def test_a_timeline_of_too_many_phases_is_refused_at_line_1() -> None:
    # 20 rounds x 30 exercises x (prepare, left, switch, right, rest) is 3,000 phases a
    # circuit; two circuits pass 5,000.
    exercises = "".join(
        f'[[exercise]]\nname = "E{c}{i}"\ncircuit = "c{c}"\nsides = "each"\nhold = 1\n'
        f"prepare = 1\nswitch = 1\nrest = 1\n"
        for c in range(2)
        for i in range(30)
    )
    text = (
        'format = 1\nname = "X"\n[circuit.c0]\nrounds = "1-20"\n[circuit.c1]\nrounds = 20\n'
        + exercises
    )
    (line,) = errors(text)
    assert line.startswith("c.toml:1: too long to run (more than 5,000 phases with every range")


def test_the_longest_timeline_allowed_loads() -> None:
    # Exactly 6 h: 12 exercises x 20 sets x 1 x 90 s of work, no other phase.
    exercises = "".join(
        f'[[exercise]]\nname = "E{i}"\nhold = 90\nsets = "1-20"\n' for i in range(12)
    )
    text = f'format = 1\nname = "X"\n[defaults]\nprepare = 0\nset_rest = 0\nrest = 0\n{exercises}'
    assert len(parse_routine(text.encode(), "x.toml", "x").exercises) == 12


def test_a_circuit_has_at_most_30_exercises() -> None:
    exercises = "".join(
        f'[[exercise]]\nname = "E{i}"\ncircuit = "big"\nhold = 1\n' for i in range(31)
    )
    text = f'format = 1\nname = "X"\n[circuit.big]\nrounds = 1\n{exercises}'
    # Header lines: 3 of the routine and circuit, then 4 per exercise; the 31st's circuit
    # line is the third of its four.
    assert errors(text) == [
        f'c.toml:{4 + 30 * 4 + 3}: exercise "E30": circuit "big" has more than 30 '
        "exercises: split it into two circuits"
    ]


def test_bad_circuit_keys_and_circuit_values() -> None:
    text = dedent(
        """\
        format = 1
        name = "X"
        [circuit."Glutes!"]
        rounds = 2
        [[exercise]]
        name = "A"
        circuit = "Glutes!"
        hold = 5
        [[exercise]]
        name = "B"
        circuit = 3
        hold = 5
        """
    )
    assert errors(text) == [
        'c.toml:3: circuit "Glutes!": a circuit key must be 1 to 80 lower-case letters, '
        'digits, "-" or "_", starting with a letter or digit',
        'c.toml:11: exercise "B": circuit must be the key of a [circuit.KEY] table, in '
        'quotes: circuit = "glutes"',
    ]


def test_a_circuit_written_as_a_plain_value_or_a_key_that_is_no_table() -> None:
    assert errors(
        'format = 1\nname = "X"\ncircuit = "glutes"\n[[exercise]]\nname = "A"\nhold = 5\n'
    ) == ["c.toml:3: circuit must be written as [circuit.KEY] tables, like [circuit.glutes]"]
    assert errors(
        'format = 1\nname = "X"\n[circuit]\nrounds = 2\n[[exercise]]\nname = "A"\nhold = 5\n'
    ) == [
        'c.toml:4: circuit: "rounds" is not a circuit: write each circuit as a '
        "[circuit.KEY] table with its rounds, like [circuit.glutes]"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('id = "Hip_Strength"', "c.toml:2: id must be"),
        ('id = "hip.strength"', "c.toml:2: id must be"),
        ('id = "-hips"', "c.toml:2: id must be"),
        ('id = "../hips"', "c.toml:2: id must be"),
        (f'id = "{"h" * 81}"', "c.toml:2: id must be"),
    ],
)
def test_bad_routine_ids(line: str, message: str) -> None:
    (found,) = errors(f'format = 1\n{line}\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n')
    assert found.startswith(message)


def test_a_file_stem_that_makes_no_id_needs_an_id_key(tmp_path: Path) -> None:
    path = tmp_path / "髋部.toml"
    path.write_text('format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n')
    with pytest.raises(RoutineFileError) as caught:
        load_routine(path)
    assert str(caught.value) == (
        f'{path}:1: the file name "髋部" makes no id (an id is 1 to 80 lower-case letters, '
        'digits, "-" or "_", starting with a letter or digit): rename the file, or give the '
        'routine one, like id = "hip-strength"'
    )
    path.write_text('format = 1\nid = "hips"\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n')
    assert load_routine(path).id == "hips"


def test_a_name_that_makes_no_id_needs_an_id_and_bad_ids_are_refused() -> None:
    text = 'format = 1\nname = "X"\n[[exercise]]\nname = "髋部"\nhold = 5\n[[exercise]]\nname = "B"\nid = "B 2"\nhold = 5\n'
    assert errors(text) == [
        'c.toml:4: exercise "髋部": its name has no letter or digit to make an id from: give '
        'it one, like id = "clamshells"',
        'c.toml:8: exercise "B": id must be 1 to 80 lower-case letters, digits, "-" or "_", '
        'starting with a letter or digit (like "clamshells")',
    ]


def test_several_circuit_problems_come_in_line_order() -> None:
    text = dedent(
        """\
        format = 1
        name = "X"

        [circuit.glutes]
        round = 3

        [circuit.core]
        rounds = 0

        [[exercise]]
        name = "Bridge"
        circuit = "glutes"
        reps = 10
        sets = 2

        [[exercise]]
        name = "Plank"
        hold = 30

        [[exercise]]
        name = "Clamshell"
        circuit = "glutes"
        reps = "15-10"

        [[exercise]]
        name = "Bird dog"
        circuit = "core"
        reps = 8
        """
    )
    assert [line.split(": ", 1)[0] for line in errors(text)] == [
        "c.toml:4",  # glutes: no rounds
        "c.toml:5",  # glutes: "round"
        "c.toml:8",  # core: zero rounds
        "c.toml:14",  # sets in a circuit
        "c.toml:22",  # glutes split by Plank
        "c.toml:23",  # reversed reps range
    ]
