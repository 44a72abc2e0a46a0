"""What teaching works: per stage focus and per detour, who was taught there and who moved on.

The professional-learning loop of the CLIP: a coach sees which route moves
students and which does not, from the history grouper already keeps (the stage
timeline replayed from the scores, the detours taken, the plans locked).

For every time a student spent at a stage (a visit, ``progress.StageVisit``):

- the **main route** row counts the visit as *taught*; it is *mastered* there when
  the student moved up the path with no detour of that stage mastering it;
- each **detour** taken during the visit counts in that detour's row: *mastered*
  when the stage was mastered on it (the loop back);
- *stalled* applies the class's stalled rule (``progress.stalled_after``) to the
  time on that route: on the main route from arriving to the first detour (or
  leaving, or today), on a detour from its start to its end;
- the **school days** until mastery are the weekdays from arriving (or the
  detour's start) to the day the stage was mastered;
- the **group sessions** until mastery are the locked plans in that time in which
  the student sat in a group that met, counted only for a time that began after
  the class's first locked plan (before it there is no record of who met).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from grouper.core.dates import school_days_between
from grouper.core.detours import DetourSpell, detour_of
from grouper.core.models import ClassRecord, ClassSettings, LockedPlan, Pathway, Score
from grouper.core.plans import group_met
from grouper.core.progress import Progress, class_progress, stalled_after
from grouper.core.scores import day_scores


@dataclass(frozen=True, slots=True)
class TeachingRow:
    pathway: str
    stage: str
    stage_index: int
    #: The detour's id (None: the main route).
    detour: str | None
    #: The stage's label, or the detour's.
    label: str
    taught: int
    mastered: int
    stalled: int
    median_school_days: float | None
    median_sessions: float | None


@dataclass
class _Tally:
    taught: int = 0
    mastered: int = 0
    stalled: int = 0
    days: list[int] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _sessions(plans: Sequence[LockedPlan], student: str, start: dt.date, end: dt.date) -> int:
    """Locked plans from ``start`` up to ``end`` in which the student's group met."""
    return sum(1 for plan in plans if start <= plan.date < end and group_met(plan, student))


def _scores_between(scores: Iterable[Score], checks: set[str], start: dt.date, end: dt.date) -> int:
    """Scores of ``checks`` from ``start`` up to and including ``end``, one per check and day, as the
    stalled rule counts them (the day's last entry; a cleared cell is no score)."""
    return sum(1 for s in day_scores(scores, checks) if start <= s.date <= end)


def _class_tallies(
    record: ClassRecord, progress: dict[str, Progress], today: dt.date, tallies: dict[tuple[str, str | None], _Tally]
) -> None:
    pathway, settings = record.pathway, record.settings
    scores_of: dict[str, list[Score]] = {}
    for s in record.scores:
        scores_of.setdefault(s.student, []).append(s)
    plans = sorted(record.plans, key=lambda p: p.date) if record.plans else None
    for sid, p in progress.items():
        mine = scores_of.get(sid, [])
        for i, visit in enumerate(p.visits):
            if visit.stage_index >= len(pathway.stages):
                continue
            stage = pathway.stages[visit.stage_index]
            end = visit.left or today
            after = p.visits[i + 1] if i + 1 < len(p.visits) else None
            moved_up = after is not None and after.stage_index > visit.stage_index
            spells = [sp for sp in p.detours if sp.taken.stage == stage.id and visit.reached <= sp.taken.started <= end]
            stage_checks = {c.id for c in stage.checks}
            main = tallies.setdefault((stage.id, None), _Tally())
            main.taught += 1
            main_until = min((sp.taken.started for sp in spells), default=end)
            if stalled_after((main_until - visit.reached).days, _scores_between(mine, stage_checks, visit.reached,
                                                                                  main_until), settings):
                main.stalled += 1
            on_detour = any(sp.outcome == "mastered" for sp in spells)
            if moved_up and not on_detour:
                _mastered(main, sid, visit.reached, end, plans)
            for sp in spells:
                _detour_tally(tallies, sp, stage_checks, mine, settings, today, sid, plans, pathway)


def _mastered(tally: _Tally, sid: str, start: dt.date, end: dt.date, plans: Sequence[LockedPlan] | None) -> None:
    tally.mastered += 1
    tally.days.append(school_days_between(start, end))
    if plans and plans[0].date <= start:  # sessions are known only from the first plan locked
        tally.sessions.append(_sessions(plans, sid, start, end))


def _detour_tally(
    tallies: dict[tuple[str, str | None], _Tally], sp: DetourSpell, stage_checks: set[str], scores: list[Score],
    settings: ClassSettings, today: dt.date, sid: str, plans: Sequence[LockedPlan] | None, pathway: Pathway,
) -> None:
    tally = tallies.setdefault((sp.taken.stage, sp.taken.detour), _Tally())
    tally.taught += 1
    start, end = sp.taken.started, sp.ended or today
    detour = detour_of(pathway, sp.taken.stage, sp.taken.detour)
    checks = stage_checks | ({c.id for c in detour.checks} if detour is not None else set())
    if stalled_after((end - start).days, _scores_between(scores, checks, start, end), settings):
        tally.stalled += 1
    if sp.outcome == "mastered":
        _mastered(tally, sid, start, end, plans)


def teaching_rows(records: Sequence[ClassRecord], today: dt.date) -> list[TeachingRow]:
    """The rows for these classes together, by pathway in the order first met, then path order.

    Only the routes some student was taught on are listed: each stage's main route, then its detours.
    """
    by_pathway: dict[str, tuple[Pathway, dict[tuple[str, str | None], _Tally]]] = {}
    for record in records:
        pathway, tallies = by_pathway.setdefault(record.pathway.id, (record.pathway, {}))
        _class_tallies(record, class_progress(record, today), today, tallies)
    rows = []
    for pathway, tallies in by_pathway.values():
        for index, stage in enumerate(pathway.stages):
            routes: list[tuple[str | None, str]] = [(None, stage.label), *((d.id, d.label) for d in stage.detours)]
            known = {d for s, d in tallies if s == stage.id}
            routes += [(d, d) for d in sorted(x for x in known if x is not None and stage.detour(x) is None)]
            for detour, label in routes:
                t = tallies.get((stage.id, detour))
                if t is None or t.taught == 0:
                    continue
                rows.append(TeachingRow(pathway.id, stage.id, index, detour, label, t.taught, t.mastered, t.stalled,
                                        _median(t.days), _median(t.sessions)))
    return rows


#: The scope's words when every class is counted.
EVERY_CLASS = "every class"


@dataclass(frozen=True, slots=True)
class TeachingReport:
    rows: tuple[TeachingRow, ...]
    #: (pathway id, stage id) -> the stage's label.
    stage_labels: dict[tuple[str, str], str]
    #: The class's name, or ``EVERY_CLASS``.
    scope: str
    classes: int
    #: Pathway id -> its name, in the order the rows are.
    pathway_names: dict[str, str]

    def by_pathway(self) -> list[tuple[str, list[TeachingRow]]]:
        """The rows under each pathway's name (classes on different pathways are counted apart)."""
        return [(name, [r for r in self.rows if r.pathway == pid]) for pid, name in self.pathway_names.items()
                if any(r.pathway == pid for r in self.rows)]


def teaching_report_of(records: Sequence[ClassRecord], class_name: str | None, today: dt.date) -> TeachingReport:
    """The report for these classes: one class (``class_name``) or every class (None)."""
    labels = {(r.pathway.id, s.id): s.label for r in records for s in r.pathway.stages}
    names_of = {r.pathway.id: r.pathway.name for r in records}
    scope = class_name if class_name is not None else EVERY_CLASS
    return TeachingReport(tuple(teaching_rows(records, today)), labels, scope, len(records), names_of)
