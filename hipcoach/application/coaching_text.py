"""The coach's decisions as a runner reads them beside an exercise (docs/coaching.md).

The core keeps each decision's reason short and stable ("up: two easy sessions done in
full"), for ``coach --json`` and the history. The window says the same thing as a sentence
with the doses in it: "1 x 3 reps today, up from 1 x 2 reps after two easy sessions done in
full".
"""

from __future__ import annotations

from hipcoach.core.coaching import Decision, SideCoaching, Standing, dose_text


def _reason(why: str) -> str:
    """The reason without its decision's word: "stay: not done in full" -> "not done in full"."""
    for word in ("up: ", "down: ", "stay: "):
        if why.startswith(word):
            return why.removeprefix(word)
    return why


def today_line(coaching: SideCoaching) -> str:
    """One exercise-side's dose today and how it got there, as a sentence without its side."""
    standing, ladder = coaching.standing, coaching.ladder
    unit = coaching.exercise.dose.unit
    dose = f"{coaching.dose} today"
    decision = standing.decision
    if decision is Decision.START:
        return f"{dose}: the start of its range" if ladder.rungs > 1 else dose
    if decision is Decision.UP:
        before = dose_text(ladder.at(standing.rung - 1), unit)
        return f"{dose}, up from {before} after {_reason(standing.why)}"
    if decision is Decision.DOWN:
        if standing.rung == 1:
            return f"{dose}, the first step of its range: {_reason(standing.why)}"
        after = dose_text(ladder.at(standing.rung + 1), unit)
        return f"{dose}, down from {after}: {_reason(standing.why)}"
    if decision is Decision.TOP:
        return f"{dose}: the top of its range"
    return f"{dose}: {_reason(standing.why)}"


def can_start_over(coaching: SideCoaching) -> bool:
    """Whether "start this exercise over" would change anything on this side."""
    return coaching.standing != Standing()
