"""A damaged store met from the command line: a clear message and a way out, never a traceback, never a write.

The store-level tests (tests/store/test_store_damage.py) prove the files are
left alone; these prove what the person at the keyboard reads: exit 1, one or
two lines naming the file, and the command that gets them out.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import CLASS, Cli, assert_error, backup_ids, snapshot

ROOM7 = "classes/room-7.json"
RESTORE = "grouper backup list, then grouper backup restore ID"


def truncate(root: Path) -> None:
    path = root / ROOM7
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garbage(root: Path) -> None:
    (root / ROOM7).write_bytes(b"\x00\xff\x1b[2J not json")


def newer(root: Path) -> None:
    data = json.loads((root / ROOM7).read_text())
    next(iter(data["meta"].values()))["schema"] = 7
    (root / ROOM7).write_text(json.dumps(data))


def gone(root: Path) -> None:
    (root / ROOM7).unlink()


DAMAGE: list[tuple[str, Callable[[Path], None], list[str]]] = [
    ("truncated", truncate, [ROOM7, "is damaged (not valid JSON", "it was left as it is", RESTORE]),
    ("garbage", garbage, [ROOM7, "is damaged (not UTF-8 text)", RESTORE]),
    ("newer schema", newer, [ROOM7, "saved by a newer grouper (schema 7; this one knows 1)", "update grouper"]),
    ("missing", gone, [ROOM7, "is missing (grouper's list of classes names it)", RESTORE]),
]
COMMANDS = [
    ["groups", CLASS],
    ["score", CLASS, "zoe", "lid", "52"],
    ["class", "list"],
]


@pytest.mark.parametrize(("spoil", "needles"), [d[1:] for d in DAMAGE], ids=[d[0] for d in DAMAGE])
def test_a_damaged_class_gets_a_message_and_a_way_out(
    cli: Cli, room: Path, spoil: Callable[[Path], None], needles: list[str]
) -> None:
    spoil(room)
    before = snapshot(room)
    for argv in COMMANDS:
        r = cli(*argv, store=room)
        assert_error(r, 1, *needles)
        assert "\x1b" not in r.err and r.out == ""
    assert snapshot(room) == before
    r = cli("doctor", store=room)  # the doctor names the same file, with the backup to restore
    assert r.code == 1 and ROOM7 in r.out
    if spoil is not newer:
        assert "grouper backup restore room-7/" in r.out


def test_after_a_damaged_class_the_newest_backup_brings_it_back(cli: Cli, room: Path) -> None:
    cli.ok("score", CLASS, "zoe", "lid", "52", store=room)
    truncate(room)
    newest = backup_ids(cli.ok("backup", "list", CLASS, store=room).out)[0]
    r = cli.ok("backup", "restore", newest, store=room)
    assert "Restored 'Room 7'" in r.out
    assert cli.bundle(room)["class"]["name"] == CLASS
    ids = backup_ids(cli.ok("backup", "list", CLASS, store=room).out)
    assert ids[0] != newest  # the damaged file was itself kept as a backup, never thrown away


def test_a_lost_class_list_is_not_shown_as_an_empty_store(cli: Cli, room: Path) -> None:
    (room / "index.json").unlink()
    before = snapshot(room)
    for argv in (["class", "list"], ["class", "new", "Room 7", "--pathway", "early-literacy"], ["groups", CLASS]):
        r = cli(*argv, store=room)
        assert_error(r, 1, "index.json (the list of classes) is missing", "holds 1 class file(s)",
                     "grouper doctor --fix puts them back on the list")
    assert snapshot(room) == before
    cli.ok("doctor", "--fix", store=room)
    assert CLASS in cli.ok("class", "list", store=room).out


def test_leftover_temp_files_are_swept_by_a_writer_and_kept_by_a_reader(cli: Cli, room: Path) -> None:
    leftovers = [room / "classes" / ".room-7.json.1234abcd.tmp", room / ".index.json.5678abcd.tmp"]
    for path in leftovers:
        path.write_bytes(b'{"half": ')
        os.chmod(path, 0o600)
    cli.ok("groups", CLASS, store=room)
    assert all(p.exists() for p in leftovers)  # a reader never deletes
    r = cli("doctor", store=room)
    assert r.code == 1 and r.out.count("a temp file left by a save that was stopped") == 2
    cli.ok("score", CLASS, "zoe", "lid", "52", store=room)
    assert not any(p.exists() for p in leftovers)  # a writer sweeps them: they never held a saved score
    cli.ok("doctor", store=room)


def test_a_backup_folder_that_is_gone(cli: Cli, room: Path) -> None:
    shutil.rmtree(room / "backups")
    r = cli.ok("backup", "list", store=room)
    assert f"The backups folder {room / 'backups'} is gone" in r.out and "grouper doctor --fix" in r.out
    r = cli("doctor", store=room)
    assert r.code == 1 and "PROBLEM  backups/ is gone: there are no saved copies to go back to" in r.out
    before = cli.bundle(room)
    cli.ok("score", CLASS, "zoe", "lid", "52", store=room)  # saving works, and keeps a copy again
    assert len(backup_ids(cli.ok("backup", "list", CLASS, store=room).out)) == 1
    assert len(cli.bundle(room)["scores"]) == len(before["scores"]) + 1
    cli.ok("doctor", store=room)
