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


async def test_each_grade_is_drawn_as_stacked_bars_per_class_and_per_week(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("H")
        await wait_for(pilot, lambda: screen_name(app) == "SchoolScreen", "the school screen")
        pressed = 0
        while "Early literacy (K-1): students at each stage today" not in screen_text(app) and pressed < 20:
            await pilot.press("down")
            pressed += 1
        await pilot.press("down", "down", "down", "down", "down", "down")
        await pilot.pause()

        def grade_bar_shown() -> bool:  # the grade's bar and its counts under it, both on screen
            lines = screen_text(app).splitlines()
            return any(x.strip().startswith("all 4") for x in lines[:-3])

        while not grade_bar_shown() and pressed < 40:
            await pilot.press("down")
            pressed += 1
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # A bar a class and one for the grade: each stage's mark over its count, the total at the end.
        at = next(i for i, x in enumerate(lines) if x.strip().startswith("all 4"))
        marks, counts = lines[at].split()[2:], [int(n) for n in lines[at + 1].split()]
        # 95 students on 80 columns: under a column a student, and still one line a bar.
        assert marks[-1] == "95" and sum(counts) == 95 and marks[:-1] == ["1", "2", "3", "4", "5", "6", "7", "8", "★"]
        await pilot.press("end")
        await wait_for(pilot, lambda: "week by week, all 1" in screen_text(app), "the last grade's weeks")
        assert "★  Complete" in screen_text(app)
