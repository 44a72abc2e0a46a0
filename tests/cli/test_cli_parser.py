"""The command line builds only the parsers of the command asked for, and reads it exactly as the full parser does.

Building all of argparse's parsers took longer than the rest of a command's
start (and of the app's), so ``grouper groups ...`` builds the ``groups``
parser alone. What a teacher notices must not change: the same arguments,
the same help, and a mistyped command still answered with every command.
"""

from __future__ import annotations

import argparse
import contextlib
import io
from typing import Any

import pytest

from grouper.cli import main
from grouper.cli.parser import COMMANDS, build_parser, command_word


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _read(parser: argparse.ArgumentParser, argv: list[str]) -> dict[str, Any]:
    found = vars(parser.parse_args(argv))
    found["run"] = getattr(found.get("run"), "__name__", found.get("run"))
    return found


def test_the_command_words_are_every_command_of_the_full_parser() -> None:
    assert set(_commands(build_parser())) == COMMANDS


@pytest.mark.parametrize(
    "argv",
    [
        ["groups", "Grade 1", "--json"],
        ["--store", "/tmp/x", "groups", "Grade 1", "--date", "2026-11-23"],
        ["demo"],
        ["class", "new", "Room 7", "--pathway", "early-reading", "--min-size", "3", "--no-groups", "2026-12-01"],
        ["class", "keep-apart", "Room 7", "ana", "bo", "--remove"],
        ["plan", "week", "Room 7", "--days", "3"],
        ["score", "Room 7", "ana", "lid", "40", "--note", "quick"],
        ["absent", "Room 7", "ana", "bo"],
        ["export", "Room 7", "--format", "cards", "--notes"],
        ["serve", "--demo", "--port", "8123", "--token", "x" * 16],
        ["backup", "list"],
        ["doctor", "--fix"],
        ["roster", "import-oneroster", "pkg.zip", "--class", "MATH-1", "--into", "Room 7", "--dry-run"],
        [],
    ],
)
def test_a_command_is_read_as_the_full_parser_reads_it(argv: list[str]) -> None:
    assert _read(build_parser(argv), argv) == _read(build_parser(), argv)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_the_same_help(command: str) -> None:
    assert _commands(build_parser([command]))[command].format_help() == _commands(build_parser())[command].format_help()


def test_only_the_chosen_command_is_built() -> None:
    assert list(_commands(build_parser(["--store", "d", "groups", "X"]))) == ["groups"]
    assert command_word(["--store", "groups", "demo"]) == "demo"  # a folder named "groups" is not the command
    assert command_word(["groups", "--help"]) == "groups"
    assert command_word(["--help", "groups"]) is None


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as e:
            code = int(e.code or 0)
    return code, err.getvalue()


def test_a_mistyped_command_is_answered_with_every_command() -> None:
    code, said = _run(["grops", "Room 7"])
    assert code == 2
    assert "invalid choice: 'grops'" in said
    assert all(f"'{c}'" in said for c in ("groups", "demo", "backup", "progress"))


def test_top_level_help_lists_every_command() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["--help"])
    assert all(c in out.getvalue() for c in COMMANDS)
