"""What every benchmark shares: figures, medians, timing, a scratch folder."""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

Status = Literal["pass", "over", "info"]


@dataclass(frozen=True)
class Config:
    """How hard to try: ``quick`` is for CI (small sizes, few repeats), full mode for developers."""

    quick: bool
    scratch: Path

    def repeats(self, full: int, quick: int = 3) -> int:
        return quick if self.quick else full


@dataclass
class Figure:
    """One line of the table: ``value`` against ``baseline`` (same unit), and the ratio's target."""

    key: str
    name: str
    value: float
    baseline: float | None
    unit: str  # "s" (shown in ms), "x" (already a ratio), "" (a plain number)
    target: float | None  # the highest ratio (or value, with no baseline) that passes
    baseline_name: str = ""
    note: str = ""
    runs: dict[str, list[float]] = field(default_factory=dict)
    #: For runs made in pairs (see ``alternate``): the median of each pair's ratio, which cancels
    #: the machine's load drifting from one pair to the next. Otherwise value / baseline.
    paired_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.baseline is None:
            return None
        if self.baseline == 0:
            return math.inf
        return self.value / self.baseline

    @property
    def status(self) -> Status:
        if self.target is None:
            return "info"
        got = self.ratio if self.ratio is not None else self.value
        return "pass" if got <= self.target else "over"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["status"] = self.status
        return data


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def alternate(
    measured: Callable[[], float], baseline: Callable[[], float], repeats: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Run the two in pairs (AB BA AB...), so drift in the machine's load hits both alike.

    The order flips every round, so whatever the first of a pair leaves behind
    (dirty pages, a warm cache) weighs on each side equally. Each callable
    returns the time it measured, in seconds. ``warmup`` rounds are thrown away.
    """
    a: list[float] = []
    b: list[float] = []
    for round_ in range(warmup + repeats):
        if round_ % 2:
            y, x = baseline(), measured()
        else:
            x, y = measured(), baseline()
        if round_ >= warmup:
            a.append(x)
            b.append(y)
    return a, b


def paired(measured: Sequence[float], baseline: Sequence[float]) -> dict[str, float]:
    """The medians of two alternated series, and the median of their pair-by-pair ratios."""
    return {
        "value": median(measured),
        "baseline": median(baseline),
        "paired_ratio": median([a / b for a, b in zip(measured, baseline, strict=True)]),
    }


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def fitted_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """The slope of log(time) against log(size), least squares: time ~ size ** slope."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def child_env(scratch: Path, **extra: str) -> dict[str, str]:
    """An environment for a child process: this checkout's grouper, a private config and temp folder."""
    env = dict(os.environ)
    path = [str(SRC), str(ROOT)]
    if env.get("PYTHONPATH"):
        path.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(path)
    env["GROUPER_CONFIG_DIR"] = str(scratch / "config")
    env["TMPDIR"] = str(scratch / "tmp")
    (scratch / "tmp").mkdir(parents=True, exist_ok=True)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # An installed grouper has its bytecode compiled (pip does it). With this set, every module changed
    # since its last .pyc would be compiled again on every start, which no teacher's computer does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def run_python(args: Sequence[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` (this interpreter) in the repository root; a failure raises with its stderr."""
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"python {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result
