"""Tomorrow's groups: the exact best split of the class by next learning need.

A group is taught at its lowest member's stage (its focus), so every member
above that stage is taught below their need. The plan minimises that total
mismatch, then the number of groups (each group is a slot in a crowded day),
then the size of the largest group. Sorting students by stage and cutting the
sorted list into contiguous runs loses nothing (swapping two students across
groups never lowers the cost), so a dynamic programme over the cuts finds the
true optimum, not an approximation.

The teacher's own rules (moves and pins, students kept apart or together) are
honoured by ``constrained``, an exact search that is only used when the plan
above breaks one of them; with no rules the plan is exactly the one above.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from grouper.core import detour_split
from grouper.core.constrained import Kind, best_honouring
from grouper.core.dates import day_words
from grouper.core.detour_split import DETOUR_MISMATCH as DETOUR_MISMATCH
from grouper.core.detour_split import best_detour_split, choose_route, detour_work
from grouper.core.models import KEEP_APART, KEEP_TOGETHER, ClassSettings, Override, Pathway, Student
from grouper.core.placement import Placement
from grouper.core.rules import day_overrides

EXTENSION_FOCUS = "Every stage mastered: extension, enrichment and applying skills in new texts or problems"


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    stage_index: int
    stage_id: str
    focus: str
    members: tuple[Placement, ...]
    #: check id -> how many members still need it, in pathway order.
    needs: dict[str, int]
    #: Members the teacher pinned to this group, and members moved here for the day (ids).
    pinned: frozenset[str] = frozenset()
    moved: frozenset[str] = frozenset()
    #: The detour the group is taught on (its id), or None for the main route.
    detour: str | None = None

    def mark(self, student_id: str) -> Literal["pinned", "moved"] | None:
        """Whether a member sits here by the teacher's pin or move (None: by the plan)."""
        if student_id in self.moved:
            return "moved"
        if student_id in self.pinned:
            return "pinned"
        return None


@dataclass(frozen=True, slots=True)
class Unplaced:
    student: Student
    reason: str


@dataclass(frozen=True, slots=True)
class OverrideResult:
    """What became of one move or pin in the plan."""

    student: Student
    kind: Literal["move", "pin"]
    #: The stage the teacher chose for the student's group.
    stage_index: int
    stage_id: str
    #: The day of a move; None for a pin.
    date: dt.date | None
    honoured: bool
    #: The label of the group the student sits in.
    group: str
    #: How far the group's stage is from the student's own: the override's cost in the plan.
    cost: int
    #: "above" when the group works above the student's stage, "below" under it, "at" on it.
    direction: Literal["above", "below", "at"]


@dataclass(frozen=True, slots=True)
class Unhonoured:
    """A rule no plan within the settings could keep (with the others that were kept)."""

    kind: Literal["keep-apart", "keep-together", "move", "pin"]
    students: tuple[Student, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    date: dt.date
    groups: tuple[Group, ...]
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    warnings: tuple[str, ...]
    cost: int
    #: The sizes actually used after any relaxing explained in ``warnings``.
    effective: ClassSettings = field(default_factory=ClassSettings)
    #: Every move and pin that applies on ``date`` to a student present, roster order.
    overrides: tuple[OverrideResult, ...] = ()
    #: The rules the plan could not keep (each also explained in ``warnings``).
    unhonoured: tuple[Unhonoured, ...] = ()
    #: Present students on a detour of the stage they are placed at: student id -> detour id.
    detours: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Split:
    """The best contiguous split of sorted stage indices."""

    sizes: tuple[int, ...]
    cost: int


def best_split(stages: Sequence[int], min_size: int, max_size: int, max_groups: int) -> Split | None:
    """Optimal cuts of ``stages`` (sorted ascending) or None if no split fits.

    Minimises (total cost, number of groups, largest group); on ties the split
    found first (earliest cuts) wins, so the same input always gives the same plan.
    """
    n = len(stages)
    if n == 0:
        return Split((), 0)
    prefix = [0]
    for s in stages:
        prefix.append(prefix[-1] + s)
    inf = (math.inf, math.inf)
    # best[k][i]: best (cost, largest) for the first i students in k groups.
    best: list[list[tuple[float, float]]] = [[inf] * (n + 1) for _ in range(max_groups + 1)]
    back: list[list[int]] = [[-1] * (n + 1) for _ in range(max_groups + 1)]
    best[0][0] = (0, 0)
    run_start = list(range(n))  # where the run of equal stages holding each student begins
    for j in range(1, n):
        if stages[j] == stages[j - 1]:
            run_start[j] = run_start[j - 1]
    for k in range(1, max_groups + 1):
        # Only the ends i from which the groups left can still reach the last student matter.
        lo, hi = max(k * min_size, n - (max_groups - k) * max_size), min(n, k * max_size)
        _fill_row(best[k - 1], best[k], back[k], stages, prefix, run_start, min_size, max_size, lo, hi)
    choice: tuple[float, int, float] | None = None
    for k in range(1, max_groups + 1):
        c, largest = best[k][n]
        if c != math.inf and (choice is None or (c, k, largest) < choice):
            choice = (c, k, largest)
    if choice is None:
        return None
    k = choice[1]
    sizes = []
    i = n
    while k > 0:
        j = back[k][i]
        sizes.append(i - j)
        i, k = j, k - 1
    return Split(tuple(reversed(sizes)), int(choice[0]))


def _fill_row(
    prev: list[tuple[float, float]],
    row: list[tuple[float, float]],
    links: list[int],
    stages: Sequence[int],
    prefix: list[int],
    run_start: list[int],
    min_size: int,
    max_size: int,
    lo: int,
    hi: int,
) -> None:
    """One more group: for each ``lo <= i <= hi``, the best (cost, largest, earliest start j) of a last group j..i-1.

    Trying every start j is quadratic when the groups are big (3,000 students in
    5 groups). But a group costs the same wherever in a run of equal stages it
    starts (the members before it in the run would cost nothing), so within a run
    only the prefix's (cost, largest) and j matter. While the new group is no
    larger than the prefix's largest (``j + largest >= i``) the best start in a run
    is the least (cost, largest, j); once it is larger, the least cost and then
    the latest j (the smallest group). Two heaps per run keep those, in the window
    ``i - max_size <= j <= i - min_size``: O(n log n) instead of O(n * max_size).
    """
    n = len(stages)
    # run start -> (heap of (cost, largest, j) while j + largest >= i, heap of (cost, -j) after)
    runs: dict[int, tuple[list[tuple[float, float, int]], list[tuple[float, int]]]] = {}
    outgrown: dict[int, list[int]] = {}  # i -> starts whose group outgrows their prefix's largest at i
    for i in range(min_size, min(n, hi) + 1):
        for j in outgrown.pop(i, ()):
            heapq.heappush(runs.setdefault(run_start[j], ([], []))[1], (prev[j][0], -j))
        j = i - min_size
        cost, largest = prev[j]
        if cost != math.inf:
            within, beyond = runs.setdefault(run_start[j], ([], []))
            if j + largest >= i:
                heapq.heappush(within, (cost, largest, j))
                outgrown.setdefault(j + int(largest) + 1, []).append(j)
            else:
                heapq.heappush(beyond, (cost, -j))
        if i < lo:
            continue  # the starts are queued above; no group may end here
        first = i - max_size
        found: tuple[float, float, int] | None = None
        for a, (within, beyond) in list(runs.items()):
            while within and (within[0][2] < first or within[0][2] + within[0][1] < i):
                heapq.heappop(within)
            while beyond and -beyond[0][1] < first:
                heapq.heappop(beyond)
            if not within and not beyond:
                del runs[a]  # setdefault brings it back if a later start falls in this run
                continue
            extra = prefix[i] - prefix[a] - (i - a) * stages[a]
            if within:
                c, big, start = within[0]
                if found is None or (c + extra, big, start) < found:
                    found = (c + extra, big, start)
            if beyond:
                c, start = beyond[0][0], -beyond[0][1]
                if found is None or (c + extra, i - start, start) < found:
                    found = (c + extra, i - start, start)
        if found is not None:
            row[i] = (found[0], found[1])
            links[i] = found[2]


def _sort_key(p: Placement, order: dict[str, int]) -> tuple[int, tuple[int, ...], str, str]:
    # Within a stage, students missing the same checks sit together, so a split
    # of a big stage keeps similar needs in the same group.
    return (p.stage_index, tuple(sorted(order[c] for c in p.needs)), p.student.name.casefold(), p.student.id)


#: ``plan_groups``'s default: nobody on a detour.
NO_DETOURS: Mapping[str, str] = MappingProxyType({})

TOO_MANY_ON_DETOURS = (
    "Too many students on detours to weigh detour groups exactly: these groups may not be the best plan."
)


def plan_groups(
    placements: Sequence[Placement],
    pathway: Pathway,
    settings: ClassSettings,
    day: dt.date,
    absent: set[str] | frozenset[str] = frozenset(),
    *,
    keep_apart: Iterable[frozenset[str]] = (),
    keep_together: Iterable[frozenset[str]] = (),
    overrides: Iterable[Override] = (),
    detours: Mapping[str, str] = NO_DETOURS,
) -> Plan:
    """Propose the groups for ``day`` from current placements, keeping the teacher's rules.

    ``keep_apart`` and ``keep_together`` are sets of student ids; ``overrides``
    are moves (for their date only) and pins. Rules about students who are
    absent or not on the roster are left out; a move outranks a pin that day.

    ``detours`` maps a student id to the detour they are on now. It counts only
    when it is a detour of the stage the student is placed at; then the student
    is best taught in a group on that detour (``detour_split``: a member on
    another route than the group's costs ``DETOUR_MISMATCH`` more). With nobody
    on a detour the plan is exactly ``best_split``'s. With students on detours
    the plan is the exact optimum (``best_detour_split``), unless the class is
    too big for that search (then ``best_split``'s groups, each on its best
    route, with a warning). When the teacher's rules make the constrained search
    necessary, it still weighs stages only and each group's route is chosen
    afterwards: weighing detours exactly under the rules is for later.
    """
    order = {c.id: i for i, c in enumerate(pathway.all_checks())}
    present = sorted((p for p in placements if p.student.id not in absent), key=lambda p: _sort_key(p, order))
    unplaced = tuple(Unplaced(p.student, "absent") for p in placements if p.student.id in absent)
    warnings: list[str] = []
    n = len(present)
    min_size, max_size, max_groups = settings.min_size, settings.max_size, settings.max_groups

    if n > max_groups * max_size:
        new_max = math.ceil(n / max_groups)
        warnings.append(
            f"{n} students are present but {max_groups} groups of at most {max_size} hold only "
            f"{max_groups * max_size}: groups of up to {new_max} are used."
        )
        max_size = new_max
    if 0 < n < min_size:
        warnings.append(f"Only {n} student(s) present, fewer than the smallest group size {min_size}: one group.")
        min_size = n

    stages = [p.stage_index for p in present]
    routes = _routes(present, pathway, detours) if detours else []  # empty: everyone on the main route
    on_detours = any(r is not None for r in routes)
    layout: list[tuple[int, list[int]]] = []
    exact_routes = False  # whether ``cost`` already counts the routes' mismatches
    if not on_detours:
        split = best_split(stages, min_size, max_size, max_groups)
        if split is None:
            # Sizes that cannot all hold (say 7 students, groups of 4 to 6): allow smaller groups.
            for smaller in range(min_size - 1, 0, -1):
                split = best_split(stages, smaller, max_size, max_groups)
                if split is not None:
                    warnings.append(_smaller_groups(n, min_size, max_size, smaller))
                    min_size = smaller
                    break
        assert split is not None  # min_size 1 with n <= max_groups * max_size always fits
    else:
        if not _fits(n, min_size, max_size, max_groups):
            smaller = next(s for s in range(min_size - 1, 0, -1) if _fits(n, s, max_size, max_groups))
            warnings.append(_smaller_groups(n, min_size, max_size, smaller))
            min_size = smaller
        split = None
        if detour_work(stages, routes, max_size, max_groups) <= detour_split.WORK_LIMIT:
            exact = best_detour_split(stages, routes, min_size, max_size, max_groups)
            assert exact is not None  # the sizes fit, as above
            layout = [(t, list(ms)) for t, _, ms in exact.groups]
            cost = exact.cost
            exact_routes = True
        else:
            split = best_split(stages, min_size, max_size, max_groups)
            assert split is not None
            warnings.append(TOO_MANY_ON_DETOURS)

    if split is not None:
        start = 0
        for size in split.sizes:
            layout.append((stages[start], list(range(start, start + size))))
            start += size
        cost = split.cost

    roster = {p.student.id: i for i, p in enumerate(placements)}
    rules = _DayRules(present, pathway, day, keep_apart, keep_together, overrides, roster, warnings)
    unhonoured: list[Unhonoured] = []
    if not rules.hold_in(layout):
        found = best_honouring(stages, rules.fixed, rules.constraints, min_size, max_size, max_groups)
        key = [_sort_key(p, order) for p in present]
        layout = [(t, sorted(ms, key=key.__getitem__)) for t, ms in found.solution.groups]
        layout.sort(key=lambda g: (g[0], key[g[1][0]]))
        cost = found.solution.cost
        exact_routes = False
        for x in sorted(found.dropped_fixed, key=rules.roster.__getitem__):
            unhonoured.append(rules.unhonoured_override(x, pathway, warnings))
        for ci in sorted(found.dropped_constraints):
            unhonoured.append(rules.unhonoured_set(ci, min_size, max_size, max_groups, warnings))
        if not found.proven:
            warnings.append(
                "There are too many rules to check every plan in time: these groups keep the rules "
                "as shown, but there may be a better plan."
            )

    group_routes: list[int | None] = [None] * len(layout)
    if on_detours:
        for gi, (t, members_at) in enumerate(layout):
            route, mismatch = choose_route(t, [stages[x] for x in members_at], [routes[x] for x in members_at])
            group_routes[gi] = route
            if not exact_routes:
                cost += mismatch
        # Members in sort order (positions in ``present`` are), groups by stage, main route first.
        shaped = sorted(
            ((t, sorted(ms), r) for (t, ms), r in zip(layout, group_routes, strict=True)),
            key=lambda g: (g[0], g[2] is not None, g[1][0]),
        )
        layout = [(t, ms) for t, ms, _ in shaped]
        group_routes = [r for _, _, r in shaped]

    groups = []
    taught_at: dict[int, tuple[int, str]] = {}
    for number, ((focus_index, members_at), route) in enumerate(zip(layout, group_routes, strict=True), start=1):
        members = tuple(present[x] for x in members_at)
        label = f"Group {number}"
        for x in members_at:
            taught_at[x] = (focus_index, label)
        counts: dict[str, int] = {}
        for m in members:
            for c in m.needs:
                counts[c] = counts.get(c, 0) + 1
        needs = {c: counts[c] for c in sorted(counts, key=order.__getitem__)}
        focus = pathway.stages[focus_index].focus if focus_index < len(pathway.stages) else EXTENSION_FOCUS
        detour_id = None
        if route is not None:
            detour = pathway.stages[focus_index].detours[route]
            focus, detour_id = detour.focus, detour.id
        honoured = {x for x in members_at if rules.fixed.get(x) == focus_index}
        pinned = frozenset(present[x].student.id for x in honoured if rules.kinds[x] == "pin")
        moved = frozenset(present[x].student.id for x in honoured if rules.kinds[x] == "move")
        groups.append(
            Group(label, focus_index, pathway.stage_id(focus_index), focus, members, needs, pinned, moved, detour_id)
        )
    results = tuple(rules.result(x, taught_at[x], pathway) for x in sorted(rules.fixed, key=rules.roster.__getitem__))
    effective = ClassSettings(min_size=min_size, max_size=max_size, max_groups=max_groups)
    used = (
        {
            present[x].student.id: pathway.stages[present[x].stage_index].detours[r].id
            for x, r in enumerate(routes)
            if r is not None
        }
        if on_detours
        else {}
    )
    return Plan(
        day, tuple(groups), tuple(placements), unplaced, tuple(warnings), cost, effective, results,
        tuple(unhonoured), used,
    )


def _routes(present: Sequence[Placement], pathway: Pathway, detours: Mapping[str, str]) -> list[int | None]:
    """Each present student's route: the index of their detour in their stage's detours, or None (main route).

    A detour counts only when it is one of the stage the student is placed at
    (not for an unknown id, a detour of another stage, or a complete student).
    """
    found: list[int | None] = []
    for p in present:
        wanted = detours.get(p.student.id)
        route = None
        if wanted is not None and p.stage_index < len(pathway.stages):
            ids = [d.id for d in pathway.stages[p.stage_index].detours]
            route = ids.index(wanted) if wanted in ids else None
        found.append(route)
    return found


def _fits(n: int, min_size: int, max_size: int, max_groups: int) -> bool:
    """Whether ``n`` students can be split into at most ``max_groups`` groups of ``min_size`` to ``max_size``."""
    return n == 0 or any(k * min_size <= n <= k * max_size for k in range(1, max_groups + 1))


def _smaller_groups(n: int, min_size: int, max_size: int, smaller: int) -> str:
    return f"{n} students cannot all be in groups of {min_size} to {max_size}: some groups have as few as {smaller}."


def names(students: Sequence[Student]) -> str:
    """"Ana", "Ana and Bo", "Ana, Bo and Zoë"."""
    shown = [s.name for s in students]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


class _DayRules:
    """The teacher's rules that apply on one day, in terms of positions in ``present``."""

    def __init__(
        self,
        present: Sequence[Placement],
        pathway: Pathway,
        day: dt.date,
        keep_apart: Iterable[frozenset[str]],
        keep_together: Iterable[frozenset[str]],
        overrides: Iterable[Override],
        roster: dict[str, int],
        warnings: list[str],
    ) -> None:
        self.present = present
        position = {p.student.id: x for x, p in enumerate(present)}
        stage_at = {pathway.stage_id(i): i for i in range(len(pathway.stages) + 1)}  # "complete" last
        chosen: dict[int, Override] = {}
        for sid, o in day_overrides(overrides, day).items():
            x = position.get(sid)
            if x is None:
                continue
            if o.stage not in stage_at:
                warnings.append(
                    f"{present[x].student.name}'s {o.kind} names stage '{o.stage}', which pathway "
                    f"'{pathway.id}' does not have: it is left out."
                )
                continue
            chosen[x] = o
        #: position -> the stage index the student's group must be taught at
        self.fixed = {x: stage_at[o.stage] for x, o in chosen.items()}
        self.kinds = {x: o.kind for x, o in chosen.items()}
        self.dates = {x: o.date for x, o in chosen.items()}
        #: position -> place on the roster (the order placements came in), for listing.
        self.roster = {x: roster[p.student.id] for x, p in enumerate(present)}
        self.constraints: list[tuple[Kind, frozenset[int]]] = []
        seen: set[tuple[str, frozenset[int]]] = set()
        for kind, sets in ((KEEP_APART, keep_apart), (KEEP_TOGETHER, keep_together)):
            for ids in sets:
                group = frozenset(position[sid] for sid in ids if sid in position)
                if len(group) >= 2 and (kind, group) not in seen:
                    seen.add((kind, group))
                    self.constraints.append((kind, group))

    def hold_in(self, layout: Sequence[tuple[int, Sequence[int]]]) -> bool:
        """Whether a plan (stage taught, positions) keeps every rule."""
        group_of = {x: gi for gi, (_, ms) in enumerate(layout) for x in ms}
        if any(layout[group_of[x]][0] != s for x, s in self.fixed.items()):
            return False
        for kind, group in self.constraints:
            at = {group_of[x] for x in group}
            if len(at) != (1 if kind == KEEP_TOGETHER else len(group)):
                return False
        return True

    def result(self, x: int, taught: tuple[int, str], pathway: Pathway) -> OverrideResult:
        p = self.present[x]
        stage, label = taught
        want = self.fixed[x]
        direction: Literal["above", "below", "at"] = (
            "above" if stage > p.stage_index else "below" if stage < p.stage_index else "at"
        )
        return OverrideResult(
            p.student, self.kinds[x], want, pathway.stage_id(want), self.dates[x], stage == want, label,
            abs(p.stage_index - stage), direction,
        )

    def unhonoured_override(self, x: int, pathway: Pathway, warnings: list[str]) -> Unhonoured:
        student = self.present[x].student
        target = pathway.stage_label(self.fixed[x])
        if self.kinds[x] == "move":
            day = self.dates[x]
            when = f" on {day_words(day)}" if day is not None else ""
            warnings.append(
                f"Could not move {student.name} to a {target} group{when}: no plan within the group "
                "settings allows it with the other moves and pins."
            )
        else:
            warnings.append(
                f"Could not keep {student.name} pinned to a {target} group: no plan within the group "
                "settings allows it with the other moves and pins."
            )
        return Unhonoured(self.kinds[x], (student,))

    def unhonoured_set(self, ci: int, min_size: int, max_size: int, max_groups: int, warnings: list[str]) -> Unhonoured:
        kind, group = self.constraints[ci]
        students = tuple(self.present[x].student for x in sorted(group, key=self.roster.__getitem__))
        who = names(students)
        if kind == KEEP_TOGETHER and len(group) > max_size:
            why = f"{len(group)} students are more than a group holds (at most {max_size})"
        elif kind == KEEP_APART and len(group) > max_groups:
            why = f"{len(group)} students need {len(group)} groups, and at most {max_groups} are formed"
        else:
            why = "no plan within the group settings allows it with the other rules"
        word = "apart" if kind == KEEP_APART else "together"
        warnings.append(f"Could not keep {who} {word}: {why}.")
        return Unhonoured(kind, students)
