"""Goal lines and the decision rule: is the teaching working for this student?

A goal is a target score on a check by a date. Its line runs from the student's
latest score of that check on or before the day the goal starts to the target on
the goal date (flat at the target after it). The rule, as progress-monitoring
tools use it, reads the latest three scores since the goal started:

- all three at or above the line: **on track**;
- all three below it: **below the line**: change the teaching (a detour);
- otherwise **mixed**;
- fewer than three: **too few points** to say.

It lives here once, for the student view, the CLI and ``progress --json``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from grouper.core.dates import day_words, parse_date
from grouper.core.errors import UsageError, shown
from grouper.core.models import Check, Goal, Pathway, Score
from grouper.core.scores import day_scores

Status = Literal["on-track", "mixed", "below", "too-few"]

#: How many of the latest points the rule reads.
RULE_POINTS = 3

#: The rule's answer in a teacher's words (the JSON keeps the ids).
STATUS_WORDS: dict[str, str] = {
    "on-track": "on track",
    "mixed": "mixed: keep watching",
    "below": "below the line: change the teaching",
    "too-few": "too few points to say",
}


@dataclass(frozen=True, slots=True)
class GoalLine:
    goal: Goal
    #: The starting score and its date (None: no score of the check on or before the start).
    start: int | None
    start_date: dt.date | None
    #: The scores since the start, oldest first: (date, value).
    points: tuple[tuple[dt.date, int], ...]
    status: Status
    #: A default line from the pathway's expected growth per week, not a goal the teacher set.
    default: bool = False

    def expected(self, day: dt.date) -> float | None:
        """Where the line is on ``day`` (None without a starting score)."""
        if self.start is None or self.start_date is None:
            return None
        span = (self.goal.by - self.start_date).days
        if span <= 0 or day >= self.goal.by:
            return float(self.goal.target)
        if day <= self.start_date:
            return float(self.start)
        return self.start + (self.goal.target - self.start) * (day - self.start_date).days / span

    def on_or_above(self, day: dt.date, value: int) -> bool:
        """Whether a score on ``day`` is at or above the line (the rule's one comparison)."""
        expected = self.expected(day)
        return expected is not None and value >= expected


def goal_line(goal: Goal, scores: Iterable[Score], default: bool = False) -> GoalLine:
    """The goal's line and the rule's status, from the student's scores (any order; other checks ignored).

    One score per day counts, as everywhere: the day's last entry (a correction replaces, a clear withdraws).
    """
    ordered = [(s.date, s.value) for s in day_scores(scores, {goal.check}) if s.value is not None]
    before = [x for x in ordered if x[0] <= goal.started]
    # No score on or before the start: the line starts at the first score after it.
    first = before[-1] if before else ordered[0] if ordered else None
    if first is None:
        return GoalLine(goal, None, None, (), "too-few", default)
    points = tuple(ordered[ordered.index(first) + 1:])
    line = GoalLine(goal, first[1], first[0], points, "too-few", default)
    if len(points) < RULE_POINTS:
        return line
    above = [line.on_or_above(d, v) for d, v in points[-RULE_POINTS:]]
    status: Status = "on-track" if all(above) else "below" if not any(above) else "mixed"
    return GoalLine(goal, first[1], first[0], points, status, default)


def default_goal(student: str, check: Check, scores: Iterable[Score], since: dt.date) -> Goal | None:
    """The pathway's default goal on ``check`` (its ``growth_per_week``) from the first score at the stage.

    The line rises ``growth_per_week`` a week from the student's first score of the check on or after
    ``since`` (the day they reached the stage) to mastery. None: no growth rate, no score yet, or the
    first score already at mastery.
    """
    if check.growth_per_week is None:
        return None
    first = next(((s.date, s.value) for s in day_scores(scores, {check.id}) if s.date >= since and s.value is not None),
                 None)
    if first is None or first[1] >= check.mastery:
        return None
    days = math.ceil((check.mastery - first[1]) / check.growth_per_week * 7)
    return Goal(student, check.id, check.mastery, first[0] + dt.timedelta(days=max(1, days)), first[0])


def goal_problem(goal: Goal, student_ids: set[str], pathway: Pathway) -> str | None:
    """Why a goal cannot be kept, in words (None: it can)."""
    if goal.student not in student_ids:
        return f"no student with id '{goal.student}'"
    check = pathway.scoreable(goal.check)
    if check is None:
        return f"pathway '{pathway.id}' has no check '{goal.check}'"
    if type(goal.target) is not int or not 0 <= goal.target <= check.max:
        return f"a goal for {check.label} must be a score from 0 to {check.max}"
    if goal.by <= goal.started:
        return f"the goal date ({day_words(goal.by)}) must come after its start ({day_words(goal.started)})"
    return None


def target_problem(line: GoalLine, label: str) -> str | None:
    """Why a new goal's target makes no line to aim along (None: it does): it must be above the start."""
    if line.start is not None and line.start_date is not None and line.goal.target <= line.start:
        return (f"'s line on {label} starts at {line.start} ({day_words(line.start_date)}): "
                f"a goal must be above it")
    return None


def goal_lines(goals: Sequence[Goal], scores: Sequence[Score], student: str) -> list[GoalLine]:
    """One student's goals with their lines, in the order they were set."""
    mine = [s for s in scores if s.student == student]
    return [goal_line(g, mine) for g in goals if g.student == student]


@dataclass(frozen=True, slots=True)
class GoalWords:
    """A goal as typed in the student view: ``seg 10 by 2026-12-18 from 2026-10-22``, or ``seg clear``."""

    check: str
    #: The target as typed (None: take the goal on the check off).
    target: str | None = None
    by: dt.date | None = None
    start: dt.date | None = None


#: How a goal is typed, for the prompt and its errors.
GOAL_TYPING = "CHECK SCORE by YYYY-MM-DD [from YYYY-MM-DD], or CHECK clear"


def read_goal_words(text: str) -> GoalWords:
    """Split what was typed into a check, a target and the dates; UsageError naming what is wrong.

    Read from the end, so a check label with a number in it (``sums within 20 15 by 2026-12-18``)
    keeps it: the dates come last, the target just before them, and the rest is the check.
    """
    words = text.split()
    if len(words) >= 2 and words[-1].casefold() == "clear":
        return GoalWords(" ".join(words[:-1]))
    dates: dict[str, dt.date] = {}
    while words:
        key = words[-2].casefold() if len(words) >= 2 else ""
        if key in ("by", "from") and key not in dates and _dated(words[-1]):
            dates[key] = parse_date(words[-1], f"'{key}'")
            words = words[:-2]
        elif "by" not in dates and _dated(words[-1]) and len(words) >= 3:
            dates["by"] = parse_date(words[-1], "the goal date")
            words = words[:-1]
        else:
            break
    if len(words) >= 2 and words[-2].casefold() in ("by", "from"):
        parse_date(words[-1], f"'{words[-2].casefold()}'")  # not a date: says so, naming it
    if words and words[-1].casefold() in ("by", "from"):
        raise UsageError(f"'{shown(words[-1])}' needs a date after it: type {GOAL_TYPING}")
    if len(words) < 2 or not words[-1].lstrip("-").isdigit():
        if len(words) >= 2 and any(_dated(w) for w in words):
            raise UsageError(f"'{shown(words[-1])}' is not part of a goal: type {GOAL_TYPING}")
        raise UsageError(f"a goal is typed {GOAL_TYPING}")
    if "by" not in dates:
        raise UsageError(f"a goal needs its date: type {GOAL_TYPING}")
    return GoalWords(" ".join(words[:-1]), words[-1], dates["by"], dates.get("from"))


def _dated(word: str) -> bool:
    """Whether a word is meant as a date (``2026-12-18``, or a mistyped one: parse_date then says so)."""
    return word[:1].isdigit() and "-" in word[1:]
