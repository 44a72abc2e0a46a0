"""Keystroke (3): Enter on a typed score until a frame showing the new groups is painted.

Measured in-process with Textual's test harness (``App.run_test``): the
digits are typed first (not timed), then the clock starts as the Enter key is
handed to the app and stops when the app hands the driver the first frame
drawn after the plan changed. The worker runs in its own process with
``TEXTUAL_FPS=1000``, so the wait for Textual's next frame tick (up to 1/60 s
by default, whatever the work) is not counted: what is left is the app's own
work, from the key to the painted frame.

``python -m benchmarks.keystroke STORE REPEATS`` is the worker; it prints the times as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from .common import Config, Figure, child_env, median, run_python
from .data import TODAY, literacy, make_class

SIZE = (120, 36)


def make_store(folder: Path, students: int) -> Path:
    from grouper.store import Store

    root = folder / f"keystroke-{students}"
    with Store(root, writable=True) as store:
        store.create_class(make_class(f"Class of {students}", literacy(), students, dates=4, seed=students))
    return root


def _target(session: Any) -> tuple[str, Any]:
    """A student working at a stage with one check below mastery: scoring it moves them along the path."""
    for student in session.students:
        p = session.placements[student.id]
        if p.status == "working" and len(p.below) == 1 and not p.unscored and p.stage_index > 0:
            return student.id, session.pathway.check(p.below[0])
    raise RuntimeError("no student in the class can move up with one score")


async def measure(root: Path, repeats: int) -> list[float]:
    import datetime as dt

    from textual import events

    from grouper.ui.app import GrouperApp
    from grouper.ui.widgets.grid import FIXED, ScoreGrid

    app = GrouperApp(root, today=TODAY, clock=lambda: dt.datetime(2026, 11, 22, 16, 5))
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen: Any = app.screen
        session = screen.session
        grid = screen.query_one(ScoreGrid)
        sid, check = _target(session)
        row, column = screen.row_ids.index(sid), FIXED + screen.check_ids.index(check.id)
        painted = asyncio.Event()
        state: dict[str, Any] = {"before": None, "at": None}
        display = app._display

        def timed_display(screen_: Any, renderable: Any) -> None:
            display(screen_, renderable)
            changed = state["before"] is not None and session.plan is not state["before"]
            if renderable is not None and changed and state["at"] is None:
                state["at"] = time.perf_counter()
                painted.set()

        app._display = timed_display  # type: ignore[method-assign]
        for i in range(repeats + 1):  # the first round warms up
            value = check.max if i % 2 == 0 else 0
            grid.move_cursor(row=row, column=column)
            await pilot.press(*str(value))
            await pilot.pause()
            stage = session.placements[sid].stage_index
            state["before"], state["at"] = session.plan, None
            painted.clear()
            assert app._driver is not None
            key = events.Key("enter", "\r")
            key.set_sender(app)
            start = time.perf_counter()
            app._driver.send_message(key)
            await asyncio.wait_for(painted.wait(), timeout=30)
            if i:
                times.append(state["at"] - start)
            if session.placements[sid].stage_index == stage:
                raise RuntimeError(f"scoring {check.id} = {value} did not move {sid}")
            state["before"] = None
            await pilot.pause()
    return times


def keystroke(cfg: Config) -> list[Figure]:
    small, big = 30, 600
    roots = {n: make_store(cfg.scratch, n) for n in (small, big)}
    env = child_env(cfg.scratch, TEXTUAL_FPS="1000")
    runs: dict[int, list[float]] = {small: [], big: []}
    rounds, repeats = (1, 4) if cfg.quick else (3, 7)
    for _ in range(rounds):
        for n in (small, big):
            out = run_python(["-m", "benchmarks.keystroke", str(roots[n]), str(repeats)], env, timeout=600)
            runs[n] += json.loads(out.stdout)
    one = median(runs[small])
    return [
        Figure("3", f"keystroke: commit to new groups, {big} students", median(runs[big]), one, "s", 2.0,
               baseline_name=f"the same, {small} students", runs={"measured": runs[big], "baseline": runs[small]}),
        Figure("3b", f"keystroke, {small} students, against one frame", one, 1 / 60, "s", 1.0,
               baseline_name="one frame at 60 Hz", note="absolute: on a developer laptop it should be under a frame",
               runs={"measured": runs[small]}),
        Figure("3c", f"slowest keystroke of {len(runs[small])}, {small} students", max(runs[small]), 1 / 60, "s", None,
               baseline_name="one frame at 60 Hz", note="a stutter a teacher would feel (a garbage collection, say)"),
    ]


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(Path(sys.argv[1]), int(sys.argv[2])))))
