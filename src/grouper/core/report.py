"""Tomorrow's plan as plain data, the shape scripts and other tools read.

The keys below are a promise (``grouper groups --json``); new keys may be
added, existing ones never change meaning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from grouper.core.detours import suggested_detour
from grouper.core.grouping import Group, OverrideResult, Plan
from grouper.core.models import ClassRecord, Pathway
from grouper.core.placement import Placement
from grouper.core.progress import Progress


def _day(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def progress_dict(record: ClassRecord, progress: dict[str, Progress], today: dt.date) -> dict[str, Any]:
    """``grouper progress --json``: where each student is, since when, and who needs a look."""
    pathway = record.pathway
    return {
        "class": record.name,
        "pathway": pathway.id,
        "date": today.isoformat(),
        "students": [
            {
                "id": p.student.id,
                "name": p.student.name,
                "stage": p.placement.stage_id,
                "status": p.placement.status,
                "stage_since": _day(p.stage_since),
                "days_at_stage": p.days_at_stage,
                "scores_at_stage": p.scores_at_stage,
                "stalled": p.stalled,
                "slipped": list(p.slipped),
                "due": p.due,
                "last_scored": _day(p.last_scored),
                "suggested_detour": _suggested(pathway, p.placement, p),
                "detour": p.detour,
                "detours": [
                    {
                        "stage": sp.taken.stage,
                        "detour": sp.taken.detour,
                        "started": _day(sp.taken.started),
                        "ended": _day(sp.ended),
                        "outcome": sp.outcome,
                    }
                    for sp in p.detours
                ],
                "goals": [
                    {
                        "check": g.goal.check,
                        "target": g.goal.target,
                        "by": _day(g.goal.by),
                        "start": g.start,
                        "start_date": _day(g.start_date),
                        "status": g.status,
                        "source": "pathway" if g.default else "teacher",
                    }
                    for g in p.goals
                ],
                "benchmark": dict(p.benchmarks),
                "tags": list(p.student.tags),
                "timeline": [
                    {"stage": pathway.stage_id(v.stage_index), "reached": _day(v.reached), "left": _day(v.left)}
                    for v in p.visits
                ],
            }
            for p in progress.values()
        ],
    }


def _suggested(pathway: Pathway, p: Placement, progress: Progress | None) -> str | None:
    detour = suggested_detour(pathway, p, progress)
    return None if detour is None else detour.id


def placement_dict(p: Placement, progress: Progress | None = None, pathway: Pathway | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": p.student.id,
        "name": p.student.name,
        "stage": p.stage_id,
        "status": p.status,
        "needs": list(p.needs),
    }
    if progress is not None:
        d.update(stalled=progress.stalled, slipped=list(progress.slipped), due=progress.due)
        if pathway is not None:
            d["suggested_detour"] = _suggested(pathway, p, progress)
    return d


def plan_dict(record: ClassRecord, plan: Plan, progress: dict[str, Progress] | None = None) -> dict[str, Any]:
    """The plan as data; with ``progress``, each placement also says stalled / slipped / due."""
    pathway = record.pathway
    progress = progress or {}

    def placed(p: Placement) -> dict[str, Any]:
        d = placement_dict(p, progress.get(p.student.id), pathway)
        on = progress.get(p.student.id)
        d["detour"] = plan.detours.get(p.student.id) or (on.detour if on is not None else None)
        return d

    def member(p: Placement, g: Group) -> dict[str, Any]:
        d = placed(p)
        mark = g.mark(p.student.id)
        d.update(pinned=mark == "pinned", moved=mark == "moved")
        return d

    return {
        "class": record.name,
        "pathway": pathway.id,
        "date": plan.date.isoformat(),
        "groups": [
            {
                "label": g.label,
                "stage": g.stage_id,
                "stage_label": pathway.stage_label(g.stage_index),
                "focus": g.focus,
                "detour": g.detour,
                "students": [member(m, g) for m in g.members],
                "needs": dict(g.needs),
            }
            for g in plan.groups
        ],
        "placements": [placed(p) for p in plan.placements],
        "unplaced": [{"id": u.student.id, "name": u.student.name, "reason": u.reason} for u in plan.unplaced],
        "warnings": list(plan.warnings),
        "cost": plan.cost,
        "overrides": [override_result_dict(o) for o in plan.overrides],
        "unhonoured": [
            {"kind": u.kind, "students": [s.name for s in u.students], "ids": [s.id for s in u.students]}
            for u in plan.unhonoured
        ],
    }


def override_result_dict(o: OverrideResult) -> dict[str, Any]:
    """A move or pin in the plan: where the teacher put the student and what it costs."""
    return {
        "student": o.student.id,
        "name": o.student.name,
        "stage": o.stage_id,
        "kind": o.kind,
        "date": _day(o.date),
        "honoured": o.honoured,
        "group": o.group,
        "cost": o.cost,
        "direction": o.direction,
    }
