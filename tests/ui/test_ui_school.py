"""The coach's view of the school in the app (H): every class, the grade totals, back with Escape."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import make_app, screen_name, screen_text, wait_for


async def test_h_shows_every_class_and_the_grade_totals(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("H")
        await wait_for(pilot, lambda: screen_name(app) == "SchoolScreen", "the school screen")
        text = screen_text(app)
        assert "The school on" in text and "Early literacy (K-1)" in text
        assert "Grade 1 — Room 7" in text and "Kindergarten — Room 4" in text
        line = next(x for x in text.splitlines() if x.strip().startswith("Grade 1 — Room 7"))
        assert " 26 " in line  # the class's students
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")


async def test_the_palette_opens_the_school_view(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"School view")
        await wait_for(pilot, lambda: "School view" in screen_text(app), "the palette entry")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SchoolScreen", "the school screen")
