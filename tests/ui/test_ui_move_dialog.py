"""The move dialog: j/k as in the grid, the student's own group marked, choosing it stores nothing,
and a student away on the plan day is warned about."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from ui_helpers import ZOE_ROW, grid, make_app, message, screen_name, wait_for

from grouper.store import Store
from grouper.ui.widgets.grid import FIXED

CLASS = "Grade 1 — Room 7"


def _options(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def _overrides(root: Path) -> list[object]:
    with Store(root, writable=False) as store:
        return list(store.load_class(CLASS).overrides)


async def test_the_own_group_is_marked_and_choosing_it_stores_nothing(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "MoveDialog", "the move dialog")
        options = _options(app)
        assert options[0].startswith("Group 1") and options[0].endswith("◂ now")  # Zoë's own group
        assert not any(o.endswith("◂ now") for o in options[1:])
        await pilot.press("enter")
        await wait_for(pilot, lambda: "in that group already" in message(app), "the answer")
        assert message(app) == "Zoë Ng is in that group already: nothing changed"
        assert _overrides(demo_root) == []


async def test_j_and_k_move_in_the_dialog_lists_as_in_the_grid(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "MoveDialog", "the move dialog")
        await pilot.press("j", "j", "k", "enter")  # down twice, up once: Group 2
        await wait_for(pilot, lambda: "moved to the High-frequency words group" in message(app), "the move")
        assert [o.stage for o in _overrides(demo_root)] == ["sight"]  # type: ignore[attr-defined]
        await pilot.press("c")  # the class picker moves the same way
        await wait_for(pilot, lambda: screen_name(app) != "ClassScreen", "the class picker")
        picker = app.screen.query_one(OptionList)
        start = picker.highlighted or 0
        await pilot.press("j")
        assert picker.highlighted == start + 1
        await pilot.press("k")
        assert picker.highlighted == start


async def test_moving_a_student_away_on_the_plan_day_warns(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        screen = app.screen
        row = screen.row_ids.index(next(s.id for s in screen.session.students  # type: ignore[attr-defined]
                                        if s.name == "Дмитрий Иванов"))
        grid(app).move_cursor(row=row, column=FIXED)
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "MoveDialog", "the move dialog")
        texts = " ".join(str(w.render()) for w in app.screen.query(".warning"))
        assert "⊘ Away on Mon 23 Nov" in texts
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: "(away that day)" in message(app), "the warning after the move")
