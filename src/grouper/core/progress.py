"""How each student has moved on the path over time, and who needs a second look.

Breakthrough's point is that a student who is not moving on the main path
needs a different route (a loop or a detour), noticed early. This module
replays each student's score history in entry order to find when they reached
each stage, and from that:

- **stalled**: still at the same stage after ``stall_days`` calendar days,
  although ``stall_scores`` or more scores were entered at that stage since
  arriving there (so it is not for want of teaching and checking);
- **slipped**: a check that was once mastered whose latest score is below
  mastery;
- **check due**: no score at the current stage for ``due_days`` days, counted
  from the latest of: the last score at the stage, arriving at the stage, and
  the day the student joined the class (``Student.joined``, or their first
  score if that is earlier). So a new class, or a student added today, is not
  due until ``due_days`` after joining. A
  student with no ``joined`` day (kept before grouper recorded it) counts from
  their scores alone, as before: with no score at all they are due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from grouper.core.benchmarks import Status as BenchmarkStatus
from grouper.core.benchmarks import student_benchmarks
from grouper.core.detours import DetourSpell, current_detour, spells
from grouper.core.goals import GoalLine, default_goal, goal_line
from grouper.core.models import ClassRecord, ClassSettings, DetourTaken, Goal, Pathway, Score, Student
from grouper.core.placement import Placement, place_student
from grouper.core.scores import day_scores


@dataclass(frozen=True, slots=True)
class StageVisit:
    """A time at one stage: reached on ``reached``, left on ``left`` (None: still there)."""

    stage_index: int
    reached: dt.date
    left: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    student: Student
    placement: Placement
    #: The day the student arrived at their current stage (None: no scores yet).
    stage_since: dt.date | None
    #: Calendar days at the current stage, as of the day judged (None: no scores yet).
    days_at_stage: int | None
    #: Scores entered on the current stage's checks since arriving there.
    scores_at_stage: int
    stalled: bool
    slipped: tuple[str, ...]
    due: bool
    #: Days since the last score at the current stage (or since arriving or joining; None with no data).
    days_unscored: int | None
    last_scored: dt.date | None
    visits: tuple[StageVisit, ...]
    #: Every detour the teacher took the student on, oldest first, with its outcome.
    detours: tuple[DetourSpell, ...] = ()
    #: The detour the student is on now, at their current stage (None: the main route).
    detour: str | None = None
    #: The student's goals with their lines and the rule's status, in the order they were set.
    goals: tuple[GoalLine, ...] = ()
    #: Check id -> benchmark status this screening season, for the checks with a cut in it.
    benchmarks: Mapping[str, BenchmarkStatus] = field(default_factory=dict)

    @property
    def below_goal(self) -> tuple[GoalLine, ...]:
        """Goals whose latest points are all below the line: the teaching is not working."""
        return tuple(g for g in self.goals if g.status == "below")

    @property
    def needs_attention(self) -> bool:
        return self.stalled or bool(self.slipped) or self.due or bool(self.below_goal)


def stalled_after(days: int, scores: int, settings: ClassSettings) -> bool:
    """The stalled rule: this many calendar days at a stage (or on a detour) with this many scores there."""
    return days >= settings.stall_days and scores >= settings.stall_scores


def _ordered(scores: Iterable[Score]) -> list[Score]:
    return sorted(scores, key=lambda s: (s.date, s.seq))


def student_progress(
    student: Student,
    scores: Sequence[Score],
    pathway: Pathway,
    settings: ClassSettings,
    today: dt.date,
    detours: Sequence[DetourTaken] = (),
    goals: Sequence[Goal] = (),
) -> Progress:
    """Replay one student's scores (any order) and judge their progress as of ``today``.

    ``detours`` are the ones the teacher took this student on (``ClassRecord.detours``), ``goals``
    the ones set for them.
    """
    known = pathway.check_index()
    history = [s for s in _ordered(scores) if s.check in known]
    values: dict[str, int] = {}
    ever_mastered: set[str] = set()
    visits: list[StageVisit] = []
    for day, todays in groupby(history, key=lambda s: s.date):
        touched: set[str] = set()
        for s in todays:
            touched.add(s.check)
            if s.value is None:
                values.pop(s.check, None)
            else:
                values[s.check] = s.value
        # A later entry the same day is a correction: only what stands at the end of the day was mastered.
        ever_mastered.update(c for c in touched if c in values and values[c] >= known[c][1].mastery)
        index = place_student(student, values, pathway).stage_index
        if not visits or visits[-1].stage_index != index:
            if visits:
                last = visits[-1]
                visits[-1] = StageVisit(last.stage_index, last.reached, day)
            visits.append(StageVisit(index, day))
    placement = place_student(student, values, pathway)
    since = visits[-1].reached if visits else None
    at_stage = (
        {c.id for c in pathway.stages[placement.stage_index].checks}
        if placement.stage_index < len(pathway.stages)
        else set()
    )
    # One score per check per day: the day's last entry (a correction replaces, a clear withdraws).
    kept = day_scores(history, known)
    stage_scores = [s for s in kept if s.check in at_stage]
    scores_since = sum(1 for s in stage_scores if since is not None and s.date >= since)
    complete = placement.status == "complete"
    days_at = None if since is None else (today - since).days
    stalled = not complete and days_at is not None and stalled_after(days_at, scores_since, settings)
    slipped = tuple(
        c.id for c in pathway.all_checks() if c.id in values and values[c.id] < c.mastery and c.id in ever_mastered
    )
    last_at_stage = max((s.date for s in stage_scores), default=None)
    # Days since the last score at this stage, or since arriving or joining if that is later: a
    # score from the screening weeks ago does not make a student who arrived yesterday due.
    # A score dated before the joining day shows the student was there already (a backdated
    # entry, a class moved into grouper mid-year): the earliest of the two is when they joined.
    first_score = min((s.date for s in history), default=None)
    joined = student.joined if first_score is None or student.joined is None else min(student.joined, first_score)
    known_days = [d for d in (last_at_stage, since, joined) if d is not None]
    reference = max(known_days) if known_days else None
    days_unscored = None if reference is None else (today - reference).days
    due = not complete and (days_unscored is None or days_unscored >= settings.due_days)
    last_scored = max((s.date for s in kept), default=None)
    taken = spells(detours, visits, pathway) if detours else ()
    return Progress(
        student, placement, since, days_at, scores_since, stalled, slipped, due, days_unscored, last_scored,
        tuple(visits), taken, current_detour(taken, placement), _goal_lines(student, scores, pathway, placement,
                                                                            since, goals),
        student_benchmarks(pathway, scores, today) if pathway.seasons else {},
    )


def _goal_lines(
    student: Student, scores: Sequence[Score], pathway: Pathway, placement: Placement, since: dt.date | None,
    goals: Sequence[Goal],
) -> tuple[GoalLine, ...]:
    """The teacher's goals, then the pathway's default lines at the current stage (where no goal was set)."""
    lines = [goal_line(g, scores) for g in goals]
    if since is not None and placement.stage_index < len(pathway.stages):
        set_on = {g.check for g in goals}
        for check in pathway.stages[placement.stage_index].checks:
            goal = None if check.id in set_on else default_goal(student.id, check, scores, since)
            if goal is not None:
                lines.append(goal_line(goal, scores, default=True))
    return tuple(lines)


def class_progress(record: ClassRecord, today: dt.date) -> dict[str, Progress]:
    """Progress of every active student, by student id, in roster order."""
    by_student: dict[str, list[Score]] = {}
    for s in record.scores:
        by_student.setdefault(s.student, []).append(s)
    taken = detours_by_student(record)
    goals: dict[str, list[Goal]] = {}
    for g in record.goals:
        goals.setdefault(g.student, []).append(g)
    return {
        st.id: student_progress(
            st, by_student.get(st.id, []), record.pathway, record.settings, today, taken.get(st.id, ()),
            goals.get(st.id, ()),
        )
        for st in record.students
        if st.active
    }


def detours_by_student(record: ClassRecord) -> dict[str, list[DetourTaken]]:
    found: dict[str, list[DetourTaken]] = {}
    for t in record.detours:
        found.setdefault(t.student, []).append(t)
    return found


def current_detours(record: ClassRecord) -> dict[str, str]:
    """Student id -> the detour they are on now, for the students on one (the plan groups them).

    Only the students the teacher took on a detour are replayed, so a class with none costs nothing.
    """
    if not record.detours:
        return {}
    taken = detours_by_student(record)
    by_student: dict[str, list[Score]] = {sid: [] for sid in taken}
    for s in record.scores:
        if s.student in by_student:
            by_student[s.student].append(s)
    found = {}
    for st in record.students:
        if not st.active or st.id not in taken:
            continue
        p = student_progress(st, by_student[st.id], record.pathway, record.settings, dt.date.max, taken[st.id])
        if p.detour is not None:
            found[st.id] = p.detour
    return found


def stage_on(progress: Progress, day: dt.date) -> int:
    """The stage a student was at on ``day`` (stage 0 before any score)."""
    stage = 0
    for v in progress.visits:
        if v.reached <= day:
            stage = v.stage_index
        else:
            break
    return stage


def weekly_profile(
    record: ClassRecord, progress: dict[str, Progress], today: dt.date, weeks: int = 12
) -> list[tuple[dt.date, list[int]]]:
    """Students at each stage at the end of each school week (Friday), oldest first.

    Covers the weeks since the first score (at most ``weeks``), ending with today.
    """
    first = min((s.date for s in record.scores), default=today)
    fridays: list[dt.date] = []
    day = today - dt.timedelta(days=(today.weekday() - 4) % 7)
    # A Friday before the first score would show everyone at the first stage: no data, not a fact.
    while day >= first and len(fridays) < weeks:
        fridays.append(day)
        day -= dt.timedelta(days=7)
    points = sorted(set(fridays) | {today})
    size = len(record.pathway.stages) + 1
    rows = []
    for point in points:
        counts = [0] * size
        for p in progress.values():
            counts[stage_on(p, point)] += 1
        rows.append((point, counts))
    return rows


def stalled_ids(progress: Mapping[str, Progress] | None) -> frozenset[str]:
    """The students whose progress says stalled: they meet daily and coach no one."""
    return frozenset(sid for sid, p in (progress or {}).items() if p.stalled)
