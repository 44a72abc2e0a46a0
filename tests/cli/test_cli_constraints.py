"""Keep apart, keep together, move and pin from the command line, and what the plan then shows.

'Room 7' plans as: Group 1 (print) pl sc eq at cl; Group 2 (print) br a2 jo ar zh z1; Group 3
(phonemes) a1 b1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, NAMES, NEXT_SCHOOL_DAY, Cli, assert_error, snapshot


def group_of(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: g for g in plan["groups"] for s in g["students"]}


def rules(cli: Cli, store: Path) -> dict[str, Any]:
    return json.loads(cli.ok("class", "constraints", CLASS, "--json", store=store).out)  # type: ignore[no-any-return]


def test_keep_apart_splits_a_group_and_is_listed(cli: Cli, room: Path) -> None:
    before = group_of(cli.groups(room))
    assert before["pl"]["label"] == before["sc"]["label"]
    r = cli.ok("class", "keep-apart", CLASS, "pl", "sc", store=room)
    assert r.out == f"{CLASS}: +Plus -Minus and <script>alert(1)</script> will be kept apart.\n"
    plan = cli.groups(room)
    after = group_of(plan)
    assert after["pl"]["label"] != after["sc"]["label"]
    assert plan["unhonoured"] == [] and plan["overrides"] == []
    assert rules(cli, room)["keep_apart"] == [[{"id": "sc", "name": NAMES["sc"]}, {"id": "pl", "name": NAMES["pl"]}]]
    text = cli.ok("class", "constraints", CLASS, store=room).out
    assert f"Kept apart: {NAMES['sc']}, {NAMES['pl']}" in text
    # Again: nothing changes. Removed: the plan is as it was.
    assert "already kept apart; nothing changed" in cli.ok("class", "keep-apart", CLASS, "sc", "pl", store=room).out
    assert "no longer kept apart" in cli.ok("class", "keep-apart", CLASS, "pl", "sc", "--remove", store=room).out
    assert group_of(cli.groups(room))["pl"]["label"] == group_of(cli.groups(room))["sc"]["label"]
    assert "were not kept apart as a set; nothing changed" in cli.ok(
        "class", "keep-apart", CLASS, "pl", "sc", "--remove", store=room
    ).out


def test_keep_together_brings_students_into_one_group(cli: Cli, room: Path) -> None:
    cli.ok("class", "keep-together", CLASS, "zoe", "Bo Li", "José", store=room)
    plan = cli.groups(room)
    where = group_of(plan)
    assert where["z1"]["label"] == where["b1"]["label"] == where["jo"]["label"]
    assert rules(cli, room)["keep_together"] == [
        [{"id": "z1", "name": "Zoë Ng"}, {"id": "b1", "name": "Bo Li"}, {"id": "jo", "name": "José O'Neil"}]
    ]


def test_a_set_too_big_for_a_group_is_named_in_the_plan(cli: Cli, room: Path) -> None:
    cli.ok("class", "set", CLASS, "--max-size", "3", "--min-size", "1", "--max-groups", "5", store=room)
    r = cli.ok("class", "keep-together", CLASS, "pl", "sc", "eq", "at", store=room)
    assert "will be kept together" in r.out
    assert "Could not keep" in r.out and "4 students are more than a group holds (at most 3)" in r.out
    plan = cli.groups(room)
    ids = ["eq", "at", "sc", "pl"]  # roster order
    assert plan["unhonoured"] == [{"kind": "keep-together", "students": [NAMES[s] for s in ids], "ids": ids}]
    assert any("Could not keep" in w for w in plan["warnings"])
    text = cli.ok("groups", CLASS, store=room).out
    assert "! Could not keep" in text


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("class", "keep-apart", CLASS, "zoe", "nobody"), 1, "no student 'nobody'"),
        (("class", "keep-apart", CLASS, "zoe", "ana"), 1, "could be"),
        (("class", "keep-apart", CLASS, "zoe"), 2, "needs at least two students"),
        (("class", "keep-together", CLASS, "zoe", "z1"), 2, "all name the same student, Zoë Ng"),
        (("class", "keep-apart", "Room 9", "zoe", "bo"), 1, "no class named 'Room 9'"),
        (("move", CLASS, "zoe"), 2, "say which stage"),
        (("move", CLASS, "zoe", "print", "--clear"), 2, "not both"),
        (("move", CLASS, "zoe", "nowhere"), 1, "no stage 'nowhere'"),
        (("move", CLASS, "zoe", "p"), 1, "could be"),
        (("move", CLASS, "zoe", "print", "--date", "2026-11-19"), 1, "in the past"),
        (("move", CLASS, "zoe", "print", "--date", "23/11/2026"), 2, "is not a date"),
        (("move", CLASS, "nobody", "print"), 1, "no student 'nobody'"),
        (("pin", CLASS, "zoe", "nowhere"), 1, "no stage 'nowhere'"),
        (("pin", CLASS, "zoe"), 2, "the following arguments are required"),
        (("unpin", CLASS, "nobody"), 1, "no student 'nobody'"),
    ],
)
def test_bad_input_is_refused_in_plain_words_and_nothing_is_written(
    cli: Cli, room: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    before = snapshot(room)
    assert_error(cli(*args, store=room), code, needle)
    assert snapshot(room) == before


def test_a_contradiction_is_refused(cli: Cli, room: Path) -> None:
    cli.ok("class", "keep-together", CLASS, "zoe", "bo li", store=room)
    before = snapshot(room)
    r = cli("class", "keep-apart", CLASS, "bo li", "zoe", store=room)
    assert_error(r, 1, "Zoë Ng and Bo Li are kept together, so they cannot also be kept apart")
    assert "nothing was saved" in r.err
    assert snapshot(room) == before


def test_a_pin_holds_every_day_and_shows_its_cost(cli: Cli, room: Path) -> None:
    r = cli.ok("pin", CLASS, "zoe", "print", store=room)
    assert r.out == (
        f"{CLASS}: Zoë Ng pinned to the Concepts of print group until unpinned: "
        "1 stage below their own (Letter names and sounds).\n"
    )
    for day in (NEXT_SCHOOL_DAY, "2026-12-01"):
        plan = cli.groups(room, CLASS, "--date", day)
        g = group_of(plan)["z1"]
        assert g["stage"] == "print"
        (me,) = [s for s in g["students"] if s["id"] == "z1"]
        assert (me["pinned"], me["moved"]) == (True, False)
        assert plan["overrides"] == [
            {"student": "z1", "name": "Zoë Ng", "stage": "print", "kind": "pin", "date": None, "honoured": True,
             "group": g["label"], "cost": 1, "direction": "below"}
        ]
    text = cli.ok("groups", CLASS, store=room).out
    assert "Zoë Ng * · pinned" in text
    assert "Moves and pins:" in text and "Zoë Ng pinned to Concepts of print" in text
    assert "taught 1 stage below their stage" in text
    assert rules(cli, room)["pins"][0]["stage_label"] == "Concepts of print"
    assert "no longer pinned" in cli.ok("unpin", CLASS, "zoe", store=room).out
    assert "was not pinned; nothing changed" in cli.ok("unpin", CLASS, "zoe", store=room).out
    assert cli.groups(room)["overrides"] == []


def test_a_move_is_for_one_day_and_can_be_taken_off(cli: Cli, room: Path) -> None:
    r = cli.ok("move", CLASS, "bo li", "lett", store=room)  # the start of "Letter names and sounds"
    assert "Bo Li moved to the Letter names and sounds group for Mon 23 Nov only" in r.out
    plan = cli.groups(room)
    g = group_of(plan)["b1"]
    assert g["stage"] == "letters"
    (o,) = plan["overrides"]
    assert (o["kind"], o["date"], o["honoured"], o["direction"]) == ("move", NEXT_SCHOOL_DAY, True, "below")
    assert o["cost"] == 7  # complete is past the eighth and last stage; letters is the second
    assert cli.groups(room, CLASS, "--date", "2026-11-24")["overrides"] == []
    assert "· moved" in cli.ok("groups", CLASS, store=room).out
    # A move on another day is kept apart from this one.
    cli.ok("move", CLASS, "bo li", "print", "--date", "2026-11-24", store=room)
    assert [m["date"] for m in rules(cli, room)["moves"]] == [NEXT_SCHOOL_DAY, "2026-11-24"]
    assert "no longer moved on Mon" in cli.ok("move", CLASS, "bo li", "--clear", store=room).out
    assert "had no move for Mon" in cli.ok("move", CLASS, "bo li", "--clear", store=room).out
    assert cli.groups(room)["overrides"] == []


def test_overrides_survive_regrouping_after_new_scores(cli: Cli, room: Path) -> None:
    cli.ok("pin", CLASS, "zoe", "letters", store=room)
    cli.ok("class", "keep-apart", CLASS, "pl", "sc", store=room)
    first = cli.groups(room)
    assert group_of(first)["z1"]["stage"] == "letters"
    # Zoë masters letters: her own stage moves on, her pin still holds; the pair stays apart.
    cli.ok("score", CLASS, "zoe", "lid", "54", store=room)
    again = cli.groups(room)
    places = {p["id"]: p["stage"] for p in again["placements"]}
    assert places["z1"] == "phonemes"
    where = group_of(again)
    assert where["z1"]["stage"] == "letters"
    assert [s["pinned"] for s in where["z1"]["students"] if s["id"] == "z1"] == [True]
    assert where["pl"]["label"] != where["sc"]["label"]
    (o,) = again["overrides"]
    assert (o["honoured"], o["cost"], o["direction"]) == (True, 1, "below")


def test_the_groups_json_keeps_every_key_it_had(cli: Cli, room_store: Path, room: Path) -> None:
    plain = cli.groups(room_store)
    cli.ok("pin", CLASS, "zoe", "print", store=room)
    ruled = cli.groups(room)
    assert set(plain) == set(ruled)
    assert {"overrides", "unhonoured"} <= set(plain)
    for key in ("class", "pathway", "date", "placements", "unplaced", "warnings", "cost", "locked", "changes"):
        assert key in ruled
    student_keys = {"id", "name", "stage", "status", "needs", "stalled", "slipped", "due", "pinned", "moved",
                    "suggested_detour", "detour"}
    assert all(set(s) == student_keys for g in ruled["groups"] for s in g["students"])


def test_rules_travel_with_class_export_and_import(cli: Cli, room: Path, tmp_path: Path) -> None:
    cli.ok("class", "keep-apart", CLASS, "pl", "sc", store=room)
    cli.ok("pin", CLASS, "zoe", "print", store=room)
    cli.ok("move", CLASS, "bo li", "letters", store=room)
    out = tmp_path / "room7.json"
    cli.ok("class", "export", CLASS, "-o", out, store=room)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["keep_apart"] == [["sc", "pl"]]
    assert {o["student"] for o in data["overrides"]} == {"z1", "b1"}
    cli.ok("class", "import", out, "--name", "Room 8", store=room)
    copied = cli.groups(room, "Room 8")
    assert copied["overrides"] == cli.groups(room)["overrides"]
