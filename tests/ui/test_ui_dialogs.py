"""Switching class, group settings, and the first run on an empty store."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static
from ui_helpers import (
    G1,
    G3,
    grid,
    group_cards,
    make_app,
    message,
    score_count,
    screen_name,
    screen_text,
    status,
    text_of,
    wait_for,
)

from grouper.formats.pathways import builtin_pathways
from grouper.store import Store
from grouper.ui.widgets.grid import FIXED, ScoreGrid

# --- switching class ---------------------------------------------------------------


async def test_switch_class_with_the_picker(demo_root: Path, config_dir: Path) -> None:
    counts = {name: score_count(demo_root, name) for name in (G1, G3)}
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: screen_name(app) == "ClassPicker", "the class picker")
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            G1, "Grade 1 — Room 8", "Grade 1 — Room 9", G3, "Kindergarten — Room 4"]
        assert options.highlighted == 0  # the class that is open
        await pilot.press("down", "down", "down", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen" and G3 in status(app), "Grade 3")
        assert isinstance(app.focused, ScoreGrid)
        with Store(demo_root, writable=False) as store:
            g3 = store.load_class(G3)
        assert g3.pathway.name in status(app)
        first = next(s for s in g3.students if s.active)
        table = grid(app)
        assert table.row_count == sum(1 for s in g3.students if s.active)
        assert str(table.get_cell(first.id, "name")) == first.name
        assert table.cursor_coordinate == (0, FIXED)
        assert len(app.screen_stack) == 2  # switched, not stacked
    assert {name: score_count(demo_root, name) for name in (G1, G3)} == counts
    config = tomllib.loads((config_dir / "config.toml").read_text(encoding="utf-8"))
    assert config["last_class"] == G3


async def test_escape_in_the_picker_keeps_the_class(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: screen_name(app) == "ClassPicker", "the class picker")
        await pilot.press("down", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert G1 in status(app)
        await pilot.press("5", "enter")
        await pilot.pause()
    with Store(demo_root, writable=False) as store:
        record = store.load_class(G1)
    assert max(record.scores, key=lambda s: s.order()).value == 5


# --- group settings ------------------------------------------------------------------


def _settings(root: Path):  # type: ignore[no-untyped-def]
    with Store(root, writable=False) as store:
        return store.load_class(G1).settings


async def test_settings_most_groups(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(group_cards(app)) == 5
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "SettingsDialog", "the settings dialog")
        assert [i.value for i in app.screen.query("Input")] == ["2", "6", "5", "21", "3", "14", "3", "2"]
        await pilot.press("tab", "tab", "3", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert len(app.screen.session.plan.groups) <= 3
        assert 1 <= len(group_cards(app)) <= 3
        assert message(app).startswith("Groups of 2 to 6, at most 3 groups:")
        assert isinstance(app.focused, ScoreGrid)
    settings = _settings(demo_root)
    assert (settings.min_size, settings.max_size, settings.max_groups) == (2, 6, 3)


async def test_settings_refuses_zero_groups(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "SettingsDialog", "the settings dialog")
        await pilot.press("tab", "tab", "0", "enter")
        await pilot.pause()
        assert screen_name(app) == "SettingsDialog"
        problem = text_of(app.screen.query_one("#problem", Static))
        assert problem == "Most groups in a day must be a whole number from 1 to 50"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert len(group_cards(app)) == 5
    assert _settings(demo_root).max_groups == 5


async def test_settings_refuses_smallest_above_largest(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "SettingsDialog", "the settings dialog")
        await pilot.press("9", "enter")
        await pilot.pause()
        assert screen_name(app) == "SettingsDialog"
        assert "smallest group cannot be larger" in text_of(app.screen.query_one("#problem", Static))
        # Fixing it saves.
        await pilot.press("backspace", "3", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
    settings = _settings(demo_root)
    assert (settings.min_size, settings.max_size, settings.max_groups) == (3, 6, 5)


async def test_settings_refuses_blank(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "SettingsDialog", "the settings dialog")
        await pilot.press("tab", "backspace", "enter")
        await pilot.pause()
        assert text_of(app.screen.query_one("#problem", Static)).startswith("Largest group must be a whole number")
    assert _settings(demo_root).max_size == 6


# --- the first run ---------------------------------------------------------------------


async def test_welcome_lists_the_choices(empty_root: Path) -> None:
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "WelcomeScreen"
        shown = screen_text(app)
        for choice in ("Welcome to grouper", "Create a class", "Create a class from a roster CSV",
                       "Open the demo", "Quit"):
            assert choice in shown
        assert isinstance(app.focused, OptionList)
    with Store(empty_root, writable=False) as store:
        assert store.class_names() == []


async def test_welcome_create_a_class_opens_its_empty_grid(empty_root: Path, config_dir: Path) -> None:
    pathways = list(builtin_pathways().values())
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "NewClassDialog", "the new-class dialog")
        assert app.focused is app.screen.query_one("#name")
        # Name it, skip the roster, choose the second pathway, Enter on the list creates.
        await pilot.press(*"Room 9 [b]", "tab", "tab", "down", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the new class")
        line = status(app)
        assert "Room 9 [b]" in line and pathways[1].name in line
        assert grid(app).row_count == 0
        assert isinstance(app.focused, ScoreGrid)
        assert "Profile" in screen_text(app)
    with Store(empty_root, writable=False) as store:
        assert store.class_names() == ["Room 9 [b]"]
        record = store.load_class("Room 9 [b]")
    assert record.pathway.id == pathways[1].id
    assert record.students == [] and record.scores == []
    assert "Room 9 [b]" in (config_dir / "config.toml").read_text(encoding="utf-8")


async def test_new_class_needs_a_name(empty_root: Path) -> None:
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "NewClassDialog", "the new-class dialog")
        await pilot.press("enter")
        await pilot.pause()
        assert text_of(app.screen.query_one("#problem", Static)) == "Give the class a name first."
        await pilot.press("tab", *"nope.csv", "enter")
        await pilot.pause()
        assert screen_name(app) == "NewClassDialog"
        assert text_of(app.screen.query_one("#problem", Static)) == "Give the class a name first."
        assert app.focused is app.screen.query_one("#name")  # sent back to the missing name
        await pilot.press(*"Room 3", "enter")
        await pilot.pause()
        assert screen_name(app) == "NewClassDialog"
        assert text_of(app.screen.query_one("#problem", Static)) == "No file at nope.csv"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "WelcomeScreen", "the welcome screen")
    with Store(empty_root, writable=False) as store:
        assert store.class_names() == []


async def test_new_class_from_a_roster(empty_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "r.csv").write_text("name\nZoë Ng\n[bold]Ana\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a short relative path keeps the typing quick
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "NewClassDialog", "the new-class dialog")
        assert app.focused is app.screen.query_one("#name")  # typing goes in the order of the fields
        await pilot.press(*"Room 2", "enter")
        assert app.focused is app.screen.query_one("#roster")  # Enter after the name goes on to the file
        await pilot.press(*"r.csv", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the new class")
        assert grid(app).row_count == 2
        assert "[bold]Ana" in screen_text(app)
        assert "◷" not in screen_text(app)  # a class made today is not all "check due"
        today = app.today()
    with Store(empty_root, writable=False) as store:
        students = store.load_class("Room 2").students
        assert [s.name for s in students] == ["Zoë Ng", "[bold]Ana"]
        assert [s.joined for s in students] == [today, today]


async def test_welcome_open_the_demo(empty_root: Path) -> None:
    app = make_app(empty_root)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("down", "down", "enter")
            await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the demo class")
            assert "DEMO" in status(app) and G1 in status(app)
            assert app.root != empty_root
            # A score typed in the demo goes to the demo's own folder.
            await pilot.press("5", "enter")
            await pilot.pause()
            assert "Saved: José Álvarez cap = 5" in message(app)
    finally:
        if app.root != empty_root:
            shutil.rmtree(app.root, ignore_errors=True)
    with Store(empty_root, writable=False) as store:
        assert store.class_names() == []  # nothing from the demo in the teacher's store


async def test_welcome_quit(empty_root: Path) -> None:
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
    assert not app.is_running
    assert app.return_code == 0


async def test_a_damaged_user_pathway_does_not_crash_new_class(empty_root: Path) -> None:
    (empty_root / "pathways").mkdir()
    (empty_root / "pathways" / "mine.toml").write_text('id = "mine"\nname = "Mine"\n[[stages]]\n', encoding="utf-8")
    app = make_app(empty_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        # The built-in pathways still work; the damaged file is named, not fatal.
        assert screen_name(app) in ("NewClassDialog", "WelcomeScreen")
    with Store(empty_root, writable=False) as store:
        assert store.class_names() == []


async def test_duplicate_class_name_is_refused_with_a_notice(markup_root: Path) -> None:
    """'New class' from the command palette, named like an existing class (any case)."""
    app = make_app(markup_root)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("ctrl+p", *"new class")
        await wait_for(pilot, lambda: "Create a class on a pathway" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "NewClassDialog", "the new-class dialog")
        await pilot.press(*"plain [CLASS]", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await wait_for(pilot, lambda: "already a class named" in screen_text(app), "the notice on screen")
        # The notice is plain text (markup=False): the brackets in the name are shown as typed.
        notices = [n.message for n in app._notifications]
        assert notices == ["there is already a class named 'Plain [class]'; nothing was saved"]
        assert "[class]" in screen_text(app)
    with Store(markup_root, writable=False) as store:
        assert store.class_names() == ["Room [7] [b]x[/b]", "Plain [class]"]


async def test_demo_opened_from_welcome_is_cleaned_up(empty_root: Path) -> None:
    app = make_app(empty_root)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("down", "down", "enter")
            await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the demo class")
            demo_folder = app.root
            assert demo_folder.is_dir()
        assert not demo_folder.exists()
    finally:
        if app.root != empty_root:
            shutil.rmtree(app.root, ignore_errors=True)
