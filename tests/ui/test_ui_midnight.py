"""The app left open past midnight dates new scores by the new day and plans the next school day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ui_helpers import G1, JOSE, TODAY, make_app, message, scores, status, wait_for


async def test_a_score_after_midnight_is_dated_the_new_day(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "groups for Mon 23 Nov" in status(app)
        app._today = TODAY + dt.timedelta(days=1)  # Sunday evening -> Monday morning
        await pilot.press("7", "enter")
        await wait_for(pilot, lambda: "groups for Tue 24 Nov" in status(app), "the plan to move to Tuesday")
        assert message(app).startswith("Saved: José Álvarez cap = 7")
    saved = scores(demo_root, G1, JOSE, "cap")[-1]
    assert (saved.value, saved.date) == (7, dt.date(2026, 11, 23))


async def test_the_new_day_is_noticed_without_a_key(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app._today = TODAY + dt.timedelta(days=1)
        assert app.screen.roll_day() is True  # what the once-a-minute check runs
        assert "groups for Tue 24 Nov" in status(app)
        assert message(app) == "A new day: scores are dated Mon 23 Nov; the groups are for Tue 24 Nov."
        assert app.screen.roll_day() is False
