"""``[keys]`` in config.toml remaps any binding by its id; the help shows the key it has now."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Static
from ui_helpers import G1, make_app, screen_name, screen_text, text_of, wait_for

from grouper.config.prefs import Config


def _config(config_dir: Path, text: str) -> None:
    config_dir.mkdir(exist_ok=True)
    (config_dir / "config.toml").write_text(text, encoding="utf-8")


async def test_a_remapped_key_runs_its_action_and_the_old_key_does_not(demo_root: Path, config_dir: Path) -> None:
    _config(config_dir, '[keys]\nweek_view = "W"\n')
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", G1)
        await pilot.press("v")  # the old key is free again: nothing opens
        await pilot.pause()
        assert screen_name(app) == "ClassScreen"
        await pilot.press("W")
        await wait_for(pilot, lambda: screen_name(app) == "WeekScreen", "the week view on its new key")


async def test_the_help_shows_the_new_key_and_every_id(demo_root: Path, config_dir: Path) -> None:
    _config(config_dir, '[keys]\nweek_view = "W"\n')
    app = make_app(demo_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", G1)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: screen_name(app) == "HelpScreen", "the help")
        text = screen_text(app)
        week = next(line for line in text.splitlines() if "week_view" in line)
        assert " W " in f" {week} " and " v " not in f" {week} "
        said = " ".join(text_of(w) for w in app.screen.query(".help-words").results(Static))
        assert "undo" in said and "quick_entry" in said and "[keys]" in said


async def test_an_unknown_id_is_named_and_the_rest_still_apply(demo_root: Path, config_dir: Path) -> None:
    _config(config_dir, '[keys]\nweek_veiw = "W"\nattention = "N"\n')
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", G1)
        assert any("'week_veiw'" in n and "[keys]" in n for n in app.startup_notes), app.startup_notes
        await pilot.press("N")
        await wait_for(pilot, lambda: screen_name(app) == "AttentionScreen", "needs attention on its new key")


def test_saving_the_theme_keeps_the_keys(config_dir: Path) -> None:
    _config(config_dir, 'theme = "projector"\n[keys]\nundo = "ctrl+u"\n')
    config = Config.load()
    assert config.keys == {"undo": "ctrl+u"} and not config.problem
    config.theme = "classroom-light"
    assert config.save() == ""
    saved = tomllib.loads((config_dir / "config.toml").read_text(encoding="utf-8"))
    assert saved == {"theme": "classroom-light", "last_class": "", "keys": {"undo": "ctrl+u"}}


def test_a_key_that_is_not_text_is_named(config_dir: Path) -> None:
    _config(config_dir, '[keys]\nundo = 3\nredo = "ctrl+r"\n')
    config = Config.load()
    assert config.keys == {"redo": "ctrl+r"}
    assert "[keys] undo ignored" in config.problem


async def test_g_hides_the_groups_panel_and_the_grid_takes_the_width(demo_root: Path) -> None:
    from ui_helpers import grid

    from grouper.ui.widgets.panels import GroupsPanel

    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", G1)
        narrow = grid(app).size.width
        await pilot.press("G")
        await wait_for(pilot, lambda: grid(app).size.width > narrow, "the grid to widen")
        assert not app.screen.query_one(GroupsPanel).display
        assert "G shows it again" in screen_text(app)
        await pilot.press("g")  # moving to the groups shows them
        await wait_for(pilot, lambda: app.screen.query_one(GroupsPanel).display, "the groups back")
        await wait_for(pilot, lambda: grid(app).size.width == narrow, "the grid as narrow as before")
