"""Tomorrow's plan in the app: peer coaches on the group cards."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import group_cards, make_app, message, screen_name, screen_text, unplaced, wait_for

STALLED = ("Zoë Ng", "Noah Williams")  # the Grade 1 sample's stalled students
AWAY = ("Дмитрий Иванов", "Mateo Rossi")  # away on the plan day


def _coach_lines(cards: list[str]) -> list[str]:
    return [line for card in cards for line in card.splitlines() if line.startswith("coach ")]


async def test_peer_coaches_are_off_until_asked_and_follow_the_rules(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _coach_lines(group_cards(app)) == []
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(_coach_lines(group_cards(app))), "coaches on the cards")
        assert message(app).startswith("Peer coaches on:")
        lines = _coach_lines(group_cards(app))
        assert "coach Bo Li → Zoë Ng (lid)" in lines  # Bo has mastered letter names
        coaches = [line.removeprefix("coach ").split(" → ")[0] for line in lines]
        assert len(coaches) == len(set(coaches))  # each coach once a day
        assert not set(coaches) & set(STALLED + AWAY)  # never stalled, never away
        assert all(1 <= len(line.split(" → ")[1].split(" (")[0].split(", ")) <= 2 for line in lines)
        await pilot.press("o")
        await wait_for(pilot, lambda: not _coach_lines(group_cards(app)), "coaches gone")
        assert message(app) == "Peer coaches off."


async def test_export_the_plan_as_printable_cards_from_the_app(
    demo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROUPER_EXPORT_DIR", str(tmp_path / "docs"))
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await wait_for(pilot, lambda: screen_name(app) == "ExportDialog", "the export dialog")
        await pilot.press("enter")  # the first choice: group cards and a day sheet
        await wait_for(pilot, lambda: message(app).startswith("Exported to "), "the file to be written")
        path = Path(message(app).removeprefix("Exported to "))
    assert path == tmp_path / "docs" / "grouper" / "Grade 1 - Room 7 2026-11-23 cards.html"
    html = path.read_text(encoding="utf-8")
    assert "Zoë Ng" in html and "@media print" in html
    assert html.count("Notes:") == 5  # a card per group, each with room for notes


async def test_export_csv_from_the_command_palette(
    demo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROUPER_EXPORT_DIR", str(tmp_path))
    app = make_app(demo_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"export plan")
        await wait_for(pilot, lambda: "Printable group cards" in screen_text(app), "the palette to find it")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ExportDialog", "the export dialog")
        await pilot.press("down", "down", "down", "enter")  # CSV
        await wait_for(pilot, lambda: message(app).startswith("Exported to "), "the file to be written")
    assert (tmp_path / "grouper" / "Grade 1 - Room 7 2026-11-23 groups.csv").read_text(encoding="utf-8").count(
        "\n") >= 26


async def test_group_cards_say_which_groups_meet_tomorrow(demo_root: Path) -> None:
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        cards = group_cards(app)
        meets = [c.splitlines()[1] for c in cards]
        assert meets[0] == "▶ meets Mon (daily: furthest back, stalled student)"
        assert sum(line.startswith("▶ meets Mon") for line in meets) == 3  # three slots a day
        assert all(line.startswith(("▶ meets Mon", "· not Mon")) for line in meets)
        # Five groups are due after a week, three slots: the plan says who waits, in words.
        assert "5 groups must meet but there are 3 slots" in unplaced(app)


async def test_locking_in_the_app_records_which_groups_meet(demo_root: Path) -> None:
    from grouper.store import Store

    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("L")
        await wait_for(pilot, lambda: "Locked the plan" in message(app), "the plan to lock")
        shown = [c.splitlines()[1].startswith("▶ meets") for c in group_cards(app)]
    with Store(demo_root, writable=False) as store:
        kept = store.load_class("Grade 1 — Room 7").plans[-1].plan
    assert [g["meets"] for g in kept["groups"]] == shown
    assert sum(shown) == 3


async def test_move_a_student_for_the_day_then_pin_then_take_it_off(demo_root: Path) -> None:
    from ui_helpers import ZOE_ROW, grid

    from grouper.store import Store
    from grouper.ui.widgets.grid import FIXED

    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)
        await pilot.pause()
        zoe_card = next(c for c in group_cards(app) if "Zoë Ng" in c)
        assert zoe_card.startswith("Group 1")
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "MoveDialog", "the move dialog")
        await pilot.press("down", "enter")  # Group 2, for the plan day only
        await wait_for(pilot, lambda: "moved to the High-frequency words group" in message(app), "the move")
        card = next(c for c in group_cards(app) if "Zoë Ng" in c)
        assert card.startswith("Group 2") and "Zoë Ng↑ (moved, 2 stages above)" in card
        with Store(demo_root, writable=False) as store:
            (override,) = store.load_class("Grade 1 — Room 7").overrides
        assert (override.student, override.stage, str(override.date)) == ("s12", "sight", "2026-11-23")
        # A new score regroups the class: the move still holds.
        await pilot.press(":", *"bo hfw 20", "enter", "escape")
        await wait_for(pilot, lambda: "Saved: Bo Li" in message(app), "the score")
        assert "Zoë Ng↑ (moved, 2 stages above)" in next(c for c in group_cards(app) if "Zoë Ng" in c)
        grid(app).move_cursor(row=ZOE_ROW, column=FIXED)  # quick entry took the cursor to Bo
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "MoveDialog", "the move dialog")
        await pilot.press("U")
        await wait_for(pilot, lambda: "back in the computed group" in message(app), "the move taken off")
        assert "(moved)" not in next(c for c in group_cards(app) if "Zoë Ng" in c)
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "MoveDialog", "the move dialog")
        await pilot.press("down", "P")
        await wait_for(pilot, lambda: "pinned to" in message(app), "the pin")
        assert "Zoë Ng↑ (pinned, 2 stages above)" in next(c for c in group_cards(app) if "Zoë Ng" in c)
    with Store(demo_root, writable=False) as store:
        (pin,) = store.load_class("Grade 1 — Room 7").overrides
    assert pin.date is None


def _together(cards: list[str], a: str, b: str) -> bool:
    return any(a in c and b in c for c in cards)


async def test_keep_apart_editing_regroups_at_once(demo_root: Path) -> None:
    from grouper.store import Store

    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _together(group_cards(app), "Zoë Ng", "Elijah Brown")
        await pilot.press("r")
        await wait_for(pilot, lambda: screen_name(app) == "RulesScreen", "the rules screen")
        await pilot.press(*"apart: zoe, eli", "enter")
        await wait_for(pilot, lambda: "keep apart: Elijah Brown, Zoë Ng" in screen_text(app), "the rule listed")
        await pilot.press(*"apart: noah, zoe", "enter")  # two Noahs: named, nothing saved
        await wait_for(pilot, lambda: "'noah' could be Noah Williams, Noah Kowalczyk" in screen_text(app),
                       "the problem named")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
        assert not _together(group_cards(app), "Zoë Ng", "Elijah Brown")
        with Store(demo_root, writable=False) as store:
            assert store.load_class("Grade 1 — Room 7").keep_apart == [frozenset({"s12", "s21"})]
        await pilot.press("r")
        await wait_for(pilot, lambda: screen_name(app) == "RulesScreen", "the rules screen")
        await pilot.press("shift+tab", "delete")  # from the typing line up to the list, then take it off
        await wait_for(pilot, lambda: "No rules yet." in screen_text(app), "the rule gone")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "back to the class")
        assert _together(group_cards(app), "Zoë Ng", "Elijah Brown")
