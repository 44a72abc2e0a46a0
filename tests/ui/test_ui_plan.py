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
