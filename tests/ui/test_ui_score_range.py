"""A score below 0 gets the one sentence, however it was typed (issue #17)."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import G1, ZOE, ZOE_ROW, grid, make_app, message, quick, saved_value, wait_for

from grouper.ui.screens.class_screen import ClassScreen
from grouper.ui.widgets.grid import FIXED

LID = FIXED + 1
BELOW_0 = "a score cannot be below 0 (Letters named (of 54) is scored 0 to 54)"


async def test_minus_3_in_the_grid_and_quick_entry_says_one_sentence(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = grid(app)
        table.focus()
        table.move_cursor(row=ZOE_ROW, column=LID)
        await pilot.press("-", "3", "enter")  # typed as a teacher would, refused whole: no 3 saved
        await wait_for(pilot, lambda: BELOW_0 in message(app), "the grid to refuse -3")
        assert message(app) == BELOW_0
        await pilot.press("escape")
        # What the grid hands the screen when "-3" is typed into a cell.
        screen = app.screen
        assert isinstance(screen, ClassScreen)
        assert screen.commit(ZOE_ROW, LID, "-3") == BELOW_0
        await pilot.press(":", *"zoe lid -3", "enter")
        await wait_for(pilot, lambda: "Not saved" in message(app), "the prompt to refuse -3")
        assert message(app) == f"Not saved: {BELOW_0}"
        assert quick(app).value == "zoe lid -3"
    assert saved_value(demo_root, G1, ZOE, "lid") == 47
