"""``-o`` never writes into the store: an export named after a class file would replace the class.

Every command that writes a file (``class export``, ``export`` in each format,
``progress`` in each format) refuses any path inside the store folder, however
it is reached (through a link, relative to the current folder, or the store
given by a link), with exit code 2 and one line naming the path, and writes
nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_helpers import CLASS, Cli, assert_error, snapshot

ROOM7 = Path("classes") / "room-7.json"

#: Every command that takes -o FILE.
WRITERS = [
    ("class", "export", CLASS),
    ("export", CLASS, "--format", "md"),
    ("export", CLASS, "--format", "csv"),
    ("export", CLASS, "--format", "html"),
    ("export", CLASS, "--format", "cards"),
    ("export", CLASS, "--format", "grid"),
    ("progress", CLASS),
    ("progress", CLASS, "--format", "md"),
    ("progress", CLASS, "--format", "html"),
    ("progress", CLASS, "--json"),
]


def refused(cli: Cli, store: Path, target: str, *command: str, cwd: Path | None = None) -> None:
    before = snapshot(store)
    r = cli(*command, "-o", target, store=store, cwd=cwd)
    assert_error(r, 2, max_lines=1)
    assert r.err_lines == [f"-o {target} is inside grouper's store ({store}); write exports somewhere else"], str(r)
    assert r.out == "" and "Wrote" not in r.err
    assert snapshot(store) == before


@pytest.mark.parametrize("command", WRITERS, ids=[" ".join(c) for c in WRITERS])
def test_no_command_writes_over_a_class_file(cli: Cli, room: Path, command: tuple[str, ...]) -> None:
    students = cli.bundle(room)["students"]
    refused(cli, room, str(room / ROOM7), *command)
    assert cli.bundle(room)["students"] == students  # the class is still there, whole


def test_nowhere_inside_the_store_however_the_path_is_given(cli: Cli, room: Path, tmp_path: Path) -> None:
    command = ("export", CLASS, "--format", "md")
    refused(cli, room, str(room / "plan.md"), *command)  # a new file at the top of the store
    refused(cli, room, str(room / "backups" / "room-7" / "plan.md"), *command)  # deeper down
    refused(cli, room, "room-7.json", *command, cwd=room / "classes")  # relative to where the command runs
    link = tmp_path / "looks-outside"
    link.symlink_to(room / "classes", target_is_directory=True)
    refused(cli, room, str(link / "room-7.json"), *command)  # through a link into the store
    aliased = tmp_path / "store-link"
    aliased.symlink_to(room, target_is_directory=True)
    before = snapshot(room)
    r = cli(*command, "-o", str(room / ROOM7), store=aliased)  # the store itself named by a link
    assert_error(r, 2, "is inside grouper's store", max_lines=1)
    assert snapshot(room) == before


def test_a_file_outside_the_store_is_still_written(cli: Cli, room: Path, tmp_path: Path) -> None:
    beside = tmp_path / "plans"  # next to the store, a name that starts the same
    beside.mkdir()
    target = beside / "room-7.md"
    r = cli.ok("export", CLASS, "--format", "md", "-o", target, store=room)
    assert r.err_lines == [f"Wrote {target}"]
    assert target.read_text(encoding="utf-8").startswith("# Room 7")
    prefix = Path(str(room) + "-exports")  # a sibling whose name starts with the store's is not inside it
    prefix.mkdir()
    cli.ok("class", "export", CLASS, "-o", prefix / "room-7.json", store=room)
    assert os.path.getsize(prefix / "room-7.json") > 0
