"""The ``hipcoach`` command's entry point: Ctrl-C and SIGTERM are caught from its first line.

The handlers are set before anything else is imported. Python's own would raise
KeyboardInterrupt wherever start-up happens to be (PySide6 aborts when one lands while
shiboken initialises) and SIGTERM's default would end the process without a word. Until a
command takes the signals over (``hipcoach run`` and the window record a session as
stopped, and finish writing it), a signal ends the process at once with exit 130 and one
line: nothing has been done yet that could be left half done (docs/command-line.md).
"""

import _signal  # the C module: ``signal`` first builds its enums, 4 ms a signal would lose
import os


def _stop(number: int, _frame: object) -> None:
    name = "Ctrl-C" if number == _signal.SIGINT else "SIGTERM"
    os.write(2, f"hipcoach: stopped by {name}\n".encode())
    os._exit(130)


_signal.signal(_signal.SIGINT, _stop)
_signal.signal(_signal.SIGTERM, _stop)

import contextlib  # noqa: E402 - the handlers come first
import signal  # noqa: E402
import sys  # noqa: E402


def _finish() -> None:
    """The command is done and everything written: a signal now changes nothing. Ignored,
    not handled: Python puts its default back for a handler of its own as it shuts down,
    and SIGTERM's default would end a finished command with no exit code of its own."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away
            stream.flush()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def main() -> int:
    from hipcoach.cli.main import main as run

    code = run()
    _finish()
    return code
