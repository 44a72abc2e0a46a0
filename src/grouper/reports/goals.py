"""A goal line in words: the same lines in the student view and from ``grouper goal``.

The rule itself lives in ``grouper.core.goals``; this only says it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from grouper.core.dates import day_words
from grouper.core.goals import RULE_POINTS, STATUS_WORDS
from grouper.reports.attention import detour_to_try

if TYPE_CHECKING:
    from grouper.core.goals import GoalLine
    from grouper.core.models import Detour, Pathway


def number(x: float) -> str:
    """A point on the line as a teacher reads it: ``9``, ``9.5``."""
    return f"{x:.1f}".removesuffix(".0")


def headline(line: GoalLine, pathway: Pathway) -> str:
    """``Letters named: 20 by Fri 18 Dec: below the line: change the teaching``."""
    g = line.goal
    whose = " (the pathway's expected growth)" if line.default else ""
    return f"{pathway.check_label(g.check)}: {g.target} by {day_words(g.by)}{whose}: {STATUS_WORDS[line.status]}"


def goal_words(line: GoalLine, pathway: Pathway, detour: Detour | None = None) -> list[str]:
    """The headline, where the line runs, the latest points against it, and (below the line) ``detour``."""
    g = line.goal
    lines = [headline(line, pathway)]
    if line.start is None or line.start_date is None:
        lines.append(f"  the line starts at the first score of {pathway.check_label(g.check)}")
        return lines
    weeks = (g.by - line.start_date).days / 7
    rate = f" (+{number((g.target - line.start) / weeks)} a week)" if weeks > 0 else ""
    lines.append(f"  line: {line.start} on {day_words(line.start_date)} to {g.target} on {day_words(g.by)}{rate}")
    latest = line.points[-RULE_POINTS:]
    if not latest:
        lines.append(f"  no score since {day_words(line.start_date)}: the rule reads the latest {RULE_POINTS}")
        return lines
    shown = []
    for day, value in latest:
        side = "at or above" if line.on_or_above(day, value) else "below"
        shown.append(f"{value} on {day_words(day)} (line {number(line.expected(day) or 0.0)}, {side})")
    lines.append("  latest: " + "; ".join(shown))
    if line.status == "below" and detour is not None:
        lines.append(detour_to_try(detour))
    return lines
