"""Where each student is on the path: their next learning need.

The rule everything else relies on: the latest score of a check counts (latest
date, then latest entry on that date); a stage is mastered when every check's
latest score meets mastery; a student is placed at the first stage not
mastered. History is never rewritten, so a cleared cell is a newer score with
no value, and it hides the older ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from grouper.core.models import COMPLETE, ClassRecord, Pathway, Score, Status, Student


@dataclass(frozen=True, slots=True)
class Placement:
    """A student's place on the path and what they still need there."""

    student: Student
    stage_index: int
    stage_id: str
    status: Status
    below: tuple[str, ...] = ()
    unscored: tuple[str, ...] = ()

    @property
    def needs(self) -> tuple[str, ...]:
        """Checks at this stage not yet shown mastered (below, then unscored)."""
        return self.below + self.unscored


def latest_scores(scores: Iterable[Score]) -> dict[tuple[str, str], Score]:
    """The score that counts for each (student, check); cleared cells are dropped."""
    latest: dict[tuple[str, str], Score] = {}
    for s in scores:
        key = (s.student, s.check)
        old = latest.get(key)
        if old is None or (s.date, s.seq) > (old.date, old.seq):
            latest[key] = s
    return {k: v for k, v in latest.items() if v.value is not None}


#: How each placement status reads wherever a teacher reads it (files and JSON keep the ids).
STATUS_WORDS: dict[str, str] = {
    "working": "working on it",
    "needs-assessment": "not yet checked",
    "complete": "path complete",
}


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def place_student(student: Student, values: dict[str, int], pathway: Pathway) -> Placement:
    """Place one student from their current values (check id -> latest value)."""
    for index, stage in enumerate(pathway.stages):
        below = tuple(c.id for c in stage.checks if c.id in values and values[c.id] < c.mastery)
        unscored = tuple(c.id for c in stage.checks if c.id not in values)
        if below:
            return Placement(student, index, stage.id, "working", below, unscored)
        if unscored:
            return Placement(student, index, stage.id, "needs-assessment", (), unscored)
    return Placement(student, len(pathway.stages), COMPLETE, "complete")


def current_values(record: ClassRecord) -> dict[str, dict[str, int]]:
    """Student id -> check id -> the value that counts now."""
    values: dict[str, dict[str, int]] = {s.id: {} for s in record.students}
    known = record.pathway.check_index()
    for (student, check), score in latest_scores(record.scores).items():
        if student in values and check in known and score.value is not None:
            values[student][check] = score.value
    return values


def place_class(record: ClassRecord) -> list[Placement]:
    """Placements for every active student, in roster order."""
    values = current_values(record)
    return [place_student(s, values[s.id], record.pathway) for s in record.students if s.active]
