"""Small text charts: a sparkline against a mastery line, and the weekly data wall.

Both carry their meaning in characters as well as colour (a projector washes
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


#: One character per student on the data wall, by stage: the stage number, so colour is not needed.
STAGE_MARKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def wall_row(counts: Sequence[int], colours: Sequence[str]) -> Content:
    """One week on the data wall: a block per student, labelled with their stage number (★ past the end)."""
    parts: list[tuple[str, str] | str] = []
    last = len(counts) - 1
    for i, n in enumerate(counts):
        mark = "★" if i == last else STAGE_MARKS[i % len(STAGE_MARKS)]
        if n:
            parts.append((mark * n, f"bold {colours[i % len(colours)]}"))
    return Content.assemble(*parts)
