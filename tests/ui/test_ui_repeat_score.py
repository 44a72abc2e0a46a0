"""A score is an assessment even when it repeats the last one (issue #17)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ui_helpers import TODAY, cell, make_app, message, retracted, scores, two_stage_pathway, wait_for

from grouper.core.models import ClassRecord, Score, Student
from grouper.store import Store

CLASS = "Repeat class"
OLD = TODAY - dt.timedelta(days=20)


def _root(tmp_path: Path) -> Path:
    """One student with 5 on snd, scored 20 days ago: due a check today."""
    root = tmp_path / "store"
    with Store(root, writable=True) as store:
        store.create_class(ClassRecord(CLASS, two_stage_pathway(), students=[Student("h1", "Hana Suzuki")],
                                       scores=[Score("h1", "snd", 5, OLD, 1)]))
    return root


async def test_grid_enter_of_the_same_value_saves_a_new_score_and_clears_due(tmp_path: Path) -> None:
    root = _root(tmp_path)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "◷" in cell(app, "h1", "place"), "the due marker")
        await pilot.press("5", "enter")
        await wait_for(pilot, lambda: "same as before" in message(app), "the repeat confirmed")
        assert "▏" not in cell(app, "h1", "snd") and cell(app, "h1", "snd").startswith("5")
        assert "◷" not in cell(app, "h1", "place")
        assert len(message(app).splitlines()) == 1 and len(message(app)) <= 80
    assert [(s.value, s.date) for s in scores(root, CLASS, "h1", "snd")] == [(5, OLD), (5, TODAY)]


async def test_enter_with_nothing_typed_saves_nothing(tmp_path: Path) -> None:
    root = _root(tmp_path)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "◷" in cell(app, "h1", "place")
    assert len(scores(root, CLASS, "h1", "snd")) == 1


async def test_quick_entry_repeat_is_saved_and_confirmed(tmp_path: Path) -> None:
    root = _root(tmp_path)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(":", *"hana snd 5", "enter")
        await wait_for(pilot, lambda: "same as before" in message(app), "the repeat confirmed")
        assert message(app).startswith("Saved: Hana Suzuki snd = 5 (same as before)")
        assert "◷" not in cell(app, "h1", "place")
        assert len(scores(root, CLASS, "h1", "snd")) == 2

        # Undo takes the re-assessment itself back (recorded, never deleted): due again, as before it.
        await pilot.press("escape", "ctrl+z")
        await wait_for(pilot, lambda: message(app).startswith("Undone"), "the undo")
        assert message(app).startswith("Undone: Hana Suzuki snd = 5 (repeat taken back)")
        assert cell(app, "h1", "snd").startswith("5")
        await wait_for(pilot, lambda: "◷" in cell(app, "h1", "place"), "the due marker back")
        assert [(s.value, s.date) for s in scores(root, CLASS, "h1", "snd")] == [(5, OLD)]
        assert [(s.value, s.date) for s in retracted(root, CLASS, "h1", "snd")] == [(5, TODAY)]
