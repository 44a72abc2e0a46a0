"""The coach's view of the school: every class's profile, the grade totals and who moved lately.

For each class (a record from the store, or a class bundle read in place):

- how many active students are at each stage of its pathway, and how many have completed it;
- how many are **stalled** and how many are **on a detour** (``progress``);
- how many are at each **tier** of support today (no tier change: Tier 1);
- the share **at or above benchmark** among the students screened this season
  (``benchmarks.at_benchmark``; None when nobody was screened or the pathway has no seasons);
- how many **moved up** at least one stage since a day: their stage now is past the
  stage they were at on that day. A student with no score on or before that day
  had no stage then to move from, so is not counted as moved.

A **grade** here is the classes sharing a pathway (by its id): the counts are summed,
the share is taken over all their screened students. With ``by_tag`` each class's
counts are split by student tag (a student with two tags counts in both; those
with none under ``NO_TAG``): counts only, no judgement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from grouper.core.benchmarks import at_benchmark
from grouper.core.models import ClassRecord, Pathway
from grouper.core.progress import Progress, class_progress, stage_on, weekly_profile
from grouper.core.tiers import TIERS, tier_on

#: The last column of every stage profile: the students past the last stage.
COMPLETE = "complete"
COMPLETE_LABEL = "Complete"
#: The mark of each stage on every chart and stage column: its number (then letters), so colour is never
#: the only sign; students past the last stage are marked ``COMPLETE_MARK``.
STAGE_MARKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
COMPLETE_MARK = "★"
#: Students with no tag, in the by-tag split.
NO_TAG = "(no tag)"
#: How far back ``since`` is when not given.
DEFAULT_SINCE = dt.timedelta(days=28)


def stage_mark(index: int, complete: bool) -> str:
    """The mark of the stage at ``index`` in path order (``complete``: the column past the last stage)."""
    return COMPLETE_MARK if complete else STAGE_MARKS[index % len(STAGE_MARKS)]


#: Students at each stage (in the owner's ``stages`` order) at the end of each week, oldest first, ending today.
Weeks = tuple[tuple[dt.date, tuple[int, ...]], ...]


@dataclass(frozen=True, slots=True)
class StageName:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Counts:
    """The counts for a set of students. ``stages`` lines up with the owner's ``stages`` names."""

    students: int
    stages: tuple[int, ...]
    stalled: int
    on_detour: int
    #: Students at Tier 1, 2 and 3 today.
    tiers: tuple[int, int, int]
    #: Students screened on at least one check this season.
    screened: int
    #: Of those, the ones at or above benchmark on every check they were screened on.
    benchmark_met: int
    moved_up: int

    @property
    def at_benchmark(self) -> float | None:
        """The share of the screened students at benchmark (None: nobody screened)."""
        return None if not self.screened else self.benchmark_met / self.screened


@dataclass(frozen=True, slots=True)
class ClassView:
    name: str
    pathway: Pathway
    #: The pathway's stages, then ``complete``.
    stages: tuple[StageName, ...]
    counts: Counts
    #: (tag, counts) sorted by tag, ``NO_TAG`` last; empty unless asked for.
    by_tag: tuple[tuple[str, Counts], ...] = ()
    #: The class's stage profile week by week (``progress.weekly_profile``).
    weeks: Weeks = ()


@dataclass(frozen=True, slots=True)
class GradeView:
    """The classes sharing one pathway, summed."""

    pathway_id: str
    pathway_name: str
    classes: tuple[str, ...]
    #: Every stage of the classes' pathways by id (in path order), then ``complete``.
    stages: tuple[StageName, ...]
    counts: Counts
    #: The classes' profiles summed week by week, on the weeks every one of them has scores for
    #: (a week before a class's first score would show it all at the first stage: no data, not a fact).
    weeks: Weeks = ()


@dataclass(frozen=True, slots=True)
class SchoolView:
    today: dt.date
    since: dt.date
    classes: tuple[ClassView, ...]
    grades: tuple[GradeView, ...]
    by_tag: bool = False


def stage_names(pathway: Pathway) -> tuple[StageName, ...]:
    return (*(StageName(s.id, s.label) for s in pathway.stages), StageName(COMPLETE, COMPLETE_LABEL))


def moved_up(p: Progress, since: dt.date) -> bool:
    """Whether the student is past the stage they were at on ``since`` (never for one unplaced then)."""
    if not p.visits or p.visits[0].reached > since:
        return False
    return p.placement.stage_index > stage_on(p, since)


def tally(record: ClassRecord, progress: Iterable[Progress], today: dt.date, since: dt.date) -> Counts:
    """The counts for these students of the class."""
    stages = [0] * (len(record.pathway.stages) + 1)
    tiers = dict.fromkeys(TIERS, 0)
    students = stalled = detour = screened = met = moved = 0
    for p in progress:
        students += 1
        stages[p.placement.stage_index] += 1
        stalled += p.stalled
        detour += p.detour is not None
        change = tier_on(record.tiers, p.student.id, today)
        tiers[1 if change is None else change.tier] += 1
        flag = at_benchmark(dict(p.benchmarks))
        if flag is not None:
            screened += 1
            met += flag
        moved += moved_up(p, since)
    return Counts(students, tuple(stages), stalled, detour, (tiers[1], tiers[2], tiers[3]), screened, met, moved)


def by_tags(progress: Iterable[Progress]) -> list[tuple[str, list[Progress]]]:
    """Students by tag (a student with two tags in both), sorted by tag, those with none last."""
    groups: dict[str, list[Progress]] = {}
    for p in progress:
        for tag in p.student.tags or (NO_TAG,):
            groups.setdefault(tag, []).append(p)
    return sorted(groups.items(), key=lambda kv: (kv[0] == NO_TAG, kv[0].casefold(), kv[0]))


def class_view(record: ClassRecord, today: dt.date, since: dt.date, by_tag: bool = False) -> ClassView:
    by_id = class_progress(record, today)
    progress = list(by_id.values())
    split = tuple((tag, tally(record, group, today, since)) for tag, group in by_tags(progress)) if by_tag else ()
    weeks = tuple((day, tuple(counts)) for day, counts in weekly_profile(record, by_id, today))
    return ClassView(record.name, record.pathway, stage_names(record.pathway), tally(record, progress, today, since),
                     split, weeks)


def _weeks_on(order: tuple[StageName, ...], members: Sequence[ClassView]) -> Weeks:
    """The members' weekly profiles summed on the grade's stages (by id), on the weeks they all have."""
    if not members:
        return ()
    common = set.intersection(*({day for day, _ in c.weeks} for c in members))
    at = {s.id: i for i, s in enumerate(order)}
    out = []
    for day in sorted(common):
        stages = [0] * len(order)
        for c in members:
            for s, n in zip(c.stages, dict(c.weeks)[day], strict=True):
                stages[at[s.id]] += n
        out.append((day, tuple(stages)))
    return tuple(out)


def _sum(parts: Sequence[tuple[tuple[StageName, ...], Counts]]) -> tuple[tuple[StageName, ...], Counts]:
    """The counts added up, stage by stage id (two versions of one pathway may differ in their stages)."""
    names: dict[str, StageName] = {}
    for own, _ in parts:
        for s in own[:-1]:
            names.setdefault(s.id, s)
    order = (*names.values(), StageName(COMPLETE, COMPLETE_LABEL))
    at = {s.id: i for i, s in enumerate(order)}
    stages = [0] * len(order)
    for names_of, c in parts:
        for s, n in zip(names_of, c.stages, strict=True):
            stages[at[s.id]] += n
    total = Counts(
        sum(c.students for _, c in parts), tuple(stages), sum(c.stalled for _, c in parts),
        sum(c.on_detour for _, c in parts),
        (sum(c.tiers[0] for _, c in parts), sum(c.tiers[1] for _, c in parts), sum(c.tiers[2] for _, c in parts)),
        sum(c.screened for _, c in parts), sum(c.benchmark_met for _, c in parts), sum(c.moved_up for _, c in parts),
    )
    return order, total


def grade_views(classes: Sequence[ClassView]) -> tuple[GradeView, ...]:
    """The classes grouped by pathway id, in the order each pathway first appears."""
    by_pathway: dict[str, list[ClassView]] = {}
    for c in classes:
        by_pathway.setdefault(c.pathway.id, []).append(c)
    grades = []
    for pathway_id, members in by_pathway.items():
        stages, counts = _sum([(c.stages, c.counts) for c in members])
        grades.append(GradeView(pathway_id, members[0].pathway.name, tuple(c.name for c in members), stages, counts,
                                _weeks_on(stages, members)))
    return tuple(grades)


def school_view(
    records: Iterable[ClassRecord], today: dt.date, since: dt.date | None = None, by_tag: bool = False
) -> SchoolView:
    """Every class's counts and the grade totals, as of ``today``, with movement since ``since``
    (default: 28 days before ``today``)."""
    since = today - DEFAULT_SINCE if since is None else since
    classes = tuple(class_view(r, today, since, by_tag) for r in records)
    return SchoolView(today, since, classes, grade_views(classes), by_tag)
