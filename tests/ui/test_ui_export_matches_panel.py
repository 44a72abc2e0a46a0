"""Issue #17: what `x` prints is what the groups panel shows (members, who meets and why, coaches)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from ui_helpers import group_cards, make_app, message, screen_name, wait_for

COACH_STARTS = ("coach ", "no coach free for", "no peer coaching needed")


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _printed_cards(page: str) -> list[dict[str, object]]:
    """Each printed group card: label, size, meets line, members and coach lines, as a reader sees them."""
    cards = []
    for body in re.findall(r'<section class="card[^"]*">(.*?)</section>', page, flags=re.S):
        label, size = re.fullmatch(r"(.*) \((\d+)\)", _plain(re.search(r"<h2>(.*?)</h2>", body).group(1))).groups()  # type: ignore[union-attr]
        meets = re.search(r'<p class="meets">(.*?)</p>', body)
        coaches = re.search(r'<ul class="coaches">(.*?)</ul>', body, flags=re.S)
        cards.append({
            "label": label,
            "size": int(size),
            "meets": _plain(meets.group(1)) if meets else None,
            "members": [_plain(m) for m in re.findall(r"<li><strong>(.*?)</strong>", body)],
            "coaches": [_plain(c) for c in re.findall(r"<li>(.*?)</li>", coaches.group(1))] if coaches else [],
        })
    return cards


async def test_the_exported_cards_are_the_groups_on_screen(
    demo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROUPER_EXPORT_DIR", str(tmp_path))
    app = make_app(demo_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")  # peer coaches on: the printout lists them too
        await wait_for(pilot, lambda: any("\ncoach " in c for c in group_cards(app)), "coaches on the cards")
        shown = group_cards(app)
        await pilot.press("x")
        await wait_for(pilot, lambda: screen_name(app) == "ExportDialog", "the export dialog")
        await pilot.press("enter")  # group cards and a day sheet
        await wait_for(pilot, lambda: message(app).startswith("Exported to "), "the file to be written")
        path = Path(message(app).removeprefix("Exported to "))
    printed = _printed_cards(path.read_text(encoding="utf-8"))
    assert len(printed) == len(shown) == 5
    for card, on_paper in zip(shown, printed, strict=True):
        lines = card.splitlines()
        head = lines[0]
        assert head.startswith(f"{on_paper['label']} · ") and head.endswith(f"({on_paper['size']})")
        assert lines[1] == on_paper["meets"]  # "▶ meets Mon (daily: ...)" / "· not Mon (waits: ...)", word for word
        coach_lines = [line for line in lines if line.startswith(COACH_STARTS)]
        assert coach_lines == on_paper["coaches"] and coach_lines
        names = "\n".join(line for line in lines[2:] if not line.startswith(COACH_STARTS))
        members = on_paper["members"]
        assert isinstance(members, list) and len(members) == on_paper["size"]
        assert all(name in names for name in members), (members, names)
    assert sum(str(c["meets"]).startswith("▶ meets Mon") for c in printed) == 3  # three slots, as on screen
