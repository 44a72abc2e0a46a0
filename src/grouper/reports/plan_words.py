"""The words a plan is told in, once: on the app's group cards and in every export.

A teacher who prepares from paper must prepare the groups on screen, so the
app's groups panel (``grouper.ui.widgets.panels``), the cards and day sheet
(``grouper.reports.cards``) and the md / csv / html exports (``grouper.reports.exports``) all
say which groups meet and why, who was moved or pinned and what it costs, who
coaches whom, and which rules could not hold, with these functions.

Plain text only (no markup, no escaping: each caller escapes for its format),
and no import of the core at module level: the app draws its first cards
before the core is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grouper.core.coaches import GroupCoaching
    from grouper.core.grouping import Group, Plan, Unhonoured
    from grouper.core.models import Pathway
    from grouper.core.rotation import RotationDay, Turn

def route_words(pathway: Pathway, group: Group) -> str:
    """``↪ detour: Smaller sound steps; closer check: Onset-rime words blended (of 5)`` for a group taught
    on a detour of its stage (its focus is the detour's), else ``""``."""
    if group.detour is None or group.stage_index >= len(pathway.stages):
        return ""
    detour = pathway.stages[group.stage_index].detour(group.detour)
    if detour is None:
        return ""
    closer = "; closer check" + ("s" if len(detour.checks) > 1 else "") + ": " + ", ".join(
        c.label for c in detour.checks) if detour.checks else ""
    return f"↪ detour: {detour.label}{closer}"


def member_route(pathway: Pathway, plan: Plan, group: Group, student_id: str, stage_index: int) -> str:
    """``↪ on a detour: Smaller sound steps`` for a member on a detour the group is not taught on, else ``""``."""
    on = plan.detours.get(student_id)
    if on is None or on == group.detour or stage_index >= len(pathway.stages):
        return ""
    detour = pathway.stages[stage_index].detour(on)
    return "" if detour is None else f"↪ on a detour: {detour.label}"


def needs_words(pathway: Pathway, needs: dict[str, int]) -> list[str]:
    """``Letters named (of 54), 4 students``: each check the group still has to master, and for how many."""
    return [f"{pathway.check(c).label}, {n} student{'' if n == 1 else 's'}" for c, n in needs.items()]


def by_hand(plan: Plan, kind: str | None, student_id: str) -> str:
    """``moved, 2 stages above`` / ``pinned``: the teacher's choice, and what it costs in stage mismatch."""
    if kind is None:
        return ""
    result = next((o for o in plan.overrides if o.student.id == student_id and o.honoured), None)
    if result is None or result.cost == 0:
        return kind
    stages = "stage" if result.cost == 1 else "stages"
    return f"{kind}, {result.cost} {stages} {result.direction}"


def member_arrow(plan: Plan, kind: str | None, student_id: str, stage_index: int, group_stage: int) -> str:
    """The arrow after a member's name, agreeing with ``by_hand``'s words.

    A member the teacher moved or pinned to a group taught above their own stage
    gets ``↑`` ("moved, 1 stage above"), below it ``↓`` ("moved, 1 stage below").
    Anyone else further on than the group's stage gets ``↑``: they work above it.
    """
    if kind is not None:
        result = next((o for o in plan.overrides if o.student.id == student_id and o.honoured), None)
        if result is not None:
            return {"above": "↑", "below": "↓"}.get(result.direction, "")
    return "↑" if stage_index > group_stage else ""


def meets_head(turn: Turn, day: dt.date) -> str:
    """``▶ meets Mon`` or ``· not Mon``: a symbol and words, never colour alone."""
    when = day.strftime("%a")
    return f"▶ meets {when}" if turn.meets else f"· not {when}"


def meets_words(turn: Turn, day: dt.date) -> str:
    """``▶ meets Mon (daily: furthest back)`` or ``· not Mon (waits: not seen for 1 day)``."""
    return f"{meets_head(turn, day)} ({turn.reason})"


def _coach_entries(coaching: GroupCoaching) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each coach line as (label, rest, ids of the students it names)."""
    lines: list[tuple[str, str, tuple[str, ...]]] = []
    for c in coaching.pairs:
        learners = ", ".join(s.name for s in c.learners)
        lines.append(("coach", f"{c.coach.name} → {learners} ({c.check})",
                      (c.coach.id, *(s.id for s in c.learners))))
    for check, waiting in coaching.uncovered:
        lines.append(("no coach free for", f"{', '.join(s.name for s in waiting)} ({check})",
                      tuple(s.id for s in waiting)))
    if not lines:
        lines.append(("no peer coaching needed", "", ()))
    return lines


def coach_parts(coaching: GroupCoaching) -> list[tuple[str, str]]:
    """Each coach line as (label, rest): ``("coach", "Zoë Ng → Ana, Bo (lid)")``."""
    return [(label, rest) for label, rest, _ in _coach_entries(coaching)]


def _joined(label: str, rest: str) -> str:
    return f"{label} {rest}" if rest else label


def coach_words(coaching: GroupCoaching) -> list[str]:
    """``coach Zoë Ng → Ana, Bo (lid)``, one line each: who helps whom with which check."""
    return [_joined(label, rest) for label, rest, _ in _coach_entries(coaching)]


def coach_words_by_student(coaching: Sequence[GroupCoaching]) -> dict[str, list[str]]:
    """Student id -> each coach line naming them (as coach or as learner)."""
    out: dict[str, list[str]] = {}
    for group in coaching:
        for label, rest, ids in _coach_entries(group):
            for sid in ids:
                out.setdefault(sid, []).append(_joined(label, rest))
    return out


def rules_not_kept(plan: Plan) -> list[tuple[Unhonoured, str]]:
    """Each rule the plan could not keep, with the plan's own words for it (the warning the app shows)."""
    said = [w for w in plan.warnings if w.startswith("Could not ")]
    if len(said) == len(plan.unhonoured):
        return list(zip(plan.unhonoured, said, strict=True))
    return [(u, f"Could not keep the {u.kind} rule for {', '.join(s.name for s in u.students)}.")
            for u in plan.unhonoured]


def turns_by_group(rotation: RotationDay | None) -> dict[str, Turn]:
    """Group label -> its turn on the rotation's day (empty without a rotation)."""
    if rotation is None:
        return {}
    return {t.group.label: t for t in (*rotation.meeting, *rotation.not_meeting)}


def day_notes(plan: Plan, rotation: RotationDay | None) -> tuple[str, ...]:
    """What the app says under the groups, in its order: the plan's warnings (each rule not kept among
    them), then the rotation's (which group waits when more must meet than there are slots)."""
    return (*plan.warnings, *(rotation.warnings if rotation is not None else ()))
