"""``grouper block``: make a block of two classes, change its staff, plan it, print it, and refuse what is wrong.

Every command runs the installed script on a real store (Room 7 of ``cli_helpers``
and a second class made here); ``--bundles`` plans class files read in place.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, NAMES, NEXT_SCHOOL_DAY, Cli, assert_error, snapshot, write_text

OTHER = "Room 9"
OTHER_ROSTER = {"n1": "Nia Park", "n2": "Omar Haddad", "n3": "Pia Sol"}
STAFF = ("Ms Lee; room 7", "Mr Ortiz; most 8")

PLAN_KEYS = {"block", "date", "classes", "pathway", "groups", "free_staff", "unplaced", "warnings", "cost",
             "proven", "sizes"}
GROUP_KEYS = {"staff", "room", "stage", "stage_label", "focus", "detour", "needs", "students"}
STUDENT_KEYS = {"id", "name", "class", "stage", "stage_label", "needs", "mark"}


@pytest.fixture
def grade(cli: Cli, room: Path, tmp_path: Path) -> Path:
    """Room 7 (13 students) and Room 9 (3 students, one scored up to phonemes), both on early-literacy."""
    cli.ok("class", "new", OTHER, "--pathway", "early-literacy", store=room)
    roster = "id,name\n" + "".join(f"{sid},{name}\n" for sid, name in OTHER_ROSTER.items())
    cli.ok("roster", "import", OTHER, write_text(tmp_path / "r9.csv", roster), store=room)
    scores = "student,check,score,date\nn1,cap,12,2026-11-16\nn1,lid,54,2026-11-17\nn1,lsnd,26,2026-11-17\n"
    cli.ok("scores", "import", OTHER, write_text(tmp_path / "r9-scores.csv", scores), store=room)
    return room


def made(cli: Cli, store: Path, *extra: str) -> None:
    cli.ok("block", "new", "Walk to read", "--classes", CLASS, OTHER, "--staff", *STAFF, *extra, store=store)


def plan_json(cli: Cli, store: Path, *args: str) -> dict[str, Any]:
    return json.loads(cli.ok("block", "plan", *args, "--json", store=store).out)  # type: ignore[no-any-return]


def test_a_block_is_made_listed_and_shown(cli: Cli, grade: Path) -> None:
    assert "No blocks yet" in cli.ok("block", "list", store=grade).out
    r = cli.ok("block", "new", "Walk to read", "--classes", CLASS, OTHER, "--staff", *STAFF, "--min-size", "2",
               store=grade)
    assert "Made block 'Walk to read'" in r.out and "Ms Lee, Mr Ortiz" in r.out
    expected = {
        "name": "Walk to read",
        "classes": [CLASS, OTHER],
        "staff": [{"name": "Ms Lee", "room": "7", "most": None, "not_stages": []},
                  {"name": "Mr Ortiz", "room": None, "most": 8, "not_stages": []}],
        "min_size": 2,
        "max_size": None,
    }
    assert json.loads(cli.ok("block", "list", "--json", store=grade).out) == [expected]
    assert json.loads(cli.ok("block", "show", "walk", "--json", store=grade).out) == expected  # a start of its name
    shown = cli.ok("block", "show", "Walk to read", store=grade).out
    assert "Ms Lee; room 7" in shown and "Mr Ortiz; most 8" in shown and CLASS in shown and OTHER in shown
    assert "Walk to read" in cli.ok("block", "list", store=grade).out
    cli.ok("block", "remove", "Walk to read", store=grade)
    assert json.loads(cli.ok("block", "list", "--json", store=grade).out) == []
    assert cli.bundle(grade, OTHER)["students"]  # the classes are untouched


def test_the_plan_as_json_names_every_students_class(cli: Cli, grade: Path) -> None:
    made(cli, grade)
    data = plan_json(cli, grade, "Walk to read")
    assert set(data) == PLAN_KEYS
    assert (data["block"], data["date"], data["classes"], data["pathway"]) == (
        "Walk to read", NEXT_SCHOOL_DAY, [CLASS, OTHER], "early-literacy")
    assert data["proven"] is True and set(data["sizes"]) == {"min", "max"}
    seen = []
    for g in data["groups"]:
        assert set(g) == GROUP_KEYS
        assert g["staff"] in ("Ms Lee", "Mr Ortiz")
        assert g["room"] == ("7" if g["staff"] == "Ms Lee" else None)
        if g["staff"] == "Mr Ortiz":
            assert len(g["students"]) <= 8
        for s in g["students"]:
            assert set(s) == STUDENT_KEYS
            seen.append((s["class"], s["id"]))
            assert s["name"] == (NAMES | OTHER_ROSTER)[s["id"]]
    every = {(CLASS, sid) for sid in NAMES} | {(OTHER, sid) for sid in OTHER_ROSTER}
    assert sorted(seen) == sorted(every) and data["unplaced"] == []
    assert {g["staff"] for g in data["groups"]} | set(data["free_staff"]) == {"Ms Lee", "Mr Ortiz"}
    # The cost is the stages each student sits below their own.
    order = ["print", "letters", "phonemes", "sight", "decoding", "digraphs", "text", "fluency", "complete"]
    assert data["cost"] == sum(order.index(s["stage"]) - order.index(g["stage"])
                               for g in data["groups"] for s in g["students"])


def test_absent_students_are_listed_with_their_reason(cli: Cli, grade: Path) -> None:
    made(cli, grade)
    cli.ok("absent", OTHER, "n2", "--date", NEXT_SCHOOL_DAY, store=grade)
    data = plan_json(cli, grade, "Walk to read")
    (gone,) = data["unplaced"]
    assert (gone["id"], gone["class"], gone["reason"]) == ("n2", OTHER, "absent")
    assert set(gone) == (STUDENT_KEYS - {"mark"}) | {"reason"}


def test_bundles_are_planned_in_place_and_nothing_is_written(cli: Cli, grade: Path, tmp_path: Path) -> None:
    made(cli, grade)
    files = tmp_path / "stick"
    files.mkdir()
    for name, file in ((CLASS, "a.json"), (OTHER, "b.json")):
        (files / file).write_text(cli.ok("class", "export", name, store=grade).out, encoding="utf-8")
    before, files_before = snapshot(grade), snapshot(files)
    from_files = plan_json(cli, grade, "--bundles", str(files / "a.json"), str(files / "b.json"), "--staff", *STAFF)
    assert snapshot(grade) == before and snapshot(files) == files_before
    kept = plan_json(cli, grade, "Walk to read")
    assert from_files["groups"] == kept["groups"] and from_files["classes"] == [CLASS, OTHER]
    # No store is needed, and none is made.
    nowhere = tmp_path / "no-store"
    data = plan_json(cli, nowhere, "--bundles", str(files / "b.json"), "--staff", "Ms Lee", "--min-size", "1")
    assert not nowhere.exists()
    assert [s["id"] for g in data["groups"] for s in g["students"]] and data["classes"] == [OTHER]


def test_staff_are_added_changed_and_taken_off(cli: Cli, grade: Path) -> None:
    made(cli, grade)

    def staff() -> list[dict[str, Any]]:
        return json.loads(cli.ok("block", "show", "Walk to read", "--json", store=grade).out)["staff"]  # type: ignore[no-any-return]

    assert "Added Mx Kay" in cli.ok("block", "staff", "Walk to read", "Mx Kay; not print", store=grade).out
    assert staff()[-1] == {"name": "Mx Kay", "room": None, "most": None, "not_stages": ["print"]}
    assert "Changed Mr Ortiz" in cli.ok("block", "staff", "Walk to read", "Mr Ortiz; room 12; most 4",
                                        store=grade).out
    assert staff()[1] == {"name": "Mr Ortiz", "room": "12", "most": 4, "not_stages": []}
    assert "off the staff" in cli.ok("block", "staff", "Walk to read", "Ms Lee", "--remove", store=grade).out
    assert [a["name"] for a in staff()] == ["Mr Ortiz", "Mx Kay"]
    data = plan_json(cli, grade, "Walk to read")
    assert all(g["stage"] != "print" for g in data["groups"] if g["staff"] == "Mx Kay")
    assert all(len(g["students"]) <= 4 for g in data["groups"] if g["staff"] == "Mr Ortiz")
    before = snapshot(grade)
    assert_error(cli("block", "staff", "Walk to read", "Ms Lee", "--remove", store=grade), 2, "Ms Lee")
    assert snapshot(grade) == before


def test_an_unknown_class_is_named_and_nothing_is_saved(cli: Cli, grade: Path) -> None:
    before = snapshot(grade)
    r = cli("block", "new", "Walk", "--classes", CLASS, "Room 99", "--staff", "Ms Lee", store=grade)
    assert_error(r, 1, "Room 99")
    assert snapshot(grade) == before


def test_a_second_block_of_the_same_name_is_refused(cli: Cli, grade: Path) -> None:
    made(cli, grade)
    before = snapshot(grade)
    r = cli("block", "new", "walk to READ", "--classes", CLASS, "--staff", "Mx Kay", store=grade)
    assert_error(r, 2, "already a block")
    assert snapshot(grade) == before


def test_bundles_without_staff_are_refused(cli: Cli, grade: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(cli.ok("class", "export", CLASS, store=grade).out, encoding="utf-8")
    assert_error(cli("block", "plan", "--bundles", str(path), store=grade), 2, "--staff")


def test_a_block_of_bundles_takes_the_name_given_and_a_kept_block_refuses_one(cli: Cli, grade: Path,
                                                                             tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(cli.ok("class", "export", CLASS, store=grade).out, encoding="utf-8")
    named = plan_json(cli, grade, "--bundles", str(path), "--staff", "Ms Lee", "--name", "Grade 1 WIN")
    assert named["block"] == "Grade 1 WIN"
    assert plan_json(cli, grade, "--bundles", str(path), "--staff", "Ms Lee")["block"] == "Block"
    made(cli, grade)
    assert_error(cli("block", "plan", "Walk to read", "--name", "Other", store=grade), 2, "--name")


def test_an_adult_that_cannot_be_read_is_named(cli: Cli, grade: Path) -> None:
    before = snapshot(grade)
    r = cli("block", "new", "Walk", "--classes", CLASS, OTHER, "--staff", "Ms Lee; most lots", store=grade)
    assert_error(r, 1, "'Ms Lee; most lots'", "whole number", max_lines=1)
    assert snapshot(grade) == before


def test_a_stage_not_on_the_pathway_is_named_and_nothing_is_saved(cli: Cli, grade: Path) -> None:
    before = snapshot(grade)
    r = cli("block", "new", "Walk", "--classes", CLASS, OTHER, "--staff", "Ms Lee; not dragons", store=grade)
    assert_error(r, 1, "dragons", "Ms Lee", max_lines=1)
    assert snapshot(grade) == before


def test_the_printed_plan_has_a_card_per_adult_and_a_sheet_per_class(cli: Cli, grade: Path, tmp_path: Path) -> None:
    cli.ok("block", "new", "Walk to read", "--classes", CLASS, OTHER, "--staff", "Ms Lee; room 7",
           "Mr Ortiz; most 8", "Mx Kay", "--min-size", "1", "--max-size", "8", store=grade)
    out = tmp_path / "block.html"
    cli.ok("block", "plan", "Walk to read", "--format", "html", "-o", out, store=grade)
    page = out.read_text(encoding="utf-8")
    data = plan_json(cli, grade, "Walk to read")
    assert page.count('<section class="card">') == len(data["groups"]) >= 2
    for g in data["groups"]:
        heading = f"<h2 class=\"adult\">{g['staff']}"
        assert page.count(heading) == 1, heading
        for s in g["students"]:
            assert f'<strong>{html.escape(s["name"])}</strong><span class="klass">{s["class"]}</span>' in page
    assert page.count('<section class="sheet">') == 2
    assert f"<h2>{CLASS}: where each student goes" in page and f"<h2>{OTHER}: where each student goes" in page
    # A student's name is their own text, never markup.
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_terminal_and_markdown_plans(cli: Cli, grade: Path) -> None:
    made(cli, grade)
    text = cli.ok("block", "plan", "Walk to read", store=grade).out
    assert "Walk to read" in text and "Ms Lee, Room 7" in text and "Nia Park" in text and OTHER in text
    assert "\x1b" not in text and "Traceback" not in text
    md = cli.ok("block", "plan", "Walk to read", "--format", "md", store=grade).out
    assert md.startswith("# Walk to read") and f"## Where {CLASS}" in md and "<script>" not in md
