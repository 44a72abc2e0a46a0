"""grouper groups (table and --json) and grouper export --format md|csv|html."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import (
    CLASS,
    NAMES,
    NEXT_SCHOOL_DAY,
    Cli,
    assert_error,
    expected_place,
    member_ids,
    parse_csv,
    placements,
    snapshot,
    write_text,
)

# The shape README.md documents for `grouper groups --json`.
DOC_TOP = {
    "class", "pathway", "date", "groups", "placements", "unplaced", "warnings", "cost", "locked", "changes",
    "overrides", "unhonoured",
}
DOC_GROUP = {"label", "stage", "stage_label", "focus", "detour", "students", "needs", "meets"}
DOC_STUDENT = {"id", "name", "stage", "status", "needs", "stalled", "slipped", "due", "suggested_detour", "detour"}
#: A student in a group also says whether the teacher pinned or moved them there.
DOC_MEMBER = DOC_STUDENT | {"pinned", "moved"}
DOC_UNPLACED = {"id", "name", "reason"}
STAGE_ORDER = ["print", "letters", "phonemes", "sight", "decoding", "digraphs", "text", "fluency", "complete"]


@pytest.fixture(scope="module")
def plan(session_cli: Cli, room_store: Path) -> dict[str, Any]:
    return session_cli.groups(room_store)


@pytest.fixture(scope="module")
def away_plan(session_cli: Cli, room_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The plan with one student absent (so ``unplaced`` has an entry to look at)."""
    store = Path(shutil.copytree(room_store, tmp_path_factory.mktemp("away") / "store"))
    session_cli.ok("absent", CLASS, "jo", store=store)
    return session_cli.groups(store)


def test_json_has_the_documented_keys(away_plan: dict[str, Any]) -> None:
    assert set(away_plan) >= DOC_TOP
    assert away_plan["class"] == CLASS
    assert away_plan["pathway"] == "early-literacy"
    assert away_plan["date"] == NEXT_SCHOOL_DAY
    assert isinstance(away_plan["warnings"], list)
    assert isinstance(away_plan["cost"], int)
    assert away_plan["groups"]
    for g in away_plan["groups"]:
        assert set(g) >= DOC_GROUP, g.keys()
        assert isinstance(g["label"], str) and isinstance(g["focus"], str) and g["focus"]
        assert isinstance(g["needs"], dict)
        for s in g["students"]:
            assert set(s) >= DOC_MEMBER, s.keys()
    for p in away_plan["placements"]:
        assert set(p) >= DOC_STUDENT, p.keys()
    assert [set(u) for u in away_plan["unplaced"]] == [DOC_UNPLACED]
    assert away_plan["unplaced"] == [{"id": "jo", "name": "José O'Neil", "reason": "absent"}]


def test_json_has_no_undocumented_keys(away_plan: dict[str, Any]) -> None:
    assert set(away_plan) == DOC_TOP
    for g in away_plan["groups"]:
        assert set(g) == DOC_GROUP
        for s in g["students"]:
            assert set(s) == DOC_MEMBER
    for p in away_plan["placements"]:
        assert set(p) == DOC_STUDENT


def test_every_present_student_is_in_exactly_one_group(plan: dict[str, Any]) -> None:
    members = member_ids(plan)
    assert sorted(members) == sorted(NAMES)
    assert plan["unplaced"] == []
    assert [p["id"] for p in plan["placements"]] == list(NAMES)  # roster order


def test_groups_respect_the_settings(plan: dict[str, Any]) -> None:
    assert plan["warnings"] == []
    assert 1 <= len(plan["groups"]) <= 5
    assert all(2 <= len(g["students"]) <= 6 for g in plan["groups"])
    assert [g["label"] for g in plan["groups"]] == [f"Group {i}" for i in range(1, len(plan["groups"]) + 1)]


def test_stage_is_the_stage_id_or_complete(plan: dict[str, Any]) -> None:
    assert placements(plan) == {sid: expected_place(sid) for sid in NAMES}
    for g in plan["groups"]:
        stages = [s["stage"] for s in g["students"]]
        assert g["stage"] in STAGE_ORDER
        # A group is taught at its lowest member's stage.
        assert g["stage"] == min(stages, key=STAGE_ORDER.index)
        assert g["stage_label"]


def test_json_names_are_exact(plan: dict[str, Any]) -> None:
    assert {p["id"]: p["name"] for p in plan["placements"]} == NAMES


def test_date_option(cli: Cli, room_store: Path) -> None:
    assert cli.groups(room_store, CLASS, "--date", "2026-12-01")["date"] == "2026-12-01"


def test_small_max_size_splits_groups(cli: Cli, room: Path) -> None:
    cli.ok("class", "set", CLASS, "--min-size", "1", "--max-size", "3", store=room)
    plan = cli.groups(room)
    assert plan["warnings"] == []
    assert all(len(g["students"]) <= 3 for g in plan["groups"])
    assert sorted(member_ids(plan)) == sorted(NAMES)


def test_more_students_than_seats_is_warned_not_dropped(cli: Cli, room: Path) -> None:
    cli.ok("class", "set", CLASS, "--max-size", "2", "--max-groups", "2", store=room)
    plan = cli.groups(room)
    assert len(plan["groups"]) <= 2
    assert sorted(member_ids(plan)) == sorted(NAMES)
    assert len(plan["warnings"]) == 1 and "13 students" in plan["warnings"][0]


def test_reading_changes_nothing(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    cli.ok("groups", CLASS, store=room)
    assert snapshot(room) == before


def test_table_shows_labels_and_names_literally(cli: Cli, room_store: Path) -> None:
    # At a terminal's usual 80 columns.
    r = cli.ok("groups", CLASS, store=room_store, env={"COLUMNS": "80"})
    assert r.out.splitlines()[0] == "Room 7: groups for Mon 23 Nov  · Early literacy (K-1)"
    assert "Group 1" in r.out
    for name in NAMES.values():
        assert name in r.out, name
    assert "\x1b[" not in r.out
    assert all(len(line) <= 80 for line in r.out.splitlines())


def test_table_lists_absent_students_apart(cli: Cli, room: Path) -> None:
    cli.ok("absent", CLASS, "[/]", store=room)
    r = cli.ok("groups", CLASS, store=room)
    assert "Not in a group: [/] (absent)" in r.out


# --- exports ------------------------------------------------------------------


def test_csv_export_neutralises_formulas(cli: Cli, room_store: Path) -> None:
    r = cli.ok("export", CLASS, "--format", "csv", store=room_store)
    rows = parse_csv(r.out)
    assert r.out.startswith('"date","group","group_stage","focus","student_id","student","student_stage","status",'
                            '"needs","meets","why","by_hand","coach","rule_not_kept"\r\n')  # every cell quoted
    by_id = {row["student_id"]: row for row in rows}
    assert set(by_id) == set(NAMES)
    assert by_id["eq"]["student"] == "'=HYPERLINK(\"x\")"
    assert by_id["at"]["student"] == "'@SUM(A1)"
    assert by_id["pl"]["student"] == "'+Plus -Minus"
    assert by_id["z1"]["student"] == "Zoë Ng"
    assert by_id["br"]["student"] == "[bold]Ana[/bold]"
    for row in rows:
        assert row["date"] == NEXT_SCHOOL_DAY
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), row


def test_csv_export_neutralises_a_leading_minus(cli: Cli, empty: Path, tmp_path: Path) -> None:
    cli.ok("roster", "import", "Empty", write_text(tmp_path / "r.csv", "id,name\n-1,-Minus\n+2,=1+1\n"), store=empty)
    rows = parse_csv(cli.ok("export", "Empty", "--format", "csv", store=empty).out)
    assert {(row["student_id"], row["student"]) for row in rows} == {("'-1", "'-Minus"), ("'+2", "'=1+1")}


def test_html_export_escapes_names(cli: Cli, room_store: Path) -> None:
    r = cli.ok("export", CLASS, "--format", "html", store=room_store)
    assert r.out.startswith("<!doctype html>")
    assert "<script>" not in r.out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.out
    assert "=HYPERLINK(&quot;x&quot;)" in r.out
    assert "José O&#x27;Neil" in r.out
    assert "王小明" in r.out and "محمد" in r.out


def test_markdown_export(cli: Cli, room_store: Path) -> None:
    r = cli.ok("export", CLASS, "--format", "md", store=room_store)
    assert r.out.startswith("# Room 7: groups for Mon 23 Nov")
    assert "## Group 1" in r.out
    assert "\\<script\\>" in r.out and "<script>" not in r.out
    assert "Zoë Ng" in r.out


def test_cards_export_with_and_without_notes(cli: Cli, room: Path) -> None:
    cli.ok("note", CLASS, "zoe", "<b>reversals</b> b/d", store=room)
    plain = cli.ok("export", CLASS, "--format", "cards", store=room).out
    assert plain.startswith("<!doctype html>") and "@media print" in plain
    assert plain.count("Notes:") == len(cli.groups(room)["groups"])  # a card per group
    assert "reversals" not in plain  # notes stay off printed cards unless asked for
    with_notes = cli.ok("export", CLASS, "--format", "cards", "--notes", store=room).out
    assert "&lt;b&gt;reversals&lt;/b&gt; b/d" in with_notes and "<b>reversals" not in with_notes


def test_export_to_a_file(cli: Cli, room_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "monday.csv"
    r = cli.ok("export", CLASS, "--format", "csv", "-o", out, store=room_store)
    assert r.out == ""
    assert str(out) in r.err
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8")
    # The same bytes as on standard output, CRLF rows included.
    assert out.read_bytes() == cli.ok("export", CLASS, "--format", "csv", store=room_store).out.encode("utf-8")


def test_export_to_a_folder_is_refused(cli: Cli, room_store: Path, tmp_path: Path) -> None:
    r = cli("export", CLASS, "--format", "html", "-o", tmp_path, store=room_store)
    assert r.code in (1, 2), str(r)
    assert_error(r, r.code, str(tmp_path), "folder")


def test_export_honours_absences_and_date(cli: Cli, room: Path) -> None:
    cli.ok("absent", CLASS, "zoe", "--date", "2026-11-24", store=room)
    rows = parse_csv(cli.ok("export", CLASS, "--format", "csv", "--date", "2026-11-24", store=room).out)
    zoe = next(row for row in rows if row["student_id"] == "z1")
    assert (zoe["date"], zoe["group"], zoe["status"]) == ("2026-11-24", "", "absent")
    assert json.dumps(rows)  # every row is plain text
