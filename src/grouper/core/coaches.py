"""Peer coaches: students who have mastered a check helping a classmate who has not.

While the teacher is with one small group, the others work independently; a
classmate who has shown a check mastered can coach a peer on it. For each
group and each check its members still need, this suggests present students
who have mastered that check, with at most two learners per coach (one coach
per two learners). A student who is stalled is never asked to coach: their
time goes to their own next step. Each coach is suggested once a day, and each
learner gets one coach, for their first need on the path.

The suggestion prefers the coach closest on the path to the learners (a
student just past that stage remembers how it was learned), then the higher
score, then the name, so the same data always gives the same suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from grouper.core.grouping import Plan
from grouper.core.models import Pathway, Student


@dataclass(frozen=True, slots=True)
class Coaching:
    """One coach and the (one or two) learners they help with one check."""

    check: str
    coach: Student
    learners: tuple[Student, ...]


@dataclass(frozen=True, slots=True)
class GroupCoaching:
    group: str
    pairs: tuple[Coaching, ...]
    #: Learners for whom no coach was free, per check (the teacher may pair them by hand).
    uncovered: tuple[tuple[str, tuple[Student, ...]], ...] = ()


def suggest_coaches(
    plan: Plan,
    pathway: Pathway,
    values: Mapping[str, Mapping[str, int]],
    stalled: frozenset[str] | set[str] = frozenset(),
) -> list[GroupCoaching]:
    """Coaches for every group in ``plan`` (only students present in the plan are considered).

    ``values`` is student id -> check id -> the score that counts now;
    ``stalled`` the ids of students who are stalled.
    """
    checks = pathway.check_index()
    stage_of_check = {c: pos[0] for c, pos in checks.items()}
    present = [m for g in plan.groups for m in g.members]
    used: set[str] = set()
    out: list[GroupCoaching] = []
    for group in plan.groups:
        members = {m.student.id for m in group.members}
        pairs: list[Coaching] = []
        coached: set[str] = set()
        uncovered: list[tuple[str, tuple[Student, ...]]] = []
        for check_id in group.needs:
            mastery = checks[check_id][1].mastery
            # Shown a gap (not merely unassessed), and not already paired for an earlier need.
            learners = [m.student for m in group.members if check_id in m.below and m.student.id not in coached]
            if not learners:
                continue
            candidates = [
                p for p in present
                if p.student.id not in members
                and p.student.id not in used
                and p.student.id not in stalled
                and values.get(p.student.id, {}).get(check_id, -1) >= mastery
            ]
            candidates.sort(key=lambda p: (
                abs(p.stage_index - stage_of_check[check_id]),
                -values[p.student.id][check_id],
                p.student.name.casefold(),
                p.student.id,
            ))
            waiting = list(learners)
            for coach in candidates:
                if not waiting:
                    break
                taken, waiting = tuple(waiting[:2]), waiting[2:]
                pairs.append(Coaching(check_id, coach.student, taken))
                used.add(coach.student.id)
                coached.update(s.id for s in taken)
            if waiting:
                uncovered.append((check_id, tuple(waiting)))
        out.append(GroupCoaching(group.label, tuple(pairs), tuple(uncovered)))
    return out
