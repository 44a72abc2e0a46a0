"""Tomorrow's plan in the app: peer coaches on the group cards."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import group_cards, make_app, message, wait_for

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
