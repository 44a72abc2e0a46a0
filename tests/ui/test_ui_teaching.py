"""What teaching works (T): one row per route of the Grade 1 sample, a switches to every class,
Escape goes back, the last column fits at 80x24, and the command palette opens it too."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static
from ui_helpers import G1, TODAY, make_app, screen_name, screen_text, text_of, wait_for

from grouper.core.teaching import EVERY_CLASS
from grouper.reports.teaching import title
from grouper.session.teaching import teaching_report
from grouper.store import Store
from grouper.ui.widgets.grid import ScoreGrid

LITERACY = "Early literacy (K-1)"
MATHS = "Multiplication and fractions (Grades 3-5)"


def _table(app) -> DataTable[object]:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#teaching-table", DataTable)


def _rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = _table(app)
    return [[str(c).strip() for c in table.get_row_at(i)] for i in range(table.row_count)]


def _head(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one("#teaching-head", Static))


async def _open(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
    await pilot.press("T")
    await wait_for(pilot, lambda: screen_name(app) == "TeachingScreen" and _table(app).row_count > 0,
                   "the teaching screen")


async def test_t_shows_this_class_s_routes_with_a_detour_row(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        assert _head(app).startswith(title(G1, TODAY))
        assert G1 in screen_text(app)
        rows = _rows(app)
        first = rows[0]
        assert first[0] == "1 Concepts of print"
        assert first[1:3] == ["1", "1"] and first[3] == "▮▮▮▮▮"
        detour_rows = [r for r in rows if r[0].startswith("↪ detour:")]
        assert "↪ detour: Smaller sound steps" in [r[0] for r in detour_rows]
        # The rows say what the report says for the class, in the same order.
        with Store(demo_root, writable=False) as store:
            report = teaching_report(store, G1, TODAY)
        assert len(rows) == len(report.rows)
        for shown, row in zip(rows, report.rows, strict=True):
            assert shown[1:3] == [str(row.taught), str(row.mastered)]
            assert shown[3].count("▮") + shown[3].count("▯") == 5
        # Five past detours mastered their stage; Noah Williams (s09) is on phon-steps now: taught, not mastered.
        detours = [r for r in report.rows if r.detour is not None]
        assert (sum(r.taught for r in detours), sum(r.mastered for r in detours)) == (6, 5)
        steps = rows[[r.detour for r in report.rows].index("phon-steps")]
        assert steps[:3] == ["↪ detour: Smaller sound steps", "3", "2"] and steps[3] == "▮▮▮▯▯"
        raw = str(_table(app).get_row_at([r.detour for r in report.rows].index("phon-steps"))[0])
        assert raw.startswith("  ↪ detour: ")  # indented under its stage
        assert "↪ detour: Smaller sound steps" in screen_text(app)


async def test_a_switches_to_every_class_with_a_heading_per_pathway_and_back(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        one = _rows(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: EVERY_CLASS in _head(app), "every class")
        assert _head(app).startswith(title(EVERY_CLASS, TODAY))
        assert "a shows this class" in _head(app)
        names = [r[0] for r in _rows(app)]
        assert LITERACY in names and MATHS in names
        assert names.index(LITERACY) == 0 and names.index(MATHS) > names.index(LITERACY)
        heading = _rows(app)[names.index(MATHS)]
        assert all(c == "" for c in heading[1:])
        assert len(_rows(app)) > len(one)
        await pilot.press("a")
        await wait_for(pilot, lambda: EVERY_CLASS not in _head(app).splitlines()[0], "this class again")
        assert _rows(app) == one


async def test_escape_goes_back_to_the_class_screen(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert isinstance(app.focused, ScoreGrid)


def _header(app) -> str:  # type: ignore[no-untyped-def]
    return next(line for line in screen_text(app).splitlines() if "taught" in line and "stalled" in line)


async def test_the_last_column_is_whole_at_80x24(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        header = _header(app)
        assert header.rstrip().endswith(" sessions"), header
        line = next(x for x in screen_text(app).splitlines() if "1 Concepts of print" in x)
        assert line.rstrip().endswith("–"), line  # the row's sessions cell is on screen too


async def test_the_last_column_is_whole_at_80x24_for_every_class(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: EVERY_CLASS in _head(app), "every class")
        header = _header(app)
        assert header.rstrip().endswith(" sessions"), header
        line = next(x for x in screen_text(app).splitlines() if "1 Concepts of print" in x)
        assert line.rstrip().endswith("–") or line.rstrip()[-1].isdigit(), line


async def test_the_palette_entry_opens_it(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("ctrl+p", *"what teaching works")
        await wait_for(pilot, lambda: "Per stage and detour" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "TeachingScreen" and _table(app).row_count > 0,
                       "the teaching screen")
        assert _head(app).startswith(title(G1, TODAY))


async def test_the_screen_writes_nothing_to_the_store(demo_root: Path) -> None:
    def files() -> dict[str, bytes]:
        return {p.relative_to(demo_root).as_posix(): p.read_bytes() for p in sorted(demo_root.rglob("*.json"))}

    before = files()
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, app)
        await pilot.press("a", "a", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
    assert files() == before
