"""The MTSS meeting's table: who is at which tier, whether each intervention is given and working.

An intervention review meeting asks of every Tier 2 and 3 student: is the student
responding (their goal lines, their benchmark, stalled), was the intervention
delivered as planned (the dose), and is the review due. It also asks whether core
teaching serves the class (about 80 % at benchmark), and which Tier 1 students the
team should talk about: well below benchmark on a check, or below a goal line.

Read-only and pure: the report is built from the class record and its progress as of
a day; ``grouper.reports.mtss`` says it in words (JSON, text, Markdown, HTML, CSV).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from grouper.core.benchmarks import Status as BenchmarkStatus
from grouper.core.benchmarks import share_at_benchmark
from grouper.core.goals import Status as GoalStatus
from grouper.core.models import ClassRecord, Pathway
from grouper.core.progress import Progress
from grouper.core.tiers import TIERS, dose, review_of, tier_on

#: Goal statuses from the worst: one below line says more than any number on track.
GOAL_ORDER: tuple[GoalStatus, ...] = ("below", "mixed", "too-few", "on-track")


@dataclass(frozen=True, slots=True)
class MtssRow:
    """One Tier 2 or 3 student: their intervention, its dose, and how they are responding."""

    id: str
    name: str
    tier: int
    intervention: str
    start: dt.date
    #: The review date (as given, or six weeks on).
    review: dt.date | None
    #: The review is today or past.
    review_due: bool
    #: Whole weeks since the start.
    weeks: int
    sessions_per_week: int | None
    #: Sessions a week times the school weeks since the start (None: no sessions a week given).
    sessions_planned: int | None
    #: Sessions the student's group met, the student there, from the locked plans (None: none locked).
    sessions_delivered: int | None
    #: The worst status of the student's goal lines (None: no goal line).
    goal_status: GoalStatus | None
    #: Check id -> benchmark status this season.
    benchmark: Mapping[str, BenchmarkStatus] = field(default_factory=dict)
    stalled: bool = False
    #: The detour the student is on now (None: the main route).
    detour: str | None = None

    @property
    def short(self) -> bool:
        """Fewer sessions delivered than planned."""
        return (self.sessions_delivered is not None and self.sessions_planned is not None
                and self.sessions_delivered < self.sessions_planned)


@dataclass(frozen=True, slots=True)
class ToDiscuss:
    """A Tier 1 student the team should talk about, and why (reasons joined by ``; ``)."""

    id: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class MtssReport:
    class_name: str
    date: dt.date
    #: Active students at each tier (1, 2, 3).
    tiers: Mapping[int, int]
    #: The share of the screened students at benchmark (None: nobody screened, or no seasons).
    at_benchmark: float | None
    #: The pathway has screening seasons (so a None share means nobody was screened yet).
    has_seasons: bool
    #: Every Tier 2 and 3 student, in roster order.
    students: tuple[MtssRow, ...]
    #: Tier 1 students to discuss, in roster order.
    to_discuss: tuple[ToDiscuss, ...]


def worst_goal_status(statuses: list[GoalStatus]) -> GoalStatus | None:
    """The worst of the statuses: below, then mixed, then too few, then on track (None: none)."""
    return min(statuses, key=GOAL_ORDER.index, default=None)


def discuss_reasons(progress: Progress, pathway: Pathway) -> list[str]:
    """Why a Tier 1 student should be discussed: well below benchmark, below a goal line (empty: no reason)."""
    said = [f"well below benchmark: {pathway.check_label(c)}"
            for c, status in progress.benchmarks.items() if status == "well-below"]
    said += [f"below the goal line: {pathway.check_label(g.goal.check)}" for g in progress.below_goal]
    return list(dict.fromkeys(said))  # a check named twice (a goal and its default) said once


def mtss_report(record: ClassRecord, progress: Mapping[str, Progress], today: dt.date) -> MtssReport:
    """The MTSS meeting's table for the class as of ``today`` (``progress`` as ``class_progress`` gives it)."""
    away = {(a.student, a.date) for a in record.absences}
    counts = dict.fromkeys(TIERS, 0)
    rows: list[MtssRow] = []
    discuss: list[ToDiscuss] = []
    for student in record.students:
        if not student.active:
            continue
        change = tier_on(record.tiers, student.id, today)
        tier = 1 if change is None else change.tier
        counts[tier] = counts.get(tier, 0) + 1
        p = progress.get(student.id)
        if change is None or tier == 1:
            reasons = discuss_reasons(p, record.pathway) if p is not None else []
            if reasons:
                discuss.append(ToDiscuss(student.id, student.name, "; ".join(reasons)))
            continue
        review = review_of(change)
        given = dose(change, record.plans, away, today)
        rows.append(MtssRow(
            id=student.id,
            name=student.name,
            tier=tier,
            intervention=change.intervention,
            start=change.date,
            review=review,
            review_due=review is not None and review <= today,
            weeks=max(0, (today - change.date).days // 7),
            sessions_per_week=change.sessions_per_week,
            sessions_planned=given.planned,
            sessions_delivered=given.delivered,
            goal_status=worst_goal_status([g.status for g in p.goals]) if p is not None else None,
            benchmark=dict(p.benchmarks) if p is not None else {},
            stalled=p.stalled if p is not None else False,
            detour=p.detour if p is not None else None,
        ))
    active = {s.id for s in record.students if s.active}
    share = share_at_benchmark(dict(p.benchmarks) for sid, p in progress.items() if sid in active)
    return MtssReport(record.name, today, counts, share, bool(record.pathway.seasons), tuple(rows), tuple(discuss))
