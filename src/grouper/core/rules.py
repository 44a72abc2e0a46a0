"""The teacher's own rules for a class: who to keep apart or together, moves and pins.

A keep-apart set means no two of its students share a group; a keep-together
set means all of them share one. A *move* puts a student in the group taught at
a chosen stage for one day; a *pin* does so for every day until it is lifted.
The store, the bundle and the command line all check rules here, so a rule that
names an unknown student or stage is refused the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from grouper.core.errors import GrouperError
from grouper.core.matching import fold
from grouper.core.models import KEEP_APART, KEEP_TOGETHER, ClassRecord, ConstraintKind, Override, Pathway, Student

KINDS: tuple[ConstraintKind, ...] = (KEEP_APART, KEEP_TOGETHER)


class RuleError(GrouperError):
    """A rule that cannot be kept, said in plain words (exit code 1)."""


def ordered(group: Iterable[str], students: Sequence[Student]) -> list[str]:
    """The ids of a set in roster order (ids not on the roster last, sorted)."""
    place = {s.id: i for i, s in enumerate(students)}
    return sorted(group, key=lambda sid: (place.get(sid, len(place)), sid))


def check_set(kind: str, ids: Sequence[str], known: set[str] | frozenset[str]) -> frozenset[str]:
    """A keep-apart or keep-together set of known students, at least two of them."""
    if kind not in KINDS:
        raise RuleError(f"'{kind}' is not a kind of rule; use keep-apart or keep-together")
    for sid in ids:
        if not isinstance(sid, str) or sid not in known:
            raise RuleError(f"no student with id '{sid}'")
    group = frozenset(ids)
    if len(group) < 2:
        raise RuleError(f"{kind} needs at least two different students")
    return group


def _components(sets: Iterable[frozenset[str]]) -> dict[str, str]:
    """Student -> a representative of everyone kept together with them (directly or through others)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in sets:
        first, *rest = sorted(group)
        for other in rest:
            parent[root(other)] = root(first)
    return {x: root(x) for x in parent}


def contradiction(
    kind: str, group: frozenset[str], keep_apart: Sequence[frozenset[str]], keep_together: Sequence[frozenset[str]]
) -> tuple[str, str] | None:
    """Two students this new set would have both kept apart and kept together, or None."""
    together = list(keep_together) + ([group] if kind == KEEP_TOGETHER else [])
    apart = list(keep_apart) + ([group] if kind == KEEP_APART else [])
    comp = _components(together)
    for members in apart:
        seen: dict[str, str] = {}
        for sid in sorted(members):
            c = comp.get(sid)
            if c is None:
                continue
            if c in seen:
                return (seen[c], sid)
            seen[c] = sid
    return None


def resolve_stage(pathway: Pathway, text: str) -> int:
    """A stage by its id (any case), or a unique start of its id or label; ``complete`` for past the end."""
    q = fold(text)
    if not q:
        raise RuleError("say which stage: its id or the start of its label")
    ids = [pathway.stage_id(i) for i in range(len(pathway.stages) + 1)]
    labels = [pathway.stage_label(i) for i in range(len(pathway.stages) + 1)]
    for i, sid in enumerate(ids):
        if fold(sid) == q:
            return i
    hits = [i for i in range(len(ids)) if fold(ids[i]).startswith(q) or fold(labels[i]).startswith(q)]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(f"{ids[i]} ({labels[i]})" for i in (hits or range(len(ids))))
    if hits:
        raise RuleError(f"stage '{text}' could be {known}; type more of it")
    raise RuleError(f"no stage '{text}' in {pathway.name}; the stages are {known}")


def override_problem(o: object, known: set[str] | frozenset[str], pathway: Pathway) -> str | None:
    """Why an override cannot be kept, in words, or None when it can."""
    if not isinstance(o, Override):
        return "an override must be an Override"
    if not isinstance(o.student, str) or o.student not in known:
        return f"no student with id '{o.student}'"
    if not isinstance(o.stage, str) or pathway.index_of(o.stage) is None:
        return f"pathway '{pathway.id}' has no stage '{o.stage}'"
    if o.date is not None and (not isinstance(o.date, dt.date) or isinstance(o.date, dt.datetime)):
        return "a move needs a date like 2026-11-23"
    return None


def check_rules(record: ClassRecord, where: str) -> None:
    """Every rule of a class names its own students and stages, once: else a RuleError naming it."""
    known = {s.id for s in record.students}
    for kind in KINDS:
        seen: set[frozenset[str]] = set()
        for i, group in enumerate(record.constraints(kind), start=1):
            try:
                checked = check_set(kind, sorted(group), known)
            except RuleError as e:
                raise RuleError(f"{where}{kind} {i}: {e}") from None
            if checked in seen:
                raise RuleError(f"{where}{kind} {i}: the same students are listed twice")
            seen.add(checked)
    pair = contradiction(KEEP_APART, frozenset(), record.keep_apart, record.keep_together)
    if pair is not None:
        raise RuleError(f"{where}'{pair[0]}' and '{pair[1]}' are both kept apart and kept together")
    taken: set[tuple[str, dt.date | None]] = set()
    for i, o in enumerate(record.overrides, start=1):
        problem = override_problem(o, known, record.pathway)
        if problem is not None:
            raise RuleError(f"{where}override {i}: {problem}")
        if (o.student, o.date) in taken:
            what = "a pin" if o.date is None else f"a move on {o.date}"
            raise RuleError(f"{where}override {i}: student '{o.student}' already has {what}")
        taken.add((o.student, o.date))


def day_overrides(overrides: Iterable[Override], day: dt.date) -> dict[str, Override]:
    """Student id -> the move or pin that applies on ``day``: a move for the day outranks a pin."""
    chosen: dict[str, Override] = {}
    for o in overrides:
        if o.date is not None and o.date != day:
            continue
        if o.student not in chosen or chosen[o.student].date is None:
            chosen[o.student] = o
    return chosen


def student_name(record: ClassRecord, student_id: str) -> str:
    for s in record.students:
        if s.id == student_id:
            return s.name
    return student_id


def override_dict(record: ClassRecord, o: Override) -> dict[str, Any]:
    index = record.pathway.index_of(o.stage)
    return {
        "student": o.student,
        "name": student_name(record, o.student),
        "kind": o.kind,
        "stage": o.stage,
        "stage_label": record.pathway.stage_label(index) if index is not None else o.stage,
        "date": None if o.date is None else o.date.isoformat(),
    }


def rules_dict(record: ClassRecord, from_day: dt.date | None = None) -> dict[str, Any]:
    """``grouper class constraints --json``: the sets (students in roster order), pins, and moves
    from ``from_day`` on (all moves when None)."""

    def members(group: frozenset[str]) -> list[dict[str, str]]:
        return [{"id": sid, "name": student_name(record, sid)} for sid in ordered(group, record.students)]

    moves = [o for o in record.overrides if o.date is not None and (from_day is None or o.date >= from_day)]
    pins = [o for o in record.overrides if o.date is None]
    place = {s.id: i for i, s in enumerate(record.students)}
    return {
        "class": record.name,
        "keep_apart": [members(g) for g in record.keep_apart],
        "keep_together": [members(g) for g in record.keep_together],
        "pins": [override_dict(record, o) for o in sorted(pins, key=lambda o: place.get(o.student, len(place)))],
        "moves": [
            override_dict(record, o)
            for o in sorted(moves, key=lambda o: (o.date or dt.date.min, place.get(o.student, len(place))))
        ],
    }
