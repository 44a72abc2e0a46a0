"""F12 (and the palette's "Screenshot") saves the screen as an SVG beside the exports and says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import make_app, message, screen_name, wait_for


async def test_f12_saves_the_screen_and_says_where(demo_root: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUPER_EXPORT_DIR", str(tmp_path / "exports"))
    app = make_app(demo_root, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("f12")
        await wait_for(pilot, lambda: "Screenshot saved" in message(app), "the message")
        saved = list((tmp_path / "exports" / "grouper").glob("*.svg"))
        assert len(saved) == 1 and saved[0].name.endswith("screen.svg")
        assert saved[0].read_text(encoding="utf-8").lstrip().startswith("<svg")
        assert "Grade 1" in saved[0].name
        assert message(app) == f"Screenshot saved: {saved[0]}"
        assert (saved[0].parent.stat().st_mode & 0o777) == 0o700


async def test_the_palette_offers_grouper_s_screenshot(demo_root: Path) -> None:
    app = make_app(demo_root, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" in titles
        assert titles.count("Screenshot") == 1  # not Textual's own besides


async def test_no_screenshot_goes_into_the_store(demo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUPER_EXPORT_DIR", str(demo_root))
    app = make_app(demo_root, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        await pilot.press("f12")
        await wait_for(pilot, lambda: "Screenshot not saved" in message(app), "the refusal")
        assert "inside grouper's store" in message(app)
        assert not list(demo_root.rglob("*.svg"))
