"""Progress over time in the app: markers, the student screen, the watch list, locked plans,
the data wall and the equity lens, driven with the keys a teacher would press."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static
from ui_helpers import (
    G1,
    PLAN_DAY,
    ZOE,
    ZOE_ROW,
    burst,
    cell,
    grid,
    group_cards,
    make_app,
    message,
    quick,
    saved_value,
    screen_name,
    screen_text,
    status,
    wait_for,
)

from grouper.store import Store
from grouper.ui.widgets.grid import FIXED, ScoreGrid

NOAH_W = "s09"  # Noah Williams: stalled at Phonemic awareness, tagged IEP
HANA = "s16"  # Hana Suzuki: away two weeks, a check is due at Blends and digraphs
LAST_LOCKED = dt.date(2026, 11, 16)  # the sample's plan, locked the week before
TEVITA = "s23"  # Tevita Fifita: high-frequency words mastered, then a score below


def _texts(app) -> str:  # type: ignore[no-untyped-def]
    """Every Static on the current screen, scrolled into view or not."""
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def _to_zoe(pilot) -> None:  # type: ignore[no-untyped-def]
    grid(pilot.app).move_cursor(row=ZOE_ROW, column=FIXED)
    await pilot.pause()


async def test_markers_are_a_symbol_and_a_word_in_grid_cards_and_status(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "⟳ stalled" in cell(app, ZOE, "place")
        assert "⟳ stalled" in cell(app, NOAH_W, "place")
        assert "stalled" not in cell(app, "s01", "place")
        assert "◷ due" in cell(app, HANA, "place")
        assert "↘ slipped" in cell(app, TEVITA, "place")
        zoe_card = next(c for c in group_cards(app) if "Zoë Ng" in c)
        assert "Zoë Ng ⟳ stalled" in zoe_card
        assert "⚑ 4 to watch" in status(app)


async def test_student_screen_shows_history_timeline_and_reasons(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_zoe(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        text = _texts(app)
        assert "Zoë Ng" in text
        assert "Stage 2 of 8: Letter names and sounds" in text
        assert "⟳ stalled: 32 days at Letter names and sounds" in text
        assert "detour to try: Name and picture anchors [letters-anchor]" in text  # what to do next
        assert "Stage timeline" in text and "here now" in text
        assert "lid Letters named (of 54)" in text
        assert "47·" in text  # the newest lid score, below mastery, marked by a dot, not colour alone
        assert "at mastery" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
        assert isinstance(app.focused, ScoreGrid)
        assert grid(app).cursor_row == ZOE_ROW


async def test_watch_list_opens_a_student(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(app) == "AttentionScreen", "the watch list")
        text = screen_text(app)
        assert "Needs attention" in text and "4 of 26 students" in text
        assert "Zoë Ng" in text and "⟳ stalled: 32 days" in text
        assert "detour to try: Name and picture anchors [letters-anchor]" in text
        # Noah Williams is on a detour already: it is said, and nothing more is suggested for him.
        assert "↪ on a detour: Smaller sound steps since" in text
        assert "detour to try: Smaller sound steps" not in text
        assert "⤓ below the goal line: Letters named (of 54)" in text  # Zoë's goal
        assert "↘ slipped below mastery again: High-frequency words read (of 50)" in text  # the label, not the id
        assert "Hana Suzuki" in text and "◷ check due: 20 days" in text
        await pilot.press("enter")  # the first on the list: Noah Williams
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        assert "Noah Williams" in _texts(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
        assert grid(app).cursor_row == 8  # the cursor went to Noah Williams' row


async def test_lock_the_plan_then_see_what_changed(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        changes = app.screen.query_one("#changes", Static)
        # The sample class kept the plan its teacher locked for Monday last week.
        report = str(changes.render())
        assert "Locked Mon 16 Nov:" in report and "changed since" in report
        assert "↑ up Priya Raghunathan" in report
        await pilot.press("L")
        await wait_for(pilot, lambda: "Locked the plan" in message(app), "the plan to lock")
        with Store(demo_root, writable=False) as store:
            plans = store.load_class(G1).plans
        assert [p.date for p in plans][-2:] == [LAST_LOCKED, PLAN_DAY]  # after the days locked before
        assert "no changes since" in str(changes.render())
        # Zoë reads 52 letters: she masters Letter names and moves up the path.
        await pilot.press(":", *"zoe lid 52", "enter", "escape")
        await wait_for(pilot, lambda: saved_value(demo_root, G1, ZOE, "lid") == 52, "the score to save")
        await wait_for(pilot, lambda: "changed since" in str(changes.render()), "the change report")
        report = str(changes.render())
        assert "↑ up Zoë Ng: Letter names and sounds →" in report
        assert "stalled" not in cell(app, ZOE, "place")
        # The locked plan itself is kept as it was.
        with Store(demo_root, writable=False) as store:
            kept = store.load_class(G1).plans[-1].plan
        zoe = next(p for p in kept["placements"] if p["id"] == ZOE)
        assert zoe["stage"] == "letters" and zoe["stalled"] is True


async def test_lock_again_replaces_the_days_plan(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("L")
        await wait_for(pilot, lambda: "Locked the plan" in message(app), "the first lock")
        await pilot.press("L")
        await wait_for(pilot, lambda: "Locked again" in message(app), "the second lock")
    with Store(demo_root, writable=False) as store:
        assert [p.date for p in store.load_class(G1).plans][-2:] == [LAST_LOCKED, PLAN_DAY]


async def test_data_wall_and_equity_lens(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "DataWallScreen", "the data wall")
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Data wall" in text and "today" in text and "Letter names and sounds" in text
        assert "IEP" not in text and "ELL" not in text  # tags stay hidden with the lens off
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
        await pilot.press("e")
        await wait_for(pilot, lambda: "equity lens on" in status(app), "the lens to turn on")
        await pilot.press("w")
        await wait_for(pilot, lambda: screen_name(app) == "DataWallScreen", "the data wall")
        await pilot.press("end")
        await wait_for(pilot, lambda: "Today, by tag" in screen_text(app), "the tags to scroll into view")
        text = screen_text(app)
        assert "Today, by tag" in text
        assert "IEP" in text and "ELL" in text and "no tag" in text
        await pilot.press("escape", "n")
        await wait_for(pilot, lambda: screen_name(app) == "AttentionScreen", "the watch list")
        # Noah Williams (IEP) is stalled: counts and facts per tag, a tag with nobody listed too.
        text = screen_text(app)
        assert "IEP: 1 of 3 on the list (1 stalled)" in text
        assert "ELL: 0 of 6 on the list (0 stalled)" in text
        assert "no tag: 3 of 17 on the list (1 stalled)" in text


async def test_lens_is_off_each_time_the_app_opens(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: "equity lens on" in status(app), "the lens to turn on")
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "equity lens" not in status(app)


async def test_burst_into_the_student_screen_and_back(demo_root: Path) -> None:
    """`i ⎋ 5 ⏎` at once: the screen opens and closes, and the 5 lands in the grid afterwards."""
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "i", "escape", "5", "enter")
        await wait_for(pilot, lambda: saved_value(demo_root, G1, "s01", "cap") == 5, "the 5 to save")
        assert screen_name(app) == "ClassScreen"


async def test_new_keys_type_letters_in_quick_entry(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(":", *"wine Lie")
        await pilot.pause()
        assert quick(app).value == "wine Lie"
        assert screen_name(app) == "ClassScreen"


async def test_write_a_note_on_the_student_screen(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_zoe(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        assert "b/d the sticking point" in _texts(app)  # the sample teacher's note from 10 Nov
        # 'n' opens the note bar; the letters n, j, k typed there are part of the note.
        await pilot.press("n", *"knows b/d now [red]", "enter")
        # Shown as typed, never as markup, dated today.
        await wait_for(pilot, lambda: "Sun 22 Nov: knows b/d now [red]" in _texts(app), "the note to show")
        await pilot.press("n", "escape")  # an empty note bar closed with Escape saves nothing
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
    with Store(demo_root, writable=False) as store:
        notes = store.load_class(G1).notes_for(ZOE)
    assert [n.text for n in notes][-1] == "knows b/d now [red]"
    assert len(notes) == 2


async def test_the_stall_rule_is_a_class_setting(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "⚑ 4 to watch" in status(app)
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_name(app) == "SettingsDialog", "the settings dialog")
        await pilot.press("tab", "tab", "tab", "4", "0", "enter")  # stalled after 40 days, not 21
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class screen")
        # Zoë (32 days at her stage) is no longer stalled (still below her goal line); Noah Williams
        # (40 days) still is.
        await wait_for(pilot, lambda: "stalled" not in cell(app, ZOE, "place"), "Zoë's place to follow the rule")
        assert "⚑ 4 to watch" in status(app)
        assert "⤓" in cell(app, ZOE, "place")
        assert "⟳ stalled" in cell(app, NOAH_W, "place")
    with Store(demo_root, writable=False) as store:
        settings = store.load_class(G1).settings
    assert (settings.stall_days, settings.stall_scores, settings.due_days, settings.max_groups) == (40, 3, 14, 5)


async def test_enter_on_the_place_column_opens_the_student(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("left")  # from the first check to the Place column
        assert grid(app).cursor_column == FIXED - 1
        await pilot.press("left")  # never onto the name
        assert grid(app).cursor_column == FIXED - 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "StudentScreen", "the student screen")
        assert "José Álvarez" in _texts(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
        await pilot.press("right", "7", "enter")  # back on a score, Enter saves and moves down
        await wait_for(pilot, lambda: saved_value(demo_root, G1, "s01", "cap") == 7, "the 7 to save")
        assert grid(app).cursor_row == 1
