"""Where each key of a TOML document is written, so errors can name the line at fault.

tomllib parses but forgets positions. This scanner reads the same text once more, far enough
to know, for every table header, every key and every element of an array, the line it starts
on: inside inline tables and inline arrays of tables too, and with ``[exercise.sub]`` placed
in the exercise it belongs to. Lines are counted at "\\n" only, as TOML counts them (never
``splitlines()``, which also breaks at U+2028 and NEL, both allowed in a comment). It never
raises: on text it does not understand it skips to the next line and simply knows less, and
callers fall back to the nearest enclosing table, then to line 1.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

KeyPath = tuple[str | int, ...]

# Python refuses to read a decimal number longer than this (sys.get_int_max_str_digits()).
INT_DIGITS_LIMIT = 4300
_MAX_DEPTH = 16  # deeper values are skipped, longer keys cut: a file cannot exhaust either

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_LITERAL = re.compile(r"'([^'\n]*)'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*""""{0,2}', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*''''{0,2}", re.DOTALL)
_SCALAR = re.compile(r"[^,\]}#\n]*")
_SPACE = re.compile(r"[ \t\r]*")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_DECIMAL = re.compile(r"[+-]?[0-9_]+")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(body: str) -> str:
    """A basic string's text, escapes resolved (an unknown one is kept as written)."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code is not None:
            value = int(code, 16)
            return chr(value) if value <= 0x10FFFF else match.group(0)
        return _SIMPLE_ESCAPES.get(match.group(3), match.group(0))

    return _ESCAPE.sub(one, body) if "\\" in body else body


class _Locator:
    """One pass over the text; ``lines`` fills in as it goes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[KeyPath, int] = {}
        self.arrays: dict[KeyPath, int] = {}  # each array of tables: how many so far
        self.long_number: int | None = None  # the line of the first number Python refuses
        self.longest_key = 0  # the most parts of one dotted key or header, and its line
        self.longest_key_line = 1

    def line_at(self, pos: int) -> int:
        return bisect_left(self.newlines, pos) + 1

    def mark(self, path: KeyPath, pos: int) -> None:
        self.lines.setdefault(path, self.line_at(pos))

    def skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def peek(self, literal: str) -> bool:
        return self.text.startswith(literal, self.pos)

    def next_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    # -- statements ----------------------------------------------------------------------

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip(_BLANK)
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self.peek("[["):
                table = self.array_header(table)
            elif self.peek("["):
                table = self.table_header(table)
            else:
                self.key_value(table, 0)
            if self.pos == start:
                self.next_line()  # not understood: the next line may be
            else:
                self.skip(_SPACE)
                if self.pos < len(self.text) and self.text[self.pos] not in "#\n":
                    self.next_line()

    def resolve(self, names: list[str]) -> KeyPath:
        """A header's names as a path: a name that is an array of tables means its last."""
        path: KeyPath = ()
        for name in names:
            path = (*path, name)
            if path in self.arrays:
                path = (*path, self.arrays[path] - 1)
        return path

    def array_header(self, table: KeyPath) -> KeyPath:
        start = self.pos
        self.pos += 2
        names = self.key()
        self.skip(_SPACE)
        if not names or not self.peek("]]"):
            self.pos = start
            return table
        self.pos += 2
        array = (*self.resolve(names[:-1]), names[-1])
        index = self.arrays.get(array, 0)
        self.arrays[array] = index + 1
        for end in range(1, len(array) + 1):
            self.mark(array[:end], start)
        self.mark((*array, index), start)
        return (*array, index)

    def table_header(self, table: KeyPath) -> KeyPath:
        start = self.pos
        self.pos += 1
        names = self.key()
        self.skip(_SPACE)
        if not names or not self.peek("]"):
            self.pos = start
            return table
        self.pos += 1
        path = self.resolve(names)
        for end in range(1, len(path) + 1):
            self.mark(path[:end], start)
        return path

    def key_value(self, table: KeyPath, depth: int) -> bool:
        start = self.pos
        names = self.key()
        self.skip(_SPACE)
        if not names or not self.peek("="):
            self.pos = start
            return False
        self.pos += 1
        path = (*table, *names)
        for end in range(len(table) + 1, len(path) + 1):
            self.mark(path[:end], start)
        self.skip(_SPACE)
        self.value(path, depth)
        return True

    def key(self) -> list[str]:
        """A bare, quoted or dotted key; [] when there is none here."""
        names: list[str] = []
        parts = 0
        while True:
            self.skip(_SPACE)
            text, pos = self.text, self.pos
            if match := _BARE.match(text, pos):
                names.append(match.group(0))
            elif match := _BASIC.match(text, pos):
                names.append(_unescape(match.group(1)))
            elif match := _LITERAL.match(text, pos):
                names.append(match.group(1))
            else:
                return []
            parts += 1
            if parts > self.longest_key:
                self.longest_key, self.longest_key_line = parts, self.line_at(self.pos)
            if len(names) > _MAX_DEPTH:
                names.pop()  # a key of thousands of parts is located by its first ones
            self.pos = match.end()
            self.skip(_SPACE)
            if not self.peek("."):
                return names
            self.pos += 1

    # -- values --------------------------------------------------------------------------

    def value(self, path: KeyPath, depth: int) -> None:
        if self.pos >= len(self.text):
            return
        if depth >= _MAX_DEPTH:
            self.skip_nested()
            return
        char = self.text[self.pos]
        if char == "[":
            self.array(path, depth + 1)
        elif char == "{":
            self.inline_table(path, depth + 1)
        elif char in "\"'":
            self.string()
        else:
            self.scalar()

    def array(self, path: KeyPath, depth: int) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip(_BLANK)
            if self.pos >= len(self.text):
                return
            if self.peek("]"):
                self.pos += 1
                return
            start = self.pos
            if self.peek("{"):
                self.mark((*path, index), start)  # a table in an array: an exercise, say
            self.value((*path, index), depth)
            self.skip(_BLANK)
            if self.peek(","):
                self.pos += 1
                index += 1
            elif not self.peek("]") or self.pos == start:
                return  # not TOML: the caller moves on to the next line

    def inline_table(self, path: KeyPath, depth: int) -> None:
        self.pos += 1
        while True:
            self.skip(_BLANK)
            if self.peek("}"):
                self.pos += 1
                return
            if not self.key_value(path, depth):
                return
            self.skip(_BLANK)
            if self.peek(","):
                self.pos += 1
            elif not self.peek("}"):
                return

    def string(self) -> None:
        for pattern in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL):
            if match := pattern.match(self.text, self.pos):
                self.pos = match.end()
                return
        self.next_line()

    def scalar(self) -> None:
        start = self.pos
        self.skip(_SCALAR)
        token = self.text[start : self.pos].strip()
        if (
            self.long_number is None
            and len(token) > INT_DIGITS_LIMIT
            and _DECIMAL.fullmatch(token)
            and sum(ch.isdigit() for ch in token) > INT_DIGITS_LIMIT
        ):
            self.long_number = self.line_at(start)

    def skip_nested(self) -> None:
        """Step over a value nested too deeply to walk, brackets and strings counted."""
        depth = 0
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in "\"'":
                self.string()
                continue
            if char == "#":
                self.next_line()
                continue
            if depth == 0 and char in ",]}\n":
                return  # the end of a plain value: the enclosing array's, not ours
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return
            self.pos += 1


@dataclass(frozen=True, slots=True)
class Located:
    """What one reading of a TOML text found: where each key is, and what tomllib cannot
    take well (Python refuses its longest numbers; its cost grows with the square of a
    dotted key's parts)."""

    lines: Mapping[KeyPath, int]
    long_number_line: int | None  # of the first number of more than INT_DIGITS_LIMIT digits
    longest_key: int  # the most parts of one dotted key or table header
    longest_key_line: int


def locate(text: str) -> Located:
    """Read any text, TOML or not, once; never raises.

    ``lines`` maps each table, key and table in an array to the 1-based line it is written
    on. Arrays are indexed: the third ``[[exercise]]`` is ``("exercise", 2)`` and its ``hold``
    key is ``("exercise", 2, "hold")``, whether it is written as a table or inline.
    """
    locator = _Locator(text)
    locator.document()
    return Located(
        locator.lines, locator.long_number, locator.longest_key, locator.longest_key_line
    )


def locate_keys(text: str) -> Mapping[KeyPath, int]:
    """Where each table, key and table in an array is written (see ``locate``)."""
    return locate(text).lines


def line_of(lines: Mapping[KeyPath, int], path: KeyPath) -> int:
    """The line of a key, else of the nearest table that holds it, else 1."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1
