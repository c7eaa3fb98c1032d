"""Whatever bytes a routine file holds, the loader answers with a routine or its own error:
never another exception, never a message of two lines or with a raw escape, never a hang."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcoach.core.routine_file import MAX_KEY_PARTS, RoutineFileError, parse_routine
from hipcoach.core.toml_lines import KeyPath, locate
from tests.core.test_circuit_file import TWO_CIRCUITS

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.toml"))
SEEDS = [p.read_bytes() for p in SHIPPED] + [TWO_CIRCUITS.encode()]

_KEYS = [
    "format",
    "name",
    "id",
    "kind",
    "hold",
    "breaths",
    "reps",
    "sets",
    "tempo",
    "sides",
    "breath",
    "rest",
    "prepare",
    "circuit",
    "rounds",
    "round_rest",
    '"glutes"',
    '"core"',
    "[[exercise]]",
    "[defaults]",
    "[circuit.glutes]",
    "[circuit.core]",
    "[exercise.sub]",
    '"""',
    "'''",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "\n",
    "#",
    "\u2028",
    "\x85",
    "\x1b[31m",
    '"\\u001b"',
    "\u200d",
    '"10-12"',
    '"3-2"',
    "true",
    "1.0",
    "1.5",
    "-3",
    "0",
    "20",
    "99999",
    "9" * 4301,
    f'"1-{"9" * 4301}"',
]
# What no message may hold raw: control characters, line and paragraph separators, bidi.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SLOW = 5.0  # seconds: far above any real file, far below a hang


def _paths(value: Any, path: KeyPath = (), depth: int = 0) -> list[KeyPath]:
    """Every key path of a parsed document, through tables and arrays of tables."""
    found: list[KeyPath] = []
    if depth > 8:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*path, key))
            found += _paths(item, (*path, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((*path, index))
                found += _paths(item, (*path, index), depth + 1)
    return found


def check(raw: bytes) -> None:
    started = time.monotonic()
    try:
        parse_routine(raw, "fuzz.toml", "fuzz")
    except RoutineFileError as error:
        for problem in error.problems:
            assert problem.line >= 1
            assert str(problem).startswith("fuzz.toml:")
            assert not _UNSAFE.search(str(problem)), str(problem)
    assert time.monotonic() - started < _SLOW
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        located = locate(text)
        if located.longest_key > MAX_KEY_PARTS:
            return  # never given to tomllib
        document = tomllib.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return
    # Whatever tomllib reads, the locator knows where each of its keys is written.
    missing = [p for p in _paths(document) if p not in located.lines]
    assert not missing


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    check(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_KEYS) | st.text(max_size=8), max_size=60))
def test_random_toml_like_text(parts: list[str]) -> None:
    check(" ".join(parts).encode("utf-8", "surrogatepass"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(
        st.tuples(
            st.integers(min_value=0),
            st.integers(min_value=0, max_value=40),
            st.sampled_from(_KEYS) | st.text(max_size=6),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_mutated_shipped_routines(seed: bytes, edits: list[tuple[int, int, str]]) -> None:
    text = seed.decode()
    for position, cut, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut :]
    check(text.encode("utf-8", "surrogatepass"))


# -- routines of circuits, made valid and then bent ------------------------------------

_GOOD_AMOUNTS = ["1", "3", "20", '"2-3"', '"1-20"']
_BAD_AMOUNTS = ["0", "21", '"3-2"', "true", "1.0", '"1-99999999999"']
_NAMES = ["Bridge", "Plank", "Bridge!", "e\u0301 lunge", "\u9acb", "\U0001f469\u200d\U0001f467"]


@st.composite
def circuit_routines(draw: st.DrawFn) -> str:
    """A routine of single exercises and circuits in any order, written as tables or inline;
    valid, or with some keys and values nearly right."""
    good = draw(st.booleans())
    amounts = st.sampled_from(_GOOD_AMOUNTS if good else _GOOD_AMOUNTS + _BAD_AMOUNTS)
    keys = ["glutes", "core", "a-b"] if good else ["glutes", "core", "Bad!", "", "nope"]
    circuits: list[str] = []
    exercises: list[list[str]] = []
    for step in range(draw(st.integers(min_value=1, max_value=5))):
        key = draw(st.sampled_from([None, *keys]))
        if good and key in circuits:
            key = None  # a circuit is one step: its exercises stand together
        if key is not None and key not in circuits:
            circuits.append(key)
        for number in range(1 if key is None else draw(st.integers(min_value=1, max_value=3))):
            name = draw(st.sampled_from(_NAMES))
            fields = [f'name = "{name} {step}.{number}"' if good else f'name = "{name}"']
            if draw(st.booleans()):
                fields.append(
                    f'id = "{draw(st.sampled_from(["x", "y"] if good else ["x", "X y"]))}{step}-{number}"'
                )
            if key is not None:
                fields.append(f'circuit = "{key}"')
            dose = draw(st.sampled_from(["hold", "reps", "breaths"]))
            fields.append(f"{dose} = {draw(amounts)}")
            if (key is None or not good) and draw(st.booleans()):
                fields.append(f"sets = {draw(amounts)}")
            if draw(st.booleans()):
                fields.append('sides = "each"')
            exercises.append(fields)
    if not good and draw(st.booleans()):
        circuits.append("unused")
    lines = ["format = 1", 'name = "Circuits"']
    inline = draw(st.booleans())
    if inline:
        lines.append("exercise = [")
        lines.extend("  { " + ", ".join(fields) + " }," for fields in exercises)
        lines.append("]")
    for key in circuits:
        rounds = draw(amounts)
        if draw(st.booleans()):
            lines.append(f'circuit."{key}" = {{ rounds = {rounds} }}')
            continue  # before any table header, or it would land in that table
        lines.append(f'[circuit."{key}"]')
        lines.append(f"rounds = {rounds}")
        if draw(st.booleans()):
            lines.append(
                f"round_rest = {draw(st.sampled_from(['0', '60'] if good else ['0', '601']))}"
            )
        if draw(st.booleans()):
            lines.append(f"{draw(st.sampled_from(['rest', 'name'] if good else ['rets']))} = 5")
        if draw(st.booleans()):
            lines.append("# a note\u2028 that goes on")
    if not inline:
        for fields in exercises:
            lines.append("[[exercise]]")
            lines.extend(fields)
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(circuit_routines(), st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(_KEYS))))
def test_circuit_routines_made_and_bent(text: str, edits: list[tuple[int, str]]) -> None:
    check(text.encode())
    for position, insert in edits[:3]:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at:]
    check(text.encode("utf-8", "surrogatepass"))


def test_a_mebibyte_of_the_worst_keys_is_refused_in_seconds() -> None:
    head = 'format = 1\nname = "X"\n[[exercise]]\nname = "A"\nhold = 1\n'
    body = "".join(f"k{i:06d}x = 1\n" for i in range(70_000))  # each a typo to hint at
    check((head + body).encode()[: 1024 * 1024])
    circuits = "".join(f"[circuit.c{i}]\nrounds = 20\n" for i in range(3000))
    exercises = "".join(
        f'[[exercise]]\nname = "A{i}"\ncircuit = "d{i % 3000}"\nreps = 500\n' for i in range(15000)
    )
    check((head + circuits + exercises).encode()[: 1024 * 1024])
