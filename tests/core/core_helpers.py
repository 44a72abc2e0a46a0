"""Small builders the core tests share."""

from __future__ import annotations

import datetime as dt
from itertools import count

from grouper.core.models import Pathway, Score, Student
from grouper.core.placement import Placement


def placed_on(
    pathway: Pathway, sid: str, stage: int, needs: tuple[str, ...] | None = None, name: str | None = None
) -> Placement:
    """A placement at ``stage`` of ``pathway`` (its stage count: complete) still needing ``needs`` there
    (default: the stage's first check)."""
    student = Student(sid, name or f"Student {sid}")
    n = len(pathway.stages)
    if stage >= n:
        return Placement(student, n, "complete", "complete")
    checks = [c.id for c in pathway.stages[stage].checks]
    needs = tuple(checks[:1]) if needs is None else needs
    return Placement(student, stage, pathway.stage_id(stage), "working", needs)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class History:
    """Scores typed one after another (``seq`` grows with every entry, as the store gives it)."""

    def __init__(self) -> None:
        self.scores: list[Score] = []
        self._seq = count(1)

    def add(self, sid: str, check: str, value: int | None, day: str) -> History:
        self.scores.append(Score(sid, check, value, d(day), next(self._seq)))
        return self
