"""Typing scores into the grid: every key where the teacher meant it, every score kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from ui_helpers import (
    G1,
    JOSE,
    SIOBHAN,
    TODAY,
    ZOE,
    ZOE_ROW,
    cell,
    grid,
    group_cards,
    make_app,
    message,
    profile,
    saved_value,
    score_count,
    scores,
    status,
    wait_for,
)

from grouper.ui.app import GrouperApp
from grouper.ui.widgets.grid import FIXED, ScoreGrid
from grouper.ui.widgets.panels import Panel

CAP, LID = FIXED, FIXED + 1  # the first two check columns: cap (max 12), lid (max 54)


async def test_digits_then_enter_saves_and_moves_down(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert cell(app, JOSE, "cap") == "10✓"
        await pilot.press("1", "1")
        assert cell(app, JOSE, "cap") == "11▏"  # the typed text shows in the cell
        assert "Typing 11" in message(app)
        await pilot.press("enter")
        assert grid(app).cursor_coordinate == Coordinate(1, CAP)
        assert cell(app, JOSE, "cap") == "11✓"
        assert message(app).startswith("Saved: José Álvarez cap = 11")
        assert "saved 16:05:00" in status(app)
    saved = scores(demo_root, G1, JOSE, "cap")[-1]
    assert (saved.value, saved.date) == (11, TODAY)


async def test_burst_fills_consecutive_students_in_order(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "enter", "6", "enter")
        await wait_for(pilot, lambda: grid(app).cursor_coordinate == Coordinate(2, CAP), "cursor on row 3")
        assert cell(app, JOSE, "cap") == "5·"
        assert cell(app, SIOBHAN, "cap") == "6·"
    assert saved_value(demo_root, G1, JOSE, "cap") == 5
    assert saved_value(demo_root, G1, SIOBHAN, "cap") == 6


async def test_long_burst_down_a_column(demo_root: Path) -> None:
    """A fast typist entering a whole column: 12⏎ 3⏎ 10⏎ 0⏎."""
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "2", "enter", "3", "enter", "1", "0", "enter", "0", "enter")
        await pilot.pause()
        assert grid(app).cursor_coordinate == Coordinate(4, CAP)
    assert [saved_value(demo_root, G1, f"s0{i}", "cap") for i in range(1, 5)] == [12, 3, 10, 0]


async def test_tab_saves_and_moves_right(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9", "tab", "5", "1", "tab")
        await pilot.pause()
        assert grid(app).cursor_coordinate == Coordinate(0, LID + 1)
        assert cell(app, JOSE, "cap") == "9·"
        assert cell(app, JOSE, "lid") == "51✓"
        await pilot.press("shift+tab", "shift+tab")
        assert grid(app).cursor_coordinate == Coordinate(0, CAP)
    assert saved_value(demo_root, G1, JOSE, "cap") == 9
    assert saved_value(demo_root, G1, JOSE, "lid") == 51


async def test_escape_cancels_the_entry(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7")
        assert cell(app, JOSE, "cap") == "7▏"
        await pilot.press("escape")
        await pilot.pause()
        assert cell(app, JOSE, "cap") == "10✓"
        assert message(app) == "Cancelled."
        assert not grid(app).editing
        # Enter after a cancel just moves on: nothing is pending.
        await pilot.press("enter")
        assert grid(app).cursor_coordinate == Coordinate(1, CAP)
        assert cell(app, JOSE, "cap") == "10✓"
    assert score_count(demo_root, G1) == before


async def test_backspace_while_typing_edits_the_entry(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8", "9", "backspace", "enter")
        await pilot.pause()
        assert cell(app, JOSE, "cap") == "8·"
    assert saved_value(demo_root, G1, JOSE, "cap") == 8


async def test_out_of_range_is_refused_in_place(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "9", "9", "enter")
        await pilot.pause()
        table = grid(app)
        assert table.cursor_coordinate == Coordinate(0, LID)  # did not move on
        assert table.editing and table.buffer == "99"
        assert cell(app, JOSE, "lid") == "99▏"
        text = message(app)
        assert "a score cannot be above 54" in text and "0 to 54" in text
        assert app.screen.query_one("#message").has_class("problem")
        # Escape gives the saved value back.
        await pilot.press("escape")
        await pilot.pause()
        assert cell(app, JOSE, "lid") == "53✓"
    assert score_count(demo_root, G1) == before
    assert saved_value(demo_root, G1, JOSE, "lid") == 53


async def test_refused_entry_can_be_corrected(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "9", "9", "enter", "backspace", "backspace", "4", "9", "enter")
        await pilot.pause()
        assert grid(app).cursor_coordinate == Coordinate(1, LID)
        assert cell(app, JOSE, "lid") == "49·"
    assert saved_value(demo_root, G1, JOSE, "lid") == 49


async def test_backspace_on_a_cell_clears_it(demo_root: Path) -> None:
    before = scores(demo_root, G1, JOSE, "cap")
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert cell(app, JOSE, "place").startswith("4 High-frequ")
        await pilot.press("backspace")
        await pilot.pause()
        assert cell(app, JOSE, "cap") == "–"
        # Without a print-concepts score José needs assessing at stage 1 again.
        assert cell(app, JOSE, "place").startswith("1? Concepts")
        assert message(app).startswith("Saved: José Álvarez cap = cleared")
        assert grid(app).cursor_coordinate == Coordinate(0, CAP)
    after = scores(demo_root, G1, JOSE, "cap")
    assert after[: len(before)] == before  # history is kept
    assert len(after) == len(before) + 1
    assert after[-1].value is None


async def test_delete_on_an_empty_cell_saves_nothing(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")  # José's cvc: never scored
        await pilot.pause()
        assert cell(app, JOSE, "cvc") == "–"
        await pilot.press("delete")
        await pilot.pause()
        assert cell(app, JOSE, "cvc") == "–"
    assert score_count(demo_root, G1) == before


async def test_arrow_keys_move_and_stop_at_the_place_column(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("left", "left", "up")
        assert grid(app).cursor_coordinate == Coordinate(0, CAP - 1)  # Place, never the name
        await pilot.press("4")  # a digit on the Place column is not a score
        await pilot.pause()
        assert score_count(demo_root, G1) == before
        await pilot.press("right")
        assert grid(app).cursor_coordinate == Coordinate(0, CAP)
        await pilot.press("j", "j", "l", "k", "h")
        assert grid(app).cursor_coordinate == Coordinate(1, CAP)
        # An arrow saves what was typed, like a spreadsheet.
        await pilot.press("3", "down")
        await pilot.pause()
        assert grid(app).cursor_coordinate == Coordinate(2, CAP)
    assert saved_value(demo_root, G1, SIOBHAN, "cap") == 3


async def test_groups_panel_takes_focus_and_escape_comes_back(demo_root: Path) -> None:
    from grouper.ui.widgets.panels import GroupsPanel

    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        assert isinstance(app.focused, GroupsPanel)
        await pilot.press("5", "enter", "down")  # digits mean nothing here
        assert not grid(app).editing
        await pilot.press("escape")
        assert app.focused is grid(app)
        assert grid(app).cursor_coordinate == Coordinate(0, CAP)
    assert score_count(demo_root, G1) == before


def _count(text: str, label: str) -> int:
    found = re.search(rf"{re.escape(label)} (\d+)", text)
    assert found, f"{label} not in {text!r}"
    return int(found.group(1))


async def test_commit_moves_placement_groups_and_profile(demo_root: Path) -> None:
    """Zoë's lid goes from 47 (below mastery 50) to 52: she moves up to phonemic awareness."""
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["down"] * ZOE_ROW, "right")
        assert grid(app).cursor_coordinate == Coordinate(ZOE_ROW, LID)
        assert cell(app, ZOE, "lid") == "47·"
        assert cell(app, ZOE, "place") == "2 ⟳ stalled ⤓"  # and below her goal line
        cards = group_cards(app)
        assert cards[0].startswith("Group 1 · Letter names and sounds")
        assert "Zoë Ng" in cards[0]
        shown = profile(app)
        s2, s3 = _count(shown, "S2"), _count(shown, "S3")

        await pilot.press("5", "2", "enter")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "52✓"
        assert cell(app, ZOE, "place").startswith("3 Phonemic")
        cards = group_cards(app)
        assert cards[0].startswith("Group 1 · Phonemic awareness")
        assert "Zoë Ng" in cards[0]
        assert all("Letter names and sounds" not in c for c in cards)  # nobody is left there
        shown = profile(app)
        assert (_count(shown, "S2"), _count(shown, "S3")) == (s2 - 1, s3 + 1)
        assert "Saved: Zoë Ng lid = 52  →  Phonemic awareness (working on it)" in message(app)
        assert app.screen.session.placements[ZOE].stage_id == "phonemes"
    assert saved_value(demo_root, G1, ZOE, "lid") == 52


@pytest.fixture
def empty_class_root(tmp_path: Path) -> Path:
    from grouper.core.models import ClassRecord
    from grouper.formats.pathways import builtin_pathways
    from grouper.store import Store

    root = tmp_path / "store"
    with Store(root, writable=True) as store:
        store.create_class(ClassRecord("Empty", builtin_pathways()["early-literacy"]))
    return root


async def test_keys_on_an_empty_class_do_not_crash(empty_class_root: Path) -> None:
    app = make_app(empty_class_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert grid(app).row_count == 0
        await pilot.press("enter", "tab", "down", "a", "ctrl+z", "ctrl+y", "p", "escape", "g", "escape")
        await pilot.press(":", *"zo 5", "enter", "escape")
        await pilot.pause()
        assert "Empty" in status(app)
        assert message(app) == "Not saved: no student 'zo 5'"
    assert score_count(empty_class_root, "Empty") == 0


@pytest.mark.parametrize(
    "keys",
    [("5", "enter"), ("backspace",), ("delete",)],
    ids=["digit", "backspace", "delete"],
)
async def test_entry_keys_on_an_empty_class_do_not_crash(empty_class_root: Path, keys: tuple[str, ...]) -> None:
    app = make_app(empty_class_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert "Empty" in status(app)
    assert score_count(empty_class_root, "Empty") == 0


@pytest.mark.parametrize(
    ("keys", "column"),
    [
        pytest.param(("7", "a"), "cap", id="absent"),
        pytest.param(("7", "t"), "cap", id="theme"),
        pytest.param(("5", "enter", "up", "tab", "7", "ctrl+z"), "lid", id="undo-same-row"),
    ],
)
async def test_pending_entry_is_never_hidden(demo_root: Path, keys: tuple[str, ...], column: str) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        table = grid(app)
        shown = cell(app, JOSE, column)
        # Either the entry is still on screen, or it was dropped: never pending and invisible.
        assert shown == "7▏" or not table.editing, f"cell shows {shown!r} while {table.buffer!r} is pending"


async def test_page_keys_do_not_leave_a_ghost_entry(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7", "pagedown", "5", "enter")
        await pilot.pause()
        saved = saved_value(demo_root, G1, JOSE, "cap")
        assert saved in (7, 10)
        # What the cell shows is what was saved: no number left on screen that is not in the store.
        assert cell(app, JOSE, "cap") == ("7·" if saved == 7 else "10✓")


def _lines_drawn(g: ScoreGrid) -> list[list[object]]:
    return [list(g.render_line(y)) for y in range(g.size.height)]


async def _assert_drawn_fresh(pilot: Pilot[object], g: ScoreGrid, step: str) -> None:
    """Every visible line of the grid is what the grid would draw with no line or cell kept from before.

    Both what ``render_line`` gives and what is on the screen: a row whose change was never
    refreshed would still show its old line, however right the grid's own cache is.
    """
    ours = _lines_drawn(g)
    shown = pilot.app.export_screenshot()
    g.clear_drawn()
    fresh = _lines_drawn(g)
    stale = [y for y, (a, b) in enumerate(zip(ours, fresh, strict=True)) if a != b]
    assert not stale, f"after {step}: lines {stale} show something old"
    g.refresh()
    await pilot.pause()
    assert pilot.app.export_screenshot() == shown, f"after {step}: the screen shows something old"


async def test_moving_the_cursor_and_saving_never_leave_an_old_line_on_screen(demo_root: Path) -> None:
    """The grid keeps drawn lines across cursor moves (only the rows the cursor left or entered change)."""
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        g = grid(app)
        await _assert_drawn_fresh(pilot, g, "opening")
        steps = [("1", "1", "enter"), ("down",), ("right",), ("3", "enter"), ("up", "up"), ("left",),
                 ("5",), ("escape",), ("t",), ("down",) * 25, ("9", "enter"), ("home",), ("t",), ("t",),
                 ("g",), ("escape",), ("end",), ("pageup",), ("ctrl+end",)]  # focus away and back, then scrolled
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            await _assert_drawn_fresh(pilot, g, " ".join(keys))
        await pilot.hover(g, offset=(30, 5))
        await pilot.pause()
        await _assert_drawn_fresh(pilot, g, "hover")


def _cards_fit(app: GrouperApp) -> None:
    """Each group card is as tall as its words (a card that grew is laid out again, not cut off)."""
    for card in app.screen.query("#groups .card").results(Panel):
        width = card.content_size.width
        assert card.content_size.height == card.shown.get_height(card.styles, width), card.shown.plain


async def test_group_cards_grow_and_shrink_with_the_groups(demo_root: Path) -> None:
    """Six students in a row score 0 on the first check: they all go back to the first stage."""
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        _cards_fit(app)
        heights = set()
        for _ in range(6):
            await pilot.press("0", "enter")
            await pilot.pause()
            _cards_fit(app)
            heights.add(tuple(c.content_size.height for c in app.screen.query("#groups .card").results(Panel)))
        assert len(heights) > 1  # the cards did change height along the way
