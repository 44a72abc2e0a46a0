"""Plain-words errors for things people type or hand us.

A teacher who writes a pathway file or imports a roster should read one line
that names the file, the place and the field. (What pydantic finds in a file is
put into such words by ``grouper.formats.invalid``.)
"""

from __future__ import annotations

from collections.abc import Sequence

from grouper.core.text import visible


class GrouperError(Exception):
    """An error meant for the person at the keyboard. ``exit_code`` 1 is bad data.

    ``hint``, when there is one, is the way out, said after the message.
    """

    exit_code = 1
    hint = ""


def with_way_out(error: BaseException, sep: str = "\n") -> str:
    """The error's message and, when it has one, its way out (a disk fault has none)."""
    hint = getattr(error, "hint", "")
    return f"{error}{sep}{hint}" if hint else str(error)


class UsageError(GrouperError):
    """The command was asked for wrongly (exit code 2)."""

    exit_code = 2


#: Bad lines named in one message; the rest are counted.
MAX_ERRORS = 5
NOTHING_IMPORTED = "Nothing was imported."


def error_list(errors: Sequence[str], more: str = "more", closing: str = "") -> str:
    """The first few problems of a file, one a line, then how many more (``... and 7 more bad line(s)``)."""
    extra = len(errors) - MAX_ERRORS
    lines = [*errors[:MAX_ERRORS], *([f"... and {extra} {more}"] if extra > 0 else []), *([closing] if closing else [])]
    return "\n".join(lines)


def shown(text: str, limit: int = 60) -> str:
    """A piece of someone's file quoted in a message: one line, no control characters, not a page long."""
    text = visible(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
