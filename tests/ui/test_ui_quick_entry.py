"""The reading-conference prompt: ``:zoe lid 52⏎`` in two seconds, never a silent wrong match."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from ui_helpers import (
    G1,
    JOSE,
    ZOE,
    ZOE_ROW,
    burst,
    cell,
    grid,
    make_app,
    message,
    preview,
    quick,
    saved_value,
    score_count,
    screen_name,
    status,
    wait_for,
)

from grouper.store import Store
from grouper.ui.widgets.grid import FIXED, ScoreGrid

LID = FIXED + 1


async def test_quick_entry_burst_saves(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(":", *"zoe lid 52", "enter")
        await wait_for(pilot, lambda: cell(app, ZOE, "lid") == "52✓", "Zoë's lid to show 52")
        assert quick(app).value == ""  # ready for the next child
        assert "Saved: Zoë Ng lid = 52" in message(app)
        # The grid cursor goes to the cell that was just saved.
        assert grid(app).cursor_coordinate == Coordinate(ZOE_ROW, LID)
        assert cell(app, ZOE, "place").startswith("3 Phonemic")
        # None of the prompt's letters leaked into the grid.
        assert not grid(app).editing
    assert saved_value(demo_root, G1, ZOE, "lid") == 52
    assert saved_value(demo_root, G1, JOSE, "cap") == 10


async def test_preview_names_what_each_part_matches(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(":", *"zoe lid")
        await pilot.pause()
        shown = preview(app)
        assert "Zoë Ng" in shown and "lid (Letters named (of 54))" in shown
        await pilot.press(*" 52")
        await pilot.pause()
        assert "= 52  ⏎ saves" in preview(app)
        await pilot.press("escape")
        await pilot.pause()
        assert preview(app) == ""
    assert saved_value(demo_root, G1, ZOE, "lid") == 47


async def test_ambiguous_name_is_named_and_nothing_saved(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"noah lid 50", "enter")
        await pilot.pause()
        text = message(app)
        assert text.startswith("Not saved:")
        assert "Noah Williams" in text and "Noah Kowalczyk" in text
        assert app.screen.query_one("#message").has_class("problem")
        assert quick(app).value == "noah lid 50"  # kept, to add a letter of the surname
        assert app.focused is quick(app)
        # Adding the surname makes it unique and saves.
        await pilot.press("home", *["right"] * 4, *" k", "enter")
        await wait_for(pilot, lambda: quick(app).value == "", "the prompt to clear")
        assert "Saved: Noah Kowalczyk lid = 50" in message(app)
    assert score_count(demo_root, G1) == before + 1
    assert saved_value(demo_root, G1, "s10", "lid") == 50


async def test_out_of_scale_score_is_refused(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"zoe lid 99", "enter")
        await pilot.pause()
        assert "Not saved" in message(app) and "0 to 54" in message(app)
        assert cell(app, ZOE, "lid") == "47·"
    assert score_count(demo_root, G1) == before


async def test_escape_closes_the_prompt_and_next_keys_go_to_the_grid(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", "z", "o", "escape", "5", "enter")
        await pilot.pause()
        assert isinstance(app.focused, ScoreGrid)
        assert quick(app).value == ""
        assert cell(app, JOSE, "cap") == "5·"
        assert grid(app).cursor_coordinate == Coordinate(1, FIXED)
    assert saved_value(demo_root, G1, JOSE, "cap") == 5
    assert saved_value(demo_root, G1, ZOE, "lid") == 47


async def test_burst_with_backspaces_keeps_key_order(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"zoe lud", "backspace", "backspace", *"id 52", "enter")
        await wait_for(pilot, lambda: cell(app, ZOE, "lid") == "52✓", "Zoë's lid to show 52")
    assert saved_value(demo_root, G1, ZOE, "lid") == 52


async def test_colon_in_a_dialog_is_typed_not_a_prompt(empty_root: Path) -> None:
    """':' opens the prompt from the grid, but inside another text box it is just a character."""
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "NewClassDialog", "the new-class dialog")
        await pilot.press(*"Room 7: reading", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the new class")
        assert "Room 7: reading" in status(app)
        # In the class, ':' opens the prompt and is not typed into it.
        await pilot.press(":")
        assert app.focused is quick(app) and quick(app).value == ""
    with Store(empty_root, writable=False) as store:
        assert store.class_names() == ["Room 7: reading"]


async def test_two_entries_in_a_row(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"zoe lid 52", "enter", *"jose cap 11", "enter")
        await wait_for(pilot, lambda: cell(app, JOSE, "cap") == "11✓", "José's cap to show 11")
        assert cell(app, ZOE, "lid") == "52✓"
    assert saved_value(demo_root, G1, ZOE, "lid") == 52
    assert saved_value(demo_root, G1, JOSE, "cap") == 11


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param((":", *"zoe lid 52", "enter", *"jose cap 11", "enter"), id="one-colon"),
        pytest.param((":", *"zoe lid 52", "enter", ":", *"jose cap 11", "enter"), id="colon-each-line"),
    ],
)
async def test_two_entries_arriving_at_once(demo_root: Path, keys: tuple[str, ...]) -> None:
    """A paste or a fast typist: the second line is not typed onto the first while it is saved."""
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, *keys)
        await wait_for(pilot, lambda: cell(app, JOSE, "cap") == "11✓", "José's cap to show 11")
        assert cell(app, ZOE, "lid") == "52✓"
        assert message(app).startswith("Saved: José Álvarez cap = 11")
        assert quick(app).value == ""
    assert saved_value(demo_root, G1, ZOE, "lid") == 52
    assert saved_value(demo_root, G1, JOSE, "cap") == 11


async def test_colon_again_in_the_open_prompt_starts_the_next_entry(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"zoe lid 52", "enter")
        await wait_for(pilot, lambda: cell(app, ZOE, "lid") == "52✓", "Zoë's lid to show 52")
        assert app.focused is quick(app)
        await pilot.press(":")  # habit: every line starts with ':'
        assert quick(app).value == ""
        await pilot.press(*"jose cap 11", "enter")
        await wait_for(pilot, lambda: cell(app, JOSE, "cap") == "11✓", "José's cap to show 11")
    assert saved_value(demo_root, G1, JOSE, "cap") == 11
