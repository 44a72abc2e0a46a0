"""Detours on the command line: a stalled student's suggested detour in groups --json and progress --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_helpers import Cli, assert_error, snapshot, write_text


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


def _progress_of(cli: Cli, store: Path, sid: str) -> dict[str, Any]:
    data = json.loads(cli.ok("progress", "Room 9", "--json", store=store).out)
    return next(s for s in data["students"] if s["id"] == sid)  # type: ignore[no-any-return]


def test_detour_with_no_detour_named_lists_the_stage_s_detours_and_saves_nothing(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    before = snapshot(store)
    out = cli.ok("detour", "Room 9", "zoe", store=store).out
    assert "Zoë Ng is on the main route at Letter names and sounds" in out
    assert "letters-anchor: Name and picture anchors  (suggested: stalled)" in out
    assert "letters-trace: Sand tray letters" in out
    assert snapshot(store) == before


def test_a_detour_started_is_kept_shown_and_travels_in_the_class_file(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    r = cli.ok("detour", "Room 9", "zoe", "name", store=store)  # the start of its label
    assert "Zoë Ng is on a detour at Letter names and sounds from Fri 20 Nov: Name and picture anchors." in r.out
    assert "Closer checks: Letters named in a 10-letter set (of 10) (ltr10)" in r.out
    again = cli.ok("detour", "Room 9", "zoe", "letters-anchor", store=store)
    assert "already on the detour Name and picture anchors" in again.out
    bundle = cli.bundle(store, "Room 9")
    assert bundle["detours"] == [
        {"student": "z1", "stage": "letters", "detour": "letters-anchor", "started": "2026-11-20", "ended": None}
    ]
    # No longer suggested: she is on it.
    zoe = _progress_of(cli, store, "z1")
    assert zoe["suggested_detour"] is None
    # The class file carries it to another store.
    exported = write_text(tmp_path / "room9.json", json.dumps(bundle))
    other = tmp_path / "other"
    cli.ok("class", "import", exported, store=other)
    assert cli.bundle(other, "Room 9")["detours"] == bundle["detours"]


def test_another_detour_ends_the_first_and_end_goes_back_to_the_main_route(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    cli.ok("detour", "Room 9", "zoe", "letters-anchor", "--date", "2026-11-16", store=store)
    r = cli.ok("detour", "Room 9", "zoe", "sand", store=store)
    assert "(Ended the detour Name and picture anchors, taken since Mon 16 Nov.)" in r.out
    assert "Sand tray letters" in r.out
    r = cli.ok("detour", "Room 9", "zoe", "--end", store=store)
    assert "Zoë Ng's detour (Sand tray letters) ended on Fri 20 Nov; back on the main route" in r.out
    taken = cli.bundle(store, "Room 9")["detours"]
    assert [(t["detour"], t["started"], t["ended"]) for t in taken] == [
        ("letters-anchor", "2026-11-16", "2026-11-20"), ("letters-trace", "2026-11-20", "2026-11-20")]
    assert "not on a detour; nothing changed" in cli.ok("detour", "Room 9", "zoe", "--end", store=store).out


def test_mastering_the_stage_loops_back_and_undo_takes_the_loop_back(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    cli.ok("detour", "Room 9", "zoe", "letters-anchor", "--date", "2026-11-18", store=store)
    cli.ok("score", "Room 9", "zoe", "ltr10", "8", "--date", "2026-11-19", store=store)  # the detour's closer check
    cli.ok("score", "Room 9", "zoe", "lsnd", "25", "--date", "2026-11-19", store=store)
    assert _progress_of(cli, store, "z1")["stage"] == "letters"
    cli.ok("score", "Room 9", "zoe", "lid", "52", store=store)  # letters mastered today
    zoe = _progress_of(cli, store, "z1")
    assert zoe["stage"] != "letters"
    cli.ok("score", "Room 9", "--undo", store=store)
    zoe = _progress_of(cli, store, "z1")
    assert zoe["stage"] == "letters"
    assert "is on a detour at Letter names and sounds" in cli.ok("detour", "Room 9", "zoe", store=store).out


def test_detour_mistakes_are_named_and_save_nothing(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    before = snapshot(store)
    assert_error(cli("detour", "Room 9", "zoe", "xyz", store=store), 1,
                 "has no detour 'xyz'", "letters-anchor (Name and picture anchors)")
    assert_error(cli("detour", "Room 9", "zoe", "letters-anchor", "--end", store=store), 2, "not both")
    assert_error(cli("detour", "Room 9", "nobody", "letters-anchor", store=store), 1, "no student 'nobody'")
    assert_error(cli("detour", "Room 9", "zoe", "letters-anchor", "--date", "2030-01-01", store=store), 1)
    assert snapshot(store) == before


def test_a_class_file_with_a_detour_the_pathway_lacks_is_refused(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    bundle = cli.bundle(store, "Room 9")
    bundle["class"]["name"] = "Room 10"
    bundle["detours"] = [{"student": "z1", "stage": "letters", "detour": "no-such", "started": "2026-11-18"}]
    path = write_text(tmp_path / "bad.json", json.dumps(bundle))
    before = snapshot(store)
    assert_error(cli("class", "import", path, store=store), 1, "detour 1", "no detour 'no-such'")
    assert snapshot(store) == before


def test_a_damaged_detour_entry_in_the_store_is_named(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    cli.ok("detour", "Room 9", "zoe", "letters-anchor", store=store)
    (path,) = (store / "classes").glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    (doc,) = data["detours"].values()
    doc["started"] = "yesterday"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_error(cli("groups", "Room 9", store=store), 1, "an entry in its detours cannot be read")


def test_a_detour_at_the_next_stage_leaves_the_one_looped_back_from_as_it_was(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)
    cli.ok("detour", "Room 9", "zoe", "letters-anchor", "--date", "2026-11-18", store=store)
    cli.ok("score", "Room 9", "zoe", "lsnd", "25", "--date", "2026-11-19", store=store)
    cli.ok("score", "Room 9", "zoe", "lid", "52", store=store)  # letters mastered: the loop back
    zoe = _progress_of(cli, store, "z1")
    assert zoe["stage"] == "phonemes" and zoe["detour"] is None
    out = cli.ok("detour", "Room 9", "zoe", "phon-steps", store=store).out
    assert "Ended the detour" not in out  # the first one was over already, by mastery
    zoe = _progress_of(cli, store, "z1")
    assert [(d["detour"], d["outcome"], d["ended"]) for d in zoe["detours"]] == [
        ("letters-anchor", "mastered", "2026-11-20"), ("phon-steps", "open", None)]
    assert zoe["detour"] == "phon-steps"
    assert "ended" in cli.ok("detour", "Room 9", "zoe", "--end", store=store).out
    zoe = _progress_of(cli, store, "z1")
    assert [(d["detour"], d["outcome"]) for d in zoe["detours"]] == [
        ("letters-anchor", "mastered"), ("phon-steps", "ended")]


def test_students_on_the_same_detour_are_taught_on_it_and_the_printed_plan_says_so(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _stalled_class(cli, store, tmp_path)  # Zoë and Ben are both at Letter names and sounds
    cli.ok("detour", "Room 9", "zoe", "letters-anchor", store=store)
    plan = json.loads(cli.ok("groups", "Room 9", "--json", store=store).out)
    assert [g["detour"] for g in plan["groups"]] == [None]  # Ben on the main route: one group, main wins the tie
    members = {s["id"]: s for g in plan["groups"] for s in g["students"]}
    assert members["z1"]["detour"] == "letters-anchor" and members["b1"]["detour"] is None
    cards = cli.ok("export", "Room 9", "--format", "cards", store=store).out
    assert "↪ on a detour: Name and picture anchors" in cards
    cli.ok("detour", "Room 9", "ben", "letters-anchor", store=store)
    plan = json.loads(cli.ok("groups", "Room 9", "--json", store=store).out)
    (group,) = plan["groups"]
    assert group["detour"] == "letters-anchor"
    assert group["focus"].startswith("Start from the letters in the children's own names")
    assert plan["cost"] == 0  # both taught on their own route at their own stage
    cards = cli.ok("export", "Room 9", "--format", "cards", store=store).out
    assert "↪ detour: Name and picture anchors; closer check: Letters named in a 10-letter set (of 10)" in cards
    assert "↪ on a detour" not in cards  # nobody is taught off their route
    table = cli.ok("groups", "Room 9", store=store).out
    assert "↪ detour: Name and picture anchors" in table
    md = cli.ok("export", "Room 9", "--format", "md", store=store).out
    assert "**↪ detour: Name and picture anchors; closer check:" in md
    assert "Start from the letters in the children's own names" in md
    html_page = cli.ok("export", "Room 9", "--format", "html", store=store).out
    assert '<p class="route"><strong>↪ detour: Name and picture anchors' in html_page
