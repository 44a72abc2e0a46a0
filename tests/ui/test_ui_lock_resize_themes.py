"""One writer at a time; any terminal size; themes that never crash."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from textual.color import Color
from ui_helpers import (
    G1,
    JOSE,
    MARKUP_STAGE,
    ZOE,
    cell,
    grid,
    group_cards,
    make_app,
    message,
    profile,
    quick,
    saved_value,
    score_count,
    screen_text,
    status,
    wait_for,
)

from grouper.store import Store
from grouper.ui.app import GrouperApp
from grouper.ui.themes import DEFAULT_THEME, load_themes
from grouper.ui.widgets.grid import ScoreGrid

# --- the writer lock ---------------------------------------------------------------------


async def test_store_held_by_another_writer_opens_read_only(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    with Store(demo_root, writable=False) as store:
        record = store.load_class(G1)
    absences, settings = record.absences, record.settings
    with Store(demo_root, writable=True):
        app = make_app(demo_root)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            line = status(app)
            assert "READ-ONLY" in line and "read-only: nothing can be saved" in line
            await pilot.press("5", "enter")
            await pilot.pause()
            assert message(app).startswith("read-only: another grouper has this store open; nothing was saved")
            assert app.screen.query_one("#message").has_class("problem")
            assert grid(app).editing  # the number stays on screen, refused
            await pilot.press("escape")
            await pilot.pause()
            assert cell(app, JOSE, "cap") == "10✓"
            await pilot.press(":", *"zoe lid 52", "enter")
            await pilot.pause()
            assert "read-only" in message(app)
            assert cell(app, ZOE, "lid") == "47·"
            await pilot.press("escape", "a")
            await pilot.pause()
            assert message(app) == "read-only: another grouper has this store open"
            assert cell(app, JOSE, "name") == "José Álvarez"
            await pilot.press("s")
            await pilot.pause()
            assert type(app.screen).__name__ == "ClassScreen"  # no settings dialog to fill in for nothing
            await pilot.press("backspace")
            await pilot.pause()
            assert cell(app, JOSE, "cap") == "10✓"
    assert score_count(demo_root, G1) == before
    with Store(demo_root, writable=False) as store:
        record = store.load_class(G1)
    assert (record.absences, record.settings) == (absences, settings)


async def test_second_app_on_the_same_store_is_read_only(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    first = make_app(demo_root)
    async with first.run_test(size=(80, 24)) as pilot1:
        await pilot1.pause()
        assert "READ-ONLY" not in status(first)
        second = make_app(demo_root)
        async with second.run_test(size=(80, 24)) as pilot2:
            await pilot2.pause()
            assert "READ-ONLY" in status(second)
            assert "READ-ONLY" in screen_text(second)
            await pilot2.press("7", "enter")
            await pilot2.pause()
            assert "nothing was saved" in message(second)
        assert score_count(demo_root, G1) == before
        # The first app still writes.
        await pilot1.press("6", "enter")
        await wait_for(pilot1, lambda: cell(first, JOSE, "cap") == "6·", "the first app to save")
    assert score_count(demo_root, G1) == before + 1
    assert saved_value(demo_root, G1, JOSE, "cap") == 6


async def test_the_lock_is_released_when_the_app_exits(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running
    with Store(demo_root, writable=True) as store:  # would raise StoreLocked if still held
        assert G1 in store.class_names()


# --- resizing ----------------------------------------------------------------------------


async def test_resize_small_and_large(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.size == (40, 12)
        assert "Grade 1" in screen_text(app)
        await pilot.press("5", "enter")  # still works when tiny
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert app.size == (120, 36)
        shown = screen_text(app)
        assert "Group 1" in shown and "Profile" in shown
        assert isinstance(app.focused, ScoreGrid)
    assert saved_value(demo_root, G1, JOSE, "cap") == 5


async def test_resize_with_another_screen_open(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, screen in [("question_mark", "HelpScreen"), ("p", "PathwayMapScreen"), ("s", "SettingsDialog"),
                            ("c", "ClassPicker"), ("colon", "ClassScreen")]:
            await pilot.press(key)
            await wait_for(pilot, lambda screen=screen: type(app.screen).__name__ == screen, screen)
            await pilot.resize_terminal(40, 12)
            await pilot.resize_terminal(120, 36)
            await pilot.resize_terminal(80, 24)
            await pilot.press("escape")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "ClassScreen", "the class screen")
            assert len(group_cards(app)) == 5
        assert isinstance(app.focused, ScoreGrid)
    assert score_count(demo_root, G1) == before


async def test_profile_uses_stage_names_when_they_fit(markup_root: Path) -> None:
    app = make_app(markup_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert f"1 {MARKUP_STAGE} 2" in profile(app) and "★ Complete 0" in profile(app)
        await pilot.resize_terminal(40, 12)
        await wait_for(pilot, lambda: "S1 2" in profile(app), "the short profile")
        assert MARKUP_STAGE not in profile(app)
        await pilot.resize_terminal(120, 36)
        await wait_for(pilot, lambda: MARKUP_STAGE in profile(app), "the long profile")


# --- themes ---------------------------------------------------------------------------------


async def test_starts_on_classroom_dark_and_t_cycles(demo_root: Path, config_dir: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME == "classroom-dark"
        order = list(app.theme_labels)
        assert order[0] == "classroom-dark" and set(order) == {"classroom-dark", "classroom-light", "projector"}
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == order[1]
        assert cell(app, JOSE, "cap") == "10✓"  # the grid is redrawn, not emptied
        await pilot.press("t", "t")
        await pilot.pause()
        assert app.theme == order[0]
        # 't' in the prompt is a letter, not a theme change.
        await pilot.press(":", "t")
        await pilot.pause()
        assert app.theme == order[0] and quick(app).value == "t"
    saved = tomllib.loads((config_dir / "config.toml").read_text(encoding="utf-8"))
    assert saved["theme"] == order[0]


async def test_theme_from_the_config_is_used(demo_root: Path, config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "config.toml").write_text('theme = "projector"\n', encoding="utf-8")
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "projector"


async def _screen_in(app: GrouperApp, switch_to: str | None = None) -> str:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if switch_to is not None:
            app.set_theme(switch_to)  # as 't' or the palette does
            app.clear_notifications()  # ("Theme: ..." for a moment)
            await pilot.pause()
        return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())  # the same ids for the same screen


async def test_a_light_theme_from_the_config_looks_as_it_does_when_chosen(demo_root: Path, config_dir: Path) -> None:
    """The app takes the config's theme before its CSS is read (no second reading); the screen is
    exactly what choosing that theme in a running app shows: colours, light mode and the ANSI colours,
    and the grid's mastered and below-mastery colours (which once kept the old theme's after a switch)."""
    chosen = await _screen_in(make_app(demo_root), switch_to="classroom-light")
    config_dir.mkdir(exist_ok=True)
    (config_dir / "config.toml").write_text('theme = "classroom-light"\n', encoding="utf-8")
    app = make_app(demo_root)
    from_config = await _screen_in(app)
    assert app.has_class("-light-mode") and not app.has_class("-dark-mode")
    assert from_config == chosen


async def test_unknown_or_unreadable_config_falls_back(demo_root: Path, config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "config.toml").write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert any("no-such-theme" in note for note in app.startup_notes)
    (config_dir / "config.toml").write_text("theme = [unclosed", encoding="utf-8")
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert any("ignored, cannot read it" in note for note in app.startup_notes)
        assert G1 in status(app)


async def test_demo_does_not_save_the_theme(demo_root: Path, config_dir: Path) -> None:
    app = make_app(demo_root, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.theme != DEFAULT_THEME
    assert not (config_dir / "config.toml").exists()


GOOD = 'name = "good"\nlabel = "Good one"\nprimary = "#1f5fbf"\nbackground = "#101010"\n'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('name = "bad"\nprimary = "#zzzzzz"\n', "'primary' = '#zzzzzz' is not a colour"),
        ('name = "bad"\nprimary = "#1f5fbf"\naccent = "not-a-colour"\n', "'accent' = 'not-a-colour' is not a colour"),
        ('name = "bad"\nprimary = 12\n', "'primary' must be a colour in quotes"),
        ('name = "bad"\nprimary = "#1f5fbf"\n[variables]\nblock-cursor-background = "nope"\n',
         "variable 'block-cursor-background' = 'nope' is not a colour"),
        ('name = "bad"\nprimary = "#1f5fbf"\nbogus = 1\n', "'bogus' is not a known field"),
        ('primary = "#1f5fbf"\n', "'name' is missing"),
        ('name = "bad"\n', "'primary' is missing"),
        ('name = "bad"\nprimary = "#1f5fbf"\ndark = "yes"\n', "'dark' must be true or false"),
        ("name = [unclosed", "not valid TOML"),
    ],
)
def test_bad_theme_file_is_skipped_with_a_problem(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "a-good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b-bad.toml").write_text(text, encoding="utf-8")
    loaded = load_themes(tmp_path)
    assert [t.name for t in loaded.themes] == ["good"]
    assert loaded.labels == {"good": "Good one"}
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith("Theme skipped: b-bad.toml: ")
    assert problem in loaded.problems[0]


def test_theme_file_that_is_not_utf8_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "latin1.toml").write_bytes('name = "caf\xe9"\nprimary = "#123456"\n'.encode("latin-1"))
    loaded = load_themes(tmp_path)
    assert loaded.themes == [] and len(loaded.problems) == 1


def test_missing_theme_folder_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    loaded = load_themes(tmp_path / "nowhere")
    assert loaded.themes == []


def test_shipped_themes_all_load_and_parse() -> None:
    loaded = load_themes()
    assert loaded.problems == []
    assert {t.name for t in loaded.themes} == {"classroom-dark", "classroom-light", "projector"}
    for theme in loaded.themes:
        Color.parse(theme.primary)
