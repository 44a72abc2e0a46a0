"""The real app typing scores until it is killed, for test_ui_kill.py (run as a script, not collected).

    app_proc.py ROOT SEED

Opens the store at ROOT in the grouper app (headless, driven by Pilot) and
enters scores for ever: digits and Enter down a grid column (key by key, or
all at once as a burst), and ``:`` quick-entry lines. For each score it writes
to stdout (fd 1, unbuffered, because the app captures ``print``):

    ready CLASS            once the class is on screen
    sent SID CHECK VALUE   before the keys of an entry are sent
    ack SID CHECK VALUE    once the app showed that score as saved

"Showed as saved" is what a teacher sees: the message line says
``Saved: <name> <check> = <value>`` and the status line says ``✓ saved``.
The parent kills this process at some point and checks every ``ack`` is on disk.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from ui_helpers import grid, make_app, message, quick, screen_name, status

from grouper.core.matching import find_student
from grouper.ui.app import GrouperApp
from grouper.ui.widgets.grid import FIXED, ScoreGrid


def say(*words: object) -> None:
    os.write(1, (" ".join(str(w) for w in words) + "\n").encode())


def send(app: GrouperApp, *keys: str) -> None:
    """Put keys in the driver's queue at once, as a fast typist or a paste does (see ui_helpers.burst).

    A single character keeps itself as the key's character, as a terminal sends it:
    Pilot's own key names lose characters such as ’ (in "Liam O’Connor").
    """
    assert app._driver is not None
    for key in keys:
        char: str | None = key if len(key) == 1 else None
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        if char is None:
            try:
                char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
            except KeyError:
                char = None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def type_keys(pilot: Pilot[object], app: GrouperApp, keys: list[str], at_once: bool) -> None:
    """All keys at once, or one at a time with the app done with each before the next.

    Pilot's own ``press`` also waits for the process to look idle, up to a second a
    key on a busy machine; waiting for the screen's queues is enough here.
    """
    if at_once:
        send(app, *keys)
        return
    for key in keys:
        send(app, key)
        await pilot.pause(0)


async def wait_for(pilot: Pilot[object], condition: Callable[[], bool], what: Callable[[], str]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what()}")
        await pilot.pause(0.002)


def pick_value(rng: random.Random, top: int, current: int | None) -> int:
    """A value on the scale that differs from the one shown (an equal value saves nothing)."""
    while True:
        value = rng.randint(0, top)
        if value != current:
            return value


def who(app: GrouperApp, sid: str) -> str:
    """How a teacher names the student in quick entry: the full name when it finds them, else the id."""
    record = app.screen.session.record  # type: ignore[attr-defined]
    name = record.student(sid).name
    return name if find_student(name, [s for s in record.students if s.active]).found == record.student(sid) else sid


async def to_grid(pilot: Pilot[object], app: GrouperApp) -> None:
    if not isinstance(app.focused, ScoreGrid):
        send(app, "escape")
        await wait_for(pilot, lambda: isinstance(app.focused, ScoreGrid), lambda: f"the grid, not {app.focused}")


async def enter_one(pilot: Pilot[object], app: GrouperApp, rng: random.Random, mode: str) -> None:
    screen = app.screen
    session = screen.session  # type: ignore[attr-defined]
    rows: list[str] = screen.row_ids  # type: ignore[attr-defined]
    checks: list[str] = screen.check_ids  # type: ignore[attr-defined]
    if mode == "quick":
        sid, check = rng.choice(rows), rng.choice(checks)
    else:
        await to_grid(pilot, app)
        row, column = grid(app).cursor_coordinate
        sid, check = rows[row], checks[column - FIXED]
    value = pick_value(rng, session.pathway.check(check).max, session.value(sid, check))
    name = session.record.student(sid).name
    saved = f"Saved: {name} {check} = {value}  →  "
    say("sent", sid, check, value)
    keys = [":", *f"{who(app, sid)} {check} {value}", "enter"] if mode == "quick" else [*str(value), "enter"]
    await type_keys(pilot, app, keys, at_once=mode != "keys")
    await wait_for(pilot, lambda: message(app).startswith(saved) and "✓ saved" in status(app),
                   lambda: f"{saved!r}; the message says {message(app)!r}")
    say("ack", sid, check, value)
    if mode == "quick":
        await wait_for(pilot, lambda: quick(app).value == "", lambda: f"the prompt to clear: {quick(app).value!r}")
    elif row == len(rows) - 1:
        # The bottom of a column: on to the top of the next one.
        grid(app).move_cursor(row=0, column=FIXED + (column - FIXED + 1) % len(checks))


async def main(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", lambda: f"the class, not {screen_name(app)}")
        await wait_for(pilot, lambda: isinstance(app.focused, ScoreGrid), lambda: f"the grid: {app.focused}")
        say("ready", app.screen.session.name)  # type: ignore[attr-defined]
        while True:
            await enter_one(pilot, app, rng, rng.choice(("keys", "burst", "quick")))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
