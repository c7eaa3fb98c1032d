"""Where each key of a TOML document is written, so errors can name the line at fault.

tomllib parses but forgets positions. This scanner reads the same text once more, only far
enough to know, for every table header and every key, the line it starts on. It tracks
strings, comments and brackets so a "key = " inside a multi-line string or array is not
mistaken for a key. It never raises: on text it does not understand, it simply knows less,
and callers fall back to the nearest enclosing table, then to line 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

KeyPath = tuple[str | int, ...]

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_ARRAY_HEADER = re.compile(rf"\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"\s*({_DOTTED})\s*=")
_PART_RE = re.compile(_PART)


def _parts(dotted: str) -> list[str]:
    parts = []
    for match in _PART_RE.finditer(dotted):
        part = match.group(0)
        if part[0] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return parts


class _Scanner:
    """Follows the lexical state of a TOML value across lines."""

    def __init__(self) -> None:
        self.depth = 0
        self.multiline: str | None = None  # '"""' or "'''" while inside one

    @property
    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.multiline is None

    def feed(self, text: str) -> None:
        i, n = 0, len(text)
        while i < n:
            if self.multiline is not None:
                end = text.find(self.multiline, i)
                if end < 0:
                    return
                if self.multiline == '"""':
                    # An escaped quote does not close the string.
                    backslashes = 0
                    j = end - 1
                    while j >= i and text[j] == "\\":
                        backslashes += 1
                        j -= 1
                    if backslashes % 2:
                        i = end + 1
                        continue
                i = end + 3
                while i < n and text[i] == self.multiline[0]:
                    i += 1  # up to two quotes may end the content
                self.multiline = None
                continue
            ch = text[i]
            if ch == "#":
                return
            if text.startswith('"""', i) or text.startswith("'''", i):
                self.multiline = text[i : i + 3]
                i += 3
                continue
            if ch == '"':
                i += 1
                while i < n and text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
                i += 1
                continue
            if ch == "'":
                end = text.find("'", i + 1)
                i = n if end < 0 else end + 1
                continue
            if ch in "[{":
                self.depth += 1
            elif ch in "]}":
                self.depth = max(0, self.depth - 1)
            i += 1


def locate_keys(text: str) -> Mapping[KeyPath, int]:
    """Map each table and key path to the 1-based line it is written on.

    Arrays of tables are indexed: the third ``[[exercise]]`` is ``("exercise", 2)`` and its
    ``hold`` key is ``("exercise", 2, "hold")``.
    """
    lines: dict[KeyPath, int] = {}
    array_counts: dict[tuple[str, ...], int] = {}
    table: KeyPath = ()
    scanner = _Scanner()

    for number, line in enumerate(text.splitlines(), start=1):
        if not scanner.at_statement_start:
            scanner.feed(line)
            continue
        rest = line
        if match := _ARRAY_HEADER.match(line):
            names = tuple(_parts(match.group(1)))
            index = array_counts.get(names, 0)
            array_counts[names] = index + 1
            table = (*names, index)
            lines.setdefault(table, number)
            lines.setdefault(names, number)
            rest = line[match.end() :]
        elif match := _TABLE_HEADER.match(line):
            table = tuple(_parts(match.group(1)))
            lines.setdefault(table, number)
            rest = line[match.end() :]
        elif match := _KEY.match(line):
            path = (*table, *_parts(match.group(1)))
            for end in range(len(table) + 1, len(path) + 1):
                lines.setdefault(path[:end], number)
            rest = line[match.end() :]
        scanner.feed(rest)
    return lines


def line_of(lines: Mapping[KeyPath, int], path: KeyPath) -> int:
    """The line of a key, else of the nearest table that holds it, else 1."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1
