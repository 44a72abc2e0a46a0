"""When the store cannot be written, the app says NOT SAVED and shows nothing it did not keep."""

from __future__ import annotations

import shutil
from pathlib import Path

from ui_helpers import G1, JOSE, ZOE, cell, grid, make_app, message, quick, saved_value, score_count, status


async def test_failed_save_is_shown_and_the_typed_score_kept_on_screen(demo_root: Path) -> None:
    before = score_count(demo_root, G1)
    app = make_app(demo_root)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        # The class folder goes away under the running app (a USB stick pulled out, a sync tool...).
        shutil.move(demo_root / "classes", demo_root / "classes-away")
        (demo_root / "classes").write_text("not a folder", encoding="utf-8")

        await pilot.press("5", "enter")
        await pilot.pause()
        assert message(app).startswith("NOT SAVED: ")
        assert app.screen.query_one("#message").has_class("problem")
        assert "✗ NOT SAVED" in status(app)
        # The typed number stays in its cell, unsaved and visible, for another try.
        assert grid(app).editing and cell(app, JOSE, "cap") == "5▏"
        assert app.screen.session.value(JOSE, "cap") == 10

        await pilot.press("escape", "a")
        await pilot.pause()
        assert message(app).startswith("NOT SAVED: ")
        assert cell(app, JOSE, "name") == "José Álvarez"

        await pilot.press(":", *"zoe lid 52", "enter")
        await pilot.pause()
        assert message(app).startswith("NOT SAVED: ")
        assert quick(app).value == "zoe lid 52"  # kept, to send again
        assert cell(app, ZOE, "lid") == "47·"

        await pilot.press("escape", "backspace")
        await pilot.pause()
        assert message(app).startswith("NOT SAVED: ")
        assert cell(app, JOSE, "cap") == "10✓"

        # Once the folder is back, the next score saves and the status says so.
        (demo_root / "classes").unlink()
        shutil.move(demo_root / "classes-away", demo_root / "classes")
        await pilot.press("6", "enter")
        await pilot.pause()
        assert message(app).startswith("Saved: José Álvarez cap = 6")
        assert "✓ saved 16:05:00" in status(app)
    assert score_count(demo_root, G1) == before + 1
    assert saved_value(demo_root, G1, JOSE, "cap") == 6
    assert saved_value(demo_root, G1, ZOE, "lid") == 47
