"""Goals on the command line: ``grouper goal`` sets, lists, replaces and clears them, says the rule's answer
for real score histories, suggests a detour below the line, and ``progress --json`` carries it all.

Every student of 'Room 9' reached Letter names and sounds on Mon 2 Nov with 20 letters named; a goal of
40 by Mon 30 Nov from that day makes the line 20 + 5 a week. Their scores since put each on a different
side of it: Zoë below, Ben on track, Mia mixed, Tom with too few points.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Cli, assert_error, snapshot, write_text

CLASS = "Room 9"
GOAL = ("lid", "40", "--by", "2026-11-30", "--from", "2026-11-02")
LINE = "  line: 20 on Mon 2 Nov to 40 on Mon 30 Nov (+5 a week)"

HISTORIES = {
    "z1": [21, 22, 23],  # line 25, 30, 32.1 on those days: all below
    "b1": [26, 31, 33],  # all at or above
    "m1": [26, 29, 33],  # above, below, above
    "t1": [26, 29],  # two points only
}
DAYS = ("2026-11-09", "2026-11-16", "2026-11-19")


@pytest.fixture(scope="module")
def goal_class_store(session_cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("goal-class")
    store = base / "store"
    session_cli.ok("class", "new", CLASS, "--pathway", "early-literacy", store=store)
    roster = write_text(base / "roster.csv",
                        "Student ID,Student Name\nz1,Zoë Ng\nb1,Ben Ito\nm1,Mia Roa\nt1,Tom Aho\n")
    session_cli.ok("roster", "import", CLASS, roster, store=store)
    rows = ["student,check,score,date"]
    for sid, values in HISTORIES.items():
        rows += [f"{sid},cap,11,2026-11-02", f"{sid},lid,20,2026-11-02"]
        rows += [f"{sid},lid,{v},{d}" for v, d in zip(values, DAYS, strict=False)]
    session_cli.ok("scores", "import", CLASS, write_text(base / "scores.csv", "\n".join(rows) + "\n"), store=store)
    return store


@pytest.fixture
def store(goal_class_store: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(goal_class_store, tmp_path / "store"))


def _progress(cli: Cli, store: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(cli.ok("progress", CLASS, "--json", store=store).out)
    return {s["id"]: s for s in data["students"]}


def _goal_json(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The keys the goal's JSON promises (a newer key may be added beside them)."""
    keys = ("check", "target", "by", "start", "start_date", "status")
    return [{k: g[k] for k in keys} for g in entry["goals"]]


def test_a_goal_below_the_line_says_so_and_suggests_the_stage_s_detour(cli: Cli, store: Path) -> None:
    r = cli.ok("goal", CLASS, "zoe", *GOAL, store=store)
    assert r.out.splitlines() == [
        "Room 9: Zoë Ng's goal is set.",
        "Letters named (of 54): 40 by Mon 30 Nov: below the line: change the teaching",
        LINE,
        "  latest: 21 on Mon 9 Nov (line 25, below); 22 on Mon 16 Nov (line 30, below); "
        "23 on Thu 19 Nov (line 32.1, below)",
        "  detour to try: Name and picture anchors [letters-anchor]",
    ]
    assert cli.bundle(store, CLASS)["goals"] == [
        {"student": "z1", "check": "lid", "target": 40, "by": "2026-11-30", "started": "2026-11-02"}]
    zoe = _progress(cli, store)["z1"]
    assert _goal_json(zoe) == [{"check": "lid", "target": 40, "by": "2026-11-30", "start": 20,
                                "start_date": "2026-11-02", "status": "below"}]
    assert zoe["stalled"] is False and zoe["suggested_detour"] == "letters-anchor"
    assert zoe["detour"] is None and zoe["detours"] == []


@pytest.mark.parametrize(
    ("student", "sid", "status", "latest"),
    [
        ("ben", "b1", "on track", "  latest: 26 on Mon 9 Nov (line 25, at or above); 31 on Mon 16 Nov "
         "(line 30, at or above); 33 on Thu 19 Nov (line 32.1, at or above)"),
        ("mia", "m1", "mixed: keep watching", "  latest: 26 on Mon 9 Nov (line 25, at or above); 29 on Mon 16 Nov "
         "(line 30, below); 33 on Thu 19 Nov (line 32.1, at or above)"),
        ("tom", "t1", "too few points to say", "  latest: 26 on Mon 9 Nov (line 25, at or above); 29 on Mon 16 Nov "
         "(line 30, below)"),
    ],
)
def test_the_rule_s_answer_for_each_history(
    cli: Cli, store: Path, student: str, sid: str, status: str, latest: str
) -> None:
    r = cli.ok("goal", CLASS, student, *GOAL, store=store)
    lines = r.out.splitlines()
    assert lines[1] == f"Letters named (of 54): 40 by Mon 30 Nov: {status}"
    assert lines[2:] == [LINE, latest]  # no detour line unless below
    entry = _progress(cli, store)[sid]
    ids = {"on track": "on-track", "mixed: keep watching": "mixed", "too few points to say": "too-few"}
    assert [g["status"] for g in entry["goals"]] == [ids[status]]
    assert entry["suggested_detour"] is None


def test_a_goal_from_today_starts_at_the_latest_score(cli: Cli, store: Path) -> None:
    r = cli.ok("goal", CLASS, "ben", "lid", "45", "--by", "2026-12-18", store=store)
    assert "  line: 33 on Thu 19 Nov to 45 on Fri 18 Dec (+2.9 a week)" in r.out
    assert "  no score since Thu 19 Nov: the rule reads the latest 3" in r.out
    assert cli.bundle(store, CLASS)["goals"][0]["started"] == "2026-11-20"  # GROUPER_TODAY
    assert _goal_json(_progress(cli, store)["b1"]) == [{"check": "lid", "target": 45, "by": "2026-12-18",
                                                        "start": 33, "start_date": "2026-11-19",
                                                        "status": "too-few"}]


def test_a_new_goal_on_the_check_replaces_the_old_one(cli: Cli, store: Path) -> None:
    cli.ok("goal", CLASS, "zoe", *GOAL, store=store)
    r = cli.ok("goal", CLASS, "zoe", "lid", "45", "--by", "2026-12-04", "--from", "2026-11-02", store=store)
    assert r.out.splitlines()[:2] == ["(Replaced the goal 40 by Mon 30 Nov.)", "Room 9: Zoë Ng's goal is set."]
    assert "Letters named (of 54): 45 by Fri 4 Dec: below the line: change the teaching" in r.out
    assert cli.bundle(store, CLASS)["goals"] == [
        {"student": "z1", "check": "lid", "target": 45, "by": "2026-12-04", "started": "2026-11-02"}]


def test_the_goals_are_listed_without_a_score_and_listing_writes_nothing(cli: Cli, store: Path) -> None:
    none = cli.ok("goal", CLASS, "zoe", store=store)
    assert none.out == ("Room 9: Zoë Ng has no goal. Set one: grouper goal CLASS STUDENT CHECK SCORE --by DATE\n")
    cli.ok("goal", CLASS, "zoe", *GOAL, store=store)
    cli.ok("goal", CLASS, "zoe", "lsnd", "20", "--by", "2026-12-18", "--from", "2026-11-02", store=store)
    before = snapshot(store)
    r = cli.ok("goal", CLASS, "zoe", store=store)
    lines = r.out.splitlines()
    assert lines[0] == "Room 9: Zoë Ng's goals"
    assert lines[1] == "Letters named (of 54): 40 by Mon 30 Nov: below the line: change the teaching"
    assert "Letter sounds (of 26): 20 by Fri 18 Dec: too few points to say" in lines
    assert "  the line starts at the first score of Letter sounds (of 26)" in lines
    one = cli.ok("goal", CLASS, "zoe", "lid", store=store).out.splitlines()
    assert one[1].startswith("Letters named (of 54): 40 by Mon 30 Nov") and "Letter sounds (of 26): 20" not in one
    other = cli.ok("goal", CLASS, "zoe", "blend", store=store).out
    assert "Zoë Ng has no goal on Words blended from sounds (of 10)." in other
    assert snapshot(store) == before


def test_clear_takes_a_goal_off_and_clearing_nothing_changes_nothing(cli: Cli, store: Path) -> None:
    cli.ok("goal", CLASS, "zoe", *GOAL, store=store)
    cli.ok("goal", CLASS, "ben", *GOAL, store=store)
    r = cli.ok("goal", CLASS, "zoe", "lid", "--clear", store=store)
    assert r.out == "Room 9: Zoë Ng's goal on Letters named (of 54) (40 by Mon 30 Nov) is taken off.\n"
    assert [g["student"] for g in cli.bundle(store, CLASS)["goals"]] == ["b1"]
    progress = _progress(cli, store)
    assert progress["z1"]["goals"] == [] and progress["z1"]["suggested_detour"] is None
    before = snapshot(store)
    again = cli.ok("goal", CLASS, "zoe", "lid", "--clear", store=store)
    assert again.out == "Room 9: Zoë Ng has no goal on Letters named (of 54); nothing changed.\n"
    assert snapshot(store) == before


def test_progress_json_follows_a_detour_started_and_ended(cli: Cli, store: Path) -> None:
    cli.ok("goal", CLASS, "zoe", *GOAL, store=store)
    cli.ok("detour", CLASS, "zoe", "letters-anchor", store=store)
    zoe = _progress(cli, store)["z1"]
    assert zoe["detour"] == "letters-anchor"
    assert zoe["detours"] == [{"stage": "letters", "detour": "letters-anchor", "started": "2026-11-20",
                               "ended": None, "outcome": "open"}]
    assert zoe["suggested_detour"] is None  # on one already
    assert [g["status"] for g in zoe["goals"]] == ["below"]
    # grouper goal no longer suggests it either.
    assert "detour to try" not in cli.ok("goal", CLASS, "zoe", store=store).out
    cli.ok("detour", CLASS, "zoe", "--end", store=store)
    zoe = _progress(cli, store)["z1"]
    assert zoe["detour"] is None
    assert zoe["detours"] == [{"stage": "letters", "detour": "letters-anchor", "started": "2026-11-20",
                               "ended": "2026-11-20", "outcome": "ended"}]
    assert zoe["suggested_detour"] == "letters-anchor"  # still below the line
    others = _progress(cli, store)
    assert all(others[s]["detours"] == [] and others[s]["detour"] is None for s in ("b1", "m1", "t1"))


def test_goals_travel_in_the_class_file(cli: Cli, store: Path, tmp_path: Path) -> None:
    cli.ok("goal", CLASS, "zoe", *GOAL, store=store)
    cli.ok("goal", CLASS, "mia", "lsnd", "20", "--by", "2026-12-18", store=store)
    bundle = cli.bundle(store, CLASS)
    exported = write_text(tmp_path / "room9.json", json.dumps(bundle))
    other = tmp_path / "other"
    cli.ok("class", "import", exported, store=other)
    assert cli.bundle(other, CLASS)["goals"] == bundle["goals"] == [
        {"student": "z1", "check": "lid", "target": 40, "by": "2026-11-30", "started": "2026-11-02"},
        {"student": "m1", "check": "lsnd", "target": 20, "by": "2026-12-18", "started": "2026-11-20"},
    ]
    assert [g["status"] for g in _progress(cli, other)["z1"]["goals"]] == ["below"]


def test_a_bundle_with_a_goal_off_the_scale_imports_nothing(cli: Cli, store: Path, tmp_path: Path) -> None:
    bundle = cli.bundle(store, CLASS)
    bundle["goals"] = [{"student": "z1", "check": "lid", "target": 99, "by": "2026-11-30", "started": "2026-11-02"}]
    other = tmp_path / "other"
    r = cli("class", "import", write_text(tmp_path / "bad.json", json.dumps(bundle)), store=other)
    assert_error(r, 1, "bad.json: goal 1: a goal for Letters named (of 54) must be a score from 0 to 54")
    assert snapshot(other) == {}
    assert "No classes yet" in cli.ok("class", "list", store=other).out


@pytest.mark.parametrize(
    ("args", "code", "needles"),
    [
        (("zoe", "lid", "45"), 2, ("a goal needs its date", "--by YYYY-MM-DD")),
        (("zoe", "lid", "45", "--by", "2026-13-01"), 2, ("--by '2026-13-01' is not a date like 2026-11-23",)),
        (("zoe", "lid", "45", "--by", "soon"), 2, ("--by 'soon' is not a date",)),
        (("zoe", "lid", "45", "--by", "2026-12-04", "--from", "1 Nov"), 2, ("--from '1 Nov' is not a date",)),
        (("zoe", "lid", "--by", "2026-12-04"), 2, ("--by and --from go with a goal's score",)),
        (("zoe", "lid", "45", "--clear"), 2, ("--clear takes a check and no score",)),
        (("zoe", "--clear"), 2, ("--clear takes a check and no score",)),
        (("zoe", "lid", "60", "--by", "2026-12-04"), 1, ("cannot be above 54",)),
        (("zoe", "lid", "-3", "--by", "2026-12-04"), 1, ("cannot be below 0",)),
        (("zoe", "lid", "ten", "--by", "2026-12-04"), 1, ("'ten' is not a whole number",)),
        (("zoe", "lid", "20", "--by", "2026-12-04", "--from", "2026-11-02"), 1,
         ("Zoë Ng's line on Letters named (of 54) starts at 20 (Mon 2 Nov): a goal must be above it",
          "nothing was saved")),
        (("zoe", "lid", "15", "--by", "2026-12-04", "--from", "2026-11-02"), 1, ("a goal must be above it",)),
        (("ben", "lid", "30", "--by", "2026-12-18"), 1, ("starts at 33 (Thu 19 Nov)",)),
        (("zoe", "lid", "45", "--by", "2026-11-20"), 1, ("must come after its start (Fri 20 Nov)",
                                                         "nothing was saved")),
        (("zoe", "lid", "45", "--by", "2026-11-01", "--from", "2026-11-02"), 1, ("must come after its start",)),
        (("zoe", "xyz", "5", "--by", "2026-12-04"), 1, ("no check 'xyz'",)),
        (("nobody", "lid", "45", "--by", "2026-12-04"), 1, ("no student 'nobody' in Room 9",)),
        (("nobody",), 1, ("no student 'nobody'",)),
        (("zoe", "xyz", "--clear"), 1, ("no check 'xyz'",)),
    ],
)
def test_goal_mistakes_are_named_and_write_nothing(
    cli: Cli, store: Path, args: tuple[str, ...], code: int, needles: tuple[str, ...]
) -> None:
    cli.ok("goal", CLASS, "zoe", "lsnd", "20", "--by", "2026-12-18", store=store)  # one goal already kept
    before = snapshot(store)
    assert_error(cli("goal", CLASS, *args, store=store), code, *needles)
    assert snapshot(store) == before


def test_an_unknown_class_is_named(cli: Cli, store: Path) -> None:
    before = snapshot(store)
    assert_error(cli("goal", "Room 99", "zoe", *GOAL, store=store), 1, "no class named 'Room 99'")
    assert snapshot(store) == before


def test_progress_and_groups_say_who_is_below_a_goal(cli: Cli, store: Path) -> None:
    for student in ("zoe", "ben"):
        cli.ok("goal", CLASS, student, *GOAL, store=store)
    out = cli.ok("progress", CLASS, store=store).out
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "below goal" in rows["Zoë Ng"] and "below goal" not in rows["Ben Ito"]
    assert "Needs attention: 1" in out
    assert "Zoë Ng (Letter names and sounds): ⤓ below the goal line: Letters named (of 54) (the latest 3 scores)" in out
    assert "detour to try: Name and picture anchors [letters-anchor]" in out
    plan = cli.groups(store, CLASS)
    suggested = {p["id"]: p["suggested_detour"] for p in plan["placements"]}
    assert suggested == {"z1": "letters-anchor", "b1": None, "m1": None, "t1": None}


def test_the_rule_follows_new_scores_and_undo(cli: Cli, store: Path) -> None:
    cli.ok("goal", CLASS, "ben", *GOAL, store=store)
    # Today (Fri 20 Nov) the line is at 32.9: a 25 is below it, so the latest three are mixed.
    cli.ok("score", CLASS, "ben", "lid", "25", store=store)
    assert [g["status"] for g in _progress(cli, store)["b1"]["goals"]] == ["mixed"]
    assert "25 on Fri 20 Nov (line 32.9, below)" in cli.ok("goal", CLASS, "ben", store=store).out
    cli.ok("score", CLASS, "--undo", store=store)
    assert [g["status"] for g in _progress(cli, store)["b1"]["goals"]] == ["on-track"]


def test_a_goal_on_a_check_with_no_score_yet_has_its_line_start_at_the_first_score(cli: Cli, store: Path) -> None:
    r = cli.ok("goal", CLASS, "zoe", "lsnd", "20", "--by", "2026-12-18", store=store)
    assert "  the line starts at the first score of Letter sounds (of 26)" in r.out
    assert _goal_json(_progress(cli, store)["z1"]) == [{"check": "lsnd", "target": 20, "by": "2026-12-18",
                                                        "start": None, "start_date": None, "status": "too-few"}]
    cli.ok("score", CLASS, "zoe", "lsnd", "12", store=store)
    goal = _goal_json(_progress(cli, store)["z1"])[0]
    assert (goal["start"], goal["start_date"], goal["status"]) == (12, "2026-11-20", "too-few")
