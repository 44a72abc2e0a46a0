"""Detours: what the teacher may do next for a student the main route is not moving.

A stalled student (``progress``) whose stage lists detours in its pathway gets the
stage's first detour *suggested*; nothing puts a student on a detour without the
teacher. The rule is here once, for the grid, the cards, the attention list, the
student view and every JSON export.

A detour the teacher started (``DetourTaken``) is a *spell* with an outcome:

- **mastered**: the student loops back onto the path: the first day on or after the
  start when their place moved past the detour's stage. It is read from the scores,
  not stored, so a score taken back (undo) takes the loop back with it;
- **ended**: the teacher ended it by hand (or started another) before that;
- **open**: neither yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from grouper.core.errors import GrouperError, shown
from grouper.core.matching import fold
from grouper.core.models import Detour, DetourTaken, Pathway, Stage
from grouper.core.placement import Placement

if TYPE_CHECKING:
    from grouper.core.progress import Progress, StageVisit

Outcome = Literal["mastered", "ended", "open"]


@dataclass(frozen=True, slots=True)
class DetourSpell:
    """One detour taken, with how it ended (or that it has not)."""

    taken: DetourTaken
    #: The day it ended: the loop back, or the teacher's end (None while open).
    ended: dt.date | None
    outcome: Outcome

    @property
    def open(self) -> bool:
        return self.outcome == "open"


def spells(taken: Iterable[DetourTaken], visits: Sequence[StageVisit], pathway: Pathway) -> tuple[DetourSpell, ...]:
    """One student's detours (oldest first) read against their stage timeline (``Progress.visits``)."""
    found = []
    for t in sorted(taken, key=lambda t: t.started):
        index = pathway.index_of(t.stage)
        looped = None
        if index is not None:
            looped = next((v.reached for v in visits if v.reached >= t.started and v.stage_index > index), None)
        if looped is not None and (t.ended is None or looped <= t.ended):
            found.append(DetourSpell(t, looped, "mastered"))
        elif t.ended is not None:
            found.append(DetourSpell(t, t.ended, "ended"))
        else:
            found.append(DetourSpell(t, None, "open"))
    return tuple(found)


def current_detour(detour_spells: Sequence[DetourSpell], placement: Placement) -> str | None:
    """The detour a student is on now: an open spell at the stage they are at (None: the main route)."""
    for spell in reversed(detour_spells):
        if spell.open and spell.taken.stage == placement.stage_id:
            return spell.taken.detour
    return None


def detour_of(pathway: Pathway, stage_id: str, detour_id: str | None) -> Detour | None:
    """The detour ``detour_id`` of a stage (None when either is unknown)."""
    if detour_id is None:
        return None
    index = pathway.index_of(stage_id)
    if index is None or index >= len(pathway.stages):
        return None
    return pathway.stages[index].detour(detour_id)


def taken_problem(taken: DetourTaken, student_ids: set[str], pathway: Pathway) -> str | None:
    """Why a detour record cannot be kept, in words (None: it can)."""
    if taken.student not in student_ids:
        return f"no student with id '{taken.student}'"
    index = pathway.index_of(taken.stage)
    if index is None or index >= len(pathway.stages):
        return f"pathway '{pathway.id}' has no stage '{taken.stage}'"
    stage = pathway.stages[index]
    if stage.detour(taken.detour) is None:
        known = ", ".join(d.id for d in stage.detours) or "none"
        return f"stage '{stage.id}' has no detour '{taken.detour}' (its detours: {known})"
    if taken.ended is not None and taken.ended < taken.started:
        return f"the detour ends ({taken.ended.isoformat()}) before it starts ({taken.started.isoformat()})"
    return None


def suggested_detour(pathway: Pathway, placement: Placement, progress: Progress | None) -> Detour | None:
    """The detour to suggest for a student: stalled, or below a goal line, at a stage that has one,
    and not on one already."""
    if progress is None or not (progress.stalled or progress.below_goal) or progress.detour is not None:
        return None
    if placement.stage_index >= len(pathway.stages):
        return None
    detours = pathway.stages[placement.stage_index].detours
    return detours[0] if detours else None


def find_detour(stage: Stage, text: str) -> Detour:
    """One of a stage's detours by its id, or a unique start of its id or label; GrouperError otherwise."""
    q = fold(text)
    for d in stage.detours:
        if fold(d.id) == q:
            return d
    hits = [d for d in stage.detours if q and (fold(d.id).startswith(q) or fold(d.label).startswith(q))]
    if len(hits) == 1:
        return hits[0]
    listed = "; ".join(f"{d.id} ({d.label})" for d in (hits or stage.detours))
    if not stage.detours:
        raise GrouperError(f"{stage.label} has no detours in this pathway")
    if hits:
        raise GrouperError(f"detour '{shown(text)}' could be {listed}")
    raise GrouperError(f"{stage.label} has no detour '{shown(text)}'; its detours: {listed}")
