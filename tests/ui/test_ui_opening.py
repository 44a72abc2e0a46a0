"""Opening a class: focus, cursor, status line; nothing is written by just looking."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.coordinate import Coordinate
from ui_helpers import G1, JOSE, grid, make_app, score_count, screen_text, status, wait_for

from grouper.ui.widgets.grid import FIXED, ScoreGrid


async def test_demo_opens_on_first_students_first_check(demo_root: Path, config_dir: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, ScoreGrid)
        table = grid(app)
        assert table.cursor_coordinate == Coordinate(0, FIXED)
        assert table.coordinate_to_cell_key(table.cursor_coordinate) == (JOSE, "cap")
        line = status(app)
        assert "DEMO" in line
        assert G1 in line
        assert "Early literacy (K-1)" in line
        assert "groups for Mon 23 Nov" in line  # today is Sunday 2026-11-22: groups are for Monday
        shown = screen_text(app)
        assert "DEMO" in shown and "groups for Mon 23 Nov" in shown
        assert "José Álvarez" in shown
    assert score_count(demo_root, G1) == before
    # The demo never writes the teacher's preferences.
    assert not (config_dir / "config.toml").exists()


async def test_real_store_has_no_demo_badge_and_remembers_the_class(demo_root: Path, config_dir: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = status(app)
        assert "DEMO" not in line and "READ-ONLY" not in line
        assert G1 in line and "✓ all saved" in line
    assert score_count(demo_root, G1) == before
    config = tomllib.loads((config_dir / "config.toml").read_text(encoding="utf-8"))
    assert config["last_class"] == G1


async def test_opens_the_last_class_from_the_config(demo_root: Path, config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "config.toml").write_text('last_class = "Kindergarten — Room 4"\n', encoding="utf-8")
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Kindergarten — Room 4" in status(app)


async def test_saved_state_is_in_view_at_80x24(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "enter")
        await wait_for(pilot, lambda: "saved 16:05:00" in status(app), "the status line to say saved")
        assert "saved 16:05:00" in screen_text(app).splitlines()[0]


async def test_help_key_is_on_screen_at_80x24(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Help" in footer, footer


async def test_help_key_is_on_screen_at_120x36(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Quick entry" in footer and "Help" in footer
        assert "saved" in screen_text(app).splitlines()[0]
