"""The routine as the runner thinks of it: exercises, their doses, circuits, and the timings
between them (docs/routine-format.md).

Everything here is frozen: a loaded routine is a value that the planner, the engine and the
history can share without anyone changing it underneath the others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum, StrEnum


class Side(Enum):
    """Which side a work phase trains."""

    LEFT = "left"
    RIGHT = "right"


class Sides(Enum):
    """Whether an exercise is done once, or on the left and then on the right."""

    NONE = "none"
    EACH = "each"


class Unit(StrEnum):
    """What a work phase counts: seconds held, breaths taken or reps made."""

    SECONDS = "seconds"
    BREATHS = "breaths"
    REPS = "reps"

    @property
    def short(self) -> str:
        """As ``plan --json`` writes it: "s", "breaths", "reps"."""
        return "s" if self is Unit.SECONDS else self.value


class Kind(Enum):
    STRETCH = "stretch"
    YOGA = "yoga"
    STRENGTH = "strength"
    MOBILITY = "mobility"
    FOAM_ROLL = "foam-roll"
    WARM_UP = "warm-up"
    MIXED = "mixed"


@dataclass(frozen=True, slots=True)
class Amount:
    """A count as the routine file gives it: one number, or a range trained at its low end.

    The upper end is where progression will head; the text is shown as written.
    """

    low: int
    high: int | None = None

    @property
    def target(self) -> int:
        """What is trained before any coaching: the low end."""
        return self.low

    @property
    def top(self) -> int:
        return self.low if self.high is None else self.high

    def __str__(self) -> str:
        return str(self.low) if self.high is None else f"{self.low}-{self.high}"


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds to go up, to hold, and to come down in one rep."""

    up: int = 1
    hold: int = 0
    down: int = 2

    @property
    def seconds(self) -> int:
        return self.up + self.hold + self.down


@dataclass(frozen=True, slots=True)
class Hold:
    """Stay in position for a number of seconds."""

    seconds: Amount

    unit = Unit.SECONDS

    @property
    def amount(self) -> Amount:
        return self.seconds

    @property
    def unit_seconds(self) -> int:
        return 1

    def work_seconds(self, amount: int | None = None) -> int:
        return self.seconds.target if amount is None else amount

    def describe(self) -> str:
        return f"{self.seconds} s hold"


@dataclass(frozen=True, slots=True)
class Breaths:
    """Stay in a pose for a number of paced breaths."""

    count: Amount
    breath: int

    unit = Unit.BREATHS

    @property
    def amount(self) -> Amount:
        return self.count

    @property
    def unit_seconds(self) -> int:
        return self.breath

    def work_seconds(self, amount: int | None = None) -> int:
        return (self.count.target if amount is None else amount) * self.breath

    def describe(self) -> str:
        return (
            f"{self.count} breath{'' if self.count.high is None and self.count.low == 1 else 's'}"
        )


@dataclass(frozen=True, slots=True)
class Reps:
    """Repeat a movement a number of times at a fixed tempo."""

    count: Amount
    tempo: Tempo

    unit = Unit.REPS

    @property
    def amount(self) -> Amount:
        return self.count

    @property
    def unit_seconds(self) -> int:
        return self.tempo.seconds

    def work_seconds(self, amount: int | None = None) -> int:
        return (self.count.target if amount is None else amount) * self.tempo.seconds

    def describe(self) -> str:
        return f"{self.count} rep{'' if self.count.high is None and self.count.low == 1 else 's'}"


Dose = Hold | Breaths | Reps


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds of the phases around the work: the routine's defaults or an exercise's own."""

    prepare: int = 5
    switch: int = 5
    set_rest: int = 30
    rest: int = 10
    breath: int = 6
    tempo: Tempo = field(default_factory=Tempo)


def exercise_id(name: str) -> str:
    """The id an exercise gets from its name: lower case, each run of characters other than
    letters and digits made one "-", none at either end ("Side-lying leg lifts" ->
    "side-lying-leg-lifts"); "" when the name has no letter or digit.

    Accents are dropped first ("Café" -> "cafe"), so ids stay plain ASCII."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@dataclass(frozen=True, slots=True)
class Exercise:
    name: str
    dose: Dose
    id: str = ""  # "" until loaded: the loader gives every exercise its id
    sets: Amount = field(default_factory=lambda: Amount(1))
    sides: Sides = Sides.NONE
    how: str = ""
    targets: tuple[str, ...] = ()
    prepare: int = 5
    switch: int = 5
    set_rest: int = 30
    rest: int = 10
    circuit: str | None = None  # the key of the circuit it belongs to

    @property
    def two_sided(self) -> bool:
        return self.sides is Sides.EACH

    @property
    def side_list(self) -> tuple[Side | None, ...]:
        """The sides a set works, in order: left then right, or the one side of none."""
        return (Side.LEFT, Side.RIGHT) if self.sides is Sides.EACH else (None,)

    def describe(self) -> str:
        """The dose as a runner reads it on a card: "3 x 10-12 reps, each side"."""
        text = self.dose.describe()
        if self.sets.high is not None or self.sets.low > 1:
            text = f"{self.sets} x {text}"
        if self.sides is Sides.EACH:
            text += ", each side"
        return text


@dataclass(frozen=True, slots=True)
class Circuit:
    """Exercises done one after another, round after round (a ``[circuit.KEY]`` table)."""

    key: str
    name: str
    rounds: Amount
    round_rest: int = 30
    rest: int = 10


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a routine: an exercise on its own, or a circuit with its exercises.

    ``indexes`` are the positions of its exercises in ``Routine.exercises``."""

    indexes: tuple[int, ...]
    circuit: Circuit | None = None


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    name: str
    exercises: tuple[Exercise, ...]
    kind: Kind = Kind.MIXED
    summary: str = ""
    tags: tuple[str, ...] = ()
    source_path: str = ""
    circuits: tuple[Circuit, ...] = ()

    def circuit(self, key: str) -> Circuit:
        for circuit in self.circuits:
            if circuit.key == key:
                return circuit
        raise KeyError(key)

    def steps(self) -> Iterator[Step]:
        """The exercises in order, where the consecutive exercises of one circuit are one
        step (the loader makes sure a circuit's exercises stand together)."""
        index = 0
        while index < len(self.exercises):
            key = self.exercises[index].circuit
            if key is None:
                yield Step((index,))
                index += 1
                continue
            end = index
            while end < len(self.exercises) and self.exercises[end].circuit == key:
                end += 1
            yield Step(tuple(range(index, end)), self.circuit(key))
            index = end
