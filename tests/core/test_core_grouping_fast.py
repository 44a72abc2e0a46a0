"""The fast best_split gives exactly the plan of the plain quadratic dynamic programme, ties included.

The plain version tries every start of the last group (O(n * max_size) per
group count): quadratic for a whole school on one screen. The fast one must
choose the very same cuts, so no teacher's plan changes with the speed-up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from grouper.core.grouping import Split, best_split


def plain_best_split(stages: Sequence[int], min_size: int, max_size: int, max_groups: int) -> Split | None:
    n = len(stages)
    if n == 0:
        return Split((), 0)
    prefix = [0]
    for s in stages:
        prefix.append(prefix[-1] + s)
    inf = (math.inf, math.inf)
    best = [[inf] * (n + 1) for _ in range(max_groups + 1)]
    back = [[-1] * (n + 1) for _ in range(max_groups + 1)]
    best[0][0] = (0, 0)
    for k in range(1, max_groups + 1):
        for i in range(min_size, n + 1):
            for j in range(max(0, i - max_size), i - min_size + 1):
                p = best[k - 1][j]
                if p[0] == math.inf:
                    continue
                cand = (p[0] + prefix[i] - prefix[j] - (i - j) * stages[j], max(p[1], i - j))
                if cand < best[k][i]:
                    best[k][i], back[k][i] = cand, j
    choices = [(best[k][n][0], k, best[k][n][1]) for k in range(1, max_groups + 1) if best[k][n][0] != math.inf]
    if not choices:
        return None
    cost, k, _ = min(choices)
    sizes, i = [], n
    while k > 0:
        j = back[k][i]
        sizes.append(i - j)
        i, k = j, k - 1
    return Split(tuple(reversed(sizes)), int(cost))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 9), max_size=60).map(sorted),
    st.integers(1, 6),
    st.integers(0, 20),
    st.integers(1, 9),
)
def test_fast_split_is_the_plain_split(stages: list[int], min_size: int, extra: int, groups: int) -> None:
    assert best_split(stages, min_size, min_size + extra, groups) == plain_best_split(
        stages, min_size, min_size + extra, groups
    )


def test_fast_split_on_a_big_class() -> None:
    stages = sorted((i * 7919) % 9 for i in range(400))
    assert best_split(stages, 2, 80, 5) == plain_best_split(stages, 2, 80, 5)
