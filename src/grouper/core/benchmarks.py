"""Seasonal benchmarks: where a student stands against a screener's cut scores this season.

Three times a year (beginning, middle and end of year) every student is screened.
A pathway says when each season starts (``Pathway.seasons``) and a check its cut
scores per season (``Check.benchmark``). A student's status on a check is read
from their latest score dated in the current season (the day's last entry, as
everywhere; a cleared cell is no score):

- at or above the benchmark: **at-or-above**;
- below it, at or above the lower cut: **below** (strategic support);
- under the lower cut: **well-below** (intensive support);
- no score this season: **not-screened**.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from grouper.core.models import SEASON_WORDS, Check, Cut, Pathway, Score
from grouper.core.scores import day_scores

Status = Literal["at-or-above", "below", "well-below", "not-screened"]

#: Each status's mark (in a grid cell) and words: a symbol so colour is never the only sign.
MARKS: dict[str, str] = {"at-or-above": "●", "below": "◐", "well-below": "○", "not-screened": "◌"}
STATUS_WORDS: dict[str, str] = {
    status: f"{MARKS[status]} {words}"
    for status, words in (("at-or-above", "at or above benchmark"), ("below", "below benchmark"),
                          ("well-below", "well below benchmark"), ("not-screened", "not screened yet"))
}


@dataclass(frozen=True, slots=True)
class Season:
    id: str
    start: dt.date

    @property
    def words(self) -> str:
        return SEASON_WORDS.get(self.id, self.id)


def season_on(pathway: Pathway, day: dt.date) -> Season | None:
    """The screening season ``day`` falls in: the one whose start came last (None: no seasons)."""
    best: Season | None = None
    for season, text in pathway.seasons:
        month, dom = int(text[:2]), int(text[3:])
        start = _on_or_before(day, month, dom)
        if best is None or start > best.start:
            best = Season(season, start)
    return best


def _on_or_before(day: dt.date, month: int, dom: int) -> dt.date:
    for year in (day.year, day.year - 1, day.year - 2):
        try:
            start = dt.date(year, month, dom)
        except ValueError:  # 29 February in a year without it: the 28th
            start = dt.date(year, month, 28)
        if start <= day:
            return start
    raise AssertionError("unreachable: two years back is always before")


def status_of(cut: Cut, value: int | None) -> Status:
    if value is None:
        return "not-screened"
    if value >= cut.benchmark:
        return "at-or-above"
    if cut.lower is not None and value < cut.lower:
        return "well-below"
    return "below"


def latest_in(scores: Iterable[Score], check: str, start: dt.date, day: dt.date) -> int | None:
    """The student's score of ``check`` standing at the end of the latest day in [start, day] with one."""
    standing = [s.value for s in day_scores(scores, {check}) if start <= s.date <= day]
    return standing[-1] if standing else None


def screeners(pathway: Pathway, season: Season | None) -> list[tuple[Check, Cut]]:
    """The checks with a cut this season, in path order."""
    if season is None:
        return []
    found = []
    for check in pathway.all_checks():
        cut = check.cut(season.id)
        if cut is not None:
            found.append((check, cut))
    return found


def student_benchmarks(pathway: Pathway, scores: Sequence[Score], day: dt.date) -> dict[str, Status]:
    """Check id -> status this season, for every check with a cut this season (empty: none)."""
    season = season_on(pathway, day)
    if season is None:
        return {}
    return {check.id: status_of(cut, latest_in(scores, check.id, season.start, day))
            for check, cut in screeners(pathway, season)}


def at_benchmark(statuses: dict[str, Status]) -> bool | None:
    """Whether a student is at benchmark overall: every check they were screened on at or above
    (None: not screened on any this season)."""
    screened = [s for s in statuses.values() if s != "not-screened"]
    if not screened:
        return None
    return all(s == "at-or-above" for s in screened)


def share_at_benchmark(per_student: Iterable[dict[str, Status]]) -> float | None:
    """The share of the screened students at benchmark (the core-instruction check: about 80 %)."""
    flags = [f for f in (at_benchmark(s) for s in per_student) if f is not None]
    return None if not flags else sum(flags) / len(flags)
