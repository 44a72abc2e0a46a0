"""Scores, students and the rest as plain dicts: the documents in a class file and in a bundle.

The store writes these on every save, so they live apart from ``bundle.py``
and its pydantic models: saving and the commands that only read a class do
not need to build those models.
"""

from __future__ import annotations

from typing import Any

from .models import Absence, LockedPlan, Note, Override, Score, Student
from .rules import ordered

#: Student fields written only when set, so a class without them reads exactly as before.
STUDENT_OPTIONAL = ("sourced_id", "number")


def student_to_dict(s: Student) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": s.id, "name": s.name, "tags": list(s.tags), "active": s.active}
    for key in STUDENT_OPTIONAL:
        value = getattr(s, key)
        if value is not None:
            doc[key] = value
    return doc


def score_to_dict(s: Score) -> dict[str, Any]:
    return {
        "student": s.student,
        "check": s.check,
        "value": s.value,
        "date": s.date.isoformat(),
        "seq": s.seq,
        "note": s.note,
    }


def absence_to_dict(a: Absence) -> dict[str, Any]:
    return {"student": a.student, "date": a.date.isoformat()}


def plan_to_dict(p: LockedPlan) -> dict[str, Any]:
    return {"date": p.date.isoformat(), "locked_at": p.locked_at, "plan": p.plan}


def note_to_dict(n: Note) -> dict[str, Any]:
    return {"student": n.student, "date": n.date.isoformat(), "text": n.text, "written_at": n.written_at}


def override_to_dict(o: Override) -> dict[str, Any]:
    return {"student": o.student, "stage": o.stage, "date": None if o.date is None else o.date.isoformat()}


def set_to_list(group: frozenset[str], students: list[Student]) -> list[str]:
    """A keep-apart or keep-together set as ids in roster order."""
    return ordered(group, students)
