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

from grouper.core.models import LockedPlan, Pathway


@dataclass(frozen=True, slots=True)
class PlanChange:
    student_id: str
    name: str
    #: "up", "down" (stage moved) or "group" (same stage, another group).
    kind: str
    before: str
    after: str


def _stage_index(pathway: Pathway, stage_id: str) -> int:
    """Where a stage sits on the path; a stage no longer on it counts as past the end."""
    index = pathway.index_of(stage_id)
    return len(pathway.stages) if index is None else index


@dataclass(frozen=True, slots=True)
class _Group:
    label: str
    stage: str
    members: frozenset[str]

    def name(self, pathway: Pathway) -> str:
        """``Group 2 (Letter names and sounds)``: the stage as the teacher reads it, not its id."""
        return f"{self.label} ({pathway_label(pathway, self.stage)})"


def _groups(plan: dict[str, Any]) -> list[_Group]:
    return [
        _Group(g["label"], g["stage"], frozenset(s["id"] for s in g.get("students", [])))
        for g in plan.get("groups", [])
    ]


def _same_group(before: list[_Group], after: list[_Group]) -> dict[int, int]:
    """Which earlier group each group now continues: the one most of its members came from.

    Groups are numbered afresh every day, so a number says little: when a new
    group opens below, every number shifts although nobody has new group-mates.
    A group is the same group when it is mostly the same students (each earlier
    group continues in one group at most); ties go to the group at the same
    stage, then the same label, then the earlier group.
    """
    pairs = sorted(
        ((len(new.members & old.members), new.stage == old.stage, new.label == old.label, -i, -j)
         for i, new in enumerate(after) for j, old in enumerate(before)),
        reverse=True,
    )
    same: dict[int, int] = {}
    taken: set[int] = set()
    for overlap, _, _, i, j in pairs:
        # A group split in two continues in one of them only: the other is a new group.
        if overlap and -i not in same and -j not in taken:
            same[-i] = -j
            taken.add(-j)
    return same


def plan_changes(locked: dict[str, Any], current: dict[str, Any], pathway: Pathway) -> list[PlanChange]:
    """Who moved on the path, or would sit with other students, since ``locked``."""
    before_stage = {p["id"]: p["stage"] for p in locked.get("placements", [])}
    before, after = _groups(locked), _groups(current)
    same = _same_group(before, after)
    old_index = {sid: j for j, g in enumerate(before) for sid in g.members}
    new_index = {sid: i for i, g in enumerate(after) for sid in g.members}
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
        elif sid in old_index and sid in new_index and same.get(new_index[sid]) != old_index[sid]:
            changes.append(PlanChange(sid, p["name"], "group", before[old_index[sid]].name(pathway),
                                      after[new_index[sid]].name(pathway)))
    return changes


def pathway_label(pathway: Pathway, stage_id: str) -> str:
    return pathway.stage_label(_stage_index(pathway, stage_id))


def latest_locked(plans: list[LockedPlan], on_or_before: dt.date) -> LockedPlan | None:
    """The most recent plan locked for a day up to ``on_or_before``."""
    earlier = [p for p in plans if p.date <= on_or_before]
    return max(earlier, key=lambda p: (p.date, p.locked_at), default=None)


def group_met(plan: LockedPlan, student: str) -> bool:
    """Whether the student sat in a group that met in this locked plan (a plan from before the
    rotation, with no ``meets`` in it, met every group)."""
    return any(g.get("meets", True) and any(s.get("id") == student for s in g.get("students", []))
               for g in plan.plan.get("groups", []))
