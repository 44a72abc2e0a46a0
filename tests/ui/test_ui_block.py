"""The grade team's block in the app (B): a card per adult, where each class's students go, the day, the blocks.

Each test keeps its own block in its own store (made from the sample classes, or the
markup store), so a block the demo may carry does not change what is shown first.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static
from ui_helpers import (
    G1,
    KINDER,
    MARKUP_CLASS,
    MARKUP_NAMES,
    PLAN_DAY,
    TODAY,
    make_app,
    screen_name,
    screen_text,
    wait_for,
)

from grouper.core.block import Adult, Block
from grouper.core.dates import day_words
from grouper.reports.block import where
from grouper.session.block import plan_of
from grouper.session.demo import sample_records
from grouper.store import Store
from grouper.ui.app import GrouperApp

BLOCK = "K-1 WIN"
STAFF = (Adult("Ms Lee", "7"), Adult("Mr Ortiz", "12"), Adult("Mrs Tui", "Library"), Adult("Ms Ana"),
         Adult("Mr Bo"))


def keep(root: Path, *blocks: Block) -> None:
    with Store(root, writable=True) as store:
        for b in blocks:
            store.save_block(b)


@pytest.fixture
def block_root(tmp_path: Path) -> Path:
    """The sample classes (dated for TODAY) and one block over Grade 1 and the Kindergarten, nothing else."""
    root = tmp_path / "store"
    with Store(root, writable=True) as store:
        for record in sample_records(TODAY):
            store.create_class(record)
    keep(root, Block(BLOCK, (G1, KINDER), STAFF))
    return root


def plain(widget: Static) -> str:
    """A card as plain text (an adult's card is Content; a class's sheet a Rich table)."""
    shown: Any = widget.content
    if hasattr(shown, "plain"):
        return str(shown.plain)
    console = Console(width=200, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(shown)
    return console.export_text(styles=False)


def cards(app: GrouperApp) -> list[str]:
    return [plain(c) for c in app.screen.query(".block-card").results(Static)]


def head(app: GrouperApp) -> str:
    return plain(app.screen.query_one("#block-head", Static))


async def open_block(pilot: Pilot[Any], key: str = "B") -> None:
    app: GrouperApp = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
    await pilot.press(key)
    await planned(pilot)


async def planned(pilot: Pilot[Any]) -> None:
    app: GrouperApp = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "BlockScreen", "the block screen")
    await wait_for(pilot, lambda: "stage mismatch" in head(app) and bool(cards(app)), "the block's plan")
    await pilot.pause()


async def test_b_shows_a_card_per_adult_with_each_students_class(block_root: Path) -> None:
    app = make_app(block_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_block(pilot)
        assert BLOCK in head(app) and day_words(PLAN_DAY) in head(app) and "from 2 classes" in head(app)
        shown = cards(app)
        with Store(block_root, writable=False) as store:
            plan = plan_of(store, BLOCK, PLAN_DAY)
            records = {c: store.load_class(c) for c in (G1, KINDER)}
        assert len(shown) == len(plan.groups)
        for adult in STAFF:
            assert any(c.startswith(adult.name) for c in shown), adult.name
        assert any(c.startswith("Ms Lee, Room 7") for c in shown) and any("Mrs Tui, Library" in c for c in shown)
        # Every student placed is on their adult's card, with their own class beside the name.
        for g in plan.groups:
            card = next(c for c in shown if c.startswith(where(g) + "  "))
            for s in g.members:
                line = next(x for x in card.splitlines() if x.strip().startswith(s.placement.student.name + " "))
                assert line.rstrip().endswith(s.class_name) or f"{s.class_name}  " in line, line
        placed = sum(len(g.members) for g in plan.groups) + len(plan.unplaced)
        assert placed == sum(len(r.students) for r in records.values())
        # Who is away has no group, and says why.
        rest = plain(app.screen.query_one("#block-rest", Static))
        for u in plan.unplaced:
            assert f"{u.seated.placement.student.name}  {u.seated.class_name}: {u.reason}" in rest
        assert len({c.region.x for c in app.screen.query(".block-card")}) == 2  # two columns at 120
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")


async def test_the_class_view_says_where_each_student_goes(block_root: Path) -> None:
    app = make_app(block_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_block(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: any("where each student goes" in c for c in cards(app)), "the class sheets")
        sheets = cards(app)
        assert len(sheets) == 2 and sheets[0].startswith(f"{G1}: where each student goes")
        with Store(block_root, writable=False) as store:
            plan = plan_of(store, BLOCK, PLAN_DAY)
        for g in plan.groups:
            for s in g.members:
                sheet = next(x for x in sheets if x.startswith(s.class_name + ":"))
                line = next(x for x in sheet.splitlines() if x.startswith(s.placement.student.name + " "))
                assert where(g) in line, line
        for u in plan.unplaced:
            sheet = next(x for x in sheets if x.startswith(u.seated.class_name + ":"))
            line = next(x for x in sheet.splitlines() if x.startswith(u.seated.placement.student.name + " "))
            assert "no group" in line and u.reason in line
        await pilot.press("c")
        await wait_for(pilot, lambda: cards(app)[0].startswith(where(plan.groups[0])), "the adults' cards again")


async def test_at_80x24_the_plan_reads_and_every_key_is_in_the_footer(block_root: Path) -> None:
    app = make_app(block_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_block(pilot)
        text = screen_text(app)
        lines = text.splitlines()
        assert lines[0].strip().startswith(f"{BLOCK} · {day_words(PLAN_DAY)}")
        assert "Ms Lee, Room 7" in text or "Ms Lee" in text
        assert max(len(x.rstrip()) for x in lines) <= 80
        footer = lines[-1]
        for words in ("Back", "By class", "Next day", "Previous day"):
            assert words in footer, footer
        assert "Next block" not in footer  # one block: nothing to go to
        # Scrolls down to the last card.
        await pilot.press("end")
        await pilot.pause()
        last = app.screen.query(".block-card").last(Static)
        assert last.region.y < 23 and last.region.bottom > 0


async def test_the_day_changes_to_the_next_and_back(block_root: Path) -> None:
    app = make_app(block_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_block(pilot)
        await pilot.press("right")
        await wait_for(pilot, lambda: "Tue 24 Nov" in head(app) and "stage mismatch" in head(app), "Tuesday's plan")
        await pilot.press("left", "left")
        await wait_for(pilot, lambda: "Fri 20 Nov" in head(app) and "stage mismatch" in head(app), "Friday's plan")
        assert "Planning…" not in head(app)


async def test_several_blocks_are_gone_through_in_turn(block_root: Path) -> None:
    keep(block_root, Block("Grade 3 maths", ("Grade 3",), (Adult("Mr Hal", "3"), Adult("Ms Gee"))))
    app = make_app(block_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_block(pilot)
        assert head(app).startswith(BLOCK) and "block 1 of 2" in head(app)
        assert "Next block" in screen_text(app).splitlines()[-1]
        await pilot.press("b")
        await wait_for(pilot, lambda: head(app).startswith("Grade 3 maths") and "stage mismatch" in head(app),
                       "the second block")
        assert any(c.startswith("Mr Hal, Room 3") for c in cards(app))
        await pilot.press("b")
        await wait_for(pilot, lambda: head(app).startswith(BLOCK) and "stage mismatch" in head(app), "the first again")


async def test_the_palette_opens_the_grade_block(block_root: Path) -> None:
    app = make_app(block_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("ctrl+p", *"Grade block")
        await wait_for(pilot, lambda: "Grade block" in screen_text(app), "the palette entry")
        await pilot.press("enter")
        await planned(pilot)
        await pilot.press("ctrl+p", *"by class")
        await wait_for(pilot, lambda: "Block: by class" in screen_text(app), "the screen's own entry")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("where each student goes" in c for c in cards(app)), "the class sheets")


async def test_the_help_lists_the_block_key(block_root: Path) -> None:
    app = make_app(block_root)
    async with app.run_test(size=(100, 60)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: screen_name(app) == "HelpScreen", "the help")
        await pilot.press("end")
        await pilot.pause()
        helps = [str(w.render()) for w in app.screen.query(".help-words").results(Static)]
        assert any(h.startswith("Block: The grade team's block") and "grade_block" in h for h in helps), helps


async def test_with_no_blocks_it_says_how_to_make_one(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("B")
        await wait_for(pilot, lambda: screen_name(app) == "BlockScreen", "the block screen")
        await wait_for(pilot, lambda: "No grade block yet" in screen_text(app), "the message")
        text = screen_text(app)
        assert 'grouper block new NAME --classes A B --staff "Ms Lee" "Mr Ortiz"' in text
        assert "By class" not in text.splitlines()[-1]  # nothing to show by class
        await pilot.press("q")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")


async def test_names_with_markup_characters_show_as_typed(markup_root: Path) -> None:
    keep(markup_root, Block("[bold]x[/]", (MARKUP_CLASS, "Plain [class]"),
                            (Adult("[b]Ms Lee[/b]", "[red]7"), Adult("[/]"))))
    app = make_app(markup_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_block(pilot)
        text = screen_text(app)
        assert "[bold]x[/] · " in text
        assert "[b]Ms Lee[/b], [red]7" in text
        assert "[/]" in text.split("stage mismatch", 1)[1]  # the second adult, with a group or without
        for name in MARKUP_NAMES:
            assert any(line.strip(" █").startswith(name + " ") and MARKUP_CLASS in line
                       for line in text.splitlines()), name
        await pilot.press("c")
        await wait_for(pilot, lambda: f"{MARKUP_CLASS}: where each student goes" in screen_text(app), "the sheets")
        assert "Plain [class]: where each student goes" in screen_text(app)


def test_snapshot_of_the_block(snap_compare: Any, block_root: Path) -> None:
    """A card per adult, two columns at 120: the adult and room on top, each student with their class."""

    async def plan_it(pilot: Pilot[Any]) -> None:
        await open_block(pilot)

    assert snap_compare(make_app(block_root, demo=True), terminal_size=(120, 36), run_before=plan_it)


async def test_planning_runs_beside_the_screen_which_says_so(block_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow plan (CP-SAT at grade scale) does not hold the screen: "Planning…" shows, keys still act."""
    import threading

    import grouper.ui.screens.block as block_screen

    release = threading.Event()

    def slow(store: Any, name: str, day: Any) -> Any:
        release.wait(20)
        return plan_of(store, name, day)

    monkeypatch.setattr(block_screen, "plan_of", slow)
    app = make_app(block_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("B")
        await wait_for(pilot, lambda: "Planning…" in screen_text(app), "the planning line")
        await pilot.press("right")  # the day moves on while the first plan is still being made
        await wait_for(pilot, lambda: "Tue 24 Nov" in head(app) and "Planning…" in head(app), "the new day asked for")
        release.set()
        await wait_for(pilot, lambda: "stage mismatch" in head(app), "the plan")
        assert "Tue 24 Nov" in head(app) and cards(app)


async def test_a_block_that_cannot_be_planned_says_why(block_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import grouper.ui.screens.block as block_screen
    from grouper.core.block import BlockError

    def refused(store: Any, name: str, day: Any) -> Any:
        raise BlockError("'Grade 1' is on one pathway and 'Kinder' on another [/]")

    monkeypatch.setattr(block_screen, "plan_of", refused)
    app = make_app(block_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("B")
        await wait_for(pilot, lambda: "could not be planned" in screen_text(app), "the reason")
        assert "another [/]" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
