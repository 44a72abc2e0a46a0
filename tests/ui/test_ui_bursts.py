"""Keys that arrive all at once (a paste, a macro, tmux send-keys, a very fast typist).

``pilot.press`` lets the app settle after each key; ``burst`` does not, which is
how keys reach the app from a real terminal when they come faster than it redraws.
"""

from __future__ import annotations

from pathlib import Path

from textual.coordinate import Coordinate
from ui_helpers import G1, JOSE, SIOBHAN, ZOE, burst, cell, grid, make_app, message, quick, saved_value, score_count

from grouper.store import Store
from grouper.ui.widgets.grid import FIXED, ScoreGrid


async def test_burst_down_a_column(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "5", "enter", "6", "enter")
        assert grid(app).cursor_coordinate == Coordinate(2, FIXED)
        assert (cell(app, JOSE, "cap"), cell(app, SIOBHAN, "cap")) == ("5·", "6·")
    assert saved_value(demo_root, G1, JOSE, "cap") == 5
    assert saved_value(demo_root, G1, SIOBHAN, "cap") == 6


async def test_burst_quick_entry(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, ":", *"zoe lud", "backspace", "backspace", *"id 52", "enter")
        assert cell(app, ZOE, "lid") == "52✓"
        assert quick(app).value == ""
    assert saved_value(demo_root, G1, ZOE, "lid") == 52
    assert saved_value(demo_root, G1, JOSE, "cap") == 10  # no letter leaked into the grid


async def test_burst_escape_from_the_prompt_lands_in_the_grid(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, ":", "z", "o", "escape", "5", "enter")
        assert isinstance(app.focused, ScoreGrid)
        assert cell(app, JOSE, "cap") == "5·"
    assert saved_value(demo_root, G1, JOSE, "cap") == 5


async def test_burst_escape_leaves_the_prompt_empty(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, ":", "z", "o", "escape")
        assert isinstance(app.focused, ScoreGrid)
        assert quick(app).value == ""


async def test_burst_leaves_no_stale_typing_message(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "5", "enter", "6", "enter")
        assert not grid(app).editing
        assert saved_value(demo_root, G1, SIOBHAN, "cap") == 6
        assert "Typing" not in message(app), message(app)


async def test_burst_into_the_settings_dialog_never_writes_a_score(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "s", "tab", "tab", "3", "enter")
        await pilot.pause()
    assert score_count(demo_root, G1) == before, f"José's lsnd is now {saved_value(demo_root, G1, JOSE, 'lsnd')}"
    with Store(demo_root, writable=False) as store:
        assert store.load_class(G1).settings.max_groups == 3


async def test_burst_into_the_class_picker(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "c", "down", "down", "down", "enter")  # past Rooms 8 and 9
        await pilot.pause()
        assert type(app.screen).__name__ == "ClassScreen"
        assert app.screen.session.name == "Grade 3 — Maths"
