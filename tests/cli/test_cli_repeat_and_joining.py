"""A repeated score is a new dated score; *due* counts from the day a student joined (issue #17)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import CLASS, TODAY, Cli, write_text

LATER = "2026-12-04"  # 14 days (the default due_days) after TODAY
LATER_STILL = "2026-12-18"  # 14 days after LATER


def _due(cli: Cli, store: Path, today: str) -> dict[str, bool]:
    data = json.loads(cli.ok("groups", CLASS, "--json", store=store, env={"GROUPER_TODAY": today}).out)
    return {p["id"]: p["due"] for p in data["placements"]}


def test_the_same_score_twice_is_kept_twice(cli: Cli, room: Path) -> None:
    cli.ok("score", CLASS, "z1", "cap", "11", store=room)
    r = cli.ok("score", CLASS, "z1", "cap", "11", store=room)
    assert "same as before" in r.out
    kept = [(s["value"], s["date"]) for s in cli.bundle(room)["scores"] if (s["student"], s["check"]) == ("z1", "cap")]
    assert kept == [(11, "2026-11-16"), (11, TODAY), (11, TODAY)]


def test_a_new_class_is_not_due_until_due_days_after_joining(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    cli.ok("class", "new", CLASS, "--pathway", "early-literacy", store=store)
    roster = write_text(tmp_path / "roster.csv", "id,name\nh1,Hana Suzuki\nb1,Bo Li\n")
    cli.ok("roster", "import", CLASS, roster, store=store)
    assert _due(cli, store, TODAY) == {"h1": False, "b1": False}
    assert _due(cli, store, LATER) == {"h1": True, "b1": True}

    late = write_text(tmp_path / "late.csv", "id,name\nh1,Hana Suzuki\nb1,Bo Li\nn1,Noa Kahale\n")
    cli.ok("roster", "import", CLASS, late, store=store, env={"GROUPER_TODAY": LATER})
    assert _due(cli, store, LATER) == {"h1": True, "b1": True, "n1": False}  # re-import keeps the joining day
    assert _due(cli, store, LATER_STILL)["n1"] is True
    joined = {s["id"]: s.get("joined") for s in cli.bundle(store)["students"]}
    assert joined == {"h1": TODAY, "b1": TODAY, "n1": LATER}
