"""Grouping (5): the plan for 30, 300 and 3,000 students; time should grow no faster than n log n.

Each class is spread along the demo's literacy pathway with a short history;
the time is ``plan_for`` (place every student, then group), as the CLI and the
app compute it, with the default group settings (5 groups of 2 to 6, widened
when the class is bigger than that, as the app does).
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections.abc import Callable

from .common import Config, Figure, fitted_exponent, median, timed
from .data import literacy, make_class

SIZES = (30, 300, 3000)
DAY = dt.date(2026, 11, 23)


def nlogn_exponent(sizes: tuple[int, ...]) -> float:
    """The exponent n log n itself would show over ``sizes`` (about 1.19 from 30 to 3,000)."""
    return fitted_exponent(sizes, [n * math.log(n) for n in sizes])


def timed_without_gc(fn: Callable[[], object]) -> float:
    """As ``timeit`` does: no garbage collection pass lands in one size's runs and not another's."""
    gc.collect()
    gc.disable()
    try:
        return timed(fn)
    finally:
        gc.enable()


def grouping(cfg: Config, sizes: tuple[int, ...] = SIZES) -> list[Figure]:
    from grouper.core.planning import plan_for

    repeats = cfg.repeats(9, 3)
    times: list[float] = []
    runs: dict[str, list[float]] = {}
    for n in sizes:
        record = make_class(f"Class of {n}", literacy(), n, dates=2, seed=n)
        plan_for(record, DAY)
        runs[str(n)] = [timed_without_gc(lambda record=record: plan_for(record, DAY)) for _ in range(repeats)]
        times.append(median(runs[str(n)]))
    limit = nlogn_exponent(sizes)
    figures = [
        Figure(f"5.{i}", f"grouping: plan for {n:,} students", times[i], times[i - 1], "s", None,
               baseline_name=f"{sizes[i - 1]:,} students", note=f"{n // sizes[i - 1]}x the students")
        for i, n in enumerate(sizes) if i
    ]
    figures.append(Figure("5", f"grouping: fitted exponent, {min(sizes):,} to {max(sizes):,} students",
                          fitted_exponent(sizes, times), None, "", round(limit, 2),
                          note="time ~ n^exponent; the target is n log n's own exponent over these sizes",
                          runs=runs))
    return figures
