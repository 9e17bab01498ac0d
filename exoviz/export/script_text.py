"""Checks on a scene script that the TOML parser does not make: how deep arrays and tables nest (checked on the
raw text, before parsing, which would otherwise recurse without limit) and control characters in strings (a NUL
in a caption would crash the text renderer mid-recording). Each refusal names the key and its line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

MAX_NESTING = 4  # [ and { inside one value; scripts need 3 at most (events = [{ zoom = { ... } }])


def nesting_problem(text: str) -> tuple[int, str, str] | None:
    """(line, key, message) for the first value nested deeper than MAX_NESTING, or None.

    A small scanner: strings (all four TOML kinds) and comments are skipped; a '[' that starts a line outside
    any value is a table header, not nesting.
    """
    i, n, line = 0, len(text), 1
    depth, in_value, key, key_line, line_start = 0, False, "", 1, 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            line_start = i + 1
            if depth == 0:
                in_value = False
            i += 1
        elif ch == "#":
            i = _end_of_line(text, i)
        elif ch in "\"'":
            i, line = _skip_string(text, i, line)
        elif ch == "=" and depth == 0 and not in_value:
            in_value, key, key_line = True, text[line_start:i].strip(), line
            i += 1
        elif ch in "[{" and (in_value or depth):
            depth += 1
            if depth > MAX_NESTING:
                return key_line, key, (f"{key or 'a value'} nests arrays or tables {depth} deep; "
                                       f"the limit is {MAX_NESTING}")
            i += 1
        elif ch == "[" and not in_value:
            i = _end_of_line(text, i)  # a [table] or [[array of tables]] header
        elif ch in "]}":
            depth = max(0, depth - 1)
            i += 1
        else:
            i += 1
    return None


def _end_of_line(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _skip_string(text: str, i: int, line: int) -> tuple[int, int]:
    """Index just after the string starting at i (and the line it ends on); an unclosed one runs to the end."""
    q = text[i]
    triple = text.startswith(q * 3, i)
    close = q * 3 if triple else q
    j = i + len(close)
    while j < len(text):
        if q == '"' and text[j] == "\\":
            j += 2
            continue
        if text[j] == "\n":
            if not triple:
                return j, line
            line += 1
        if text.startswith(close, j):
            return j + len(close), line
        j += 1
    return j, line


def strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string in parsed TOML data (keys included) with the path of keys and indices that leads to it."""
    stack: list[tuple[tuple, Any]] = [(path, value)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, str):
            yield p, v
        elif isinstance(v, dict):
            for k, x in v.items():
                yield (*p, k), k
                stack.append(((*p, k), x))
        elif isinstance(v, list):
            stack.extend(((*p, k), x) for k, x in enumerate(v))


def control_character(s: str) -> str | None:
    """The first control character in s as U+XXXX (NUL, escape, newline, tab ...), or None."""
    for ch in s:
        if unicodedata.category(ch) == "Cc":
            return f"U+{ord(ch):04X}"
    return None
