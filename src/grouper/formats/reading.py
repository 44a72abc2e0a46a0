"""Reading a file someone hands grouper, with every way it can fail said in plain words.

The path comes from a command line or a file dialog: it may be missing, a
folder, unreadable, or a device such as /dev/zero that never ends. Each
reader names its own error class and what it expected ("a CSV file"). The
parsers of the standard library fail in more ways than they document (a
RecursionError for deep nesting, a ValueError for a number of thousands of
digits), so those are turned into messages that name the line here too.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from grouper.core.errors import GrouperError


def read_limited(path: Path, limit: int, error: type[GrouperError], kind: str) -> bytes:
    """The bytes of ``path``, refused with a plain message when missing, unreadable or over ``limit``.

    Reading at most ``limit + 1`` bytes means a device such as /dev/zero (or a
    mistaken multi-gigabyte file) is refused without filling the memory.
    """
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not {kind}") from None
    except OSError as e:
        raise error(f"{path}: cannot read it ({e.strerror or e})") from None
    if len(raw) > limit:
        raise error(f"{path}: too large for {kind} (over {limit:,} bytes)")
    return raw


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> str:
    """Why ``raw`` is not UTF-8, with the line to look at (and UTF-16, which Excel calls 'Unicode text')."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text, not UTF-8"
    line = raw.count(b"\n", 0, error.start) + 1
    return f"not UTF-8 text (line {line}, byte {error.start})"


class TomlProblem(ValueError):
    """Why a TOML text cannot be read, in words that name the line."""


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with each way it can fail turned into a TomlProblem naming the line.

    tomllib raises more than TOMLDecodeError: a number of over 4300 digits is a
    plain ValueError, and nesting a few hundred lists deep a RecursionError.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        lines = text.count("\n") + 1
        raise TomlProblem(str(e).replace("(at end of document)", f"(at line {lines}, the end of the file)")) from None
    except RecursionError:
        line = line_of(text, _DEEP_TOML)
        raise TomlProblem(f"lists or tables nested too deeply (at line {line})") from None
    except ValueError:
        raise TomlProblem(f"a number of more than 4300 digits (at line {line_of(text, HUGE_NUMBER)})") from None


#: Where a parser gave up: fifty openings in a row ("[[[[", "{a={a=", '{"a": [{"a": ').
_DEEP_TOML = re.compile(r"(?:[\[{]\s*(?:[\w\"'-]+\s*=\s*)?){50}")
DEEP_JSON = re.compile(r'(?:[\[{]\s*(?:"(?:[^"\\]|\\.)*"\s*:\s*)?){50}')
HUGE_NUMBER = re.compile(r"\d{4301}")


def line_of(text: str, pattern: re.Pattern[str]) -> int:
    """The line where ``pattern`` first matches ``text`` (1 when it does not)."""
    found = pattern.search(text)
    return text.count("\n", 0, found.start() if found else 0) + 1
