"""Plain-words errors for things people type or hand us.

A teacher who writes a pathway file or imports a roster should read one line
that names the file, the place and the field, never a pydantic dump.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .text import visible

if TYPE_CHECKING:  # the CLI imports this module first; pydantic loads only where data is validated
    from pydantic import ValidationError


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


# Words for the pydantic error types people actually hit.
_PLAIN = {
    "extra_forbidden": "is not a known field",
    "missing": "is missing",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "string_type": "must be text in quotes",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "string_pattern_mismatch": "may only use letters, digits, '-', '_' and '.' (no spaces)",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "model_type": "must be a table of fields",
    "bool_type": "must be true or false",
    "date_from_datetime_parsing": "must be a date like 2026-11-23",
    "date_parsing": "must be a date like 2026-11-23",
    "date_type": "must be a date like 2026-11-23",
    "date_from_datetime_inexact": "must be a date like 2026-11-23",
    "literal_error": "has a value that is not allowed",
    "dict_type": "must be a table of fields",
}

_SINGULAR = {"stages": "stage", "checks": "check", "students": "student", "scores": "score", "plans": "plan",
             "absences": "absence", "notes": "note", "overrides": "override", "keep_apart": "keep-apart set",
             "keep_together": "keep-together set"}


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


def _describe_place(data: Any, loc: Sequence[int | str]) -> tuple[list[str], str | None]:
    """Turn a pydantic location into words like ``stage 2 ('letters')``."""
    parts: list[str] = []
    node = data
    i = 0
    field: str | None = None
    while i < len(loc):
        key = loc[i]
        if isinstance(key, str) and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            index = int(loc[i + 1])
            item = None
            if isinstance(node, dict) and isinstance(node.get(key), list):
                seq = node[key]
                item = seq[index] if index < len(seq) else None
            ident = item.get("id") if isinstance(item, dict) else None
            word = _SINGULAR.get(key, key)
            parts.append(f"{word} {index + 1}" + (f" ('{shown(ident)}')" if isinstance(ident, str) else ""))
            node = item
            i += 2
            continue
        if i + 1 < len(loc):
            # A nested table such as the bundle's "class": name it, then go in.
            parts.append(shown(str(key).rstrip("_")))
        else:
            field = shown(str(key))
        node = node.get(key) if isinstance(node, dict) else None
        i += 1
    return parts, field


def _is_consequence(e: Any, errors: list[Any]) -> bool:
    """pydantic also calls a list "too short" when its only items failed: not news to a person."""
    if e["type"] not in ("too_short", "string_too_short"):
        return False
    loc = tuple(e["loc"])
    return any(tuple(o["loc"])[: len(loc)] == loc and len(o["loc"]) > len(loc) for o in errors)


def plain_validation_error(err: ValidationError, data: Any, source: str, limit: int | None = 3) -> str:
    """One line per problem (at most ``limit``; None: every one), each naming source, place and field."""
    lines = []
    every = err.errors(include_url=False)
    errors = [e for e in every if not _is_consequence(e, every)]
    for e in errors[:limit]:
        parts, field = _describe_place(data, e["loc"])
        msg = _PLAIN.get(e["type"])
        if msg is None:
            msg = str(e["msg"]).removeprefix("Value error, ")
            where = ", ".join(parts + ([f"'{field}'"] if field else []))
        else:
            where = ", ".join(parts + ([f"'{field}'"] if field else []))
            if e["type"] == "literal_error" and "ctx" in e:
                msg = f"must be {e['ctx'].get('expected', 'one of the allowed values')}"
            elif e["type"] in ("greater_than_equal", "less_than_equal") and "ctx" in e:
                bound = next(iter(e["ctx"].values()))
                msg = f"must be at least {bound}" if e["type"] == "greater_than_equal" else f"must be at most {bound}"
        lines.append(f"{source}: {where + ' ' if where else ''}{msg}".rstrip())
    if limit is not None and len(errors) > limit:
        lines.append(f"{source}: and {len(errors) - limit} more problem(s)")
    return "\n".join(lines)
