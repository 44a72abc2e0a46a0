"""grouper plan CLASS --days N: which groups meet each day; the rotation settings; `meets` in groups --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import CLASS, NEXT_SCHOOL_DAY, Cli, assert_error, snapshot


def week(cli: Cli, store: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    return json.loads(cli.ok("plan", CLASS, "--days", "5", "--json", *extra, store=store).out)  # type: ignore[no-any-return]


def test_the_week_view_keeps_its_promises(cli: Cli, room: Path) -> None:
    cli.ok("class", "set", CLASS, "--slots-per-day", "2", "--max-gap-days", "2", store=room)
    data = week(cli, room)
    days = data["days"]
    assert [d["date"] for d in days] == ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]
    groups = {t["key"] for t in days[0]["meeting"] + days[0]["not_meeting"]}
    for d in days:
        assert len(d["meeting"]) <= 2
        assert {t["key"] for t in d["meeting"] + d["not_meeting"]} == groups
    # The group furthest back meets every day.
    first = min(days[0]["meeting"] + days[0]["not_meeting"], key=lambda t: t["label"])
    assert all(any(t["key"] == first["key"] for t in d["meeting"]) for d in days)


def test_plan_without_a_sub_command_is_the_week_view(cli: Cli, room: Path) -> None:
    text = cli.ok("plan", CLASS, "--days", "3", store=room).out
    assert "Mon 23 Nov" in text and "Wed 25 Nov" in text and "Thu 26 Nov" not in text
    assert "▶" in text
    assert cli.ok("plan", "week", CLASS, "--days", "3", store=room).out == text
    assert cli.ok("--store", room, "plan", CLASS, "--days", "3").out == text


def test_a_no_group_day_has_no_meetings_and_is_not_a_gap(cli: Cli, room: Path) -> None:
    r = cli.ok("class", "set", CLASS, "--no-groups", "2026-11-24", store=room)
    assert "no-group days: 2026-11-24" in r.out
    days = week(cli, room)["days"]
    assert days[1]["no_groups"] is True and days[1]["meeting"] == []
    assert "– none" in cli.ok("plan", CLASS, store=room).out
    cli.ok("class", "set", CLASS, "--groups-again", "2026-11-24", store=room)
    assert week(cli, room)["days"][1]["no_groups"] is False


def test_groups_json_says_which_groups_meet(cli: Cli, room: Path) -> None:
    cli.ok("class", "set", CLASS, "--slots-per-day", "1", store=room)
    plan = cli.groups(room)
    assert all(isinstance(g["meets"], bool) for g in plan["groups"])
    assert sum(g["meets"] for g in plan["groups"]) == 1
    monday = week(cli, room)["days"][0]
    assert [g["label"] for g in plan["groups"] if g["meets"]] == [t["label"] for t in monday["meeting"]]
    assert plan["date"] == NEXT_SCHOOL_DAY


def test_a_locked_plan_is_the_record_of_who_met(cli: Cli, room: Path) -> None:
    cli.ok("class", "set", CLASS, "--slots-per-day", "2", "--max-gap-days", "5", store=room)
    monday = week(cli, room)["days"][0]
    waiting = {t["key"]: t["reason"] for t in monday["not_meeting"]}
    assert waiting, "needs a class with more groups than slots"
    cli.ok("plan", "lock", CLASS, "--date", NEXT_SCHOOL_DAY, store=room)
    tuesday = week(cli, room, "--date", "2026-11-24")["days"][0]
    # The group left out on Monday has now waited two days, not one: the locked plan remembers it.
    later = {t["key"]: t["reason"] for t in tuesday["not_meeting"] + tuesday["meeting"]}
    assert all("2 days" in later[key] for key in waiting), (waiting, later)


@pytest.mark.parametrize(("args", "needle"), [
    (["plan", CLASS, "--days", "0"], "--days must be from 1 to 30"),
    (["class", "set", CLASS, "--slots-per-day", "0"], "--slots-per-day must be from 1 to 10"),
    (["class", "set", CLASS, "--max-gap-days", "11"], "--max-gap-days must be from 1 to 10"),
    (["class", "set", CLASS, "--no-groups", "someday"], "--no-groups"),
])
def test_bad_rotation_input_is_refused_and_writes_nothing(cli: Cli, room: Path, args: list[str], needle: str) -> None:
    before = snapshot(room)
    r = cli(*args, store=room)
    assert_error(r, 2, needle)
    assert snapshot(room) == before
