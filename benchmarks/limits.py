"""Limits (7): the largest class grouper takes, and a file one row past the limit, as a teacher runs them.

A class holds at most 2,000 students and an imported file at most 200,000 rows
(``grouper.core.limits``). 7 and 7b time ``grouper groups CLASS --json`` and
``grouper score`` on a class of 2,000 students (each in a fresh process, the
way a script or a teacher runs them) against the same commands on a class of
30. 7c times how long ``grouper roster import`` takes to refuse a roster of
200,001 rows: reading stops at the row past the limit, so it must stay within
a few seconds, whatever the file holds after it. Quick mode keeps the sizes
(they are the limits) and runs each command once or twice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from .common import ROOT, Config, Figure, alternate, child_env, median, paired, run_python, timed
from .data import TODAY, literacy, make_class

SMALL, LARGEST = 30, 2_000
CLASS = "Class"
#: A refusal "in a few seconds": this one must take at most this long, CLI start included.
REFUSAL_TARGET = 3.0


def class_store(folder: Path, students: int) -> Path:
    """A store holding one class of ``students`` on the literacy pathway, with two days of scores."""
    from grouper.core.limits import MAX_STUDENTS
    from grouper.store import Store

    assert students <= MAX_STUDENTS, "the benchmark's class must be one grouper takes"
    root = folder / f"store-{students}"
    shutil.rmtree(root, ignore_errors=True)
    with Store(root, writable=True) as store:
        store.create_class(make_class(CLASS, literacy(), students, dates=2, seed=students))
    return root


def refused_roster(path: Path) -> Path:
    from grouper.core.limits import MAX_ROWS

    with path.open("w", encoding="utf-8") as f:
        f.write("id,name\n")
        f.writelines(f"k{i},Student {i}\n" for i in range(MAX_ROWS + 1))
    return path


def refusal_seconds(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    """How long ``grouper ARGV`` takes to refuse (exit 1), and what it said; anything else is a crash."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "grouper", *argv], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    seconds = time.perf_counter() - start
    if result.returncode != 1 or "Traceback" in result.stderr:
        raise RuntimeError(f"grouper {' '.join(argv)} was not refused ({result.returncode}):\n{result.stderr[-2000:]}")
    return seconds, result.stderr.strip()


def limits(cfg: Config) -> list[Figure]:
    from grouper.core.limits import MAX_ROWS

    env = child_env(cfg.scratch, GROUPER_TODAY=TODAY.isoformat())
    small, largest = class_store(cfg.scratch, SMALL), class_store(cfg.scratch, LARGEST)
    repeats = cfg.repeats(5, 1)
    try:
        def command(root: Path, *words: str) -> float:
            return timed(lambda: run_python(["-m", "grouper", "--store", str(root), *words], env))

        groups = ("groups", CLASS, "--json")
        big_groups, small_groups = alternate(lambda: command(largest, *groups), lambda: command(small, *groups),
                                             repeats)
        score = ("score", CLASS, "s0001", "lid", "30", "--date", "2026-11-20")
        big_score, small_score = alternate(lambda: command(largest, *score), lambda: command(small, *score), repeats)
        roster = refused_roster(cfg.scratch / "district.csv")
        said = ""
        refusals = []
        for _ in range(repeats):
            seconds, said = refusal_seconds(["--store", str(small), "roster", "import", CLASS, str(roster)], env)
            refusals.append(seconds)
    finally:
        shutil.rmtree(small, ignore_errors=True)
        shutil.rmtree(largest, ignore_errors=True)
    baseline = f"the same, {SMALL} students"
    return [
        Figure("7", f"limits: grouper groups CLASS --json, {LARGEST:,} students", unit="s", target=None,
               baseline_name=baseline, note="the largest class grouper takes, in a fresh process",
               runs={"measured": big_groups, "baseline": small_groups}, **paired(big_groups, small_groups)),
        Figure("7b", f"limits: grouper score, {LARGEST:,} students", unit="s", target=None, baseline_name=baseline,
               note="one score saved into the largest class (the whole class file written)",
               runs={"measured": big_score, "baseline": small_score}, **paired(big_score, small_score)),
        Figure("7c", f"limits: a roster of {MAX_ROWS + 1:,} rows refused", median(refusals), None, "s",
               REFUSAL_TARGET, note=f"grouper roster import, CLI start included; it said: {said}",
               runs={"measured": refusals}),
    ]
