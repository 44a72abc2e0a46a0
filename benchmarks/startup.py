"""Start-up (1), CLI start (2) and import cost (6): each measured in fresh processes.

Start-up is timed the way a person sees it: the program runs in a
pseudo-terminal (a real terminal as far as Textual knows), and the clock stops
when the first student's name has been written to that terminal, i.e. when the
first frame showing students is painted. Then ctrl+q is typed and the program
quits normally (so ``grouper demo`` removes its throwaway store).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

from .common import ROOT, Config, Figure, alternate, child_env, median, paired, run_python, timed

COLUMNS, LINES = 120, 36
#: CSI, OSC and two-character escape sequences: what is left is the text on the screen.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1bP[^\x1b]*\x1b\\")


def screen_text(raw: bytes) -> str:
    """The printable text a program wrote to the terminal, escape sequences removed."""
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def time_to_text(
    args: Sequence[str], markers: Sequence[str], env: dict[str, str], timeout: float = 60
) -> float:
    """Seconds from starting ``python ARGS`` in a terminal until any of ``markers`` is on screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
    )
    os.close(slave)
    seen = b""
    found: float | None = None
    try:
        while found is None:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise RuntimeError(f"python {' '.join(args)}: nothing like {markers[0]!r} on screen after {timeout} s")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the program ended and closed the terminal
                chunk = b""
            if not chunk:
                tail = screen_text(seen)[-1500:]
                raise RuntimeError(f"python {' '.join(args)} ended before showing {markers[0]!r}:\n{tail}")
            seen += chunk
            text = screen_text(seen)
            if any(m in text for m in markers):
                found = time.perf_counter() - start
        with contextlib.suppress(OSError):  # it may have ended already
            os.write(master, b"\x11")  # ctrl+q: quit the way a person would
        _drain_until_exit(master, proc)
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    return found


def _drain_until_exit(master: int, proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """Keep reading the terminal (a full one blocks the writer) until the program has quit."""
    end = time.perf_counter() + timeout
    while proc.poll() is None and time.perf_counter() < end:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                if not os.read(master, 1 << 16):
                    break
            except OSError:
                break
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=max(0.1, end - time.perf_counter()))


def demo_markers() -> list[str]:
    """The names of the students of the demo's first class (the class it opens on), short enough to show whole."""
    from grouper.config.resources import sample_class_files

    first = json.loads(sample_class_files()[0].read_text(encoding="utf-8"))
    return [s["name"] for s in first["students"] if len(s["name"]) <= 12]


def startup(cfg: Config) -> tuple[Figure, float]:
    """Figure 1; also returns the app's median start-up for figure 2."""
    from .bare_app import row_name  # (imports textual: only here, not in the suite's own start)

    env = child_env(cfg.scratch)
    markers = demo_markers()
    bare = str(ROOT / "benchmarks" / "bare_app.py")
    app, base = alternate(
        lambda: time_to_text(["-m", "grouper", "demo"], markers, env),
        lambda: time_to_text([bare], [row_name(0)], env),
        cfg.repeats(9, 2),
    )
    leftovers = list((cfg.scratch / "tmp").glob("grouper-demo-*"))
    note = "first frame with students, in a pseudo-terminal"
    if leftovers:
        note += f"; {len(leftovers)} demo store(s) left behind"
    fig = Figure(
        "1", "start-up: grouper demo to first frame", unit="s", target=1.3, **paired(app, base),
        baseline_name="bare Textual app, 30-row DataTable", note=note, runs={"measured": app, "baseline": base},
    )
    return fig, median(app)


def sample_store(folder: Path) -> Path:
    """A store holding the demo's sample classes (as ``grouper demo`` makes one), in ``folder``."""
    from grouper.session.demo import sample_records
    from grouper.store import Store

    from .data import TODAY

    root = folder / "samples"
    shutil.rmtree(root, ignore_errors=True)
    with Store(root, writable=True) as store:
        for record in sample_records(TODAY):
            store.create_class(record)
    return root


CLASS = "Grade 1 — Room 7"


def cli(cfg: Config, app_startup: float | None) -> list[Figure]:
    """Figure 2: ``grouper groups CLASS --json`` in a fresh process, against python -c 'import json' plus the work."""
    from grouper.cli import main

    from .data import TODAY

    root = sample_store(cfg.scratch)
    try:
        env = child_env(cfg.scratch, GROUPER_TODAY=TODAY.isoformat())
        argv = ["--store", str(root), "groups", CLASS, "--json"]
        os.environ["GROUPER_TODAY"] = TODAY.isoformat()

        def work() -> float:
            """The command's own work, in this (warm) process: open, load, plan, write the JSON."""
            with contextlib.redirect_stdout(io.StringIO()):
                return timed(lambda: main(argv))

        work()
        repeats = cfg.repeats(9, 3)
        runs, json_runs = alternate(
            lambda: timed(lambda: run_python(["-m", "grouper", *argv], env)),
            lambda: timed(lambda: run_python(["-c", "import json"], env)),
            repeats,
        )
        work_runs = [work() for _ in range(repeats)]
        probe = (
            "import sys, io, contextlib\n"
            "from grouper.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main({argv!r})\n"
            "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'tinydb', 'rich'}))\n"
        )
        out = run_python(["-c", probe], env).stdout.split(maxsplit=1)
    finally:
        os.environ.pop("GROUPER_TODAY", None)
        shutil.rmtree(root, ignore_errors=True)
    cli_time = median(runs)
    figures = [
        Figure(
            "2", "CLI start: grouper groups CLASS --json", cli_time, median(json_runs) + median(work_runs), "s", None,
            baseline_name="python -c 'import json' + the work in a warm process",
            note="the cost of grouper's imports and set-up", runs={"measured": runs, "import json": json_runs,
                                                                   "work": work_runs},
        ),
    ]
    if app_startup is not None:
        figures.append(Figure("2b", "CLI start vs the app's start-up", cli_time, app_startup, "s", 0.5,
                              baseline_name="figure 1's grouper demo start-up"))
    imported = out[1].strip() if len(out) > 1 else "?"
    figures.append(Figure("2c", "CLI imports textual", float("textual" in imported), None, "bool", 0.0,
                          note=f"exit code {out[0]}; of textual, tinydb, rich it imported {imported}"))
    return figures


_IMPORT = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def import_seconds(module: str, env: dict[str, str]) -> float:
    """How long ``import MODULE`` takes in a fresh interpreter (after Python itself has started)."""
    return float(run_python(["-c", _IMPORT.format(module)], env).stdout)


def imports(cfg: Config) -> list[Figure]:
    """Figure 6: ``import grouper.core`` (and the domain models and grouping) against ``import textual.app``."""
    env = child_env(cfg.scratch)
    repeats = cfg.repeats(15, 3)
    core, textual = alternate(
        lambda: import_seconds("grouper.core", env), lambda: import_seconds("textual.app", env), repeats
    )
    domain = [import_seconds("grouper.core.planning", env) for _ in range(repeats)]
    cli = [import_seconds("grouper.cli.scores", env) for _ in range(repeats)]
    t = median(textual)
    return [
        Figure("6", "import grouper.core", unit="s", target=0.1, **paired(core, textual),
               baseline_name="import textual.app", runs={"measured": core, "baseline": textual}),
        Figure("6b", "import grouper.core.planning", median(domain), t, "s", None,
               baseline_name="import textual.app", note="models, placement and grouping: what planning needs",
               runs={"measured": domain}),
        Figure("6c", "import grouper.cli.scores", median(cli), t, "s", None, baseline_name="import textual.app",
               note="what `grouper score` imports before it runs", runs={"measured": cli}),
    ]
