"""The week view (`v`): which groups meet each day, no-group days, and the rotation settings."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static
from ui_helpers import G1, group_cards, make_app, message, screen_name, screen_text, text_of, wait_for

from grouper.store import Store


def _settings(root: Path):  # type: ignore[no-untyped-def]
    with Store(root, writable=False) as store:
        return store.load_class(G1).settings


def _week(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The week table as text: a header row, then one row per group."""
    table = app.screen.query_one(DataTable)
    head = [str(c.label) for c in table.columns.values()]
    rows = [[str(v) for v in table.get_row_at(i)] for i in range(table.row_count)]
    return [head, *rows]


async def test_week_view_shows_five_school_days_of_the_rotation(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: screen_name(app) == "WeekScreen", "the week view")
        head, *rows = _week(app)
        assert head == ["group", "Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27"]
        assert len(rows) == 5
        # The group furthest back meets every day; no day has more meetings than the 3 slots.
        assert rows[0][0].startswith("Group 1") and rows[0][1:] == ["▶ daily"] * 5
        for day in range(1, 6):
            assert sum(r[day].startswith("▶") for r in rows) <= 3
        # Every cell has a symbol and a word, never colour alone.
        assert all(c.split(" ", 1)[0] in ("▶", "·") for r in rows for c in r[1:])
        assert "3 groups a day, each seen at least every 2 group days" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")


async def test_marking_the_plan_day_with_no_groups_is_saved_and_shown(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: screen_name(app) == "WeekScreen", "the week view")
        # The cursor starts on the plan day (Mon 23 Nov).
        await pilot.press("n")
        await wait_for(pilot, lambda: _week(app)[1][1] == "– none", "Monday to show no groups")
        assert all(r[1] == "– none" for r in _week(app)[1:])
        assert "Mon 23 Nov: no small groups" in text_of(app.screen.query_one("#week-message", Static))
        assert _settings(demo_root).no_group_days == ("2026-11-23",)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        cards = group_cards(app)
        assert cards and all("· not Mon (no-group day)" in c for c in cards)
        # Back in the week view, n again gives the day its groups back.
        await pilot.press("v")
        await wait_for(pilot, lambda: screen_name(app) == "WeekScreen", "the week view")
        await pilot.press("n")
        await wait_for(pilot, lambda: _week(app)[1][1] == "▶ daily", "Monday to have groups again")
    assert _settings(demo_root).no_group_days == ()


async def test_a_later_day_is_chosen_with_the_arrows(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: screen_name(app) == "WeekScreen", "the week view")
        await pilot.press("right", "right", "space")
        await wait_for(pilot, lambda: _week(app)[1][3] == "– none", "Wednesday to show no groups")
        # The rotation moves round the skipped day: Monday is unchanged, Wednesday's groups come later.
        assert _week(app)[1][1] == "▶ daily"
    assert _settings(demo_root).no_group_days == ("2026-11-25",)


async def test_rotation_settings_in_the_settings_dialog(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "SettingsDialog", "the settings dialog")
        await pilot.press(*["tab"] * 6, "backspace", "5", "tab", "backspace", "3", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        assert message(app).endswith("5 groups now; 5 meet Mon 23 Nov.")
        assert all("▶ meets Mon" in c for c in group_cards(app))
        await pilot.press("v")
        await wait_for(pilot, lambda: screen_name(app) == "WeekScreen", "the week view")
        assert "5 groups a day, each seen at least every 3 group days" in screen_text(app)
    settings = _settings(demo_root)
    assert (settings.slots_per_day, settings.max_gap_days) == (5, 3)


async def test_settings_refuses_too_many_slots(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "SettingsDialog", "the settings dialog")
        await pilot.press(*["tab"] * 6, "backspace", "1", "1", "enter")
        await pilot.pause()
        assert screen_name(app) == "SettingsDialog"
        assert text_of(app.screen.query_one("#problem", Static)) == (
            "Groups you can see in a day must be a whole number from 1 to 10")
    assert _settings(demo_root).slots_per_day == 3


async def test_week_view_from_the_palette(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"week view")
        await wait_for(pilot, lambda: "mark no-group days" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "WeekScreen", "the week view")
        await pilot.press("ctrl+p", *"no groups that day")
        await wait_for(pilot, lambda: "Mark the day under the cursor" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: _week(app)[1][1] == "– none", "Monday to show no groups")
