"""How numbers read to a runner: on screen as clocks, aloud as words."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """Whole seconds as m:ss (h:mm:ss from an hour): 95 -> "1:35"."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 set", "3 sets": never "1 sets"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
