"""The one rule for a score's value: a whole number from 0 to the check's top, said one way.

The grid, the quick-entry prompt, ``grouper score``, a scores file, a bundle
and the store all refuse a score off the scale with these sentences, so
``-3`` reads the same wherever it was typed. Only the standard library here:
the app checks every keystroke with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterable
from typing import TYPE_CHECKING, Protocol

from grouper.core.errors import shown

if TYPE_CHECKING:
    from grouper.core.models import Score

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


def day_scores(scores: Iterable[Score], checks: Container[str]) -> list[Score]:
    """The scores of ``checks`` that stand, one per check and day, oldest first: the day's last entry
    (a same-day correction replaces, a cleared cell withdraws). The one rule every reading of a
    history uses (stalled, goal lines, benchmarks, the teaching report)."""
    last: dict[tuple[str, dt.date], Score] = {}
    for s in sorted((s for s in scores if s.check in checks), key=lambda s: (s.date, s.seq)):
        last[(s.check, s.date)] = s
    return [s for s in sorted(last.values(), key=lambda s: (s.date, s.seq)) if s.value is not None]
