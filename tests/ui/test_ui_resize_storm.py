"""Resize storms and tiny terminals: the app never crashes, and a typed score is still saved after.

A storm is many resizes in a row, through sizes down to 1x1 and back to 80x24:
first one at a time with the app settling in between (each size is laid out
and painted), then all at once (the app sees them faster than it can lay out).
It runs on the class screen, on a dialog (settings), on the week view and on
the help screen; afterwards the screen still closes with Escape and the grid
still saves what is typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.drivers.headless_driver import HeadlessDriver
from textual.geometry import Size
from textual.pilot import Pilot
from ui_helpers import (
    G1,
    JOSE,
    SIOBHAN,
    cell,
    grid,
    group_cards,
    make_app,
    message,
    saved_value,
    screen_name,
    screen_text,
    wait_for,
)

from grouper.ui.app import GrouperApp
from grouper.ui.widgets.grid import ScoreGrid

#: Very small, lopsided and large sizes, ending where a teacher's terminal is.
SIZES = [(1, 1), (10, 3), (20, 5), (40, 10), (2, 1), (1, 30), (300, 2), (3, 100), (200, 60), (15, 4), (80, 24)]


def post_resize(app: GrouperApp, width: int, height: int) -> None:
    """What a terminal's SIGWINCH turns into, without waiting for the app to catch up."""
    size = Size(width, height)
    assert isinstance(app._driver, HeadlessDriver)
    app._driver._size = size
    app.post_message(events.Resize(size, size))


async def storm(pilot: Pilot[object], app: GrouperApp) -> None:
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        assert app.size == (width, height)
        screen_text(app)  # paints at this size without an error
    for _ in range(5):
        for width, height in SIZES:
            post_resize(app, width, height)
    await wait_for(pilot, lambda: app.size == (80, 24), "the app to settle at 80x24")
    await pilot.pause()
    assert app.is_running and app.return_code is None


@pytest.mark.parametrize(
    ("key", "screen"),
    [
        pytest.param(None, "ClassScreen", id="class-screen"),
        pytest.param("s", "SettingsDialog", id="settings-dialog"),
        pytest.param("v", "WeekScreen", id="week-view"),
        pytest.param("question_mark", "HelpScreen", id="help"),
    ],
)
async def test_resize_storm_then_a_score_is_still_saved(demo_root: Path, key: str | None, screen: str) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        if key is not None:
            await pilot.press(key)
            await wait_for(pilot, lambda: screen_name(app) == screen, screen)
        await storm(pilot, app)
        assert screen_name(app) == screen
        if key is not None:
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen again")
        await wait_for(pilot, lambda: isinstance(app.focused, ScoreGrid), "the grid to have focus")
        await pilot.press("6", "enter")
        await wait_for(pilot, lambda: message(app).startswith("Saved: José Álvarez cap = 6"), "the score to be saved")
        assert cell(app, JOSE, "cap") == "6·"
        shown = screen_text(app)
        assert len(shown.splitlines()) == 24
        assert "Grade 1" in shown and "José Álvarez" in shown and "Profile" in shown and "Group 1" in shown
        assert len(group_cards(app)) == 5
    assert saved_value(demo_root, G1, JOSE, "cap") == 6


async def test_typing_in_a_tiny_terminal_saves(demo_root: Path) -> None:
    """Digits typed while the terminal is a few cells wide land in the cell under the cursor, and are kept."""
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.resize_terminal(10, 3)
        await pilot.press("7", "enter")
        await pilot.resize_terminal(1, 1)
        await pilot.press("8", "enter")
        post_resize(app, 3, 2)
        post_resize(app, 80, 24)
        await wait_for(pilot, lambda: app.size == (80, 24), "the app to settle at 80x24")
        await wait_for(pilot, lambda: cell(app, SIOBHAN, "cap") == "8·", "the second score to show")
        assert cell(app, JOSE, "cap") == "7·"
        assert grid(app).cursor_coordinate.row == 2
    assert saved_value(demo_root, G1, JOSE, "cap") == 7
    assert saved_value(demo_root, G1, SIOBHAN, "cap") == 8
