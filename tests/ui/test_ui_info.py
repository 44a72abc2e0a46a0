"""The pathway map and the help screen: they open, say the right things, and Escape comes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from ui_helpers import G1, grid, make_app, score_count, screen_name, screen_text, wait_for

from grouper.ui.widgets.grid import GRID_KEYS, ScoreGrid


def _all_text(app) -> str:  # type: ignore[no-untyped-def]
    """The text of every Static on the current screen, scrolled into view or not."""
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def test_pathway_map_lists_stages_and_students(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")  # move off the first cell, to see the cursor kept
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(app) == "PathwayMapScreen", "the pathway map")
        text = _all_text(app)
        labels = [s.label for s in app.screen.session.pathway.stages]
        assert len(labels) == 8
        positions = [text.index(f"{n}. {label}") for n, label in enumerate(labels, start=1)]
        assert positions == sorted(positions)  # in order on the path
        assert "lid: Letters named (of 54), mastery 50/54" in text
        assert "Zoë Ng" in text and "★ Complete" in text
        assert "Early literacy (K-1)" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert isinstance(app.focused, ScoreGrid)
        assert grid(app).cursor_coordinate == (0, 3)
    assert score_count(demo_root, G1) == before


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_the_keys(demo_root: Path, key: str) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await wait_for(pilot, lambda: screen_name(app) == "HelpScreen", "the help screen")
        text = _all_text(app)
        for grid_key in GRID_KEYS:
            assert grid_key.description in text
        for words in ("In the grid", "Quick entry", "Absent", "Mark the student", "ctrl+z", "ctrl+y", "?, f1",
                      "ctrl+q", "ctrl+p"):
            assert words in text, words
        assert "grouper keys" in screen_text(app)
        # ? again does not stack a second help screen.
        await pilot.press("question_mark")
        await pilot.pause()
        assert len(app.screen_stack) == 3
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert isinstance(app.focused, ScoreGrid)
        await pilot.press("5", "enter")  # keys go to the grid again
        await pilot.pause()
    assert score_count(demo_root, G1) == before + 1


async def test_help_on_the_welcome_screen(empty_root: Path) -> None:
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: screen_name(app) == "HelpScreen", "the help screen")
        text = _all_text(app)
        assert "In the grid" not in text and "Quick entry" in text
        await pilot.press("q")
        await wait_for(pilot, lambda: screen_name(app) == "WelcomeScreen", "the welcome screen")


async def test_command_palette_runs_an_action(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"pathway map")
        await wait_for(pilot, lambda: "The stages in order" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "PathwayMapScreen", "the pathway map")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert isinstance(app.focused, ScoreGrid)
