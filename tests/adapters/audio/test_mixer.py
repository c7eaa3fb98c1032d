"""The mixing rules the runner hears, checked on numbers: no sound server needed."""

from __future__ import annotations

import itertools
from array import array

from hipcoach.adapters.audio.mixer import Mixer, StreamClock

RATE = 1000  # one frame a millisecond keeps the arithmetic readable


def tone(frames: int, level: int = 1000) -> array[int]:
    return array("h", [level] * frames)


def frames(mixer: Mixer, count: int) -> list[int]:
    data = array("h")
    data.frombytes(mixer.render(count))
    return list(data)


def test_silence_when_nothing_plays() -> None:
    mixer = Mixer(RATE)
    assert frames(mixer, 10) == [0] * 10
    assert not mixer.busy


def test_a_tick_plays_over_a_phrase_instead_of_waiting_for_it() -> None:
    mixer = Mixer(RATE)
    mixer.add_speech(tone(100, 1000), start=0)
    mixer.add_sound(tone(10, 500), start=20)
    out = frames(mixer, 100)
    assert out[:20] == [1000] * 20
    assert out[20:30] == [1500] * 10
    assert out[30:] == [1000] * 70


def test_a_sound_starts_on_its_frame_not_on_the_next_render() -> None:
    mixer = Mixer(RATE)
    mixer.add_sound(tone(5), start=37)
    out = frames(mixer, 100)
    assert out.index(1000) == 37


def test_a_new_phrase_cuts_off_the_last_one_with_a_fade_not_a_click() -> None:
    mixer = Mixer(RATE)
    mixer.fade = 5
    mixer.add_speech(tone(100, 8000), start=0)
    frames(mixer, 10)
    mixer.add_speech(tone(20, 100), start=30)
    out = frames(mixer, 60)  # frames 10..70
    before = out[:20]
    fading = out[20:25]
    assert before == [8000] * 20
    assert all(a > b for a, b in itertools.pairwise(fading)), fading
    assert max(abs(a - b) for a, b in itertools.pairwise(out)) <= 8000 // 5 + 100
    assert out[25:40] == [100] * 15, "only the new phrase after the fade"


def test_phrases_due_together_are_said_one_after_the_other() -> None:
    mixer = Mixer(RATE)
    mixer.add_speech(tone(30, 1000), start=0)
    mixer.add_speech(tone(20, 2000), start=0, chain=True)
    out = frames(mixer, 60)
    assert out[:30] == [1000] * 30
    assert out[30:50] == [2000] * 20
    assert out[50:] == [0] * 10


def test_cut_silences_everything_playing_and_everything_scheduled() -> None:
    mixer = Mixer(RATE)
    mixer.fade = 5
    mixer.add_speech(tone(500), start=0)
    mixer.add_sound(tone(500), start=0)
    mixer.add_sound(tone(50), start=200)  # due later: must not play after the cut
    frames(mixer, 50)
    mixer.cut()
    out = frames(mixer, 300)
    assert out[:5] != [0] * 5, "a short fade"
    assert out[5:] == [0] * 295
    assert not mixer.busy


def test_overlapping_loud_voices_clip_instead_of_wrapping_around() -> None:
    mixer = Mixer(RATE)
    mixer.add_speech(tone(10, 30000), start=0)
    mixer.add_sound(tone(10, 30000), start=0)
    mixer.add_sound(tone(10, -30000), start=10)
    mixer.add_sound(tone(10, -30000), start=10)
    out = frames(mixer, 20)
    assert out[:10] == [32767] * 10
    assert out[10:] == [-32768] * 10


def test_the_clock_follows_the_steady_line_under_bursty_reports() -> None:
    """The server takes frames in bursts; the clock keeps the earliest consistent line."""
    clock = StreamClock(rate=1000, window=3.0)
    origin = 100.0
    for step in range(200):
        now = origin + step * 0.005
        played = (now - origin) * 1000
        handed = int(played // 20 * 20 + 20)  # taken 20 frames at a time, ahead of play
        clock.observe(now, handed)
    assert abs(clock.frame_at(origin + 0.5) - (500 + 20)) <= 1


def test_the_clock_follows_a_sound_card_that_runs_fast_and_forgets_after_a_reset() -> None:
    clock = StreamClock(rate=1000, window=1.0)
    for step in range(1000):  # 10 s of a card 0.1 % fast
        now = step * 0.01
        clock.observe(now, round(now * 1001))
    assert abs(clock.frame_at(10.0) - 10010) <= 2
    clock.reset()
    assert not clock.known
    clock.observe(20.0, 5000)
    assert clock.frame_at(20.5) == 5500
