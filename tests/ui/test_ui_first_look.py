"""The first look: in a terminal the app paints the class from its file, then loads it properly.

The opening screen shows the same names and scores the class screen then
shows; keys typed while it is up reach the class screen in order; a class the
full load refuses still ends the app with the plain message and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from ui_helpers import JOSE, NOW, SIOBHAN, TODAY, cell, grid, message, saved_value, scores, text_of, wait_for

from grouper.store import Store
from grouper.ui.app import GrouperApp
from grouper.ui.screens.opening import OPENING, OpeningScreen
from grouper.ui.widgets.grid import FIXED
from grouper.ui.widgets.panels import StatusLine

G1 = "Grade 1 — Room 7"


def app_with_first_look(root: Path | None, demo: bool = False) -> GrouperApp:
    return GrouperApp(root, demo=demo, today=TODAY, clock=lambda: NOW, first_look=True)


def grid_rows(app: GrouperApp) -> list[list[str]]:
    """Names and score cells of every row, as shown (the place column is left out: it comes with the load)."""
    g = grid(app)
    return [[str(c) for i, c in enumerate(g.get_row_at(r)) if i != 1] for r in range(g.row_count)]


def is_class_screen(app: GrouperApp) -> bool:
    return type(app.screen).__name__ == "ClassScreen"


async def test_the_first_look_shows_what_the_class_screen_then_shows(demo_root: Path) -> None:
    app = app_with_first_look(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, OpeningScreen)
        first = grid_rows(app)
        assert OPENING in text_of(app.screen.query_one(StatusLine))
        assert "working out places and groups" in message(app)
        assert cell(app, JOSE, "place") == "…"
        await wait_for(pilot, lambda: is_class_screen(app), "the class screen")
        assert grid_rows(app) == first
        assert cell(app, JOSE, "place") != "…"
        assert OPENING not in text_of(app.screen.query_one(StatusLine))


async def test_keys_typed_during_the_first_look_are_saved_in_order(demo_root: Path) -> None:
    app = app_with_first_look(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, OpeningScreen)
        await pilot.press("1", "1", "enter", "9", "enter")
        await wait_for(pilot, lambda: is_class_screen(app) and cell(app, SIOBHAN, "cap") == "9·", "both saved")
        assert cell(app, JOSE, "cap") == "11✓"
        assert grid(app).cursor_coordinate.row == 2 and grid(app).cursor_coordinate.column == FIXED
    assert saved_value(demo_root, G1, JOSE, "cap") == 11
    assert saved_value(demo_root, G1, SIOBHAN, "cap") == 9
    first, second = scores(demo_root, G1, JOSE, "cap")[-1], scores(demo_root, G1, SIOBHAN, "cap")[-1]
    assert first.seq < second.seq


async def test_the_demo_makes_its_store_after_the_first_look_and_removes_it() -> None:
    app = app_with_first_look(None, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, OpeningScreen)
        assert app.root is None  # nothing made yet: the first look read the sample file
        await wait_for(pilot, lambda: is_class_screen(app), "the class screen")
        made = app._demo_folder
        assert made is not None and (made / "index.json").exists()
        assert cell(app, JOSE, "cap") == "10✓"
    assert not made.exists()


@pytest.mark.parametrize("first_look", [True, False])
async def test_a_class_the_full_load_refuses_ends_the_app_with_exit_code_1(demo_root: Path, first_look: bool) -> None:
    path = demo_root / "classes" / "grade-1-room-7.json"
    data = json.loads(path.read_bytes())
    meta = next(iter(data["meta"].values()))
    meta["pathway"]["stages"][0]["checks"][0]["mastery"] = 999  # above its max: the look does not mind
    path.write_bytes(json.dumps(data).encode())
    before = path.read_bytes()
    app = GrouperApp(demo_root, today=TODAY, clock=lambda: NOW, first_look=first_look)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None, "the app to stop")
    assert app.return_code == 1
    assert path.read_bytes() == before
    with Store(demo_root, writable=False) as store:
        assert store.class_names()  # and the store is as it was


async def test_an_unreadable_store_skips_the_first_look(tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    (root / "index.json").write_text("{not json")
    app = app_with_first_look(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None, "the app to stop")
    assert app.return_code == 1
    assert (root / "index.json").read_text() == "{not json"



async def test_the_exit_message_quotes_the_file_as_text_never_markup(tmp_path: Path) -> None:
    root = tmp_path / "store [red]x[b]"
    root.mkdir()
    (root / "index.json").write_text("{not json")
    app = GrouperApp(root, today=TODAY, clock=lambda: NOW, first_look=False)
    messages: list[object] = []
    exit_app = app.exit

    def exit_and_keep(*args: Any, **kwargs: Any) -> None:
        messages.append(kwargs.get("message"))
        exit_app(*args, **kwargs)

    app.exit = exit_and_keep  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None, "the app to stop")
    assert app.return_code == 1
    (said,) = messages
    assert isinstance(said, Text) and "store [red]x[b]/index.json is damaged" in said.plain
    assert said.spans == []  # nothing in it was read as a style
