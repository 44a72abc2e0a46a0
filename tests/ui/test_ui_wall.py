"""The data wall in the app (w): stacked bars, a week a bar, each stage's mark over its count, a legend,
and the line saying who moved up; all of it on an 80x24 screen, with no colour needed to read it."""

from __future__ import annotations

import re
from pathlib import Path

from ui_helpers import G1, MARKUP_CLASS, MARKUP_STAGE, TODAY, make_app, screen_name, screen_text, wait_for

from grouper.core.progress import class_progress, weekly_profile
from grouper.store import Store


def _weeks(root: Path) -> list[list[int]]:
    with Store(root, writable=False) as store:
        record = store.load_class(G1)
    return [counts for _, counts in weekly_profile(record, class_progress(record, TODAY), TODAY)]


def _bar(text: str, label: str) -> tuple[list[str], list[int]]:
    """The marks and the counts of the bar labelled ``label`` (its two lines), as a person reads them."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(label))
    marks = lines[at].strip()[len(label):].split()
    return marks[:-1], [int(n) for n in lines[at + 1].split()]  # the last word of the top line: the total


async def test_the_wall_is_a_bar_a_week_with_the_counts_and_the_legend_at_80x24(demo_root: Path) -> None:
    weeks = _weeks(demo_root)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "DataWallScreen", "the data wall")
        await pilot.pause()
        text = screen_text(app)
        assert "Data wall" in text and G1 in text
        # Today's bar: the marks of the stages somebody is at, in path order, each over its count.
        today = weeks[-1]
        marks, counts = _bar(text, "today")
        assert counts == [n for n in today if n]
        expected = [("★" if i == len(today) - 1 else str(i + 1)) for i, n in enumerate(today) if n]
        assert marks == expected
        # Every week is a bar, the first one too.
        _, first_counts = _bar(text, "Fri 16 Oct")
        assert first_counts == [n for n in weeks[0] if n]
        # The legend pairs each mark with its stage; the summary line is still under the chart.
        assert "1  Concepts of print" in text and "8  Fluency and expression" in text and "★  Complete" in text
        assert "students moved up at least one stage" in text
        assert re.search(r"(\d)\1{3}", text) is None  # no digit strings: a block of a stage's number is gone
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")


async def test_the_wall_fits_at_100x30_with_a_line_between_the_weeks(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "DataWallScreen", "the data wall")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        at = next(i for i, x in enumerate(lines) if x.strip().startswith("Fri 23 Oct"))
        assert lines[at - 1].strip() == ""  # a gap under the week before
        assert any("★  Complete" in x for x in lines) and any("moved up" in x for x in lines)


async def test_the_lens_adds_a_bar_per_tag_for_today(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "DataWallScreen", "the data wall")
        await pilot.press("end")
        await wait_for(pilot, lambda: "Today, by tag" in screen_text(app), "the tags to scroll into view")
        text = screen_text(app)
        _, iep = _bar(text, "IEP")
        _, ell = _bar(text, "ELL")
        assert sum(iep) == 3 and sum(ell) == 6  # the demo class: three tagged IEP, six ELL


async def test_the_wall_reads_in_the_projector_theme(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "projector"
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "DataWallScreen", "the data wall")
        await pilot.pause()
        _, counts = _bar(screen_text(app), "today")
        assert sum(counts) == sum(_weeks(demo_root)[-1])


async def test_names_and_labels_on_the_wall_are_never_markup(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "DataWallScreen", "the data wall")
        await pilot.pause()
        text = screen_text(app)
        assert MARKUP_CLASS in text and MARKUP_STAGE in text
