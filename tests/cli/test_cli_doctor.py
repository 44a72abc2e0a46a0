"""grouper doctor [--fix]: plain words naming each file, exit 0 healthy / 1 problem / 2 usage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cli_helpers import CLASS, Cli, assert_error, snapshot

ROOM7 = "classes/room-7.json"

HOLD = """
import sys
from grouper.store import Store
store = Store(sys.argv[1], writable=True)
print("ready", flush=True)
sys.stdin.readline()
store.close()
"""


def test_a_healthy_store_exits_0_naming_each_file(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    r = cli.ok("doctor", store=room)
    assert r.out.splitlines()[0] == f"grouper doctor: checking {room}"
    assert r.out.rstrip().endswith("The store is healthy.")
    for name in ("index.json: 1 class(es) listed", f"{ROOM7} ('Room 7'): reads cleanly, 13 students", "backups/room-7"):
        assert name in r.out, r.out
    assert "PROBLEM" not in r.out
    assert snapshot(room) == before


def test_problems_come_first_with_a_way_out_and_exit_1(cli: Cli, room: Path) -> None:
    (room / ROOM7).write_bytes((room / ROOM7).read_bytes()[:50])
    os.chmod(room / "index.json", 0o644)
    (room / "classes" / ".room-7.json.0badc0de.tmp").write_bytes(b"half a save")
    before = snapshot(room)
    r = cli("doctor", store=room)
    assert r.code == 1 and r.err == "", str(r)
    lines = r.out.splitlines()
    assert lines[1].startswith(f"PROBLEM  {ROOM7} ('Room 7') is damaged (not valid JSON")
    assert lines[2].startswith("         what to do: grouper doctor --fix moves it aside into quarantine/")
    assert "grouper backup restore room-7/" in lines[2]
    assert any(line.startswith("PROBLEM  index.json: file permissions are 0644") for line in lines)
    assert any(line.startswith("PROBLEM  classes/.room-7.json.0badc0de.tmp: a temp file") for line in lines)
    assert lines[-1] == (
        "3 problem(s) found; grouper doctor --fix can repair 3 of them safely (it never deletes anything)."
    )
    assert snapshot(room) == before

    r = cli("doctor", "--fix", store=room)
    assert r.code == 1, str(r)  # the class file is still missing until it is restored
    assert "fixed    set the permissions of index.json to 0600" in r.out
    assert f"fixed    moved {ROOM7} aside to quarantine/" in r.out
    assert "PROBLEM  the list names 'Room 7', but its file classes/room-7.json is missing" in r.out
    backup = r.out.split("grouper backup restore ")[1].split()[0]
    cli.ok("backup", "restore", backup, store=room)
    r = cli.ok("doctor", store=room)
    assert "quarantine/ holds 2 file(s)" in r.out and "The store is healthy." in r.out
    assert cli.bundle(room)["class"]["name"] == CLASS


def test_usage_mistakes_exit_2(cli: Cli, room: Path) -> None:
    assert_error(cli("doctor", "--fxi", store=room), 2, "--fxi")
    assert_error(cli("doctor", "extra", store=room), 2, "extra")


def test_a_missing_store_is_nothing_to_check_and_nothing_is_made(cli: Cli, tmp_path: Path) -> None:
    where = tmp_path / "nowhere"
    r = cli.ok("doctor", store=where)
    assert f"there is no grouper store at {where} yet" in r.out
    cli.ok("doctor", "--fix", store=where)
    assert not where.exists()


def test_fix_refuses_while_the_app_has_the_store(cli: Cli, room: Path) -> None:
    os.chmod(room / "index.json", 0o644)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(room)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        before = snapshot(room)
        r = cli("doctor", "--fix", store=room)
        assert_error(r, 1, "grouper doctor --fix needs the store to itself", f"the grouper app, pid {proc.pid}",
                     "close it, then try again")
        assert snapshot(room) == before and oct(os.stat(room / "index.json").st_mode & 0o777) == "0o644"
        r = cli("doctor", store=room)  # checking is fine meanwhile, and says who has it
        assert r.code == 1 and f"note     the store is open for writing: the grouper app, pid {proc.pid}" in r.out
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(timeout=30)
    cli.ok("doctor", "--fix", store=room)
    cli.ok("doctor", store=room)


def test_names_with_escape_sequences_are_shown_not_obeyed(cli: Cli, room: Path) -> None:
    index = json.loads((room / "index.json").read_text())
    next(iter(index["classes"].values()))["name"] = "Room \x1b[2J 7"
    (room / "index.json").write_text(json.dumps(index))
    (room / ROOM7).unlink()
    r = cli("doctor", store=room)
    assert r.code == 1
    assert "\x1b" not in r.out and "'Room \\x1b[2J 7'" in r.out
