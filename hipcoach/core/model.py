"""The routine as the runner thinks of it: exercises, their doses, and the timings between them.

Everything here is frozen: a loaded routine is a value that the planner, the engine and the
history can share without anyone changing it underneath the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Side(Enum):
    """Which side a work phase trains."""

    LEFT = "left"
    RIGHT = "right"


class Sides(Enum):
    """Whether an exercise is done once, or on the left and then on the right."""

    NONE = "none"
    EACH = "each"


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
        return self.low

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

    def work_seconds(self) -> int:
        return self.seconds.target

    def describe(self) -> str:
        return f"{self.seconds} s hold"


@dataclass(frozen=True, slots=True)
class Breaths:
    """Stay in a pose for a number of paced breaths."""

    count: Amount
    breath: int

    def work_seconds(self) -> int:
        return self.count.target * self.breath

    def describe(self) -> str:
        return (
            f"{self.count} breath{'' if self.count.high is None and self.count.low == 1 else 's'}"
        )


@dataclass(frozen=True, slots=True)
class Reps:
    """Repeat a movement a number of times at a fixed tempo."""

    count: Amount
    tempo: Tempo

    def work_seconds(self) -> int:
        return self.count.target * self.tempo.seconds

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


@dataclass(frozen=True, slots=True)
class Exercise:
    name: str
    dose: Dose
    sets: int = 1
    sides: Sides = Sides.NONE
    how: str = ""
    targets: tuple[str, ...] = ()
    prepare: int = 5
    switch: int = 5
    set_rest: int = 30
    rest: int = 10

    def describe(self) -> str:
        """The dose as a runner reads it on a card: "3 x 10-12 reps, each side"."""
        text = self.dose.describe()
        if self.sets > 1:
            text = f"{self.sets} x {text}"
        if self.sides is Sides.EACH:
            text += ", each side"
        return text


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    name: str
    exercises: tuple[Exercise, ...]
    kind: Kind = Kind.MIXED
    summary: str = ""
    tags: tuple[str, ...] = ()
    source_path: str = ""
