"""Detours: what the teacher may do next for a student the main route is not moving.

A stalled student (``progress``) whose stage lists detours in its pathway gets the
stage's first detour *suggested*; nothing puts a student on a detour without the
teacher. The rule is here once, for the grid, the cards, the attention list, the
student view and every JSON export.
"""

from __future__ import annotations

from grouper.core.models import Detour, Pathway
from grouper.core.placement import Placement
from grouper.core.progress import Progress


def suggested_detour(pathway: Pathway, placement: Placement, progress: Progress | None) -> Detour | None:
    """The detour to suggest for a student: stalled at a stage that has one; otherwise none."""
    if progress is None or not progress.stalled:
        return None
    if placement.stage_index >= len(pathway.stages):
        return None
    detours = pathway.stages[placement.stage_index].detours
    return detours[0] if detours else None
