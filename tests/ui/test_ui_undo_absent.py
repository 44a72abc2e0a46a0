"""Undo and redo append scores (history is never rewritten); the absent mark for tomorrow."""

from __future__ import annotations

from pathlib import Path

from textual.coordinate import Coordinate
from ui_helpers import (
    G1,
    JOSE,
    PLAN_DAY,
    ZOE,
    ZOE_ROW,
    cell,
    grid,
    group_cards,
    make_app,
    message,
    saved_value,
    scores,
    unplaced,
)

from grouper.store import Store
from grouper.ui.widgets.grid import FIXED


async def test_undo_puts_the_old_value_back_and_redo_reapplies(demo_root: Path) -> None:
    before = [s.value for s in scores(demo_root, G1, ZOE, "lid")]
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["down"] * ZOE_ROW, "right", "5", "2", "enter")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "52✓"
        assert [s.value for s in scores(demo_root, G1, ZOE, "lid")] == [*before, 52]

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "47·"
        assert cell(app, ZOE, "place") == "2 ▸ ⟳ stalled"
        assert "Zoë Ng" in group_cards(app)[0] and "Letter names and sounds" in group_cards(app)[0]
        assert message(app).startswith("Undone: Zoë Ng lid = 47")
        assert grid(app).cursor_coordinate == Coordinate(ZOE_ROW, FIXED + 1)
        assert [s.value for s in scores(demo_root, G1, ZOE, "lid")] == [*before, 52, 47]

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "52✓"
        assert message(app).startswith("Redone: Zoë Ng lid = ")  # the value shown is checked below

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert message(app) == "Nothing to redo."
    assert [s.value for s in scores(demo_root, G1, ZOE, "lid")] == [*before, 52, 47, 52]


async def test_redo_message_names_the_value_reapplied(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"zoe lid 52", "enter", "escape", "ctrl+z", "ctrl+y")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "52✓"
        assert saved_value(demo_root, G1, ZOE, "lid") == 52
        assert message(app).startswith("Redone: Zoë Ng lid = 52")


async def test_undo_of_a_first_score_clears_the_cell(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["tab"] * 6)  # José's cvc, never scored
        await pilot.press("4", "enter", "ctrl+z")
        await pilot.pause()
        assert cell(app, JOSE, "cvc") == "–"
        assert message(app).startswith("Undone: José Álvarez cvc = cleared")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert message(app) == "Nothing to undo."
    assert [s.value for s in scores(demo_root, G1, JOSE, "cvc")] == [4, None]


async def test_undo_after_quick_entry(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"zoe lid 52", "enter", "escape", "ctrl+z")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "47·"
    assert scores(demo_root, G1, ZOE, "lid")[-1].value == 47


def _absences(root: Path) -> set[tuple[str, object]]:
    with Store(root, writable=False) as store:
        return {(a.student, a.date) for a in store.load_class(G1).absences}


async def test_absent_toggle_marks_and_unmarks_the_student(demo_root: Path) -> None:
    assert (JOSE, PLAN_DAY) not in _absences(demo_root)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("José Álvarez" in c for c in group_cards(app))
        await pilot.press("a")
        await pilot.pause()
        assert cell(app, JOSE, "name").startswith("⊘ away José")
        assert "José Álvarez (absent)" in unplaced(app)
        assert all("José Álvarez" not in c for c in group_cards(app))
        assert message(app) == "José Álvarez is away on Mon 23 Nov"
        assert (JOSE, PLAN_DAY) in _absences(demo_root)

        await pilot.press("a")
        await pilot.pause()
        assert cell(app, JOSE, "name") == "José Álvarez"
        assert "José Álvarez" not in unplaced(app)
        assert any("José Álvarez" in c for c in group_cards(app))
        assert message(app) == "José Álvarez is back in the groups on Mon 23 Nov"
    assert (JOSE, PLAN_DAY) not in _absences(demo_root)


async def test_absent_follows_the_cursor_row(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["down"] * ZOE_ROW, "a")
        await pilot.pause()
        assert cell(app, ZOE, "name").startswith("⊘ away")
        assert "Zoë Ng (absent)" in unplaced(app)
        assert cell(app, JOSE, "name") == "José Álvarez"
    assert (ZOE, PLAN_DAY) in _absences(demo_root)
    assert (JOSE, PLAN_DAY) not in _absences(demo_root)
