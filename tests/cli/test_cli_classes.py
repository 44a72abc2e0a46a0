"""grouper class new | list | set | export | import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import (
    CLASS,
    Cli,
    assert_error,
    member_ids,
    sample_bundle,
    sample_files,
    snapshot,
)


def list_line(listing: str, name: str) -> list[str]:
    line = next(line for line in listing.splitlines() if line.startswith(name + " "))
    return line[len(name) :].split()


def test_new_with_settings_then_list(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    r = cli.ok(
        "class", "new", "Room 9", "--pathway", "early-numeracy", "--min-size", "3", "--max-size", "4",
        "--max-groups", "3", store=store,
    )
    assert "Created class 'Room 9' on pathway early-numeracy." in r.out
    listing = cli.ok("class", "list", store=store).out
    # class, pathway, students, scores, groups of, max groups
    assert list_line(listing, "Room 9") == ["early-numeracy", "0", "0", "3-4", "3"]


def test_new_defaults(cli: Cli, empty_class_store: Path) -> None:
    listing = cli.ok("class", "list", store=empty_class_store).out
    assert list_line(listing, "Empty") == ["early-literacy", "0", "0", "2-6", "5"]


def test_list_of_a_populated_class(cli: Cli, room_store: Path, room_bundle: dict[str, Any]) -> None:
    listing = cli.ok("class", "list", store=room_store).out
    assert list_line(listing, CLASS) == ["early-literacy", "13", str(len(room_bundle["scores"])), "2-6", "5"]


@pytest.mark.parametrize(
    "options, needle",
    [
        (["--min-size", "0"], "at least 1"),
        (["--min-size", "5", "--max-size", "3"], "--min-size 5 is above --max-size 3"),
        (["--max-size", "101"], "at most 100"),
    ],
    ids=["min-size-0", "min-above-max", "max-size-101"],
)
def test_new_with_bad_settings_is_a_usage_error_and_creates_nothing(
    cli: Cli, empty: Path, options: list[str], needle: str
) -> None:
    before = snapshot(empty)
    r = cli("class", "new", "Room 9", "--pathway", "early-literacy", *options, store=empty)
    assert_error(r, 2, needle)
    assert snapshot(empty) == before


def test_new_with_too_many_groups_is_a_plain_usage_error(cli: Cli, empty: Path) -> None:
    before = snapshot(empty)
    r = cli("class", "new", "Room 9", "--pathway", "early-literacy", "--max-groups", "60", store=empty)
    assert snapshot(empty) == before
    assert_error(r, 2, "50")
    assert "pydantic" not in r.err


def test_new_with_unknown_pathway_creates_nothing(cli: Cli, empty: Path) -> None:
    before = snapshot(empty)
    r = cli("class", "new", "Room 9", "--pathway", "phonics", store=empty)
    assert r.code in (1, 2), str(r)
    assert_error(r, r.code, "'phonics'", "early-literacy")
    assert snapshot(empty) == before


@pytest.mark.parametrize("name", ["empty", "  EMPTY "])
def test_new_with_a_taken_name_is_refused(cli: Cli, empty: Path, name: str) -> None:
    before = snapshot(empty)
    r = cli("class", "new", name, "--pathway", "early-numeracy", store=empty)
    assert_error(r, 1, "already a class named 'Empty'")
    assert snapshot(empty) == before


def test_set_changes_the_groups(cli: Cli, room: Path) -> None:
    r = cli.ok("class", "set", CLASS, "--max-groups", "2", "--max-size", "7", store=room)
    assert r.out.splitlines()[0] == "Room 7: groups of 2 to 7, at most 2 groups"
    plan = cli.groups(room)
    assert len(plan["groups"]) <= 2
    assert all(len(g["students"]) <= 7 for g in plan["groups"])
    assert sorted(member_ids(plan)) == sorted(p["id"] for p in plan["placements"])
    settings = cli.bundle(room)["class"]["settings"]
    assert (settings["min_size"], settings["max_size"], settings["max_groups"]) == (2, 7, 2)


def test_set_with_bad_settings_changes_nothing(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    r = cli("class", "set", CLASS, "--min-size", "4", "--max-size", "3", store=room)
    assert_error(r, 2, "--min-size 4 is above --max-size 3")
    assert snapshot(room) == before


def test_set_works_on_a_class_with_long_stall_days(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    bundle = sample_bundle(sample_files()[0])
    bundle["class"]["name"] = "Long stall"
    bundle["class"]["settings"]["stall_days"] = 120
    path = tmp_path / "long.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    cli.ok("class", "import", path, store=store)
    r = cli("class", "set", "Long stall", "--max-groups", "3", store=store)
    assert r.code == 0, str(r)


def test_set_the_stall_and_due_rules(cli: Cli, room: Path) -> None:
    r = cli.ok("class", "set", CLASS, "--stall-days", "28", "--stall-scores", "4", "--due-days", "10", store=room)
    assert "stalled after 28 days and 4 scores at one stage; a check is due after 10 days" in r.out
    settings = cli.bundle(room)["class"]["settings"]
    assert (settings["stall_days"], settings["stall_scores"], settings["due_days"]) == (28, 4, 10)
    assert (settings["min_size"], settings["max_size"], settings["max_groups"]) == (2, 6, 5)  # left as they were


@pytest.mark.parametrize("option", ["--stall-days", "--stall-scores", "--due-days"])
def test_stall_and_due_rules_must_be_at_least_one(cli: Cli, room: Path, option: str) -> None:
    before = snapshot(room)
    r = cli("class", "set", CLASS, option, "0", store=room)
    assert_error(r, 2, f"{option} must be from 1 to")
    assert snapshot(room) == before


def test_new_class_with_its_own_stall_rule(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    cli.ok("class", "new", "Room 9", "--pathway", "early-numeracy", "--stall-days", "30", store=store)
    assert cli.bundle(store, "Room 9")["class"]["settings"]["stall_days"] == 30


def groups_without_name(plan: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in plan.items() if k != "class"}


def test_export_import_round_trip(cli: Cli, room: Path, tmp_path: Path) -> None:
    cli.ok("absent", CLASS, "jo", store=room)  # an absence must travel with the class too
    out = tmp_path / "room7.json"
    r = cli.ok("class", "export", CLASS, "-o", out, store=room)
    assert r.out == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["class"]["name"] == CLASS
    r = cli.ok("class", "import", out, "--name", "Room 7 (copy)", store=room)
    assert r.out.strip() == f"Imported 'Room 7 (copy)': 13 students, {len(data['scores'])} scores"
    original = cli.groups(room, CLASS)
    copy = cli.groups(room, "Room 7 (copy)")
    assert copy["class"] == "Room 7 (copy)"
    assert groups_without_name(copy) == groups_without_name(original)
    assert [u["id"] for u in copy["unplaced"]] == ["jo"]


def test_import_under_a_taken_name_is_refused(cli: Cli, room: Path, tmp_path: Path) -> None:
    out = tmp_path / "room7.json"
    cli.ok("class", "export", CLASS, "-o", out, store=room)
    before = snapshot(room)
    r = cli("class", "import", out, store=room)
    assert_error(r, 1, "already a class named 'Room 7'")
    assert snapshot(room) == before


def test_import_of_a_damaged_bundle_names_the_place(cli: Cli, room_bundle: dict[str, Any], tmp_path: Path) -> None:
    store = tmp_path / "store"
    bundle = json.loads(json.dumps(room_bundle))
    bundle["scores"][0]["value"] = 999  # cap is 0..12
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    r = cli("class", "import", path, store=store)
    assert_error(r, 1, "bad.json", "score 1", "a score cannot be above 12")
    assert "Room 7" not in cli.ok("class", "list", store=store).out


def test_sample_classes_import(cli: Cli, samples_store: tuple[Path, dict[str, str]]) -> None:
    store, outputs = samples_store
    files = sample_files()
    assert len(files) == 5
    listing = cli.ok("class", "list", store=store).out
    for path in files:
        bundle = sample_bundle(path)
        name = bundle["class"]["name"]
        students, scores = len(bundle["students"]), len(bundle["scores"])
        assert outputs[path.name].strip() == f"Imported '{name}': {students} students, {scores} scores"
        assert list_line(listing, name)[:2] == [bundle["pathway"]["id"], str(students)]


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4])
def test_sample_class_groups_hold_everyone_once(
    cli: Cli, samples_store: tuple[Path, dict[str, str]], index: int
) -> None:
    store, _ = samples_store
    bundle = sample_bundle(sample_files()[index])
    plan = cli.groups(store, bundle["class"]["name"])
    settings = bundle["class"]["settings"]
    members = member_ids(plan)
    assert len(members) == len(set(members))
    absent = {u["id"] for u in plan["unplaced"]}
    assert set(members) == {s["id"] for s in bundle["students"] if s.get("active", True)} - absent
    assert 1 <= len(plan["groups"]) <= settings["max_groups"]
    assert all(len(g["students"]) <= settings["max_size"] for g in plan["groups"]) or plan["warnings"]
