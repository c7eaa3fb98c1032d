"""Render what a session sounds like into one WAV file, to listen to without doing it.

Every cue of the routine (cue sounds and speech rendered by espeak-ng, as the player would)
is mixed at its instant of the plan by the player's own mixer and its rules: a tick plays
over a phrase, a new phrase cuts the one before, phrases due together follow one another.

Usage: python tools/render_session.py ROUTINE OUT.wav [--speed X] [--no-how]
       [--voice ID] [--rate WPM] [--cache DIR]
ROUTINE is a routine file or a built-in id. Prints one line per phrase that is cut off by
the next one, so long texts show up without listening to the whole session.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hipcoach.adapters import paths
from hipcoach.adapters.audio import pcm
from hipcoach.adapters.audio.mixer import SAME_INSTANT, Mixer, load_sounds
from hipcoach.adapters.audio.speech import SpeechRenderer, SpeechSettings
from hipcoach.application.session import explained
from hipcoach.core.cues import Cue, CueKind, Sound, make_script
from hipcoach.core.plan import Plan, make_plan
from hipcoach.core.routine_file import RoutineFileError, load_routine
from hipcoach.core.settings import HowReading


@dataclass(frozen=True)
class Timed:
    seconds: float  # wall seconds from the start of the session
    cue: Cue


def find_routine(spec: str) -> Path:
    path = Path(spec)
    if "/" in spec or spec.endswith(".toml"):
        return path
    return paths.built_in_routines() / f"{spec}.toml"


def timeline(plan: Plan, speed: float) -> list[Timed]:
    script = make_script(plan)
    return [
        Timed((phase.start + cue.offset) / speed, cue)
        for phase, cues in zip(plan.phases, script.phases, strict=True)
        for cue in cues
    ]


@dataclass(frozen=True)
class Heard:
    instant: float  # when its cue was due
    start: float  # when it starts: its instant, or after a phrase due at the same instant
    sounding_until: float  # its last audible sample
    file_until: float  # its end, trailing silence included (a chained phrase starts here)
    cue: Cue


def render(
    cues: list[Timed], speech: dict[str, pcm.Pcm], sounds: dict[Sound, pcm.Pcm]
) -> tuple[pcm.Pcm, list[str]]:
    """Mix every cue at its frame; return the samples and a note for each phrase cut off."""
    mixer = Mixer(pcm.RATE)
    out = bytearray()
    notes: list[str] = []
    line: list[Heard] = []  # the phrase speaking and those due with it
    for timed in cues:
        frame = round(timed.seconds * pcm.RATE)
        if frame > mixer.frame:
            out += mixer.render(frame - mixer.frame)
        if timed.cue.sound is not None:
            mixer.add_sound(sounds[timed.cue.sound], frame)
        samples = speech.get(timed.cue.say)
        if samples is None:
            continue
        chain = bool(line) and abs(timed.seconds - line[-1].instant) < SAME_INSTANT
        if not chain:
            notes.extend(_cut_notes(line, timed))
            line = []
        start = max(timed.seconds, line[-1].file_until) if line else timed.seconds
        _, end = pcm.sounding_span(samples, threshold_dbfs=-50.0)
        line.append(
            Heard(timed.seconds, start, start + end, start + len(samples) / pcm.RATE, timed.cue)
        )
        mixer.add_speech(samples, frame, chain)
    while mixer.busy:
        out += mixer.render(pcm.RATE // 10)
    out += mixer.render(pcm.RATE // 2)
    samples = pcm.silence(0)
    samples.frombytes(bytes(out))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples, notes


def _cut_notes(line: list[Heard], cutter: Timed) -> list[str]:
    notes = []
    for heard in line:
        if heard.sounding_until <= cutter.seconds:
            continue
        kind = "how-to" if heard.cue.kind is CueKind.HOW else "phrase"
        lost = heard.sounding_until - max(heard.start, cutter.seconds)
        whole = heard.sounding_until - heard.start
        notes.append(
            f"at {cutter.seconds:7.2f} s {cutter.cue.say[:24]!r} cuts {lost:5.2f} s of "
            f"{whole:5.2f} s of the {kind} {heard.cue.say[:40]!r}"
        )
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("routine")
    parser.add_argument("out", type=Path)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--no-how", action="store_true", help="do not read the how-to texts")
    parser.add_argument("--voice", default=None)
    parser.add_argument("--rate", type=int, default=SpeechSettings().rate)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.speed > 0:
        parser.error("--speed must be above 0")
    try:
        routine = load_routine(find_routine(args.routine))
    except RoutineFileError as error:
        print(error, file=sys.stderr)
        return 2
    reading = HowReading.NEVER if args.no_how else HowReading.ALWAYS
    # The phrases do not depend on how long the how-to phases are: render them first, then
    # lay the session out with the readings' real lengths, as a session with a warm cache is.
    estimated = make_plan(routine, explain=explained(routine, reading, {}, args.rate))
    phrases = list(dict.fromkeys(t.cue.say for t in timeline(estimated, args.speed) if t.cue.say))
    with tempfile.TemporaryDirectory(prefix="hipcoach-speech-") as scratch:
        renderer = SpeechRenderer(
            args.cache or Path(scratch), SpeechSettings(args.voice, args.rate)
        )
        renderer.start()
        try:
            failure = renderer.wait_started()
            if failure is not None:
                print(failure, file=sys.stderr)
                return 1
            renderer.request(phrases)
            renderer.wait_for(phrases, timeout=600)
            speech = {text: s for text in phrases if (s := renderer.get(text)) is not None}
        finally:
            renderer.close()

    def spoken(text: str) -> float | None:
        return len(speech[text]) / pcm.RATE if text in speech else None

    plan = make_plan(routine, explain=explained(routine, reading, {}, args.rate, spoken))
    cues = timeline(plan, args.speed)
    samples, notes = render(cues, speech, load_sounds(paths.sounds()))
    pcm.write_wav(args.out, samples)
    for note in notes:
        print(note)
    print(
        f"{args.out}: {len(samples) / pcm.RATE:.1f} s of audio for a {plan.total_seconds} s plan "
        f"at speed {args.speed:g}; {len(phrases)} phrases, {len(notes)} cut off by the next one"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
