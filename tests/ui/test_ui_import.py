"""The import screen (`I`): read a file, fix how its columns are read, preview, import."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static
from ui_helpers import (
    G1,
    ZOE,
    burst,
    cell,
    grid,
    make_app,
    message,
    saved_value,
    score_count,
    screen_name,
    screen_text,
    text_of,
    wait_for,
)

from grouper.store import Store

NOAH_W = "s09"  # Noah Williams


def read_as(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def preview(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one("#import-preview", Static))


def problems(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one("#import-problems", Static))


async def open_file(pilot, app, path: Path) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("I")
    await wait_for(pilot, lambda: screen_name(app) == "ImportScreen", "the import screen")
    await pilot.press(*str(path), "enter")
    await wait_for(pilot, lambda: app.screen.query_one(DataTable).row_count > 0 or problems(app) != "",
                   "the file to be read")


async def test_spreadsheet_scores_with_columns_fixed_by_keyboard(demo_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "term.csv"
    path.write_text("Pupil,Letter ID (Sept),Blend,Comments\nZoe Ng,52,4,good\nNoah Williams,50,,\n",
                    encoding="utf-8")
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, app, path)
        assert "read as scores, one column per check" in screen_text(app)
        # Guessed from the headers: only Blend is known; nothing can be imported without a student column.
        assert read_as(app)[0] == "not read" and read_as(app)[2].startswith("check blend")
        assert "no student column" in problems(app)
        await pilot.press("right")  # Pupil: not read -> student name
        await wait_for(pilot, lambda: read_as(app)[0] == "student name", "Pupil to be read as the student")
        assert preview(app).startswith("Would save 1 score for 1 student.")
        await pilot.press("down", *["right"] * 7)  # Letter ID (Sept) -> check lid
        await wait_for(pilot, lambda: read_as(app)[1].startswith("check lid"), "the lid column")
        assert preview(app).startswith("Would save 3 scores for 2 students.")
        assert "Not read: Comments" in preview(app)
        assert problems(app) == ""
        assert score_count(demo_root, G1) == before  # nothing saved by looking
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert cell(app, ZOE, "lid").startswith("52")
    assert score_count(demo_root, G1) == before + 3
    assert saved_value(demo_root, G1, ZOE, "lid") == 52
    assert saved_value(demo_root, G1, NOAH_W, "lid") == 50
    assert saved_value(demo_root, G1, ZOE, "blend") == 4


async def test_a_roster_with_its_own_headers(demo_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("First,Family,Group\nAmy,Zed,ELL\nBen,Young,\n", encoding="utf-8")
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        rows_before = grid(app).row_count
        await open_file(pilot, app, path)
        assert "read as a roster" in screen_text(app)
        await pilot.press(*["right"] * 2, "down", *["right"] * 3, "down", *["right"] * 5)
        await wait_for(pilot, lambda: read_as(app) == ["first name", "last name", "tags"], "the roster mapping")
        assert preview(app).splitlines()[:3] == ["Would add 2 and update 0 (0 already match the file).",
                                                 "  + Amy Zed  (ELL)", "  + Ben Young"]
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert grid(app).row_count == rows_before + 2
    with Store(demo_root, writable=False) as store:
        names = {s.name: s.tags for s in store.load_class(G1).students}
    assert names["Amy Zed"] == ("ELL",) and names["Ben Young"] == ()


async def test_a_bad_cell_is_named_and_nothing_is_imported(demo_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("student,lid\nZoe Ng,52\nNoah Williams,99\n", encoding="utf-8")
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, app, path)
        assert "line 3, column 'lid'" in problems(app)
        await pilot.press("i")
        await pilot.pause()
        assert screen_name(app) == "ImportScreen"
        assert "line 3, column 'lid'" in problems(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
    assert score_count(demo_root, G1) == before


async def test_a_missing_file_is_named(demo_root: Path, tmp_path: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, app, tmp_path / "nope.csv")
        assert problems(app) == f"{tmp_path / 'nope.csv'}: no such file"


async def test_import_from_the_palette(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"import roster")
        await wait_for(pilot, lambda: "see how each column is read" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ImportScreen", "the import screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert message(app) == "" or "Import" not in message(app)


async def test_a_oneroster_export_lists_its_classes_and_imports_one(demo_root: Path) -> None:
    package = Path(__file__).parents[1] / "fixtures" / "oneroster" / "v1p1"
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        await wait_for(pilot, lambda: screen_name(app) == "ImportScreen", "the import screen")
        await pilot.press(*str(package), "enter")
        await wait_for(pilot, lambda: "OneRoster 1.1 (bulk), 3 classes" in screen_text(app), "the class list")
        assert "G1-R7 · Grade 1 Reading - Room 7 · 6 students" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: preview(app).startswith("Grade 1 Reading - Room 7: would add 3"), "a preview")
        assert "  + Ana Lopez" in preview(app).splitlines()
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
    with Store(demo_root, writable=False) as store:
        students = {s.name: s for s in store.load_class(G1).students}
    assert students["Ana Lopez"].sourced_id is not None
    assert students["Zoë Ng"].sourced_id is not None  # typed by hand before, now linked, not doubled
    assert sum(1 for name in students if name == "Zoë Ng") == 1


async def test_mapping_keys_in_a_burst_act_in_the_order_typed(demo_root: Path, tmp_path: Path) -> None:
    """Arrow keys sent at once (tmux, a fast typist) change the column the cursor was on when each was typed."""
    path = tmp_path / "roster.csv"
    path.write_text("First,Family,Group\nAmy,Zed,ELL\n", encoding="utf-8")
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, app, path)
        await burst(pilot, "right", "right", "down", "right", "right", "right", "down", *["right"] * 5)
        await wait_for(pilot, lambda: read_as(app) == ["first name", "last name", "tags"], "the roster mapping")
