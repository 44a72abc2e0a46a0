"""The MTSS meeting screen (M): the demo's Tier 2 and 3 students, a review due, sessions short of the plan."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable
from ui_helpers import make_app, screen_name, screen_text, wait_for


def _rows(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(DataTable)
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_m_shows_the_tiers_the_review_due_and_the_short_dose(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("M")
        await wait_for(pilot, lambda: screen_name(app) == "MtssScreen", "the MTSS screen")
        text = screen_text(app)
        assert "Grade 1 — Room 7: MTSS review" in text
        assert "Tier 1: 23 · Tier 2: 2 · Tier 3: 1" in text
        rows = _rows(app)
        noah = next(r for r in rows if r.startswith("Noah Williams"))
        zoe = next(r for r in rows if r.startswith("Zoë Ng"))
        assert "Phonemic awareness booster" in noah and "(due)" in noah and "↪ Smaller sound steps" in noah
        assert "Tier 3" in zoe and "(short)" in zoe and "below the line" in zoe
        assert any(r.startswith("To discuss (Tier 1)") for r in rows)
        await pilot.press("enter")  # the first row: Noah Williams
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student")
        assert "Noah Williams" in screen_text(app) and "Tier 2: Phonemic awareness booster" in screen_text(app)


async def test_escape_goes_back_and_the_palette_opens_it(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("M")
        await wait_for(pilot, lambda: screen_name(app) == "MtssScreen", "the MTSS screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
        await pilot.press("ctrl+p")
        await pilot.press(*"MTSS meeting")
        await wait_for(pilot, lambda: "MTSS meeting" in screen_text(app), "the palette entry")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "MtssScreen", "the MTSS screen from the palette")


async def test_the_goal_plot_draws_a_phase_line_where_the_tier_changed(demo_root: Path) -> None:
    from ui_helpers import ZOE_ROW, grid

    from grouper.ui.widgets.goal_plot import GoalPlot
    from grouper.ui.widgets.grid import FIXED

    app = make_app(demo_root)
    async with app.run_test(size=(100, 40)) as pilot:
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student")
        await wait_for(pilot, lambda: bool(app.screen.query(GoalPlot)), "the goal plot")
        plot = app.screen.query_one(GoalPlot)
        assert [words for _, words in plot.phases] == ["Tier 3"]  # Zoë's Tier 3 from the sample
        assert "Tier 3: Letter-sound intensive (one to one), 5 sessions a week" in " ".join(screen_text(app).split())
