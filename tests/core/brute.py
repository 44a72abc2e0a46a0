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
