"""The one rule for a score's value: a whole number from 0 to the check's top, said one way.

The grid, the quick-entry prompt, ``grouper score``, a scores file, a bundle
and the store all refuse a score off the scale with these sentences, so
``-3`` reads the same wherever it was typed. Only the standard library here:
the app checks every keystroke with it.
"""

from __future__ import annotations

import re
from typing import Protocol

from grouper.core.errors import shown

_WHOLE = re.compile(r"[+-]?[0-9]+")


class Scale(Protocol):
    """What the rule needs of a check (``models.Check``): its label and its top score."""

    @property
    def label(self) -> str: ...

    @property
    def max(self) -> int: ...


def _scale(check: Scale) -> str:
    return f"{check.label} is scored 0 to {check.max}"


def score_problem(check: Scale, value: int) -> str | None:
    """Why ``value`` cannot be a score for ``check``, in words, or None when it fits the scale."""
    if value < 0:
        return f"a score cannot be below 0 ({_scale(check)})"
    if value > check.max:
        return f"a score cannot be above {check.max} ({_scale(check)})"
    return None


def typed_score(check: Scale, text: str) -> tuple[int | None, str | None]:
    """What was typed for ``check``: (the score, None), or (None, why it is not one)."""
    t = text.strip()
    if not (t.isascii() and _WHOLE.fullmatch(t)):
        return None, f"'{shown(t, 20)}' is not a whole number ({_scale(check)})"
    value = int(t)
    problem = score_problem(check, value)
    return (None, problem) if problem else (value, None)
