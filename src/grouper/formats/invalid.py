"""What pydantic found wrong with a file, in a teacher's words.

One line per problem, naming the file, the place (``stage 2 ('letters')``) and the
field, never a pydantic dump.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from grouper.core.errors import shown

if TYPE_CHECKING:  # pydantic loads only where data is validated
    from pydantic import ValidationError


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
