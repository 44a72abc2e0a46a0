"""Synthetic classes of any size: a spread of students along a pathway, with a score history."""

from __future__ import annotations

import datetime as dt
import random

from grouper.core.models import Check, ClassRecord, Pathway, Score, Stage, Student
from grouper.formats.pathways import builtin_pathways

#: The last day of every synthetic history (a Friday), and the day the app and the CLI are told it is.
END = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 11, 22)

_FIRST = ["José", "Siobhán", "Zoë", "Amara", "Liam", "Mei", "Noah", "Aroha", "Kwame", "Léa", "Omar", "Priya"]
_LAST = ["Álvarez", "O'Brien", "Ng", "Okafor", "Smith", "Chen", "Brown", "Ngata", "Mensah", "Dubois", "Haddad"]


def literacy() -> Pathway:
    """The pathway of the demo's first class (8 stages, 13 checks)."""
    return builtin_pathways()["early-literacy"]


def wide_pathway(stages: int = 8, checks_per_stage: int = 5) -> Pathway:
    """A pathway with ``stages * checks_per_stage`` checks (40 by default), for a full year of history."""
    return Pathway(
        id="wide",
        name="Wide benchmark pathway",
        stages=tuple(
            Stage(
                id=f"st{i}",
                label=f"Stage {i + 1}",
                focus=f"The teaching point of stage {i + 1}.",
                checks=tuple(
                    Check(id=f"c{i}{j}", label=f"Check {i + 1}.{j + 1} (of 20)", max=20, mastery=16)
                    for j in range(checks_per_stage)
                ),
            )
            for i in range(stages)
        ),
    )


def school_days_back(end: dt.date, n: int) -> list[dt.date]:
    """The ``n`` school days up to ``end``, oldest first."""
    days: list[dt.date] = []
    day = end
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


def make_class(
    name: str, pathway: Pathway, students: int, dates: int = 4, every_check: bool = False, seed: int = 1
) -> ClassRecord:
    """A class of ``students`` spread along ``pathway``, scored on ``dates`` school days.

    Each student has a level: the stages before it are mastered by the last
    day, the one at it is partly below mastery. By default only the checks up
    to a student's level are scored; ``every_check`` scores every check on
    every day (students x checks x dates scores: a full year of history).
    """
    rnd = random.Random(seed)
    roster = [
        Student(f"s{i:04d}", f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST)) % len(_LAST)]} {i}")
        for i in range(students)
    ]
    days = school_days_back(END, dates)
    scores: list[Score] = []
    seq = 1
    n_stages = len(pathway.stages)
    for student in roster:
        level = rnd.randint(0, n_stages)
        for t, day in enumerate(days):
            growth = (t + 1) / len(days)
            for index, stage in enumerate(pathway.stages):
                if index > level and not every_check:
                    break
                for check in stage.checks:
                    if index < level:
                        top = check.mastery + rnd.randint(0, check.max - check.mastery)
                        value = max(0, round(top * growth))
                    else:
                        value = rnd.randint(0, check.mastery - 1)
                    scores.append(Score(student.id, check.id, value, day, seq))
                    seq += 1
    return ClassRecord(name, pathway, students=roster, scores=scores)
