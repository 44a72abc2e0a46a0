"""Which detour grouper suggests: only for a stalled student, at a stage that has one."""

from __future__ import annotations

import datetime as dt

from grouper.core.detours import suggested_detour
from grouper.core.models import ClassRecord, Score, Student
from grouper.core.placement import place_student
from grouper.core.progress import class_progress
from grouper.formats.pathways import builtin_pathways

PATHWAY = builtin_pathways()["early-literacy"]
TODAY = dt.date(2026, 11, 20)


def _record(weeks_of_low_scores: int) -> ClassRecord:
    zoe = Student("z1", "Zoë Ng", joined=dt.date(2026, 9, 1))
    scores = [Score("z1", "cap", 11, dt.date(2026, 9, 2), 1)]
    for week in range(weeks_of_low_scores):
        scores.append(Score("z1", "lid", 30 + week, dt.date(2026, 9, 3) + dt.timedelta(weeks=week), 2 + week))
    return ClassRecord("Room 7", PATHWAY, students=[zoe], scores=scores)


def test_a_stalled_student_gets_the_first_detour_of_their_stage() -> None:
    record = _record(8)
    progress = class_progress(record, TODAY)["z1"]
    assert progress.stalled
    placement = place_student(record.students[0], {"cap": 11, "lid": 37}, PATHWAY)
    detour = suggested_detour(PATHWAY, placement, progress)
    assert detour is not None and detour is PATHWAY.stages[1].detours[0]


def test_a_student_who_is_moving_gets_no_detour() -> None:
    record = _record(1)
    progress = class_progress(record, TODAY)["z1"]
    assert not progress.stalled
    placement = place_student(record.students[0], {"cap": 11, "lid": 30}, PATHWAY)
    assert suggested_detour(PATHWAY, placement, progress) is None
    assert suggested_detour(PATHWAY, placement, None) is None
