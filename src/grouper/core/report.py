"""Tomorrow's plan as plain data, the shape scripts and other tools read.

The keys below are a promise (``grouper groups --json``); new keys may be
added, existing ones never change meaning.
"""

from __future__ import annotations

from typing import Any

from .grouping import Plan
from .models import ClassRecord
from .placement import Placement


def placement_dict(p: Placement) -> dict[str, Any]:
    return {
        "id": p.student.id,
        "name": p.student.name,
        "stage": p.stage_id,
        "status": p.status,
        "needs": list(p.needs),
    }


def plan_dict(record: ClassRecord, plan: Plan) -> dict[str, Any]:
    pathway = record.pathway
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
                "students": [placement_dict(m) for m in g.members],
                "needs": dict(g.needs),
            }
            for g in plan.groups
        ],
        "placements": [placement_dict(p) for p in plan.placements],
        "unplaced": [{"id": u.student.id, "name": u.student.name, "reason": u.reason} for u in plan.unplaced],
        "warnings": list(plan.warnings),
        "cost": plan.cost,
    }
