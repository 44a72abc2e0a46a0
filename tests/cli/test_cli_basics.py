"""The command line's frame: --version, where the store is, and how mistakes are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import CLASS, Cli, assert_error, snapshot

from grouper import __version__


def test_version(cli: Cli) -> None:
    r = cli.ok("--version")
    assert r.out.strip() == f"grouper {__version__}"


def test_store_option_before_the_command(cli: Cli, room_store: Path) -> None:
    # --store is the global option here: put explicitly before the command.
    r = cli.ok("--store", room_store, "groups", CLASS, "--json")
    assert '"class": "Room 7"' in r.out
    assert not cli.home.exists()  # GROUPER_HOME is not touched when --store names the folder


def test_store_option_after_the_command(cli: Cli, room_store: Path) -> None:
    r = cli.ok("groups", CLASS, "--json", "--store", room_store)
    assert '"class": "Room 7"' in r.out


def test_store_option_after_a_nested_command(cli: Cli, room_store: Path) -> None:
    r = cli.ok("class", "list", "--store", room_store)
    assert "Room 7" in r.out
    assert "early-literacy" in r.out


def test_grouper_home_is_used_without_store(tmp_path: Path, room_store: Path) -> None:
    cli = Cli(room_store, tmp_path / "config")
    r = cli.ok("class", "list")
    assert "Room 7" in r.out


def test_read_only_commands_create_no_store(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-store-here"
    r = cli.ok("class", "list", store=missing)
    assert "No classes yet" in r.out
    assert not missing.exists()
    assert not cli.home.exists()


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["frobnicate"], "frobnicate"),
        (["score", CLASS], "STUDENT"),
        (["class", "new", "Room 9"], "--pathway"),
        (["groups", CLASS, "--date", "2026-13-01"], "2026-13-01"),
        (["score", CLASS, "zoe", "lid", "52", "--date", "yesterday"], "yesterday"),
        (["export", CLASS, "--format", "pdf"], "pdf"),
        (["class", "new", "Room 9", "--pathway", "early-literacy", "--max-size", "six"], "six"),
    ],
    ids=[
        "unknown-command",
        "score-missing-args",
        "class-new-missing-pathway",
        "groups-bad-date",
        "score-bad-date",
        "export-unknown-format",
        "size-not-a-number",
    ],
)
def test_usage_errors_exit_2_in_at_most_two_lines(cli: Cli, room: Path, argv: list[str], needle: str) -> None:
    before = snapshot(room)
    r = cli(*argv, store=room)
    assert_error(r, 2, needle)
    assert r.out == ""
    assert snapshot(room) == before


def test_missing_sub_command_is_a_short_usage_error(cli: Cli, room_store: Path) -> None:
    r = cli("class", store=room_store)
    assert_error(r, 2)


@pytest.mark.parametrize(
    "argv",
    [
        ["groups", "Room 99"],
        ["score", "Room 99", "zoe", "lid", "52"],
        ["class", "export", "Room 99"],
    ],
    ids=["groups", "score", "class-export"],
)
def test_unknown_class_exits_1_naming_it(cli: Cli, room: Path, argv: list[str]) -> None:
    r = cli(*argv, store=room)
    assert_error(r, 1, "no class named 'Room 99'", "'Room 7'")
    assert r.out == ""


def test_a_class_may_be_named_by_a_unique_start(cli: Cli, room_store: Path) -> None:
    plan = cli.groups(room_store, "room")
    assert plan["class"] == CLASS


def test_help_lists_the_commands(cli: Cli) -> None:
    r = cli.ok("--help")
    for command in ("pathway", "class", "roster", "score", "scores", "absent", "present", "groups", "export", "backup"):
        assert command in r.out
