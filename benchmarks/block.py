"""The exact plan under many rules (8): a class of 30 with 20 rules, and the grade team's block.

Issue #20 asks for absolute times: a class of 30 students with 20 keep-apart /
keep-together sets proven best in under 0.5 s, and a block of 150 students, 8
adults and 20 rules proven best in under 2 s, with the block's scaling from 30
to 600 students reported. Each time is ``plan_groups`` / ``plan_block`` as the
CLI calls them, in a warm process (OR-Tools already imported: its import,
about 0.3 s, is paid once per process and reported as its own figure).

The block: classes of 25 on the demo's literacy pathway; 8 adults, two of
whom take at most 10 students and one who does not teach the first two
stages; groups of 2 up to what fits (the adults without a limit share the
rest). The 20 rules: in each class in turn, 14 keep-apart pairs, 4
keep-together pairs, 2 keep-apart triples, drawn at random.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import subprocess
import sys
import time

from .common import SRC, Config, Figure, median, timed
from .data import literacy, make_class

#: The Monday after the synthetic histories end.
DAY_PLANNED = dt.date(2026, 11, 23)

BLOCK_SIZES = (30, 75, 150, 300, 600)
KINDS = ["apart"] * 14 + ["together"] * 4 + ["apart3"] * 2


def with_rules(records: list, rules: int, seed: int) -> list:
    """The classes with ``rules`` sets drawn in each class in turn (kinds as in ``KINDS``).

    Students kept together are drawn first, each in one set only; students kept apart are
    drawn from the rest of the class first, then from anyone (a student may be in several
    keep-apart sets), never two of one keep-together pair.
    """
    rnd = random.Random(seed)
    kinds = sorted((KINDS[i % len(KINDS)], i) for i in range(rules))
    kinds.sort(key=lambda k: k[0] != "together")
    apart: list[list[frozenset[str]]] = [[] for _ in records]
    together: list[list[frozenset[str]]] = [[] for _ in records]
    used: list[set[str]] = [set() for _ in records]
    for kind, i in kinds:
        c = i % len(records)
        everyone = [s.id for s in records[c].students]
        size = 3 if kind == "apart3" else 2
        fresh = [x for x in everyone if x not in used[c]]
        while True:
            group = frozenset(rnd.sample(fresh if len(fresh) >= size else everyone, size))
            if kind == "together" or not any(len(group & t) > 1 for t in together[c]):
                break
        used[c] |= group
        (together if kind == "together" else apart)[c].append(group)
    return [dataclasses.replace(r, keep_apart=apart[c], keep_together=together[c]) for c, r in enumerate(records)]


def grade(students: int, seed: int = 1) -> list:
    per = 25
    sizes = [per] * (students // per) + ([students % per] if students % per else [])
    records = [make_class(f"Class {i + 1}", literacy(), n, dates=2, seed=seed * 100 + i) for i, n in enumerate(sizes)]
    return with_rules(records, 20, seed)


def staff() -> tuple:
    from grouper.core.block import read_adult

    stages = literacy().stages
    texts = [f"Adult {i + 1}" for i in range(5)]
    texts += [f"Adult 6; not {stages[0].id} {stages[1].id}", "Adult 7; most 10", "Adult 8; most 10"]
    return tuple(read_adult(t) for t in texts)


def block_plan_time(students: int, repeats: int, seed: int = 1) -> tuple[float, list[float], bool]:
    from ortools.sat.python import cp_model  # noqa: F401  (its import is figure 8c, not part of a plan)

    from grouper.core.block import Block, plan_block

    records = grade(students, seed)
    block = Block("Benchmark block", tuple(r.name for r in records), staff(), 4, max(25, -(-students // 6)))
    from grouper.core.exact import forget_recent

    proven = True
    runs = []
    for _ in range(repeats):
        forget_recent()
        start = time.perf_counter()
        proven &= plan_block(block, records, DAY_PLANNED).proven
        runs.append(time.perf_counter() - start)
    return median(runs), runs, proven


def class_plan_time(repeats: int, seed: int = 1) -> tuple[float, list[float], bool]:
    from grouper.core.planning import plan_for

    (record,) = with_rules([make_class("Class of 30", literacy(), 30, dates=2, seed=seed)], 20, seed)
    from grouper.core.exact import forget_recent

    plan = plan_for(record, DAY_PLANNED)
    proven = not any("better plan" in w for w in plan.warnings)
    runs = []
    for _ in range(repeats):
        forget_recent()  # the same plan again would be remembered, not solved
        runs.append(timed(lambda: plan_for(record, DAY_PLANNED)))
    return median(runs), runs, proven


def ortools_import() -> float:
    """The one-off cost of loading the solver, in a fresh process."""
    code = ("import time; t = time.perf_counter(); from ortools.sat.python import cp_model; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC)})
    return float(out.stdout.strip())


def block(cfg: Config) -> list[Figure]:
    repeats = cfg.repeats(3, 1)
    seeds = (1, 2, 3) if not cfg.quick else (1,)
    figures = []
    class_times, proven30 = [], True
    for seed in (1, 2, 3, 4, 5) if not cfg.quick else (1, 2, 3):
        t, _, proven = class_plan_time(repeats, seed)
        class_times.append(t)
        proven30 &= proven
    figures.append(Figure("8", "class of 30, 20 rules: plan proven best", median(class_times), None, "s", 0.5,
                          note=f"median of {len(class_times)} classes (slowest {max(class_times) * 1000:.0f} ms)"
                          + ("" if proven30 else "; NOT all proven"), runs={"30": class_times}))
    times = {}
    slowest: dict[int, list[float]] = {}
    proven_all = True
    for n in BLOCK_SIZES if not cfg.quick else (30, 150):
        per_seed = []
        for seed in seeds:
            t, _, proven = block_plan_time(n, repeats, seed)
            per_seed.append(t)
            proven_all &= proven
        times[n] = median(per_seed)
        slowest[n] = per_seed
    figures.append(Figure("8b", "block: 150 students, 8 adults, 20 rules, proven best", times[150], None, "s", 2.0,
                          note=f"median of {len(seeds)} grades (slowest {max(slowest[150]) * 1000:.0f} ms)"
                          + ("" if proven_all else "; NOT all proven"),
                          runs={str(n): [t] for n, t in times.items()}))
    for n, t in times.items():
        if n != 150:
            figures.append(Figure(f"8.{n}", f"block: {n} students, 8 adults, 20 rules", t, times[150], "s", None,
                                  baseline_name="150 students"))
    figures.append(Figure("8c", "import OR-Tools CP-SAT (once per process)", ortools_import(), None, "s", None))
    return figures
