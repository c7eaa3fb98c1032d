"""The cue script: what is said and played, and exactly when (SPEC section 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hipcoach.core.cues import (
    CueKind,
    CueOptions,
    counted,
    make_script,
    spoken_duration,
    up_next,
    words,
)
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import load_routine, parse_routine

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.toml"))


def plan_of(text: str) -> Plan:
    return make_plan(parse_routine(text.encode(), "t.toml", "t"))


def timeline(plan: Plan, options: CueOptions | None = None) -> list[tuple[float, str, str, str]]:
    """(session second, kind, words, sound) for every cue of the plan."""
    script = make_script(plan, options)
    return [
        (phase.start + cue.offset, cue.kind.value, cue.say, cue.sound.value if cue.sound else "")
        for phase, cues in zip(plan.phases, script.phases, strict=True)
        for cue in cues
    ]


def test_a_single_hold() -> None:
    plan = plan_of('format = 1\nname = "Stretch"\n[[exercise]]\nname = "Butterfly"\nhold = 30\n')
    assert timeline(plan) == [
        (0, "announce", "Butterfly. Hold thirty seconds.", ""),
        (2, "tick", "", "tick"),
        (3, "tick", "", "tick"),
        (4, "tick", "", "tick"),
        (5, "go", "", "go"),
        (20, "halfway", "Halfway.", ""),
        (25, "time_left", "Ten seconds to go.", ""),
        (32, "tick", "", "tick"),
        (33, "tick", "", "tick"),
        (34, "tick", "", "tick"),
        (35, "end", "", "finish"),
        (35, "finish", "Well done. Stretch is complete: one exercise in about one minute.", ""),
    ]


def test_a_twenty_second_hold_says_halfway_and_ten_seconds_once() -> None:
    plan = plan_of('format = 1\nname = "S"\n[[exercise]]\nname = "A"\nhold = 20\nprepare = 0\n')
    said = [(at, text) for at, _, text, _ in timeline(plan) if text]
    assert said[:2] == [(0, "A. Hold twenty seconds."), (10, "Halfway. Ten seconds to go.")]


def test_a_short_hold_gets_no_halfway() -> None:
    plan = plan_of('format = 1\nname = "S"\n[[exercise]]\nname = "A"\nhold = 15\n')
    kinds = {kind for _, kind, _, _ in timeline(plan)}
    assert "halfway" not in kinds and "time_left" not in kinds


def test_a_breath_pose_paces_each_breath_and_counts() -> None:
    plan = plan_of(
        'format = 1\nname = "Flow"\n[defaults]\nprepare = 4\n'
        '[[exercise]]\nname = "Garland pose"\nbreaths = "3-5"\nbreath = 4\n'
    )
    assert timeline(plan)[:12] == [
        (0, "announce", "Garland pose. Three breaths.", ""),
        (1, "tick", "", "tick"),
        (2, "tick", "", "tick"),
        (3, "tick", "", "tick"),
        (4, "go", "", "go"),
        (4, "breath_in", "One. Breathe in.", ""),
        (6, "breath_out", "And out.", ""),
        (8, "breath_in", "Two. Breathe in.", ""),
        (10, "breath_out", "And out.", ""),
        (12, "breath_in", "Last breath. Breathe in.", ""),
        (13, "tick", "", "tick"),
        (14, "breath_out", "And out.", ""),
    ]
    pacer = [c for c in make_script(plan).phases[1] if c.kind is CueKind.BREATH_IN]
    assert [(c.count, c.of, c.seconds) for c in pacer] == [(1, 3, 2.0), (2, 3, 2.0), (3, 3, 2.0)]


def test_a_timed_rep_set_with_sets_on_both_sides() -> None:
    plan = plan_of(
        'format = 1\nname = "Strength"\n[defaults]\nprepare = 5\nswitch = 4\nset_rest = 20\n'
        '[[exercise]]\nname = "Clamshells"\nsides = "each"\nreps = "3-5"\nsets = 2\n'
        "tempo = [1, 1, 1]\n"
        '[[exercise]]\nname = "Bridge"\nhold = 10\n'
    )
    assert timeline(plan)[:26] == [
        (0, "announce", "Clamshells, left side. Set one of two, three reps.", ""),
        (2, "tick", "", "tick"),
        (3, "tick", "", "tick"),
        (4, "tick", "", "tick"),
        (5, "go", "", "go"),
        (5, "rep", "One.", ""),
        (8, "rep", "Two.", ""),
        (11, "rep", "Last one.", ""),
        (11, "tick", "", "tick"),
        (12, "tick", "", "tick"),
        (13, "tick", "", "tick"),
        (14, "end", "", "switch"),
        (14, "switch", "Switch sides. Right side next.", ""),
        (15, "tick", "", "tick"),
        (16, "tick", "", "tick"),
        (17, "tick", "", "tick"),
        (18, "go", "", "go"),
        (18, "rep", "One.", ""),
        (21, "rep", "Two.", ""),
        (24, "rep", "Last one.", ""),
        (24, "tick", "", "tick"),
        (25, "tick", "", "tick"),
        (26, "tick", "", "tick"),
        (27, "end", "", "rest"),
        (27, "set_rest", "Rest, twenty seconds. Next, set two of two.", ""),
        (44, "tick", "", "tick"),
    ]
    rest = [row for row in timeline(plan) if row[1] == "rest"]
    assert rest == [(69, "rest", "Rest, ten seconds. Next up: Bridge.", "")]
    # No countdown in a rest that leads into a prepare, only in the prepare itself.
    assert [at for at, kind, _, _ in timeline(plan) if kind == "tick" and 69 < at < 79] == []


def test_how_to_is_read_once_per_exercise_when_wanted() -> None:
    plan = plan_of(
        'format = 1\nname = "S"\n[[exercise]]\nname = "A"\nhow = "Lie down."\nhold = 5\n'
        'sides = "each"\nsets = 2\n'
    )
    assert [row for row in timeline(plan) if row[1] == "how"] == []
    hows = [row for row in timeline(plan, CueOptions(read_how=True)) if row[1] == "how"]
    assert hows == [(0, "how", "Lie down.", "")]


def test_the_next_how_to_is_read_in_the_rest_before_it() -> None:
    plan = plan_of(
        'format = 1\nname = "S"\n[[exercise]]\nname = "A"\nhow = "Stand."\nhold = 5\n'
        '[[exercise]]\nname = "B"\nhow = "Kneel."\nreps = 3\n'
    )  # prepare 0-5, A 5-10, rest 10-20, prepare 20-25, B 25-34
    said = [
        (at, text)
        for at, kind, text, _ in timeline(plan, CueOptions(read_how=True))
        if kind in ("rest", "how", "announce")
    ]
    assert said == [
        (0, "A. Hold five seconds."),
        (0, "Stand."),
        (10, "Rest, ten seconds. Next up: B."),
        (10, "Kneel."),
        (20, "B. Three reps."),
    ]


def test_no_work_phase_means_no_go_sound_at_prepare_zero() -> None:
    plan = plan_of('format = 1\nname = "S"\n[[exercise]]\nname = "A"\nreps = 2\nprepare = 0\n')
    assert timeline(plan)[:3] == [
        (0, "announce", "A. Two reps.", ""),
        (0, "go", "", "go"),
        (0, "rep", "One.", ""),
    ]


def test_up_next_names_the_next_work() -> None:
    plan = plan_of(
        'format = 1\nname = "S"\n[[exercise]]\nname = "A"\nhold = 5\nsides = "each"\n'
        '[[exercise]]\nname = "B"\nreps = 2\nsets = 2\n'
    )
    assert [up_next(plan, i) for i in range(len(plan.phases))] == [
        "A, left",
        "A, right",
        "A, right",
        "B, set 1 of 2",
        "B, set 1 of 2",
        "B, set 1 of 2",
        "B, set 2 of 2",
        "B, set 2 of 2",
        "Finish",
    ]


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "zero"),
        (1, "one"),
        (13, "thirteen"),
        (20, "twenty"),
        (45, "forty-five"),
        (100, "one hundred"),
        (512, "five hundred and twelve"),
        (3600, "three thousand six hundred"),
    ],
)
def test_numbers_in_words(number: int, text: str) -> None:
    assert words(number) == text


def test_digits_in_names_are_spoken_as_words() -> None:
    plan = plan_of('format = 1\nname = "S"\n[[exercise]]\nname = "Figure-4 stretch"\nhold = 5\n')
    assert timeline(plan)[0][2] == "Figure-four stretch. Hold five seconds."


def test_plurals_and_durations() -> None:
    assert counted(1, "set") == "one set"
    assert counted(3, "set") == "three sets"
    assert spoken_duration(1) == "one second"
    assert spoken_duration(60) == "one minute"
    assert spoken_duration(90) == "one minute and thirty seconds"
    assert spoken_duration(125) == "two minutes and five seconds"


_NOUNS = "second|minute|breath|rep|set|exercise"
_COUNTS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"


def test_every_phrase_of_every_shipped_routine_reads_naturally_aloud() -> None:
    phrases: set[str] = set()
    for path in SHIPPED:
        plan = make_plan(load_routine(path))
        phrases.update(make_script(plan, CueOptions(read_how=True)).phrases())
    assert len(phrases) > 50
    for phrase in phrases:
        assert not re.search(r"\d", phrase), f"digits read badly aloud: {phrase!r}"
        assert not re.search(rf"\bone ({_NOUNS})s\b", phrase, re.I), phrase
        assert not re.search(rf"\b({_COUNTS}) ({_NOUNS})\b(?!s)", phrase, re.I), phrase
        assert not re.search(r"[<>&*_#/\\|]", phrase), f"a symbol in {phrase!r}"
        assert phrase == phrase.strip() and "  " not in phrase
        assert phrase[0].isupper(), phrase
        assert phrase[-1] in ".!?", f"a phrase ends as a sentence: {phrase!r}"


def announcements(plan: Plan, options: CueOptions) -> list[str]:
    return [said for _, kind, said, _ in timeline(plan, options) if kind == "announce"]


def test_a_dose_that_moved_says_so_against_last_time() -> None:
    from hipcoach.core.model import Amount, Routine, Side, Sides
    from hipcoach.core.plan import Prescription, Prescriptions

    from .coaching_history import breaths, exercise, hold, reps

    routine = Routine(
        "s",
        "S",
        (
            exercise("Clamshells", reps(10, 12), sides=Sides.EACH, sets=Amount(2, 3)),
            exercise("Pigeon", hold(30, 60)),
            exercise("Lunge", breaths(6)),
        ),
    )
    today = Prescriptions(
        {
            ("clamshells", Side.LEFT): Prescription(3, 10),
            ("clamshells", Side.RIGHT): Prescription(3, 10),
            ("pigeon", None): Prescription(1, 35),
        }
    )
    last = {
        ("clamshells", Side.LEFT): Prescription(2, 12),
        ("pigeon", None): Prescription(1, 40),
        ("lunge", None): Prescription(1, 6),
    }
    said = announcements(make_plan(routine, today), CueOptions(last=last))
    assert said == [
        "Clamshells, left side. Set one of three, ten reps, two fewer than last time. "
        "Three sets today, one more than last time.",
        "Pigeon. Hold thirty-five seconds, five seconds less than last time.",
        "Lunge. Six breaths.",
    ]
    assert announcements(make_plan(routine, today), CueOptions()) == [
        "Clamshells, left side. Set one of three, ten reps.",
        "Pigeon. Hold thirty-five seconds.",
        "Lunge. Six breaths.",
    ], "no history, nothing to compare"
