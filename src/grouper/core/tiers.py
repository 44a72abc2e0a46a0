"""Tiers of support and the intervention record (MTSS): who gets what, since when, and how much of it.

Tier 1 is core teaching for all; Tier 2 a small-group intervention; Tier 3 intensive.
A tier change is dated and kept, never replaced, so the student's chart can draw a
phase-change line at each. The **dose delivered** is read from the plans the teacher
locked (the record of which groups met): the days since the intervention started on
which the student's group met and the student was not away.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from grouper.core.dates import day_words, parse_date, school_days_between
from grouper.core.errors import UsageError
from grouper.core.models import LockedPlan, TierChange
from grouper.core.plans import group_met

TIERS = (1, 2, 3)
#: The review date when none is given: six weeks on (the team's usual rhythm is 6 to 8).
REVIEW_AFTER = dt.timedelta(weeks=6)
#: Longest intervention name and reason.
TEXT_MAX = 200
#: Most sessions a week a plan can hold (twice a day, every school day).
SESSIONS_MAX = 10


def tier_problem(t: TierChange, student_ids: set[str]) -> str | None:
    """Why a tier change cannot be kept, in words (None: it can)."""
    if t.student not in student_ids:
        return f"no student with id '{t.student}'"
    if type(t.tier) is not int or t.tier not in TIERS:
        return "a tier is 1, 2 or 3"
    if len(t.intervention) > TEXT_MAX or len(t.reason) > TEXT_MAX:
        return f"an intervention's name and a reason are at most {TEXT_MAX} characters"
    if t.tier == 1:
        if t.intervention or t.sessions_per_week is not None or t.review is not None:
            return "Tier 1 is core teaching: it has no intervention, sessions or review"
        return None
    if not t.intervention.strip():
        return f"Tier {t.tier} needs the intervention's name (--intervention)"
    if t.sessions_per_week is not None and not 1 <= t.sessions_per_week <= SESSIONS_MAX:
        return f"sessions a week must be from 1 to {SESSIONS_MAX}"
    if t.review is not None and t.review <= t.date:
        return f"the review ({day_words(t.review)}) must come after the start ({day_words(t.date)})"
    return None


def tier_on(changes: Iterable[TierChange], student: str, day: dt.date) -> TierChange | None:
    """The student's latest tier change on or before ``day`` (None: never changed, so Tier 1)."""
    found = None
    for t in changes:  # in the order they were made: a later one on the same day wins
        if t.student == student and t.date <= day and (found is None or t.date >= found.date):
            found = t
    return found


def history_of(changes: Iterable[TierChange], student: str) -> list[TierChange]:
    """The student's tier changes, oldest first (the phase-change lines)."""
    return sorted((t for t in changes if t.student == student), key=lambda t: t.date)


@dataclass(frozen=True, slots=True)
class Dose:
    #: Sessions the student's group met since the start, the student there (None: no plan locked to read).
    delivered: int | None
    #: Sessions a week times the weeks since the start (None: no sessions a week given).
    planned: int | None

    @property
    def short(self) -> bool:
        """Delivered under planned (an intervention not given as planned)."""
        return self.delivered is not None and self.planned is not None and self.delivered < self.planned


def planned_sessions(t: TierChange, day: dt.date) -> int | None:
    """Sessions planned from the start up to ``day``: sessions a week for each school week gone by."""
    if t.sessions_per_week is None:
        return None
    return math.floor(t.sessions_per_week * school_days_between(t.date, day + dt.timedelta(days=1)) / 5)


def delivered_sessions(
    plans: Sequence[LockedPlan], away: set[tuple[str, dt.date]], student: str, start: dt.date, day: dt.date
) -> int | None:
    """Locked plans from ``start`` to ``day`` in which the student's group met and the student was there.

    None when no plan was locked from the start on (nothing records who met).
    """
    relevant = [p for p in plans if start <= p.date <= day]
    if not relevant:
        return None
    return sum(1 for plan in relevant if (student, plan.date) not in away and group_met(plan, student))


def dose(t: TierChange, plans: Sequence[LockedPlan], away: set[tuple[str, dt.date]], day: dt.date) -> Dose:
    return Dose(delivered_sessions(plans, away, t.student, t.date, day), planned_sessions(t, day))


def review_of(t: TierChange) -> dt.date | None:
    """The review date: as given, or six weeks on (None at Tier 1)."""
    if t.tier == 1:
        return None
    return t.review or t.date + REVIEW_AFTER


@dataclass(frozen=True, slots=True)
class TierWords:
    """A tier as typed in the student view: ``2 Phonics booster 3/week review 2026-12-21 : stalled``."""

    tier: int
    intervention: str = ""
    sessions_per_week: int | None = None
    review: dt.date | None = None
    reason: str = ""


#: How a tier is typed, for the prompt and its errors.
TIER_TYPING = "TIER [INTERVENTION] [N/week] [review YYYY-MM-DD] [: reason], e.g. 2 Phonics booster 3/week"


def read_tier_words(text: str) -> TierWords:
    """Split what was typed into a tier, an intervention, sessions a week, a review and a reason."""
    head, _, reason = text.partition(":")
    words = head.split()
    if not words or words[0] not in ("1", "2", "3"):
        raise UsageError(f"a tier is typed {TIER_TYPING}")
    rest, sessions, review = [], None, None
    i = 1
    while i < len(words):
        w = words[i]
        if w.casefold().endswith("/week") and w[:-5].isascii() and w[:-5].isdigit():
            sessions = int(w[:-5])
        elif w.casefold() == "review" and i + 1 < len(words):
            review = parse_date(words[i + 1], "review")
            i += 1
        else:
            rest.append(w)
        i += 1
    return TierWords(int(words[0]), " ".join(rest), sessions, review, reason.strip())
