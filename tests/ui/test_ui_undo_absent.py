"""Undo takes a score back and redo brings it back, both recorded (nothing is deleted); the absent mark."""

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
    retracted,
    saved_value,
    scores,
    unplaced,
)

from grouper.store import Store
from grouper.ui.widgets.grid import FIXED


async def test_undo_takes_the_score_back_and_redo_brings_it_back(demo_root: Path) -> None:
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
        assert cell(app, ZOE, "place") == "2 ⟳ stalled ⤓"
        assert "Zoë Ng" in group_cards(app)[0] and "Letter names and sounds" in group_cards(app)[0]
        assert message(app).startswith("Undone: Zoë Ng lid = 47")
        assert grid(app).cursor_coordinate == Coordinate(ZOE_ROW, FIXED + 1)
        # The 52 is taken back, not written over: the history is as before, and the 52 is kept aside.
        assert [s.value for s in scores(demo_root, G1, ZOE, "lid")] == before
        assert [s.value for s in retracted(demo_root, G1, ZOE, "lid")] == [52]

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "52✓"
        assert message(app).startswith("Redone: Zoë Ng lid = ")  # the value shown is checked below

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert message(app) == "Nothing to redo."
    # The same 52 counts again (one assessment, not a second one); the undo and the redo are both recorded.
    assert [s.value for s in scores(demo_root, G1, ZOE, "lid")] == [*before, 52]
    assert retracted(demo_root, G1, ZOE, "lid") == []
    with Store(demo_root, writable=False) as store:
        record = store.load_class(G1)
    (typed,) = [s for s in record.scores if s.student == ZOE and s.check == "lid" and s.value == 52]
    undo, redo = record.retractions[-2:]
    assert (undo.retracts, redo.retracts) == (typed.seq, undo.seq)


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
        assert message(app).startswith("Undone: José Álvarez cvc = no score")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert message(app) == "Nothing to undo."
    # Never scored, as before: the 4 is kept, taken back, and no clear was written after it.
    assert scores(demo_root, G1, JOSE, "cvc") == []
    assert [s.value for s in retracted(demo_root, G1, JOSE, "cvc")] == [4]


async def test_undo_after_quick_entry(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"zoe lid 52", "enter", "escape", "ctrl+z")
        await pilot.pause()
        assert cell(app, ZOE, "lid") == "47·"
    assert scores(demo_root, G1, ZOE, "lid")[-1].value == 47
    assert [s.value for s in retracted(demo_root, G1, ZOE, "lid")] == [52]


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
        assert cell(app, JOSE, "name") == "José Álvarez ⊘"  # the name first, then the mark (its word if room)
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
        assert cell(app, ZOE, "name") == "Zoë Ng ⊘ away"
        assert "Zoë Ng (absent)" in unplaced(app)
        assert cell(app, JOSE, "name") == "José Álvarez"
    assert (ZOE, PLAN_DAY) in _absences(demo_root)
    assert (JOSE, PLAN_DAY) not in _absences(demo_root)
