"""Pathways, scores, students and the rest as plain dicts: the documents in a class file and in a bundle.

The store writes these on every save, so they live apart from ``bundle.py``
and its pydantic models: saving and the commands that only read a class
never load pydantic. ``pathway_from_dict`` and
``settings_from_dict`` trust their input: they are given data that was
checked (``validation.py``) or that the store sealed as checked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from grouper.core.models import (
    Absence,
    Check,
    ClassSettings,
    Cut,
    Detour,
    DetourTaken,
    Goal,
    LockedPlan,
    Note,
    Override,
    Pathway,
    Retraction,
    Score,
    Stage,
    Student,
    TierChange,
)
from grouper.core.rules import ordered

#: Student fields written only when set, so a class without them reads exactly as before.
STUDENT_OPTIONAL = ("sourced_id", "number")


def student_to_dict(s: Student) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": s.id, "name": s.name, "tags": list(s.tags), "active": s.active}
    for key in STUDENT_OPTIONAL:
        value = getattr(s, key)
        if value is not None:
            doc[key] = value
    if s.joined is not None:  # written only when known: older files and bundles have none
        doc["joined"] = s.joined.isoformat()
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


def retraction_to_dict(r: Retraction) -> dict[str, Any]:
    return {"seq": r.seq, "retracts": r.retracts, "retracted_at": r.retracted_at}


def retraction_from_dict(d: dict[str, Any]) -> Retraction:
    """A retraction document (``retraction_to_dict``'s shape); a TypeError or KeyError if it is not that."""
    seq, retracts, when = d["seq"], d["retracts"], d["retracted_at"]
    if type(seq) is not int or type(retracts) is not int or not isinstance(when, str):
        raise TypeError("bad retraction")
    return Retraction(seq, retracts, when)


def absence_to_dict(a: Absence) -> dict[str, Any]:
    return {"student": a.student, "date": a.date.isoformat()}


def plan_to_dict(p: LockedPlan) -> dict[str, Any]:
    return {"date": p.date.isoformat(), "locked_at": p.locked_at, "plan": p.plan}


def note_to_dict(n: Note) -> dict[str, Any]:
    return {"student": n.student, "date": n.date.isoformat(), "text": n.text, "written_at": n.written_at}


def override_to_dict(o: Override) -> dict[str, Any]:
    return {"student": o.student, "stage": o.stage, "date": None if o.date is None else o.date.isoformat()}


def detour_taken_to_dict(t: DetourTaken) -> dict[str, Any]:
    return {
        "student": t.student,
        "stage": t.stage,
        "detour": t.detour,
        "started": t.started.isoformat(),
        "ended": None if t.ended is None else t.ended.isoformat(),
    }


def detour_taken_from_dict(d: dict[str, Any]) -> DetourTaken:
    """A detour record (``detour_taken_to_dict``'s shape); a TypeError, KeyError or ValueError if it is not that."""
    student, stage, detour, started, ended = d["student"], d["stage"], d["detour"], d["started"], d.get("ended")
    if not all(isinstance(v, str) for v in (student, stage, detour, started)) or not (
        ended is None or isinstance(ended, str)
    ):
        raise TypeError("bad detour")
    return DetourTaken(
        student, stage, detour, dt.date.fromisoformat(started), None if ended is None else dt.date.fromisoformat(ended)
    )


def goal_to_dict(g: Goal) -> dict[str, Any]:
    return {"student": g.student, "check": g.check, "target": g.target, "by": g.by.isoformat(),
            "started": g.started.isoformat()}


def goal_from_dict(d: dict[str, Any]) -> Goal:
    """A goal (``goal_to_dict``'s shape); a TypeError, KeyError or ValueError if it is not that."""
    student, check, target, by, started = d["student"], d["check"], d["target"], d["by"], d["started"]
    if not all(isinstance(v, str) for v in (student, check, by, started)) or type(target) is not int:
        raise TypeError("bad goal")
    return Goal(student, check, target, dt.date.fromisoformat(by), dt.date.fromisoformat(started))


def tier_to_dict(t: TierChange) -> dict[str, Any]:
    doc: dict[str, Any] = {"student": t.student, "tier": t.tier, "date": t.date.isoformat()}
    if t.intervention:
        doc["intervention"] = t.intervention
    if t.sessions_per_week is not None:
        doc["sessions_per_week"] = t.sessions_per_week
    if t.review is not None:
        doc["review"] = t.review.isoformat()
    if t.reason:
        doc["reason"] = t.reason
    return doc


def tier_from_dict(d: dict[str, Any]) -> TierChange:
    """A tier change (``tier_to_dict``'s shape); a TypeError, KeyError or ValueError if it is not that."""
    student, tier, date = d["student"], d["tier"], d["date"]
    intervention, reason = d.get("intervention", ""), d.get("reason", "")
    sessions, review = d.get("sessions_per_week"), d.get("review")
    if not all(isinstance(v, str) for v in (student, date, intervention, reason)) or type(tier) is not int:
        raise TypeError("bad tier")
    if (sessions is not None and type(sessions) is not int) or (review is not None and not isinstance(review, str)):
        raise TypeError("bad tier")
    return TierChange(student, tier, dt.date.fromisoformat(date), intervention, sessions,
                      None if review is None else dt.date.fromisoformat(review), reason)


def set_to_list(group: frozenset[str], students: list[Student]) -> list[str]:
    """A keep-apart or keep-together set as ids in roster order."""
    return ordered(group, students)


def pathway_to_dict(p: Pathway) -> dict[str, Any]:
    """A pathway as JSON-ready data in the documented shape; an empty subject or description is left out."""
    doc: dict[str, Any] = {"id": p.id, "name": p.name}
    if p.subject is not None:
        doc["subject"] = p.subject
    if p.description:
        doc["description"] = p.description
    if p.seasons:  # left out when there are none, so a pathway without them keeps its shape
        doc["seasons"] = dict(p.seasons)
    doc["stages"] = [_stage_to_dict(s) for s in p.stages]
    return doc


def _check_to_dict(c: Check) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": c.id, "label": c.label, "max": c.max, "mastery": c.mastery}
    if c.growth_per_week is not None:  # left out when unset, so a pathway without it keeps its shape
        doc["growth_per_week"] = c.growth_per_week
    if c.benchmark:
        doc["benchmark"] = {cut.season: cut.benchmark if cut.lower is None else [cut.lower, cut.benchmark]
                            for cut in c.benchmark}
    if c.items:  # left out when there are none, as above
        doc["items"] = list(c.items)
    return doc


def _stage_to_dict(s: Stage) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": s.id, "label": s.label, "focus": s.focus,
                           "checks": [_check_to_dict(c) for c in s.checks]}
    if s.detours:  # left out when there are none, so a pathway without detours keeps its shape
        doc["detours"] = [
            {"id": d.id, "label": d.label, "focus": d.focus, **({"checks": [_check_to_dict(c) for c in d.checks]}
                                                               if d.checks else {})}
            for d in s.detours
        ]
    return doc


def _check_from_dict(c: dict[str, Any]) -> Check:
    growth = c.get("growth_per_week")
    cuts = tuple(
        Cut(season, None, v) if isinstance(v, int) else Cut(season, v[0], v[1])
        for season, v in (c.get("benchmark") or {}).items()
    )
    items = tuple(str(x) for x in c.get("items") or ())
    return Check(c["id"], c["label"], c["max"], c["mastery"], None if growth is None else float(growth), cuts, items)


def pathway_from_dict(d: dict[str, Any]) -> Pathway:
    """The pathway in checked data (``pathway_to_dict``'s shape); a KeyError or TypeError if it is not that shape."""
    stages = tuple(
        Stage(s["id"], s["label"], s["focus"], tuple(_check_from_dict(c) for c in s["checks"]),
              tuple(Detour(x["id"], x["label"], x["focus"], tuple(_check_from_dict(c) for c in x.get("checks") or ()))
                    for x in s.get("detours") or ()))
        for s in d["stages"]
    )
    seasons = tuple((k, v) for k, v in (d.get("seasons") or {}).items())
    return Pathway(d["id"], d["name"], d.get("subject"), d.get("description", ""), stages, seasons)


#: The settings' fields, in the order they are written.
SETTINGS_FIELDS = tuple(ClassSettings.__dataclass_fields__)


def settings_to_dict(s: ClassSettings) -> dict[str, Any]:
    doc = {key: getattr(s, key) for key in SETTINGS_FIELDS}
    doc["no_group_days"] = list(s.no_group_days)
    return doc


def settings_from_dict(d: dict[str, Any]) -> ClassSettings:
    """The settings in checked data; a field left out takes its default, an unknown one is a TypeError."""
    doc = dict(d)
    if "no_group_days" in doc:
        doc["no_group_days"] = tuple(doc["no_group_days"])
    return ClassSettings(**doc)
