"""Small text charts: a sparkline against a mastery line (the data walls are ``stage_bars``).

It carries its meaning in characters as well as colour (a projector washes
colour out, and some teachers do not see red from green): in a sparkline the
bars at or above mastery are the tall half, ▅ to █, and below mastery the
short half, ▁ to ▄, so the mastery line is the middle of the row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual.content import Content

LOW = "▁▂▃▄"
HIGH = "▅▆▇█"


def spark_char(value: int, mastery: int, top: int) -> str:
    """The bar for one score: the low half below mastery, the high half at or above it."""
    if value >= mastery:
        span = max(1, top - mastery)
        return HIGH[min(3, (value - mastery) * 4 // (span + 1))]
    return LOW[min(3, value * 4 // max(1, mastery))]


def sparkline(values: Sequence[int | None], mastery: int, top: int, good: str, low: str) -> Content:
    """Scores oldest first; a cleared cell is a gap (·)."""
    parts: list[tuple[str, str] | str] = []
    for v in values:
        if v is None:
            parts.append(("·", "dim"))
        else:
            parts.append((spark_char(v, mastery, top), f"bold {good}" if v >= mastery else low))
    return Content.assemble(*parts)


def short_day(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%b')}"
