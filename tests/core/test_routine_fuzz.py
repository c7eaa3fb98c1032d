"""Whatever bytes a routine file holds, the loader answers with a routine or its own error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcoach.core.routine_file import RoutineFileError, parse_routine

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.toml"))
SEEDS = [p.read_bytes() for p in SHIPPED]

_KEYS = [
    "format",
    "name",
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
    "[[exercise]]",
    "[defaults]",
    '"""',
    "'''",
    "[",
    "]",
    "=",
    "\n",
    "#",
    '"10-12"',
    "true",
    "1.5",
    "-3",
    "0",
    "99999",
]


def check(raw: bytes) -> None:
    try:
        parse_routine(raw, "fuzz.toml", "fuzz")
    except RoutineFileError as error:
        for problem in error.problems:
            assert problem.line >= 1
            assert str(problem).startswith("fuzz.toml:")
            assert "\n" not in problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    check(raw)


@settings(max_examples=300, deadline=None)
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
