"""Routine files: what loads, and every kind of bad input named by file and line."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from hipcoach.core.model import Amount, Breaths, Hold, Kind, Reps, Sides, Tempo
from hipcoach.core.routine_file import RoutineFileError, load_routine, parse_routine
from hipcoach.core.settings import TimingsOverride


def errors(text: str | bytes, name: str = "hips.toml") -> list[str]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(RoutineFileError) as caught:
        parse_routine(raw, name, "hips")
    return str(caught.value).splitlines()


def load(text: str) -> object:
    return parse_routine(dedent(text).encode(), "hips.toml", "hips")


GOOD = dedent(
    """\
    format = 1
    name = "Hips"
    kind = "strength"
    summary = "  A short one.  "
    tags = ["post-run", "itb"]

    [defaults]
    prepare = 7
    tempo = [2, 1, 2]

    [[exercise]]
    name = "Clamshell"
    how = "Lie on your side."
    targets = ["glutes"]
    sides = "each"
    reps = "10-12"
    sets = 3
    rest = 20

    [[exercise]]
    name = "Pigeon"
    breaths = 8
    breath = 5

    [[exercise]]
    name = "Butterfly"
    hold = 30
    prepare = 0
    """
)


def test_a_good_file_gives_a_typed_routine_with_defaults_applied() -> None:
    routine = parse_routine(GOOD.encode(), "hips.toml", "hips")
    assert routine.id == "hips"
    assert routine.name == "Hips"
    assert routine.kind is Kind.STRENGTH
    assert routine.summary == "A short one."
    assert routine.tags == ("post-run", "itb")
    clam, pigeon, butterfly = routine.exercises
    assert clam.dose == Reps(Amount(10, 12), Tempo(2, 1, 2))
    assert (clam.sets, clam.sides, clam.prepare, clam.rest, clam.set_rest) == (
        Amount(3),
        Sides.EACH,
        7,
        20,
        30,
    )
    assert clam.targets == ("glutes",)
    assert clam.describe() == "3 x 10-12 reps, each side"
    assert pigeon.dose == Breaths(Amount(8), 5)
    assert pigeon.sides is Sides.NONE
    assert butterfly.dose == Hold(Amount(30))
    assert butterfly.prepare == 0


def test_kind_defaults_to_mixed_and_id_to_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "my-hips.toml"
    path.write_text('format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n')
    routine = load_routine(path)
    assert routine.id == "my-hips"
    assert routine.kind is Kind.MIXED


def test_an_id_key_overrides_the_stem() -> None:
    routine = load('format = 1\nid = "mine"\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n')
    assert routine.id == "mine"  # type: ignore[attr-defined]


def test_a_range_is_trained_at_its_low_end_and_shown_as_written() -> None:
    routine = parse_routine(GOOD.encode(), "hips.toml", "hips")
    assert routine.exercises[0].dose.count.target == 10  # type: ignore[union-attr]
    assert str(routine.exercises[0].dose.count) == "10-12"  # type: ignore[union-attr]


def test_text_is_kept_literally_never_as_markup() -> None:
    routine = load(
        """\
        format = 1
        name = "<b>x</b>"
        [[exercise]]
        name = "<i>y</i>"
        how = "<script>&amp;</script>"
        hold = 5
        """
    )
    assert routine.name == "<b>x</b>"  # type: ignore[attr-defined]
    assert routine.exercises[0].how == "<script>&amp;</script>"  # type: ignore[attr-defined]


# -- bad input: one line per problem, FILE:LINE, in line order ---------------------------


def test_two_doses_point_at_the_second() -> None:
    text = 'format = 1\nname = "X"\n\n[[exercise]]\nname = "Clamshell"\nhold = 5\nreps = 3\n'
    assert errors(text) == [
        'hips.toml:7: exercise "Clamshell": give exactly one of hold, breaths, reps'
    ]


def test_no_dose_points_at_the_exercise_header() -> None:
    text = 'format = 1\nname = "X"\n\n[[exercise]]\nname = "A"\nhold = 5\n\n[[exercise]]\nname = "Clamshell"\n'
    assert errors(text) == [
        'hips.toml:8: exercise "Clamshell": give exactly one of hold, breaths, reps'
    ]


def test_unknown_keys_are_errors_with_a_suggestion() -> None:
    text = 'format = 1\nname = "X"\nsumary = "typo"\n[[exercise]]\nname = "A"\nhold = 5\nsied = "each"\n'
    assert errors(text) == [
        'hips.toml:3: unknown key "sumary" (did you mean "summary"?)',
        'hips.toml:7: exercise "A": unknown key "sied" (did you mean "sides"?)',
    ]


def test_unknown_key_in_defaults() -> None:
    text = 'format = 1\nname = "X"\n[defaults]\nwarmup = 3\n[[exercise]]\nname = "A"\nhold = 5\n'
    assert errors(text) == ['hips.toml:4: defaults: unknown key "warmup"']


def test_reversed_and_equal_ranges() -> None:
    text = 'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nreps = "12-10"\n[[exercise]]\nname = "B"\nhold = "30-30"\n'
    assert errors(text) == [
        'hips.toml:5: exercise "A": reps range "12-10" must go from low to high',
        'hips.toml:8: exercise "B": hold range "30-30" must go from low to high',
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("hold = 0", 'exercise "A": hold = 0 is out of bounds (1 to 3600s)'),
        ("hold = 3601", 'exercise "A": hold = 3601 is out of bounds (1 to 3600s)'),
        ('hold = "30-4000"', 'exercise "A": hold range "30-4000" is out of bounds (1 to 3600s)'),
        ("breaths = 101", 'exercise "A": breaths = 101 is out of bounds (1 to 100)'),
        ("reps = 501", 'exercise "A": reps = 501 is out of bounds (1 to 500)'),
        ("hold = 30.5", 'exercise "A": hold must be a whole number, not 30.5 (1 to 3600s)'),
        ("hold = true", 'exercise "A": hold must be a whole number (1 to 3600s)'),
        ('hold = "long"', 'exercise "A": hold must be a whole number or a range like "30-45"'),
        ('reps = "10 to 12"', 'exercise "A": reps must be a whole number or a range like "10-12"'),
    ],
)
def test_doses_out_of_bounds_fractional_or_boolean(line: str, message: str) -> None:
    text = f'format = 1\nname = "X"\n[[exercise]]\nname = "A"\n{line}\n'
    assert errors(text) == [f"hips.toml:5: {message}"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sets = 21", 'exercise "A": sets = 21 is out of bounds (1 to 20)'),
        ('sets = "2-21"', 'exercise "A": sets range "2-21" is out of bounds (1 to 20)'),
        ("sets = 2.0", 'exercise "A": sets must be a whole number, not 2.0 (1 to 20)'),
        ("rest = 601", 'exercise "A": rest = 601 is out of bounds (0 to 600s)'),
        ("prepare = -1", 'exercise "A": prepare = -1 is out of bounds (0 to 600s)'),
        ("switch = false", 'exercise "A": switch must be a whole number (0 to 600s)'),
        ('sides = "both"', 'exercise "A": sides must be "each" or "none"'),
    ],
)
def test_exercise_settings_checked(line: str, message: str) -> None:
    text = f'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nreps = 10\n{line}\n'
    assert errors(text) == [f"hips.toml:6: {message}"]


def test_tempo_on_a_hold_and_breath_on_reps_are_errors() -> None:
    text = (
        'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = 30\ntempo = [1, 0, 1]\n'
        '[[exercise]]\nname = "B"\nreps = 5\nbreath = 4\n'
    )
    assert errors(text) == [
        'hips.toml:6: exercise "A": tempo applies only to an exercise with reps',
        'hips.toml:10: exercise "B": breath applies only to an exercise with breaths',
    ]


@pytest.mark.parametrize("tempo", ["[0, 0, 0]", "[1, 2]", "[1, 2, 61]", "[1, true, 1]", '"1-2"'])
def test_bad_tempos(tempo: str) -> None:
    text = (
        f'format = 1\nname = "X"\n[defaults]\ntempo = {tempo}\n[[exercise]]\nname = "A"\nreps = 5\n'
    )
    (line,) = errors(text)
    assert line.startswith("hips.toml:4: defaults: tempo must be three whole seconds")


def test_breath_bounds_in_defaults() -> None:
    text = (
        'format = 1\nname = "X"\n[defaults]\n\nbreath = 61\n[[exercise]]\nname = "A"\nbreaths = 5\n'
    )
    assert errors(text) == ["hips.toml:5: defaults: breath = 61 is out of bounds (1 to 60s)"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("format = 2", "format 2 is not supported (this hipcoach reads format = 1)"),
        ('format = "1"', "format '1' is not supported (this hipcoach reads format = 1)"),
        ("format = true", "format True is not supported (this hipcoach reads format = 1)"),
    ],
)
def test_unknown_format(line: str, message: str) -> None:
    text = f'# my routine\n{line}\nname = "X"\nnonsense = 1\n'
    assert errors(text) == [f"hips.toml:2: {message}"]


def test_missing_format_and_name_and_exercises() -> None:
    assert errors('kind = "yoga"\n') == [
        "hips.toml:1: missing key format (this hipcoach reads format = 1)",
        "hips.toml:1: routine: missing key name",
        "hips.toml:1: no exercises: add at least one [[exercise]] table",
    ]


def test_an_exercise_without_a_name_points_at_its_header() -> None:
    text = 'format = 1\nname = "X"\n\n[[exercise]]\nhold = 5\n'
    assert errors(text) == ["hips.toml:4: exercise 1: missing key name"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('""', "routine: name must be 1 to 80 characters"),
        ('"' + "x" * 81 + '"', "routine: name must be 1 to 80 characters"),
        ("3", "routine: name must be text in quotes"),
        ('"two\\nlines"', "routine: name must be one line of printable text"),
    ],
)
def test_bad_names(value: str, message: str) -> None:
    text = f'format = 1\nname = {value}\n[[exercise]]\nname = "A"\nhold = 5\n'
    assert errors(text) == [f"hips.toml:2: {message}"]


def test_bad_kind_and_tags() -> None:
    text = 'format = 1\nname = "X"\nkind = "cardio"\ntags = "itb"\n[[exercise]]\nname = "A"\nhold = 5\n'
    assert errors(text) == [
        "hips.toml:3: kind must be one of stretch, yoga, strength, mobility, foam-roll, "
        "warm-up, mixed",
        'hips.toml:4: tags must be a list of short words, like ["itb", "glutes"]',
    ]


def test_toml_syntax_error_names_its_line() -> None:
    text = 'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = = 5\n'
    (line,) = errors(text)
    assert line.startswith("hips.toml:5: TOML syntax error: ")
    assert "line" not in line.split("TOML syntax error: ")[1]


def test_unterminated_string_at_the_end() -> None:
    (line,) = errors('format = 1\nname = "X\n')
    assert line.startswith("hips.toml:2: TOML syntax error")


def test_not_utf8_is_reported_at_line_1() -> None:
    raw = b'format = 1\nname = "Caf\xe9"\n[[exercise]]\nname = "A"\nhold = 5\n'
    assert errors(raw) == ["hips.toml:1: not UTF-8 text (the first bad byte is on line 2)"]


def test_a_utf8_bom_is_accepted() -> None:
    raw = '\ufeffformat = 1\nname = "Café"\n[[exercise]]\nname = "A"\nhold = 5\n'.encode()
    assert parse_routine(raw, "hips.toml", "hips").name == "Café"


def test_over_one_mebibyte_is_refused_at_line_1(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(GOOD.encode() + b"#" * (1024 * 1024))
    with pytest.raises(RoutineFileError) as caught:
        load_routine(path)
    assert str(caught.value) == f"{path}:1: larger than 1 MiB; a routine file must be smaller"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    raw = b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    (line,) = errors(raw)
    assert line.startswith("hips.toml:1: ")


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(RoutineFileError) as caught:
        load_routine(path)
    assert str(caught.value) == f"{path}:1: cannot be read: No such file or directory"


def test_several_errors_come_in_line_order_with_exact_lines() -> None:
    text = dedent(
        """\
        format = 1
        name = "X"
        [defaults]
        rest = 700

        [[exercise]]
        name = "A"
        how = \"\"\"
        reps = 5
        \"\"\"
        hold = 0

        [[exercise]]
        name = "B"
        hold = 10
        breaths = 4
        tempo = [1,
          0, 1]
        colour = "red"
        """
    )
    assert errors(text) == [
        "hips.toml:4: defaults: rest = 700 is out of bounds (0 to 600s)",
        'hips.toml:11: exercise "A": hold = 0 is out of bounds (1 to 3600s)',
        'hips.toml:16: exercise "B": give exactly one of hold, breaths, reps',
        'hips.toml:17: exercise "B": tempo applies only to an exercise with reps',
        'hips.toml:19: exercise "B": unknown key "colour"',
    ]


def test_exercises_written_as_a_plain_value_are_refused() -> None:
    assert errors('format = 1\nname = "X"\nexercise = 3\n') == [
        "hips.toml:3: exercise must be written as [[exercise]] tables"
    ]


def test_the_runners_default_timings_fill_what_a_file_leaves_out() -> None:
    from hipcoach.core.model import Timings

    text = 'format = 1\nname = "X"\n[defaults]\nrest = 20\n[[exercise]]\nname = "A"\nbreaths = 4\n'
    base = Timings(prepare=12, rest=40, breath=5)
    routine = parse_routine(text.encode(), "x.toml", "x", base)
    exercise = routine.exercises[0]
    assert exercise.prepare == 12  # the runner's default: the file gives none
    assert exercise.rest == 20  # the file's own value wins
    assert exercise.dose == Breaths(Amount(4), 5)


# -- hostile files: each costs only itself, with one line per problem -------------------

A = 'format = 1\nname = "X"\n[[exercise]]\nname = "A"\n'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # More digits than Python will read: tomllib raises a bare ValueError.
        (
            "1" * 5000,
            "a number of more than 4,300 digits: numbers in a routine have at most 9 digits",
        ),
        (
            "1_" * 4400 + "1",
            "a number of more than 4,300 digits: numbers in a routine have at most 9 digits",
        ),
        # Fewer, which Python reads, but no message may print them.
        ("1" * 4000, 'exercise "A": hold has more than 9 digits: it must be 1 to 3600s'),
        ("1000000000", 'exercise "A": hold has more than 9 digits: it must be 1 to 3600s'),
        (
            f'"1-{"9" * 5000}"',
            'exercise "A": hold range has a number of more than 9 digits: it must be 1 to 3600s',
        ),
        (
            f'"{"9" * 20}-{"9" * 21}"',
            'exercise "A": hold range has a number of more than 9 digits: it must be 1 to 3600s',
        ),
    ],
)
def test_numbers_with_thousands_of_digits_are_one_line(value: str, message: str) -> None:
    assert errors(f"{A}\nhold = {value}\n") == [f"hips.toml:6: {message}"]


def test_a_long_number_in_an_array_or_the_format_is_found_at_its_line() -> None:
    text = f'format = 1\nname = "X"\n# {"7" * 5000}\n[[exercise]]\nname = "A"\nreps = 5\ntempo = [\n  1,\n  {"2" * 5000},\n  1]\n'
    assert errors(text) == [
        "hips.toml:9: a number of more than 4,300 digits: numbers in a routine have at most 9 digits"
    ]
    assert errors(f'format = {"1" * 4000}\nname = "X"\n') == [
        "hips.toml:1: format (a number of more than 9 digits) is not supported (this hipcoach reads format = 1)"
    ]


def test_a_long_number_costs_only_its_own_file(tmp_path: Path) -> None:
    from hipcoach.core.library import load_library

    user = tmp_path / "routines"
    user.mkdir()
    (user / "good.toml").write_text(f"{A}hold = 5\n")
    (user / "huge.toml").write_text(f"{A}hold = {'9' * 5000}\n")
    library = load_library(tmp_path / "none", user)
    assert [entry.routine.id for entry in library.entries] == ["good"]
    assert [str(p) for p in library.problems] == [
        f"{user / 'huge.toml'}:5: a number of more than 4,300 digits: numbers in a routine "
        "have at most 9 digits"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "a." * 5000 + "b = 1",  # tomllib takes the square of the parts: gigabytes at 30,000
        "[" + "a." * 5000 + "b]",
        "x = { " + "a." * 5000 + "b = 1 }",
    ],
)
def test_a_key_of_thousands_of_dotted_parts_never_reaches_tomllib(line: str) -> None:
    assert errors(f'format = 1\nname = "X"\n\n{line}\n') == [
        "hips.toml:4: a key of more than 8 parts joined by dots: the keys of a routine have "
        "at most 3, like circuit.glutes.rounds"
    ]


@contextlib.contextmanager
def _writer_after(fifo: Path, seconds: float) -> Iterator[None]:
    """Opens the FIFO for writing after a while, unless the test is over by then: a reader
    that waits for a writer is let go in the end, and fails the test instead of hanging."""
    done = threading.Event()

    def write() -> None:
        if done.wait(seconds):
            return
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


@pytest.mark.parametrize("through_symlink", [False, True])
def test_a_fifo_is_refused_at_line_1_without_waiting(tmp_path: Path, through_symlink: bool) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    path = fifo
    if through_symlink:
        path = tmp_path / "link.toml"
        path.symlink_to(fifo)
    started = time.monotonic()
    with _writer_after(fifo, 3), pytest.raises(RoutineFileError) as caught:
        load_routine(path)
    assert time.monotonic() - started < 1
    assert str(caught.value) == (
        f"{path}:1: not a regular file (a named pipe): a routine must be a plain .toml file"
    )


def test_a_device_and_a_folder_are_refused_at_line_1(tmp_path: Path) -> None:
    link = tmp_path / "null.toml"
    link.symlink_to("/dev/null")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    for path, kind in ((link, "a character device"), (folder, "a folder")):
        with pytest.raises(RoutineFileError) as caught:
            load_routine(path)
        assert str(caught.value) == (
            f"{path}:1: not a regular file ({kind}): a routine must be a plain .toml file"
        )


def test_a_fifo_among_the_users_routines_costs_only_itself(tmp_path: Path) -> None:
    from hipcoach.core.library import load_library

    user = tmp_path / "routines"
    user.mkdir()
    (user / "good.toml").write_text(f"{A}hold = 5\n")
    os.mkfifo(user / "pipe.toml")
    started = time.monotonic()
    with _writer_after(user / "pipe.toml", 3):
        library = load_library(tmp_path / "none", user)
    assert time.monotonic() - started < 1
    assert [entry.routine.id for entry in library.entries] == ["good"]
    assert [(p.line, Path(p.path).name) for p in library.problems] == [(1, "pipe.toml")]


def test_a_file_swapped_for_a_fifo_after_it_was_looked_at_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    regular = tmp_path / "plain.toml"
    regular.write_text(f"{A}hold = 5\n")
    real_stat = Path.stat

    def looks_regular(self: Path, *args: Any, **kwargs: Any) -> os.stat_result:
        return real_stat(regular if self == fifo else self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", looks_regular)
    started = time.monotonic()
    with _writer_after(fifo, 3), pytest.raises(RoutineFileError) as caught:
        load_routine(fifo)
    assert time.monotonic() - started < 1
    assert [p.line for p in caught.value.problems] == [1]
    assert "not a regular file (a named pipe)" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('"col\\u001b[31mour" = 1', 'exercise "A": unknown key "col\\x1b[31mour"'),
        ('"two\\nlines" = 1', 'exercise "A": unknown key "two\\nlines"'),
        ('"sep\\u2028nel\\u0085" = 1', 'exercise "A": unknown key "sep\\u2028nel\\x85"'),
        ('"rtl\\u202eevil" = 1', 'exercise "A": unknown key "rtl\\u202eevil"'),
        (
            'how = "bell\\u0007"',
            'exercise "A": how must be plain text: remove the control character "\\x07"',
        ),
        (
            'targets = ["a\\u001bb"]',
            'exercise "A": targets must be a list of short words, like ["itb", "glutes"]',
        ),
        (f'"{"k" * 5000}" = 1', f'exercise "A": unknown key "{"k" * 40}..."'),
    ],
)
def test_escapes_and_line_breaks_in_keys_and_values_never_reach_a_message(
    line: str, message: str
) -> None:
    assert errors(f"{A}hold = 5\n{line}\n") == [f"hips.toml:6: {message}"]


def test_a_format_value_is_shown_escaped() -> None:
    assert errors('format = "\\u001b[2J"\nname = "X"\n') == [
        "hips.toml:1: format '\\x1b[2J' is not supported (this hipcoach reads format = 1)"
    ]


def test_a_file_name_with_escapes_and_line_breaks_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "red\x1b[31m\nname\u2028.toml"
    path.write_text('format = 1\nname = "X"\n')
    with pytest.raises(RoutineFileError) as caught:
        load_routine(path)
    (line,) = str(caught.value).splitlines()
    assert line == (
        f"{tmp_path}/red\\x1b[31m\\nname\\u2028.toml:1: no exercises: add at least one "
        "[[exercise]] table"
    )
    assert caught.value.problems[0].path == str(path)  # kept as given, for whoever needs it


def test_lines_inside_an_inline_array_of_tables() -> None:
    text = 'format = 1\nname = "X"\nexercise = [\n  { name = "A", hold = 5 },\n\n  { name = "B", hold = 0 },\n  { name = "C" },\n]\n'
    assert errors(text) == [
        'hips.toml:6: exercise "B": hold = 0 is out of bounds (1 to 3600s)',
        'hips.toml:7: exercise "C": give exactly one of hold, breaths, reps',
    ]


def test_lines_inside_an_inline_table_after_a_multi_line_array() -> None:
    text = 'format = 1\nname = "X"\ndefaults = { tempo = [1,\n  0, 1], rest = 700, colour = 1 }\n[[exercise]]\nname = "A"\nhold = 5\n'
    assert errors(text) == [
        'hips.toml:4: defaults: unknown key "colour"',
        "hips.toml:4: defaults: rest = 700 is out of bounds (0 to 600s)",
    ]


def test_a_nested_table_in_an_exercise_points_at_its_own_header() -> None:
    text = f'{A}hold = 5\n[[exercise]]\nname = "B"\nhold = 5\n\n[exercise.sub]\nx = 1\n'
    assert errors(text) == ['hips.toml:10: exercise "B": unknown key "sub"']


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_comment_does_not_shift_the_lines(separator: str) -> None:
    text = f'# one{separator}still line one\nformat = 1\nname = "X" # two{separator}and{separator}\n[[exercise]]\nname = "A"\nhold = 0\n'
    assert errors(text) == ['hips.toml:6: exercise "A": hold = 0 is out of bounds (1 to 3600s)']


@pytest.mark.parametrize(
    "name",
    [
        "e\u0301" * 80,  # 80 accented letters written with a combining mark: 160 code points
        "\U0001f469\u200d\U0001f469\u200d\U0001f467" * 80,  # a family, joined: one each
        "Hip\u00a0flexor\u202fstretch",  # no-break spaces
        "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f Lunge",
    ],
)
def test_names_count_what_a_reader_sees_and_allow_joiners_and_no_break_spaces(name: str) -> None:
    routine = parse_routine(
        f'format = 1\nname = "{name}"\n[[exercise]]\nname = "{name}"\nid = "a"\nhold = 5\n'.encode(),
        "hips.toml",
        "hips",
    )
    assert routine.name == name
    assert routine.exercises[0].name == name


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("e\u0301" * 81, "routine: name must be 1 to 80 characters"),
        ("Hip\\u001b[2J", "routine: name must be one line of printable text"),
        ("Hip\\u2028", "routine: name must be one line of printable text"),
        ("Hip\\u2029flexor", "routine: name must be one line of printable text"),
        ("Hip\\u0085", "routine: name must be one line of printable text"),
        ("\\u202eHip", "routine: name must be one line of printable text"),
        ("Hip\\u2066flexor\\u2069", "routine: name must be one line of printable text"),
        ("Hip\\tflexor", "routine: name must be one line of printable text"),
    ],
)
def test_names_refuse_controls_separators_and_bidirectional_controls(
    value: str, message: str
) -> None:
    text = f'format = 1\nname = "{value}"\n[[exercise]]\nname = "A"\nhold = 5\n'
    assert errors(text) == [f"hips.toml:2: {message}"]


@pytest.mark.parametrize("value", ["1.0", "1e0", "+1.0"])
def test_format_1_0_is_not_the_whole_number_1(value: str) -> None:
    text = f'format = {value}\nname = "X"\n[[exercise]]\nname = "A"\nhold = 5\n'
    (line,) = errors(text)
    assert line.startswith("hips.toml:1: format 1.0 is not supported")


def test_one_timing_for_every_routine_replaces_the_files_defaults_but_not_an_exercises_own() -> (
    None
):
    text = (
        'format = 1\nname = "O"\n[defaults]\nprepare = 12\nswitch = 9\nrest = 40\nset_rest = 33\n'
        '[[exercise]]\nname = "A"\nhold = 5\n'
        '[[exercise]]\nname = "B"\nhold = 5\nprepare = 2\n'
        "[circuit.c]\nrounds = 2\n"
        '[[exercise]]\nname = "C"\nhold = 5\ncircuit = "c"\n'
    )
    own = parse_routine(text.encode(), "o.toml", "o")
    same = parse_routine(text.encode(), "o.toml", "o", override=TimingsOverride(3, 4, 15))
    a, b, _ = same.exercises
    assert (a.prepare, a.switch, a.rest, a.set_rest) == (3, 4, 15, 33)  # set_rest stays the file's
    assert b.prepare == 2, "the exercise's own value still wins"
    assert same.circuits[0].rest == 15 and same.circuits[0].round_rest == 33
    assert (own.exercises[0].prepare, own.circuits[0].rest) == (12, 40)
