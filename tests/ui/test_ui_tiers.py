"""Tiers of support and benchmarks in the app: S on the grid opens the student view with the tier bar ready,
Enter saves the typed tier (six weeks to the review), Escape cancels, a bad tier is named and saves nothing;
a screener's grid cell marks the benchmark status and the student view says it for this season.

In the demo's Grade 1 class José Álvarez (row 0) has no tier; TODAY is Sun 22 Nov 2026, so a tier set
today is reviewed on Sun 3 Jan 2027.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input, Static
from ui_helpers import G1, JOSE, TODAY, cell, grid, make_app, open_student, screen_name, screen_text, wait_for

from grouper.core.models import ClassRecord, Score, Student, TierChange
from grouper.formats.pathways import builtin_pathways
from grouper.store import Store
from grouper.ui.widgets.grid import FIXED

REVIEW = TODAY + dt.timedelta(weeks=6)


def _tiers(root: Path, cls: str = G1) -> list[TierChange]:
    with Store(root, writable=False) as store:
        return store.load_class(cls).tiers


def _head(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#student-head", Static).render())


def _bar_shown(app) -> bool:  # type: ignore[no-untyped-def]
    return bool(app.screen.query_one("#tier-bar").display)


def _tier_input(app) -> Input:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#tier", Input)


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def _tier_from_grid(pilot, row: int) -> None:  # type: ignore[no-untyped-def]
    """S on a grid row: the student view, its tier bar open."""
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
    grid(app).move_cursor(row=row, column=FIXED)
    await pilot.pause()
    await pilot.press("S")
    await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
    await wait_for(pilot, lambda: _bar_shown(app), "the tier bar")


async def _type_tier(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put the tier bar in focus (S in the view when it is not) and type ``text``."""
    app = pilot.app
    if not isinstance(app.focused, Input):
        await pilot.press("S")
    await wait_for(pilot, lambda: _bar_shown(app) and app.focused is _tier_input(app), "the tier bar focused")
    await pilot.press(*text)
    await wait_for(pilot, lambda: _tier_input(app).value == text, "the tier typed")


async def test_s_on_the_grid_opens_the_student_view_with_the_tier_bar_shown(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40)) as pilot:
        await _tier_from_grid(pilot, 0)
        assert app.screen.student_id == JOSE  # type: ignore[attr-defined]
        assert _tier_input(app).value == ""
        # Typed once the bar has the focus (S again puts it there), the tier is saved as usual.
        await _type_tier(pilot, "2 Phonics booster 3/week")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Tier 2: Phonics booster, 3 sessions a week" in _head(app), "the tier saved")


async def test_s_on_the_grid_lets_the_tier_be_typed_straight_away(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40)) as pilot:
        await _tier_from_grid(pilot, 0)
        for _ in range(5):
            await pilot.pause()
        assert app.focused is _tier_input(app), f"focused: {app.focused!r}"


async def test_a_typed_tier_is_saved_and_shown_with_its_dose_and_review(demo_root: Path) -> None:
    before = _tiers(demo_root)
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, 0)
        assert "Tier 1 (core teaching)   (S changes it)" in _head(app)
        await _type_tier(pilot, "2 Phonics booster 3/week")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not _bar_shown(app), "the bar closed")
        await wait_for(pilot, lambda: "Tier 2: Phonics booster" in _head(app), "the head redrawn")
        head = _head(app)
        assert "Tier 2: Phonics booster, 3 sessions a week, since Sun 22 Nov; " in head
        assert "sessions delivered: not recorded (no plan locked since it started); 0 planned so far" in head
        assert "review Sun 3 Jan   (S changes it)" in head
        assert "Tier 1 (core teaching)" not in head
        assert any("José Álvarez: Tier 2: Phonics booster, 3 sessions a week from today" in n for n in _notices(app))
        assert not isinstance(app.focused, Input)
    after = _tiers(demo_root)
    assert after[:len(before)] == before
    assert after[len(before):] == [TierChange(JOSE, 2, TODAY, "Phonics booster", 3, REVIEW, "")]


async def test_a_typed_review_and_reason_are_kept(demo_root: Path) -> None:
    before = _tiers(demo_root)
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, 0)
        await _type_tier(pilot, "3 Read Well 5/week review 2026-12-21 : not responding")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Tier 3: Read Well" in _head(app), "the head redrawn")
        assert "review Mon 21 Dec" in _head(app)
    assert _tiers(demo_root)[len(before):] == [
        TierChange(JOSE, 3, TODAY, "Read Well", 5, dt.date(2026, 12, 21), "not responding")]


async def test_escape_cancels_the_tier_and_saves_nothing(demo_root: Path) -> None:
    before = _tiers(demo_root)
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_student(pilot, 0)
        await _type_tier(pilot, "2 Phonics booster 3/week")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not _bar_shown(app), "the bar closed")
        assert screen_name(app) == "StudentScreen"  # the first Escape only closed the bar
        assert _tier_input(app).value == ""
        assert "Tier 1 (core teaching)" in _head(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
    assert _tiers(demo_root) == before


async def test_a_bad_tier_is_named_and_saves_nothing(demo_root: Path) -> None:
    before = _tiers(demo_root)
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, 0)
        for typed, words in [
            ("4 Phonics", "a tier is typed TIER"),
            ("Phonics 2", "a tier is typed TIER"),
            ("2", "Tier 2 needs the intervention's name"),
            ("2 Phonics 0/week", "sessions a week must be from 1 to 10"),
            ("2 Phonics review 2026-11-01", "must come after the start"),
            ("2 Phonics review someday", "is not a date like 2026-11-23"),
            ("1 Phonics", "Tier 1 is core teaching"),
        ]:
            app.clear_notifications()
            await _type_tier(pilot, typed)
            await pilot.press("enter")
            await wait_for(pilot, lambda w=words: any(w in n for n in _notices(app)), f"the error for {typed!r}")
            assert _bar_shown(app) and _tier_input(app).value == typed  # left to be put right or cancelled
            assert "Tier 1 (core teaching)" in _head(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: not _bar_shown(app), "the bar closed")
    assert _tiers(demo_root) == before


async def test_a_superscript_number_of_sessions_is_named_not_a_crash(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_student(pilot, 0)
        await _type_tier(pilot, "2 Phonics ²/week")
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
        assert app.is_running and screen_name(app) == "StudentScreen"


async def test_the_palette_offers_the_tier_on_both_screens(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Tier of support…" in titles
        await open_student(pilot, 0)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Tier…" in titles


# --- benchmarks -------------------------------------------------------------------------------------------------

BENCH_CLASS = "Grade 1 screening"


@pytest.fixture
def bench_root(tmp_path: Path) -> Path:
    """A class on dibels8-1 with a few scores this season (boy, from 15 Aug) and one from last year."""
    pathway = builtin_pathways()["dibels8-1"]
    students = [Student("a", "Ana Lopez"), Student("b", "Bo Li"), Student("c", "Cy Ro"), Student("d", "Di Wu")]
    day = dt.date(2026, 11, 10)
    scores = [
        Score("a", "lnf-1", 40, day, 1),  # boy 32 alone: at or above
        Score("b", "lnf-1", 20, day, 2),  # under 32, no lower cut: below
        Score("c", "psf-1", 25, day, 3),
        Score("c", "psf-1", 10, day, 4),  # corrected the same day: under 19, well below
        Score("a", "psf-1", 31, day, 5),  # at the benchmark
        Score("d", "lnf-1", 60, dt.date(2026, 5, 1), 6),  # last school year: not screened this season
    ]
    root = tmp_path / "store"
    with Store(root, writable=True) as store:
        store.create_class(ClassRecord(BENCH_CLASS, pathway, students=students, scores=scores))
    return root


async def test_screener_cells_mark_the_benchmark_status(bench_root: Path) -> None:
    app = make_app(bench_root)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert cell(app, "a", "lnf-1") == "40●"
        assert cell(app, "b", "lnf-1") == "20◐"
        assert cell(app, "c", "psf-1") == "10○"
        assert cell(app, "a", "psf-1") == "31●"
        assert cell(app, "d", "lnf-1") == "60◌"  # last season's score: not screened this season
        assert cell(app, "b", "psf-1") == "–"


async def test_the_student_view_says_the_benchmarks_this_season(bench_root: Path) -> None:
    app = make_app(bench_root)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_student(pilot, 0)  # Ana Lopez
        head = _head(app)
        line = next(x for x in head.splitlines() if x.startswith("Benchmarks, "))
        assert line.startswith("Benchmarks, beginning of year (from Sat 15 Aug): ")
        assert "LNF letters a minute ● at or above benchmark" in line
        assert "PSF sounds a minute ● at or above benchmark" in line
        assert "ORF words correct a minute" in line.split("◌ not screened yet: ")[1]
        await pilot.press("escape")
        await open_student(pilot, 2)  # Cy Ro
        line = next(x for x in _head(app).splitlines() if x.startswith("Benchmarks, "))
        assert "PSF sounds a minute ○ well below benchmark" in line
        assert "LNF letters a minute" in line.split("◌ not screened yet: ")[1]


async def test_the_mtss_screen_names_who_is_not_screened_this_season(bench_root: Path) -> None:
    app = make_app(bench_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("M")
        await wait_for(pilot, lambda: screen_name(app) == "MtssScreen", "the MTSS screen")
        text = " ".join(screen_text(app).split())
        assert "◌ Not screened this season: 1 (Di Wu)" in text
