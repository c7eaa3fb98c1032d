"""What is said, shown and played at every instant of a plan, as data.

The whole script is known before the session starts, so speech can be rendered ahead and
every cue is played on its instant. Cue instants are offsets within their phase, so the
script stays right when the runner pauses, skips or goes back.

Spoken text is written for a speech engine: numbers in words, correct plurals, no symbols.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from hipcoach.core.model import Side, Unit
from hipcoach.core.plan import RESTS, Phase, PhaseKind, Plan, Prescription
from hipcoach.core.text import clock

HALFWAY_FROM = 20  # holds at least this long get "halfway" and "ten seconds"
COUNTDOWN = (3, 2, 1)  # ticks this many seconds before a work phase starts or ends


class CueKind(Enum):
    ANNOUNCE = "announce"  # what comes next: name, side, dose
    HOW = "how"  # the how-to, read once per exercise when wanted
    TICK = "tick"  # countdown 3, 2, 1
    GO = "go"  # a work phase starts
    END = "end"  # a work phase ends
    HALFWAY = "halfway"
    TIME_LEFT = "time_left"
    BREATH_IN = "breath_in"
    BREATH_OUT = "breath_out"
    REP = "rep"
    SWITCH = "switch"
    SET_REST = "set_rest"
    ROUND_REST = "round_rest"
    REST = "rest"
    FINISH = "finish"
    NOTED = "noted"  # the answer to "this hurts" (H), said when the runner presses it


class Sound(Enum):
    TICK = "tick"
    GO = "go"
    END = "end"
    REST = "rest"
    SWITCH = "switch"
    FINISH = "finish"


@dataclass(frozen=True, slots=True)
class Cue:
    """One thing that happens at one instant: something to say, a sound, or both.

    ``count`` is the rep or breath number for the display; ``seconds`` how long a breath
    half lasts, so a pacer can animate it.
    """

    offset: float  # seconds from the start of its phase
    kind: CueKind
    say: str = ""
    sound: Sound | None = None
    count: int = 0
    of: int = 0
    seconds: float = 0.0
    otherwise: str = ""  # the closing words when not every work phase was done


# Said on the runner's word rather than at an instant of the plan: H, "this hurts", is
# answered aloud at once (docs/coaching.md), so its words are rendered with the rest.
NOTED = Cue(0.0, CueKind.NOTED, say="Noted.")
REPLIES = (NOTED,)


@dataclass(frozen=True, slots=True)
class Script:
    """Every phase's cues, in time order, plus the closing words; ``replies`` are the cues
    said when the runner asks, at no instant of the plan."""

    phases: tuple[tuple[Cue, ...], ...]
    replies: tuple[Cue, ...] = REPLIES

    def phrases(self) -> list[str]:
        """Every distinct phrase, in first-use order, then the replies': what speech renders
        ahead (the first few before the clock starts, so the replies come last)."""
        seen: dict[str, None] = {}
        for cues in (*self.phases, self.replies):
            for cue in cues:
                for text in (cue.say, cue.otherwise):
                    if text:
                        seen.setdefault(text, None)
        return list(seen)


@dataclass(frozen=True, slots=True)
class LastTime:
    """What each exercise-side and circuit asked the last time it was done (the coach's,
    docs/coaching.md): an exercise's first announcement says when its dose moved."""

    doses: Mapping[tuple[str, Side | None], Prescription] = field(default_factory=dict)
    rounds: Mapping[str, int] = field(default_factory=dict)


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(number: int) -> str:
    """A count in words, as a speech engine should say it: 45 -> "forty-five"."""
    if number < 0:
        return "minus " + words(-number)
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {words(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{words(thousands)} thousand" + (f" {words(rest)}" if rest else "")


def speakable(text: str) -> str:
    """Text with its whole numbers in words, so "Figure-4" is not read as a date or code."""
    return re.sub(
        r"\d+", lambda m: words(int(m.group(0))) if len(m.group(0)) < 7 else m.group(0), text
    )


def counted(number: int, singular: str, plural_form: str | None = None) -> str:
    """ "one set", "three sets", "one breath": number in words, noun agreeing."""
    noun = singular if number == 1 else (plural_form or singular + "s")
    return f"{words(number)} {noun}"


def spoken_duration(seconds: int) -> str:
    """ "forty-five seconds", "one minute", "two minutes and thirty seconds"."""
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return counted(secs, "second")
    text = counted(minutes, "minute")
    return f"{text} and {counted(secs, 'second')}" if secs else text


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def dose_phrase(unit: Unit, amount: int) -> str:
    if unit is Unit.SECONDS:
        return f"hold {spoken_duration(amount)}"
    if unit is Unit.BREATHS:
        return counted(amount, "breath")
    return counted(amount, "rep")


def _than_last_time(unit: Unit, change: int) -> str:
    """ "one more than last time", "five seconds less than last time"."""
    if unit is Unit.SECONDS:
        more = "more" if change > 0 else "less"
        return f"{spoken_duration(abs(change))} {more} than last time"
    return f"{words(abs(change))} {'more' if change > 0 else 'fewer'} than last time"


def announce(
    work: Phase,
    circuit_name: str | None = None,
    last: Prescription | None = None,
    sets: int | None = None,
    last_rounds: int | None = None,
) -> str:
    """What is said as an exercise comes up, from the work phase it leads to:
    "Pigeon pose, left side. Hold thirty seconds." (docs/routine-format.md, cues); a
    circuit's first exercise of a round says the round first ("Glute circuit, round two of
    three.").

    ``last`` is what this exercise-side asked last time and ``sets`` its sets today: a dose
    that moved says so ("Twelve reps, one more than last time.", docs/coaching.md), as do a
    circuit's rounds against ``last_rounds``."""
    exercise = work.exercise
    head = speakable(exercise.name) + (f", {work.side.value} side" if work.side else "")
    assert work.unit is not None and work.target is not None
    dose = dose_phrase(work.unit, work.target)
    if last is not None and last.amount != work.target:
        dose += f", {_than_last_time(work.unit, work.target - last.amount)}"
    if work.sets > 1:
        dose = f"set {words(work.set)} of {words(work.sets)}, {dose}"
    text = f"{head}. {_sentence(dose)}."
    if last is not None and sets is not None and last.sets != sets:
        change = sets - last.sets
        more = "more" if change > 0 else "fewer"
        text += (
            f" {_sentence(counted(sets, 'set'))} today, {words(abs(change))} {more} than last time."
        )
    if circuit_name is not None and work.round is not None and work.rounds:
        rounds = f"round {words(work.round)} of {words(work.rounds)}"
        if last_rounds is not None and last_rounds != work.rounds:
            change = work.rounds - last_rounds
            more = "more" if change > 0 else "fewer"
            rounds += f", {counted(abs(change), 'round')} {more} than last time"
        text = f"{_sentence(speakable(circuit_name))}, {rounds}. {text}"
    return text


def _countdown(seconds: int) -> list[Cue]:
    return [
        Cue(seconds - before, CueKind.TICK, sound=Sound.TICK, count=before)
        for before in COUNTDOWN
        if seconds - before >= 0
    ]


def _leads_into_work(plan: Plan, index: int) -> bool:
    following = plan.phases[index + 1] if index + 1 < len(plan.phases) else None
    return following is not None and following.is_work


def _end_sound(plan: Plan, index: int) -> Sound:
    """The sound a work phase ends with says what comes next."""
    if index + 1 >= len(plan.phases):
        return Sound.FINISH
    following = plan.phases[index + 1].kind
    if following is PhaseKind.SWITCH:
        return Sound.SWITCH
    if following in RESTS:
        return Sound.REST
    return Sound.END


def _work_cues(phase: Phase) -> list[Cue]:
    seconds = phase.seconds
    total = phase.target or 0
    each = phase.unit_seconds
    cues: list[Cue] = []
    if phase.unit is Unit.SECONDS:
        if seconds >= HALFWAY_FROM:
            half = seconds / 2
            if half == seconds - 10:
                cues.append(Cue(half, CueKind.HALFWAY, "Halfway. Ten seconds to go."))
            else:
                cues.append(Cue(half, CueKind.HALFWAY, "Halfway."))
                cues.append(Cue(seconds - 10, CueKind.TIME_LEFT, "Ten seconds to go."))
    elif phase.unit is Unit.BREATHS:
        half = each / 2
        for n in range(1, total + 1):
            start = (n - 1) * each
            lead = "Last breath" if n == total and total > 1 else _sentence(words(n))
            cues.append(
                Cue(
                    start,
                    CueKind.BREATH_IN,
                    f"{lead}. Breathe in.",
                    count=n,
                    of=total,
                    seconds=half,
                )
            )
            cues.append(
                Cue(start + half, CueKind.BREATH_OUT, "And out.", count=n, of=total, seconds=half)
            )
    elif phase.unit is Unit.REPS:
        for n in range(1, total + 1):
            said = "Last one." if n == total and total > 1 else f"{_sentence(words(n))}."
            cues.append(
                Cue(
                    (n - 1) * each,
                    CueKind.REP,
                    said,
                    count=n,
                    of=total,
                    seconds=each,
                )
            )
    return cues


def _lead_work(plan: Plan, index: int) -> Phase | None:
    """The first work phase of the exercise (in this round) that phase ``index`` leads to."""
    phase = plan.phases[index]
    for later in plan.phases[index:]:
        if later.exercise_index != phase.exercise_index or later.round != phase.round:
            return None
        if later.is_work:
            return later
    return None


def _sets_of(plan: Plan, work: Phase) -> int | None:
    """The sets one side of an exercise has in this plan (sides may differ); None in a
    circuit, where rounds repeat it."""
    if work.circuit is not None:
        return None
    return sum(
        1
        for p in plan.phases
        if p.is_work and p.exercise_index == work.exercise_index and p.side is work.side
    )


def _phase_cues(plan: Plan, index: int, last_time: LastTime) -> list[Cue]:
    phase = plan.phases[index]
    exercise = phase.exercise
    cues: list[Cue] = []
    before = plan.phases[index - 1] if index > 0 else None
    if before is not None and before.kind is PhaseKind.EXPLAIN:
        before = plan.phases[index - 2] if index > 1 else None  # the reading is no start
    first_of_exercise = before is None or (before.exercise_index, before.round) != (
        phase.exercise_index,
        phase.round,
    )

    if phase.kind is PhaseKind.PREPARE or (phase.is_work and first_of_exercise):
        # Said as the exercise starts: its prepare, or its first work when it has none.
        work = _lead_work(plan, index)
        if work is not None:
            new_round = phase.circuit is not None and (
                before is None or (before.circuit, before.round) != (phase.circuit, phase.round)
            )
            circuit = plan.circuit_name(phase) if new_round else None
            first = work.round in (None, 1)
            last = last_time.doses.get((exercise.id, work.side)) if first else None
            rounds = None
            if work.circuit is not None and work.round == 1:
                rounds = last_time.rounds.get(work.circuit)
            sets = None if last is None else _sets_of(plan, work)
            said = announce(work, circuit, last, sets, rounds)
            cues.append(Cue(0, CueKind.ANNOUNCE, said))
    if phase.kind is PhaseKind.EXPLAIN:
        cues.append(Cue(0, CueKind.HOW, speakable(exercise.how)))
    elif phase.kind is PhaseKind.SWITCH:
        coming = phase.side.value if phase.side else "other"
        cues.append(Cue(0, CueKind.SWITCH, f"Switch sides. {_sentence(coming)} side next."))
    elif phase.kind is PhaseKind.SET_REST:
        cues.append(
            Cue(
                0,
                CueKind.SET_REST,
                f"Rest, {spoken_duration(phase.seconds)}. "
                f"Next, set {words(phase.set + 1)} of {words(phase.sets)}.",
            )
        )
    elif phase.kind is PhaseKind.ROUND_REST:
        assert phase.round is not None and phase.rounds is not None
        cues.append(
            Cue(
                0,
                CueKind.ROUND_REST,
                f"Rest, {spoken_duration(phase.seconds)}. "
                f"Round {words(phase.round + 1)} of {words(phase.rounds)} next.",
            )
        )
    elif phase.kind is PhaseKind.REST:
        following = plan.phases[index + 1] if index + 1 < len(plan.phases) else None
        nxt = f" Next up: {speakable(following.exercise.name)}." if following else ""
        cues.append(Cue(0, CueKind.REST, f"Rest, {spoken_duration(phase.seconds)}.{nxt}"))
    elif phase.is_work:
        cues.append(Cue(0, CueKind.GO, sound=Sound.GO))
        cues.extend(_work_cues(phase))

    if phase.is_work or _leads_into_work(plan, index):
        cues.extend(_countdown(phase.seconds))
    if phase.is_work:
        cues.append(Cue(phase.seconds, CueKind.END, sound=_end_sound(plan, index)))
    if index == len(plan.phases) - 1:
        cues.append(
            Cue(phase.seconds, CueKind.FINISH, closing_words(plan), otherwise=partial_words(plan))
        )
    return sorted(cues, key=lambda cue: cue.offset)


def closing_words(plan: Plan) -> str:
    """The summary as the session was planned; the how-to readings are not the workout."""
    seconds = sum(p.seconds for p in plan.phases if p.kind is not PhaseKind.EXPLAIN)
    minutes = round(seconds / 60)
    length = counted(minutes, "minute") if minutes else spoken_duration(seconds)
    exercises = counted(len(plan.routine.exercises), "exercise")
    return f"Well done. {speakable(plan.routine.name)} is complete: {exercises} in about {length}."


def partial_words(plan: Plan) -> str:
    """The closing words of a session that skipped some work: true whatever was skipped, so
    it can be rendered ahead; the numbers are on the screen."""
    return f"That is the end of {speakable(plan.routine.name)}. Some work was skipped this time."


def make_script(plan: Plan, last_time: LastTime | None = None) -> Script:
    """Every cue of every phase; how-tos are read in the plan's ``explain`` phases, and the
    announcements compare each dose with ``last_time``."""
    last_time = last_time or LastTime()
    return Script(
        tuple(tuple(_phase_cues(plan, index, last_time)) for index in range(len(plan.phases)))
    )


def up_next(plan: Plan, index: int) -> str:
    """What the screen shows under "up next" during phase ``index``."""
    for later in plan.phases[index + 1 :]:
        if later.is_work:
            return f"{later.exercise.name}{where_in_routine(later)}"
    return "Finish"


def where_in_routine(phase: Phase) -> str:
    """ ", left, set 2 of 3" or ", right, round 2 of 3": what tells two work phases apart."""
    side = f", {phase.side.value}" if phase.side else ""
    if phase.round is not None and phase.rounds and phase.rounds > 1:
        return f"{side}, round {phase.round} of {phase.rounds}"
    if phase.sets > 1:
        return f"{side}, set {phase.set} of {phase.sets}"
    return side


def describe_phase(phase: Phase) -> str:
    """A short label for logs and the terminal: "work 0:30 Pigeon pose (left)"."""
    side = f" ({phase.side.value})" if phase.side else ""
    return f"{phase.kind.value} {clock(phase.seconds)} {phase.exercise.name}{side}"
