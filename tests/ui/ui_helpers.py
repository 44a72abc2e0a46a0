"""Helpers for the app tests: building apps, reading what is on screen, reading the store back."""

from __future__ import annotations

import datetime as dt
import io
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import Input, Static

from grouper.core.models import Check, Pathway, Score, Stage
from grouper.store import Store
from grouper.ui.app import GrouperApp
from grouper.ui.widgets.grid import ScoreGrid

TODAY = dt.date(2026, 11, 22)  # a Sunday
PLAN_DAY = dt.date(2026, 11, 23)  # the Monday the groups are for
NOW = dt.datetime(2026, 11, 22, 16, 5)
G1 = "Grade 1 — Room 7"
G3 = "Grade 3 — Maths"
KINDER = "Kindergarten — Room 4"
ZOE = "s12"  # Zoë Ng in the Grade 1 sample class, row 11
ZOE_ROW = 11
JOSE = "s01"  # José Álvarez, row 0
SIOBHAN = "s02"  # Siobhán O'Brien, row 1


def two_stage_pathway(
    stage_label: str = "Sounds",
    name: str = "Tiny path",
    focus: str = "Say each sound, then blend.",
    check_label: str = "Sounds (of 10)",
) -> Pathway:
    return Pathway(
        id="tiny",
        name=name,
        stages=(
            Stage(id="one", label=stage_label, focus=focus,
                  checks=(Check(id="snd", label=check_label, max=10, mastery=8),)),
            Stage(id="two", label="Words", focus="Read the words.",
                  checks=(Check(id="wrd", label="Words (of 20)", max=20, mastery=18),)),
        ),
    )


#: Names that are Rich/Textual markup if anything treats them as markup.
MARKUP_NAMES = ("[/]", "[bold]Ana[/bold]", "[$accent]Lee")
MARKUP_CLASS = "Room [7] [b]x[/b]"
MARKUP_STAGE = "[Sounds] [/] [b]loud[/b]"
MARKUP_FOCUS = "[b]Blend[/b] [/] the [$accent]sounds."
MARKUP_CHECK = "[red]Sounds[/red] (of 10)"
MARKUP_PATH = "[i]Path[/i] [/]"


def make_app(root: Path, demo: bool = False) -> GrouperApp:
    return GrouperApp(root, demo=demo, today=TODAY, clock=lambda: NOW)


def screen_text(app: GrouperApp) -> str:
    """Everything on the terminal as plain text, one line per row."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def text_of(widget: Static) -> str:
    return str(widget.render())


def status(app: GrouperApp) -> str:
    return text_of(app.screen.query_one("#status", Static))


def message(app: GrouperApp) -> str:
    return text_of(app.screen.query_one("#message", Static))


def grid(app: GrouperApp) -> ScoreGrid:
    return app.screen.query_one(ScoreGrid)


def cell(app: GrouperApp, student: str, column: str) -> str:
    """The text of one grid cell; ``column`` is a check id, "name" or "place"."""
    return str(grid(app).get_cell(student, column))


def group_cards(app: GrouperApp) -> list[str]:
    return [text_of(c) for c in app.screen.query("#groups .card").results(Static)]


def unplaced(app: GrouperApp) -> str:
    return text_of(app.screen.query_one("#unplaced", Static))


def profile(app: GrouperApp) -> str:
    return text_of(app.screen.query_one("#profile", Static))


def screen_name(app: GrouperApp) -> str:
    return type(app.screen).__name__


def preview(app: GrouperApp) -> str:
    """What the quick-entry prompt says the typed words match."""
    return text_of(app.screen.query_one("#quick-preview", Static))


def quick(app: GrouperApp) -> Input:
    return app.screen.query_one("#quick", Input)


async def wait_for(pilot: Pilot[object], condition: Callable[[], bool], what: str = "condition") -> None:
    """Let the app process messages until ``condition()`` holds.

    Most conditions hold after a few rounds of messages. Some wait on the app's own
    timers (the command palette searches after a short debounce), and on a loaded
    machine those take real time, so after the quick rounds it polls for up to 20 s.
    """
    for _ in range(100):
        if condition():
            return
        await pilot.pause()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"gave up waiting for {what}")


async def burst(pilot: Pilot[object], *keys: str) -> None:
    """Deliver keys all at once, as a paste, a macro or ``tmux send-keys`` does.

    ``pilot.press`` waits for the app to go idle after every key, so it never
    shows what happens when keys arrive faster than the app settles. This puts
    every key in the driver's queue first (the way ``App._press_keys`` builds
    them), then lets the app catch up.
    """
    app = pilot.app
    assert app._driver is not None
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    for _ in range(5):
        await pilot.pause()


def scores(root: Path, class_name: str, student: str, check: str) -> list[Score]:
    """Every saved score of one student's check, oldest first, read from disk again."""
    with Store(root, writable=False) as store:
        record = store.load_class(class_name)
    return sorted((s for s in record.scores if s.student == student and s.check == check), key=Score.order)


def saved_value(root: Path, class_name: str, student: str, check: str) -> int | None:
    found = scores(root, class_name, student, check)
    return found[-1].value if found else None


def score_count(root: Path, class_name: str) -> int:
    with Store(root, writable=False) as store:
        return len(store.load_class(class_name).scores)


def retracted(root: Path, class_name: str, student: str, check: str) -> list[Score]:
    """The scores of one student's check that were taken back (undone), oldest first: kept, never counted."""
    with Store(root, writable=False) as store:
        record = store.load_class(class_name)
    return sorted((s for s in record.retracted if s.student == student and s.check == check), key=Score.order)


async def open_student(pilot: Pilot[object], row: int, key: str = "i") -> None:
    """From the class screen, put the cursor on ``row`` and open that student (``key``: i, or S for the tier bar)."""
    from grouper.ui.widgets.grid import FIXED

    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")  # type: ignore[arg-type]
    grid(app).move_cursor(row=row, column=FIXED)  # type: ignore[arg-type]
    await pilot.pause()
    await pilot.press(key)
    await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")  # type: ignore[arg-type]
