"""The cue script: what is said and played, and exactly when (docs/command-line.md and README, "What you hear")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hipcoach.core.cues import (
    CueKind,
    LastTime,
    counted,
    make_script,
    spoken_duration,
    up_next,
    words,
)
from hipcoach.core.plan import Plan, explain_seconds, make_plan
from hipcoach.core.routine_file import load_routine, parse_routine

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.toml"))


def plan_of(text: str) -> Plan:
    return make_plan(parse_routine(text.encode(), "t.toml", "t"))


def timeline(plan: Plan, last_time: LastTime | None = None) -> list[tuple[float, str, str, str]]:
    """(session second, kind, words, sound) for every cue of the plan."""
    script = make_script(plan, last_time)
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
    read = make_plan(plan.routine, explain={0: 4})
    hows = [row for row in timeline(read) if row[1] == "how"]
    assert hows == [(0, "how", "Lie down.", "")]
    assert [(p.kind.value, p.start, p.seconds, p.side, p.set) for p in read.phases[:2]] == [
        ("explain", 0, 4, None, 1),
        ("prepare", 4, 5, None, 1),
    ]


def test_each_how_to_has_its_own_phase_before_its_exercise_and_nothing_talks_over_it() -> None:
    routine = plan_of(
        'format = 1\nname = "S"\n[[exercise]]\nname = "A"\nhow = "Stand."\nhold = 5\n'
        '[[exercise]]\nname = "B"\nhow = "Kneel."\nreps = 3\n'
    ).routine
    plan = make_plan(routine, explain={0: 3, 1: 2})
    # explain 0-3, prepare 3-8, A 8-13, rest 13-23, explain 23-25, prepare 25-30, B 30-39
    said = [
        (at, kind, text)
        for at, kind, text, _ in timeline(plan)
        if kind in ("rest", "how", "announce", "tick")
    ]
    assert said == [
        (0, "how", "Stand."),
        (3, "announce", "A. Hold five seconds."),
        (5, "tick", ""),
        (6, "tick", ""),
        (7, "tick", ""),
        (10, "tick", ""),
        (11, "tick", ""),
        (12, "tick", ""),
        (13, "rest", "Rest, ten seconds. Next up: B."),
        (23, "how", "Kneel."),
        (25, "announce", "B. Three reps."),
        (27, "tick", ""),
        (28, "tick", ""),
        (29, "tick", ""),
        (36, "tick", ""),
        (37, "tick", ""),
        (38, "tick", ""),
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
        every_how = {index: 5 for index, _ in enumerate(plan.routine.exercises)}
        phrases.update(make_script(make_plan(plan.routine, explain=every_how)).phrases())
    assert len(phrases) > 50
    for phrase in phrases:
        assert not re.search(r"\d", phrase), f"digits read badly aloud: {phrase!r}"
        assert not re.search(rf"\bone ({_NOUNS})s\b", phrase, re.I), phrase
        assert not re.search(rf"\b({_COUNTS}) ({_NOUNS})\b(?!s)", phrase, re.I), phrase
        assert not re.search(r"[<>&*_#/\\|]", phrase), f"a symbol in {phrase!r}"
        assert phrase == phrase.strip() and "  " not in phrase
        assert phrase[0].isupper(), phrase
        assert phrase[-1] in ".!?", f"a phrase ends as a sentence: {phrase!r}"


def announcements(plan: Plan, last_time: LastTime | None = None) -> list[str]:
    return [said for _, kind, said, _ in timeline(plan, last_time) if kind == "announce"]


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
    said = announcements(make_plan(routine, today), LastTime(last))
    assert said == [
        "Clamshells, left side. Set one of three, ten reps, two fewer than last time. "
        "Three sets today, one more than last time.",
        "Pigeon. Hold thirty-five seconds, five seconds less than last time.",
        "Lunge. Six breaths.",
    ]
    assert announcements(make_plan(routine, today)) == [
        "Clamshells, left side. Set one of three, ten reps.",
        "Pigeon. Hold thirty-five seconds.",
        "Lunge. Six breaths.",
    ], "no history, nothing to compare"


def test_without_a_prepare_the_name_is_said_as_work_starts_even_after_its_how_to() -> None:
    routine = plan_of(
        'format = 1\nname = "S"\n[defaults]\nprepare = 0\n[[exercise]]\nname = "A"\n'
        'how = "Stand tall."\nhold = 5\n'
    ).routine
    plan = make_plan(routine, explain={0: 6})
    assert [(p.kind.value, p.start) for p in plan.phases] == [("explain", 0), ("work", 6)]
    said = [(at, kind, text) for at, kind, text, _ in timeline(plan) if text][:2]
    assert said == [(0, "how", "Stand tall."), (6, "announce", "A. Hold five seconds.")]
    ticks = [at for at, kind, _, _ in timeline(plan) if kind == "tick"]
    assert ticks[:3] == [3, 4, 5]


def test_a_reading_that_leads_straight_into_work_leaves_room_for_the_countdown() -> None:
    # 5 words at 200 a minute: 1.5 s, so 2 s + 1; and 3 s more for the ticks 3, 2, 1.
    assert explain_seconds("Stand tall and breathe out.", 200, None, True) == 6
    assert explain_seconds("Stand tall and breathe out.", 200, None, False) == 3
    assert explain_seconds("Stand tall and breathe out.", 200, 2.2, False) == 4
