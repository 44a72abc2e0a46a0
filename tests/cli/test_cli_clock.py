"""Clock trouble: no score from the future, and the score that counts is the latest by (date, entry number).

A score carries the day it was assessed, never a clock time, and an entry
number (seq) the store gives in typing order. So midnight and a daylight-saving
change cannot reorder scores: a later day wins, and on one day the later entry
wins, whatever the wall clock said. Notes carry a timestamp with its offset
and are ordered by the instant, so the hour that repeats in autumn is in order.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, TODAY, Cli, assert_error, latest, placements, snapshot, write_text

TOMORROW = "2026-11-21"


@pytest.mark.parametrize(
    "argv",
    [
        ["score", CLASS, "zoe", "lid", "52", "--date", TOMORROW],
        ["score", CLASS, "zoe", "lid", "clear", "--date", TOMORROW],
        ["note", CLASS, "zoe", "reversed b/d", "--date", TOMORROW],
    ],
    ids=["score", "clear", "note"],
)
def test_a_day_in_the_future_is_refused(cli: Cli, room: Path, argv: list[str]) -> None:
    before = snapshot(room)
    assert_error(cli(*argv, store=room), 1, f"{TOMORROW} is in the future")
    assert snapshot(room) == before


def test_a_scores_file_with_one_future_row_saves_nothing(cli: Cli, room: Path, tmp_path: Path) -> None:
    csv = write_text(tmp_path / "s.csv", f"student,check,score,date\nzoe,lid,40,{TODAY}\nbo li,cap,3,{TOMORROW}\n")
    before = snapshot(room)
    r = cli("scores", "import", CLASS, csv, store=room)
    assert r.code == 1 and "line 3" in r.err and "future" in r.err and "Nothing was imported." in r.err, str(r)
    assert snapshot(room) == before


def test_across_midnight_the_later_day_counts_then_the_later_entry(cli: Cli, room: Path) -> None:
    late = {"GROUPER_TODAY": "2026-11-19"}  # typed at 23:59 on the 19th...
    cli.ok("score", CLASS, "zoe", "lid", "40", store=room, env=late)
    cli.ok("score", CLASS, "zoe", "lid", "51", store=room)  # ...and at 00:01 on the 20th
    assert latest(cli.bundle(room), "z1", "lid")["value"] == 51  # type: ignore[index]
    # Later still, a score for the 19th that was left on paper: typed last, but about an earlier day.
    cli.ok("score", CLASS, "zoe", "lid", "20", "--date", "2026-11-19", store=room)
    bundle = cli.bundle(room)
    assert latest(bundle, "z1", "lid")["value"] == 51  # type: ignore[index]
    assert placements(cli.groups(room))["z1"] == ("phonemes", "needs-assessment")  # 51 counts (20 would not)
    mine = [(s["date"], s["value"]) for s in bundle["scores"] if s["student"] == "z1" and s["check"] == "lid"]
    assert mine[-3:] == [("2026-11-19", 40), ("2026-11-20", 51), ("2026-11-19", 20)]  # kept in typing order
    cli.ok("score", CLASS, "zoe", "lid", "30", store=room)  # the same day again: the later entry counts
    assert latest(cli.bundle(room), "z1", "lid")["value"] == 30  # type: ignore[index]


def test_the_hour_that_repeats_in_autumn_keeps_its_order(
    cli: Cli, room: Path, room_bundle: dict[str, Any], tmp_path: Path
) -> None:
    """2026-11-01 in New York: 01:00-02:00 happens twice (EDT, then EST)."""
    bundle = copy.deepcopy(room_bundle)
    bundle["class"]["name"] = "Autumn"
    bundle["notes"] = [
        {"student": "z1", "date": "2026-11-01", "text": "first, 01:50 EDT", "written_at": "2026-11-01T01:50:00-04:00"},
        {"student": "z1", "date": "2026-11-01", "text": "second, 01:10 EST", "written_at": "2026-11-01T01:10:00-05:00"},
    ]
    top = max(s["seq"] for s in bundle["scores"])
    bundle["scores"] += [
        {"student": "jo", "check": "cap", "value": 11, "date": "2026-11-01", "seq": top + 1, "note": "01:50 EDT"},
        {"student": "jo", "check": "cap", "value": 6, "date": "2026-11-01", "seq": top + 2, "note": "01:10 EST"},
    ]
    path = write_text(tmp_path / "autumn.json", json.dumps(bundle))
    ny = {"TZ": "America/New_York"}
    cli.ok("class", "import", path, store=room, env=ny)
    notes = json.loads(cli.ok("notes", "Autumn", "zoe", "--json", store=room, env=ny).out)
    assert [n["text"] for n in notes] == ["second, 01:10 EST", "first, 01:50 EDT"]  # newest first, by the instant
    saved = cli.bundle(room, "Autumn")
    assert latest(saved, "jo", "cap")["note"] == "01:10 EST"  # type: ignore[index]
    assert placements(cli.groups(room, "Autumn"))["jo"] == ("print", "working")  # 6 of 12 counts, not 11
