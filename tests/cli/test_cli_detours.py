"""Detours on the command line: a stalled student's suggested detour in groups --json and progress --json."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import Cli, write_text


def _stalled_class(cli: Cli, store: Path, tmp_path: Path) -> None:
    """Zoë stuck at letters for a month (four scores below mastery); Ben moving well."""
    cli.ok("class", "new", "Room 9", "--pathway", "early-literacy", store=store)
    roster = write_text(tmp_path / "roster.csv", "Student ID,Student Name\nz1,Zoë Ng\nb1,Ben Ito\n")
    cli.ok("roster", "import", "Room 9", roster, store=store)
    rows = "student,check,score,date\n" + "".join(
        f"z1,{c},{v},{d}\n" for c, v, d in [("cap", 11, "2026-10-19"), ("lid", 30, "2026-10-20"),
                                             ("lid", 31, "2026-10-27"), ("lid", 32, "2026-11-03"),
                                             ("lid", 33, "2026-11-17")]
    ) + "b1,cap,12,2026-11-16\n"
    cli.ok("scores", "import", "Room 9", write_text(tmp_path / "scores.csv", rows), store=store)


def test_a_stalled_student_has_the_first_detour_of_their_stage_suggested(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    groups = json.loads(cli.ok("groups", "Room 9", "--json", store=store).out)
    by_id = {p["id"]: p for p in groups["placements"]}
    assert by_id["z1"]["stalled"] is True and by_id["z1"]["suggested_detour"] == "letters-anchor"
    assert by_id["b1"]["suggested_detour"] is None
    members = {s["id"]: s for g in groups["groups"] for s in g["students"]}
    assert members["z1"]["suggested_detour"] == "letters-anchor"
    progress = json.loads(cli.ok("progress", "Room 9", "--json", store=store).out)
    students = {s["id"]: s for s in progress["students"]}
    assert students["z1"]["suggested_detour"] == "letters-anchor"
    assert students["b1"]["suggested_detour"] is None
