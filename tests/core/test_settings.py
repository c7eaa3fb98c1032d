"""What the runner's settings mean to a routine: its own timings, or one value for all."""

from __future__ import annotations

from hipcoach.core.model import Timings
from hipcoach.core.settings import Settings, TimingsOverride


def test_by_default_each_routine_keeps_its_own_timings() -> None:
    chosen = Settings(prepare=12, switch=7, rest=40, breath=5)
    assert chosen.timings_override() is None
    # A file with no timings at all gets hipcoach's defaults, and the runner's breath.
    assert chosen.timings() == Timings(prepare=5, switch=5, rest=10, breath=5)


def test_one_value_for_every_routine_replaces_get_ready_switch_and_rest() -> None:
    chosen = Settings(routine_timings=False, prepare=12, switch=7, rest=40, breath=5)
    assert chosen.timings_override() == TimingsOverride(prepare=12, switch=7, rest=40)
    assert chosen.timings() == Timings(prepare=12, switch=7, rest=40, breath=5)
    assert chosen.timings().set_rest == Timings().set_rest  # not one of the three
