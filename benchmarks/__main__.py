"""``python -m benchmarks [--quick] [--json PATH] [--only 1,3]``: run the suite, print the table, write JSON.

Exit code 0 whatever the times are (a figure over its target is reported, not
failed); 1 if a benchmark crashed, so the suite cannot rot unnoticed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from rich.markup import escape

from .common import ROOT, SRC, Config, Figure

#: Benchmark this checkout's grouper, whatever is installed.
sys.path.insert(0, str(SRC))

from . import block, grouping, keystroke, limits, saving, startup

DEFAULT_JSON = ROOT / "benchmarks" / "results.json"


def _startup_and_cli(cfg: Config) -> list[Figure]:
    first, app_startup = startup.startup(cfg)
    return [first, *startup.cli(cfg, app_startup)]


#: Which figures each part produces, in the order they run.
PARTS: list[tuple[str, tuple[str, ...], Callable[[Config], list[Figure]]]] = [
    ("grouping", ("5",), grouping.grouping),
    ("imports", ("6",), startup.imports),
    ("saving", ("4",), saving.saving),
    ("start-up and CLI", ("1", "2"), _startup_and_cli),
    ("keystroke", ("3",), keystroke.keystroke),
    ("limits", ("7",), limits.limits),
    ("exact plans under many rules", ("8",), block.block),
]


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in ("textual", "rich", "pydantic", "tinydb"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} ?")
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "packages": ", ".join(versions),
        "load average at start": load,
    }


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "bool":
        return "yes" if value else "no"
    return f"{value:.2f}"


def _target(fig: Figure) -> str:
    if fig.target is None:
        return ""
    if fig.unit == "bool":
        return "no"
    return f"≤ {fig.target:g}x" if fig.baseline is not None else f"≤ {fig.target:g}"


def _ratio(fig: Figure) -> str:
    r = fig.ratio
    if r is None:
        return ""
    return "∞" if math.isinf(r) else f"{r:.2f}x"


def print_table(figures: list[Figure], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)  # a CI log: no wrapping inside the cells
    table = Table(title=title, title_justify="left")
    for name, justify in (("#", "left"), ("figure", "left"), ("measured", "right"), ("baseline", "left"),
                          ("ratio", "right"), ("target", "right"), ("result", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for f in figures:
        result = {"pass": "[green]pass[/]", "over": "[red bold]OVER[/]", "info": "[dim]info[/]"}[f.status]
        baseline = _amount(f.baseline, f.unit)
        if f.baseline_name:
            baseline = f"{baseline} [dim]{escape(f.baseline_name)}[/]".strip()
        table.add_row(f.key, escape(f.name), _amount(f.value, f.unit), baseline, _ratio(f), _target(f), result)
    console.print(table)


def markdown_table(figures: list[Figure]) -> str:
    """The same table in Markdown, for BENCHMARKS.md."""
    lines = ["| # | figure | measured | baseline | ratio | target | result |", "|---|---|---:|---|---:|---:|---|"]
    for f in figures:
        baseline = _amount(f.baseline, f.unit)
        if f.baseline_name:
            baseline = f"{baseline} ({f.baseline_name})" if baseline else f.baseline_name
        result = {"pass": "pass", "over": "**OVER**", "info": "info"}[f.status]
        lines.append(f"| {f.key} | {f.name} | {_amount(f.value, f.unit)} | {baseline} | {_ratio(f)} | "
                     f"{_target(f)} | {result} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repeats and small sizes (CI): under a minute")
    parser.add_argument("--json", metavar="PATH", type=Path, default=DEFAULT_JSON,
                        help=f"where to write the results (default: {DEFAULT_JSON.relative_to(ROOT)})")
    parser.add_argument("--only", metavar="N[,N]", help="run only the parts giving these figures (1-7)")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else None
    mode = "quick" if args.quick else "full"
    scratch = Path(tempfile.mkdtemp(prefix="grouper-bench-"))
    cfg = Config(quick=args.quick, scratch=scratch)
    info = machine()
    figures: list[Figure] = []
    crashed: list[str] = []
    started = time.perf_counter()
    try:
        for name, keys, run in PARTS:
            if wanted is not None and not wanted & set(keys):
                continue
            print(f"benchmarks: {name}...", end="", file=sys.stderr, flush=True)
            part_started = time.perf_counter()
            try:
                figures += run(cfg)
            except Exception:
                crashed.append(name)
                print(f" crashed:\n{traceback.format_exc()}", file=sys.stderr)
            else:
                print(f" {time.perf_counter() - part_started:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.perf_counter() - started
    figures.sort(key=lambda f: f.key[0])  # by target number; each part lists its own figures in order
    print_table(figures, f"grouper benchmarks ({mode} mode, {elapsed:.0f} s; {info['cpus']} CPUs, {info['cpu']}, "
                         f"Python {info['python']})")
    if args.markdown:
        print(markdown_table(figures))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "mode": mode, "seconds": round(elapsed, 1), "machine": info, "crashed": crashed,
        "figures": [f.as_json() for f in figures],
    }, indent=2) + "\n", encoding="utf-8")
    print(f"benchmarks: wrote {args.json}", file=sys.stderr)
    if crashed:
        print(f"benchmarks: crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
