"""What every fuzz test shares: the settings profile, hostile text, byte mutations and the error contract.

The contract a teacher is promised for any file they hand grouper: it is read,
or refused with a GrouperError (or the reader's own subclass of it) whose
message names the file and the line or field, in a few plain lines. Any other
exception is a crash, and the tests let it through so hypothesis reports it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TypeVar

from hypothesis import settings
from hypothesis import strategies as st

from grouper.core.errors import GrouperError

T = TypeVar("T")

#: The profile every fuzz test runs under (both are registered in conftest.py).
PROFILE = "long" if os.environ.get("GROUPER_LONG_TESTS") == "1" else "ci"
FUZZ = settings.get_profile(PROFILE)
#: For a property whose every example is slow (a running Textual app, ~0.3 s): 5 in CI, 150 in the long run.
SLOW = settings(FUZZ, max_examples=max(5, FUZZ.max_examples // 20))

#: Text that has broken programs before: formulas, terminal escapes, bidi and combining marks, BOMs, odd breaks.
HOSTILE = (
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://x\",\"y\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x9b31m",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\x0b\x0c",
    "\x85",
    "\u2028",
    "\u202e",  # right-to-left override
    "\u200f\u200e",
    "\u2066x\u2069",
    "محمد",
    "שָׁלוֹם",
    "e\u0301",  # e + combining acute
    "\u0301\u0301\u0301",
    "Z\u0351\u0354\u0353a\u0360\u0352l\u0358g\u035fo",
    "\ufeff",
    "\u200b",
    "\U0001f600",
    "王小明",
    '"',
    "'",
    '""',
    ",",
    ";",
    "\\",
    "[bold]x[/]",
    "[/]",
    "<script>alert(1)</script>",
    "%s%n",
    "{0}",
    " ",
    "",
)

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join),
    st.text(max_size=20),
)


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with bytes flipped, inserted or deleted, cut short, a line doubled or a hostile piece spliced in."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(("flip", "insert", "delete", "truncate", "duplicate-line", "splice")))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = bytes([draw(st.integers(0, 255))])
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif op == "truncate":
            del data[at:]
        elif op == "duplicate-line":
            lines = bytes(data).split(b"\n")
            i = min(draw(st.integers(0, len(lines))), len(lines) - 1)
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        else:
            data[at:at] = draw(st.sampled_from(HOSTILE)).encode("utf-8", "surrogatepass")
    return bytes(data)


#: Encodings a file arrives in by mistake: Excel's "Unicode text", Windows' default, a BOM.
ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-8-sig", "mac-roman")


def reencoded(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(ENCODINGS).map(lambda enc: text.encode(enc, "replace"))


#: A message names the place: a line, a byte, a quoted field or column, or an item of a list ("stage 2").
_PLACE = re.compile(r"line \d+|byte \d+|'[^']*'|\b(stage|check|student|score|absence|note|plan|override)s? \d+")
#: Faults of the whole file, where there is no one line to point at.
WHOLE_FILE = ("empty file", "UTF-16", "must be a table of fields", "too large", "no such file", "is a folder",
              "cannot read the zip file", "not a folder or a .zip", "no scores in the file", "OneRoster package needs")
MAX_LINES = 12


def attempt(fn: Callable[..., T], *args: object) -> T | GrouperError:
    """What ``fn`` returned, or the GrouperError it raised; anything else propagates (a crash)."""
    try:
        return fn(*args)
    except GrouperError as e:
        return e


def assert_clear(error: BaseException, source: str, kind: type[GrouperError] = GrouperError) -> None:
    """The error is of the reader's kind and its message names the file and the line or field, in a few lines."""
    assert isinstance(error, kind), f"{type(error).__name__} is not a {kind.__name__}: {error}"
    message = str(error)
    lines = message.split("\n")
    assert message.strip(), "empty error message"
    assert source in lines[0], f"the first line does not name {source!r}: {message[:300]!r}"
    assert _PLACE.search(message) or any(w in message for w in WHOLE_FILE), f"names no place: {message[:300]!r}"
    assert len(lines) <= MAX_LINES, f"{len(lines)} lines: {message[:300]!r}"
    assert all(len(line) <= 2000 for line in lines), f"a line of {max(map(len, lines))} characters"
    assert "Traceback" not in message and "pydantic" not in message, message[:300]


def check(fn: Callable[..., T], source: str, *args: object, kind: type[GrouperError] = GrouperError) -> T | None:
    """Run a reader on hostile input: its result, or None after checking the error it gave is a clear one."""
    result = attempt(fn, *args)
    if isinstance(result, GrouperError):
        assert_clear(result, source, kind)
        return None
    return result
