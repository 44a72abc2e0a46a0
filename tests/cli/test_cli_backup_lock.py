"""grouper backup list | restore, and one writer at a time."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cli_helpers import CLASS, Cli, assert_error, backup_ids, latest, placements, snapshot


def test_backup_list_after_a_few_writes(cli: Cli, room_store: Path) -> None:
    # Building the store took three writes of the class: new, roster import, scores import.
    r = cli.ok("backup", "list", CLASS, store=room_store)
    assert r.out.split()[:4] == ["id", "class", "taken", "size"]
    ids = backup_ids(r.out)
    assert len(ids) >= 2
    assert all(i.startswith("room-7/") for i in ids)
    assert all(CLASS in line for line in r.out.splitlines()[1:])
    everything = cli.ok("backup", "list", store=room_store).out
    assert set(ids) <= set(backup_ids(everything))


def test_backup_list_on_a_new_store(cli: Cli, tmp_path: Path) -> None:
    r = cli.ok("backup", "list", store=tmp_path / "store")
    assert "No backups yet" in r.out


def test_restore_puts_the_class_back(cli: Cli, room: Path, room_bundle: dict[str, Any]) -> None:
    r = cli.ok("score", CLASS, "zoe", "lid", "52", "--note", "after the backup", store=room)
    assert "moved up" in r.out
    ids = backup_ids(cli.ok("backup", "list", CLASS, store=room).out)
    newest = ids[0]  # taken just before that score was saved
    r = cli.ok("backup", "restore", newest, store=room)
    assert r.out.startswith(f"Restored 'Room 7' from backup {newest}.")
    bundle = cli.bundle(room)
    assert not any(s["note"] == "after the backup" for s in bundle["scores"])
    assert bundle["scores"] == room_bundle["scores"]
    assert bundle["students"] == room_bundle["students"]
    assert placements(cli.groups(room))["z1"] == ("letters", "working")


def test_restore_of_an_unknown_backup_changes_nothing(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    r = cli("backup", "restore", "room-7/20991231T235959000000", store=room)
    assert_error(r, 1, "no backup 'room-7/20991231T235959000000'", "backup list")
    r = cli("backup", "restore", "yesterday", store=room)
    assert_error(r, 1, "'yesterday'", "backup list")
    assert snapshot(room) == before


HOLD = """
import sys
from grouper.store import Store
store = Store(sys.argv[1], writable=True)
print("ready", flush=True)
sys.stdin.readline()
store.close()
"""


@contextmanager
def held_open(store: Path) -> Iterator[None]:
    """Another process holding ``store`` open for writing until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "ready"
        yield
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_second_writer_is_refused_and_readers_still_read(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    plan_before = cli.groups(room)
    with held_open(room):
        r = cli("score", CLASS, "zoe", "lid", "52", store=room)
        assert_error(r, 1, f"grouper is already open on {room}")
        assert r.out == ""
        r = cli("absent", CLASS, "zoe", store=room)
        assert_error(r, 1, "grouper is already open on")
        assert snapshot(room) == before
        # Reading needs no lock.
        assert cli.groups(room) == plan_before
        assert "Room 7" in cli.ok("class", "list", store=room).out
    # Once the other one is gone, writing works again.
    cli.ok("score", CLASS, "zoe", "lid", "52", store=room)
    assert latest(cli.bundle(room), "z1", "lid")["value"] == 52  # type: ignore[index]
