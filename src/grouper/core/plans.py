"""Plans the teacher has locked: kept exactly as they were, and what changed since.

A locked plan is the plan a teacher walked into class with. It is stored as the
same plain data ``grouper groups --json`` prints, so it is never recomputed
(a later change to the grouping rules cannot rewrite what was taught), and the
app can say who has moved up or down the path, or would now be in another
group, since it was locked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import LockedPlan, Pathway


@dataclass(frozen=True, slots=True)
class PlanChange:
    student_id: str
    name: str
    #: "up", "down" (stage moved) or "group" (same stage, another group).
    kind: str
    before: str
    after: str


def _stage_index(pathway: Pathway, stage_id: str) -> int:
    for i, s in enumerate(pathway.stages):
        if s.id == stage_id:
            return i
    return len(pathway.stages)


def _groups_by_student(plan: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: f"{g['label']} ({g['stage']})" for g in plan.get("groups", []) for s in g.get("students", [])}


def plan_changes(locked: dict[str, Any], current: dict[str, Any], pathway: Pathway) -> list[PlanChange]:
    """Who moved on the path, or would sit in another group, since ``locked``."""
    before_stage = {p["id"]: p["stage"] for p in locked.get("placements", [])}
    before_group = _groups_by_student(locked)
    after_group = _groups_by_student(current)
    changes = []
    for p in current.get("placements", []):
        sid = p["id"]
        if sid not in before_stage:
            continue
        old, new = before_stage[sid], p["stage"]
        if old != new:
            up = _stage_index(pathway, new) > _stage_index(pathway, old)
            kind = "up" if up else "down"
            changes.append(PlanChange(sid, p["name"], kind, pathway_label(pathway, old), pathway_label(pathway, new)))
        elif sid in before_group and sid in after_group and before_group[sid] != after_group[sid]:
            changes.append(PlanChange(sid, p["name"], "group", before_group[sid], after_group[sid]))
    return changes


def pathway_label(pathway: Pathway, stage_id: str) -> str:
    return pathway.stage_label(_stage_index(pathway, stage_id))


def latest_locked(plans: list[LockedPlan], on_or_before: dt.date) -> LockedPlan | None:
    """The most recent plan locked for a day up to ``on_or_before``."""
    earlier = [p for p in plans if p.date <= on_or_before]
    return max(earlier, key=lambda p: (p.date, p.locked_at), default=None)
