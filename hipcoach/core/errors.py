"""Two kinds of failure: a known one the runner can act on, and a bug.

A known failure is a ``KnownError``: its message is one line that says what is wrong and
what to do, and the window and the command line show just that line. Anything else that
reaches them is a bug: its traceback goes to ``hipcoach.log`` in the data folder, and one
line says so (docs/command-line.md).
"""

from __future__ import annotations


class KnownError(Exception):
    """A failure the runner can act on; ``str()`` is one line saying what to do."""

    bad_input = False  # the runner asked for something that cannot be (exit 2, not 1)


class BadInputError(KnownError):
    """The runner asked for something that cannot be: a bad option, an unknown routine."""

    bad_input = True
