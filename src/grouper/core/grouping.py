"""Tomorrow's groups: the exact best split of the class by next learning need.

A group is taught at its lowest member's stage (its focus), so every member
above that stage is taught below their need. The plan minimises that total
mismatch, then the number of groups (each group is a slot in a crowded day),
then the size of the largest group. Sorting students by stage and cutting the
sorted list into contiguous runs loses nothing (swapping two students across
groups never lowers the cost), so a dynamic programme over the cuts finds the
true optimum, not an approximation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import ClassSettings, Pathway, Student
from .placement import Placement

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


@dataclass(frozen=True, slots=True)
class Unplaced:
    student: Student
    reason: str


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
    for k in range(1, max_groups + 1):
        prev, row, links = best[k - 1], best[k], back[k]
        for i in range(min_size, n + 1):
            lo = max(0, i - max_size)
            for j in range(lo, i - min_size + 1):
                p = prev[j]
                if p[0] == math.inf:
                    continue
                size = i - j
                cand = (p[0] + prefix[i] - prefix[j] - size * stages[j], max(p[1], size))
                if cand < row[i]:
                    row[i] = cand
                    links[i] = j
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


def _sort_key(p: Placement, order: dict[str, int]) -> tuple[int, tuple[int, ...], str, str]:
    # Within a stage, students missing the same checks sit together, so a split
    # of a big stage keeps similar needs in the same group.
    return (p.stage_index, tuple(sorted(order[c] for c in p.needs)), p.student.name.casefold(), p.student.id)


def plan_groups(
    placements: Sequence[Placement],
    pathway: Pathway,
    settings: ClassSettings,
    day: dt.date,
    absent: set[str] | frozenset[str] = frozenset(),
) -> Plan:
    """Propose the groups for ``day`` from current placements."""
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
    split = best_split(stages, min_size, max_size, max_groups)
    if split is None:
        # Sizes that cannot all hold (say 7 students, groups of 4 to 6): allow smaller groups.
        for smaller in range(min_size - 1, 0, -1):
            split = best_split(stages, smaller, max_size, max_groups)
            if split is not None:
                warnings.append(
                    f"{n} students cannot all be in groups of {min_size} to {max_size}: "
                    f"some groups have as few as {smaller}."
                )
                min_size = smaller
                break
    assert split is not None  # min_size 1 with n <= max_groups * max_size always fits

    groups = []
    start = 0
    for number, size in enumerate(split.sizes, start=1):
        members = tuple(present[start : start + size])
        start += size
        focus_index = members[0].stage_index
        counts: dict[str, int] = {}
        for m in members:
            for c in m.needs:
                counts[c] = counts.get(c, 0) + 1
        needs = {c: counts[c] for c in sorted(counts, key=order.__getitem__)}
        focus = pathway.stages[focus_index].focus if focus_index < len(pathway.stages) else EXTENSION_FOCUS
        groups.append(
            Group(f"Group {number}", focus_index, pathway.stage_id(focus_index), focus, members, needs)
        )
    effective = ClassSettings.model_construct(min_size=min_size, max_size=max_size, max_groups=max_groups)
    return Plan(day, tuple(groups), tuple(placements), unplaced, tuple(warnings), split.cost, effective)
