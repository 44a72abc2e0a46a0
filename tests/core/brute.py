"""Brute force for the grouping tests: every way to split a small class, to check the optimiser against."""

from __future__ import annotations

from functools import cache


@cache
def set_partitions(n: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Every way to split students 0..n-1 into unordered non-empty groups."""
    out: list[tuple[tuple[int, ...], ...]] = []

    def rec(i: int, blocks: list[list[int]]) -> None:
        if i == n:
            out.append(tuple(tuple(b) for b in blocks))
            return
        for b in blocks:
            b.append(i)
            rec(i + 1, blocks)
            b.pop()
        blocks.append([i])
        rec(i + 1, blocks)
        blocks.pop()

    rec(0, [])
    return tuple(out)


def best_with_routes(
    stages: list[int],
    routes: list[tuple[int, str] | None],
    stage_detours: dict[int, list[str]],
    min_size: int,
    max_size: int,
    max_groups: int,
    mismatch: int = 1,
) -> tuple[int, int, int] | None:
    """The least (cost, groups, largest) over every set partition, each group on its cheapest route.

    ``routes[i]`` is (own stage, detour id) for a student on a detour, None on the main route.
    A group is taught at its lowest stage t, on the main route or a detour of stage t
    (``stage_detours[t]``); a member pays (p - t), plus ``mismatch`` when their route is not the group's.
    """
    n = len(stages)
    if n == 0:
        return None
    best = None
    for part in set_partitions(n):
        if len(part) > max_groups:
            continue
        lens = [len(b) for b in part]
        if min(lens) < min_size or max(lens) > max_size:
            continue
        cost = 0
        for b in part:
            t = min(stages[i] for i in b)
            options: list[tuple[int, str] | None] = [None, *((t, d) for d in stage_detours.get(t, []))]
            cost += min(sum(stages[i] - t + (mismatch if routes[i] != r else 0) for i in b) for r in options)
        key = (cost, len(part), max(lens))
        if best is None or key < best:
            best = key
    return best


def exact_key(
    stages: list[int],
    fixed: dict[int, int],
    sets: list[tuple[str, frozenset[int]]],
    min_size: int,
    seats: list[tuple[int, frozenset[int]]],
    allow_unplaced: bool = False,
) -> tuple[int, int, int, int, int, int] | None:
    """The least (unplaced, fixes given up, sets given up, cost, groups, largest) over every plan.

    ``seats`` are (most students, stages the group may not be taught at). A plan is a set
    partition whose blocks sit in distinct seats (one block may be left without a seat when
    ``allow_unplaced``), each taught at a stage t its seat allows; a member below t must be
    fixed to t. A fixed student not sitting at their fixed stage (or left out) is a fix given
    up; a keep-apart set holds when no two placed members share a group, a keep-together set
    when all its members are in one block. Everyone pays |own stage - t|.
    """
    from itertools import permutations

    n = len(stages)
    top = max([*stages, *fixed.values()])
    best_in_seat: dict[tuple[tuple[int, ...], int], tuple[int, int] | None] = {}

    def in_seat(block: tuple[int, ...], g: int) -> tuple[int, int] | None:
        """(fixes given up, cost) at best for ``block`` taught in seat g (None: it cannot sit there)."""
        memo = (block, g)
        if memo not in best_in_seat:
            cap, banned = seats[g]
            found = None
            if min_size <= len(block) <= cap:
                for t in range(top + 1):
                    if t in banned or any(stages[x] < t and fixed.get(x) != t for x in block):
                        continue
                    option = (sum(1 for x in block if x in fixed and fixed[x] != t),
                              sum(abs(stages[x] - t) for x in block))
                    if found is None or option < found:
                        found = option
            best_in_seat[memo] = found
        return best_in_seat[memo]

    best = None
    for part in set_partitions(n):
        left_options: list[int | None] = [None, *range(len(part))] if allow_unplaced else [None]
        for left in left_options:
            placed = [b for i, b in enumerate(part) if i != left]
            out = part[left] if left is not None else ()
            if len(placed) > len(seats):
                continue
            where = {x: i for i, b in enumerate(part) for x in b}
            broken = 0
            for kind, group in sets:
                if kind == "keep-together":
                    broken += len({where[x] for x in group}) != 1
                else:
                    at = [where[x] for x in group if x not in out]
                    broken += len(set(at)) != len(at)
            gone_fixed = sum(1 for x in out if x in fixed)
            for perm in permutations(range(len(seats)), len(placed)):
                options = [in_seat(b, g) for b, g in zip(placed, perm, strict=True)]
                if any(o is None for o in options):
                    continue
                key = (
                    len(out),
                    gone_fixed + sum(o[0] for o in options if o is not None),
                    broken,
                    sum(o[1] for o in options if o is not None),
                    len(placed),
                    max((len(b) for b in placed), default=0),
                )
                if best is None or key < best:
                    best = key
    return best
