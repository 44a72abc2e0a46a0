"""The exact best split of a class when some students are on detours.

A group is taught at its lowest member's stage t, on a *route*: the main route,
or one detour of stage t. Each member costs (p - t), plus ``DETOUR_MISMATCH``
when their own route is not the group's (a student on a detour is on a detour
of their own stage, so in a group at another stage they always pay it; a
main-route student pays it in a detour group). For a given membership the
group's route is the one with the most matching members, which is the cheapest:
main-route members match the main route whatever their stage, and the members
on detour d of stage t match d; ties go to the main route, then to the detour
first in the stage's detour order (``choose_route``).

Why a dynamic programme over (main students used, detour students left) is exact:

- *Main-route students stay contiguous in sorted order.* Order the groups of an
  optimal plan by stage t. If an earlier group A (t_A <= t_B) holds a main
  student x above a main student y of a later group B (p_y < p_x), swap them.
  p_y >= t_B >= t_A, so A keeps its stage t_A and pays p_y - p_x less; B's stage
  can only rise (t_B' >= t_B), so B pays at most p_x - p_y more, and strictly
  less than that if its stage rose. Each group keeps its number of main
  students and its detour students, so while the stages hold the routes'
  matches do too; if B's stage rose, y was B's only member at t_B, so B had no
  detour student at its stage, matched only its main students, and still
  matches them all. So the swap never raises the cost, sizes and group count
  are unchanged, and in an optimal plan it keeps every stage (a risen stage
  would lower the cost), so the order stays by stage and the inversions fall:
  some optimal plan has the main students in contiguous runs, in that order.
  Main students at the same stage cost the same anywhere, so the runs can
  follow the sort order exactly.
- *Students on the same detour of the same stage are interchangeable*: only
  how many of each (stage, detour) class a group takes matters.

So a state is (main students used i, count left of each class) after some
groups; a group takes the main run i..j (perhaps empty) and a count of each
class, within the size settings. As in ``grouping.best_split`` each state keeps
the least (cost, largest) (cost adds up and largest is a max, so that is
monotone) for each number of groups, and the plan takes the least
(cost, groups, largest). The first of equal candidates found is kept, so the
same input always gives the same plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: What a member pays for sitting in a group on another route than their own.
DETOUR_MISMATCH = 1

#: Above this many (states x group choices) the exact search is not tried (``detour_work``).
WORK_LIMIT = 2_000_000


@dataclass(frozen=True, slots=True)
class DetourSplit:
    """Groups as (stage taught, route, positions), in the order the programme formed them.

    The route is None for the main route, or the detour's index in its stage's detours.
    """

    groups: tuple[tuple[int, int | None, tuple[int, ...]], ...]
    cost: int


def choose_route(stage: int, stages: Sequence[int], routes: Sequence[int | None]) -> tuple[int | None, int]:
    """The route of a group taught at ``stage`` with members at ``stages`` on ``routes``, and its mismatch cost.

    ``routes[x]`` is None for the main route, else the index of the member's
    detour among the detours of their own stage ``stages[x]``.
    """
    main = sum(1 for r in routes if r is None)
    counts: dict[int, int] = {}
    for p, r in zip(stages, routes, strict=True):
        if r is not None and p == stage:
            counts[r] = counts.get(r, 0) + 1
    route: int | None = None
    matched = main
    for r in sorted(counts):
        if counts[r] > matched:
            route, matched = r, counts[r]
    return route, DETOUR_MISMATCH * (len(routes) - matched)


def _classes(stages: Sequence[int], routes: Sequence[int | None]) -> dict[tuple[int, int], list[int]]:
    """(stage, detour index) -> the positions on that detour, in input order; classes in that order too."""
    found: dict[tuple[int, int], list[int]] = {}
    for x, (p, r) in enumerate(zip(stages, routes, strict=True)):
        if r is not None:
            found.setdefault((p, r), []).append(x)
    return {key: found[key] for key in sorted(found)}


def detour_work(stages: Sequence[int], routes: Sequence[int | None], max_size: int, max_groups: int) -> int:
    """An upper bound on the exact search's work: group counts x main positions x (left, taken) pairs x runs."""
    counts = [len(xs) for xs in _classes(stages, routes).values()]
    mains = len(stages) - sum(counts)
    pairs = math.prod((c + 1) * (c + 2) // 2 for c in counts)
    return max_groups * (mains + 1) * pairs * (min(mains, max_size) + 1)


def best_detour_split(
    stages: Sequence[int], routes: Sequence[int | None], min_size: int, max_size: int, max_groups: int
) -> DetourSplit | None:
    """The exact optimum (module docstring) for ``stages`` sorted ascending, or None if no split fits.

    Main-route students are cut into contiguous runs in the given order; the
    students of each (stage, detour) class are handed out in the given order,
    to the groups in the order they were formed.
    """
    n = len(stages)
    if n == 0:
        return DetourSplit((), 0)
    classes = _classes(stages, routes)
    keys = list(classes)
    counts = [len(classes[k]) for k in keys]
    main = [x for x in range(n) if routes[x] is None]
    m = len(main)
    main_stage = [stages[x] for x in main]
    prefix = [0]
    for s in main_stage:
        prefix.append(prefix[-1] + s)

    # Count vectors over the classes, coded in mixed radix: code = sum(v[l] * weight[l]).
    weight = []
    span = 1
    for c in counts:
        weight.append(span)
        span *= c + 1
    vectors: list[tuple[int, ...]] = [()]
    for c in counts:
        vectors = [(*v, a) for a in range(c + 1) for v in vectors]  # code order: the first class varies fastest
    size_of: list[int] = []
    low_of: list[float] = []
    sum_of: list[int] = []
    best_match: list[int] = []  # most members of one class at the vector's lowest stage
    for vec in vectors:
        size_of.append(sum(vec))
        at = [keys[cl][0] for cl, a in enumerate(vec) if a]
        low = min(at) if at else math.inf
        low_of.append(low)
        sum_of.append(sum(keys[cl][0] * a for cl, a in enumerate(vec)))
        best_match.append(max((a for cl, a in enumerate(vec) if a and keys[cl][0] == low), default=0))
    # The vectors each count vector can give, small enough for one group, by code.
    subs: list[list[int]] = []
    for vec in vectors:
        taken = [0]
        for cl, a in enumerate(vec):
            taken = [t + b * weight[cl] for b in range(a + 1) for t in taken]
        subs.append([t for t in sorted(taken) if size_of[t] <= max_size])

    full = span - 1
    start = full  # no main student used, every detour student left
    goal = m * span
    layer: dict[int, tuple[int, int]] = {start: (0, 0)}
    links: list[dict[int, tuple[int, int, int]]] = [{}]
    finals: list[tuple[int, int, int]] = []
    for k in range(1, max_groups + 1):
        room = (max_groups - k) * max_size
        row: dict[int, tuple[int, int]] = {}
        link: dict[int, tuple[int, int, int]] = {}
        for state, (cost, largest) in layer.items():
            i, left = divmod(state, span)
            if state == goal:
                continue
            s0 = main_stage[i] if i < m else math.inf
            for v in subs[left]:
                sv = size_of[v]
                tv = low_of[v]
                rest = (m - i) + size_of[left - v]  # left after this group's detour students
                lo = max(min_size - sv, 0 if sv else 1, rest - room)  # what is left must fit the groups left
                hi = min(max_size - sv, m - i)
                base = state - v  # the main position moves on by the run below
                for run in range(lo, hi + 1):
                    t = tv if run == 0 or tv <= s0 else s0
                    match = best_match[v] if t == tv else 0
                    size = run + sv
                    c = (
                        cost
                        + prefix[i + run] - prefix[i] + sum_of[v]
                        - int(t) * size
                        + DETOUR_MISMATCH * (size - max(run, match))
                    )
                    big = largest if largest >= size else size
                    after = base + run * span
                    known = row.get(after)
                    if known is None or (c, big) < known:
                        row[after] = (c, big)
                        link[after] = (state, v, run)
        links.append(link)
        layer = row
        if goal in row:
            c, big = row[goal]
            finals.append((c, k, big))
    if not finals:
        return None
    cost, k, _ = min(finals)
    steps: list[tuple[int, int, int]] = []  # (main start, vector, run) per group, last first
    state = goal
    while k > 0:
        prev, v, run = links[k][state]
        steps.append((prev // span, v, run))
        state, k = prev, k - 1
    handed = [0] * len(keys)
    groups = []
    for i, v, run in reversed(steps):
        members = [main[x] for x in range(i, i + run)]
        for cl, a in enumerate(vectors[v]):
            members.extend(classes[keys[cl]][handed[cl] : handed[cl] + a])
            handed[cl] += a
        members.sort()
        t = min(stages[x] for x in members)
        route, _ = choose_route(t, [stages[x] for x in members], [routes[x] for x in members])
        groups.append((t, route, tuple(members)))
    return DetourSplit(tuple(groups), cost)
