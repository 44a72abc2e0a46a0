"""Writers that meet: commands queue up and all save; the app is named at once; nothing is lost or half-written.

A command holds the store for a fraction of a second, so a second command
waits for it (up to GROUPER_LOCK_WAIT seconds, 10 by default) and then saves;
the app holds it all session, so a command says so at once instead of waiting.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cli_helpers import CLASS, GROUPER, Cli, assert_error, snapshot

HOLD = """
import sys, time
from grouper.store import Store
what, brief = (sys.argv[2], True) if len(sys.argv) > 2 else ("the grouper app", False)
store = Store(sys.argv[1], what=what, brief=brief)
print("ready", flush=True)
sys.stdin.readline()
store.close()
"""


@contextmanager
def held(store: Path, *what: str) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``store`` (as the app, or as the command ``what``) until released."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store), *what], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        release(proc)


def release(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(timeout=30)


def start(cli: Cli, store: Path, *argv: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([str(GROUPER), "--store", str(store), *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=cli.env(env))


ENTRIES = [("zoe", "lid", "40"), ("ana l", "seg", "5"), ("anabel", "cap", "9"), ("bo li", "ret", "2"),
           ("jos", "lid", "12"), ("zoe", "cap", "12")]
#: GROUPER_STRESS=1 runs four times as many racing writers (a longer run for a developer; CI keeps it quick).
ROUNDS = 4 if os.environ.get("GROUPER_STRESS") else 1


def test_racing_commands_queue_up_and_every_score_is_saved(cli: Cli, room: Path) -> None:
    seqs_before = {s["seq"] for s in cli.bundle(room)["scores"]}
    with held(room, "grouper scores import") as holder:
        entries = ENTRIES * ROUNDS
        procs = [start(cli, room, "score", CLASS, *entry, "--note", f"race {i}") for i, entry in enumerate(entries)]
        time.sleep(1.5)  # every command is now waiting for the store
        assert all(p.poll() is None for p in procs)
        release(holder)
        results = [(p.wait(timeout=60), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 0 and out.startswith("Saved: ") and err == "", (code, out, err)
    scores = cli.bundle(room)["scores"]
    new = [s for s in scores if s["seq"] not in seqs_before]
    assert sorted(s["note"] for s in new) == sorted(f"race {i}" for i in range(len(entries)))
    assert len({s["seq"] for s in scores}) == len(scores)  # each save got its own entry number
    cli.ok("doctor", store=room)


def test_a_command_that_holds_on_too_long_is_named(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    with held(room, "grouper scores import") as holder:
        began = time.monotonic()
        r = cli("score", CLASS, "zoe", "lid", "52", store=room, env={"GROUPER_LOCK_WAIT": "1"})
        waited = time.monotonic() - began
        assert_error(r, 1, f"grouper is already open on {room} (grouper scores import, pid {holder.pid}, since ",
                     "it was still busy after 1 s of waiting; try again in a moment")
    assert 1 <= waited < 20
    assert snapshot(room) == before


def test_the_app_is_named_at_once_without_waiting(cli: Cli, room: Path) -> None:
    before = snapshot(room)
    with held(room) as app:
        began = time.monotonic()
        r = cli("score", CLASS, "zoe", "lid", "52", store=room)  # would wait 10 s for a command
        assert time.monotonic() - began < 8
        assert_error(r, 1, f"(the grouper app, pid {app.pid}, since ",
                     "close it, then try again (commands that only read, like grouper groups, work meanwhile)")
        assert r.err_lines[0].startswith(f"grouper is already open on {room}")
        cli.ok("groups", CLASS, store=room)
    assert snapshot(room) == before


def test_a_stopped_app_leaves_nothing_in_the_way(cli: Cli, room: Path) -> None:
    with held(room) as app:
        app.kill()
        app.wait()
    assert (room / ".lock-holder").exists()  # its note is still there, naming a process that is gone
    cli.ok("score", CLASS, "zoe", "lid", "52", store=room, env={"GROUPER_LOCK_WAIT": "0"})
    assert not (room / ".lock-holder").exists()


def test_a_bad_wait_is_a_usage_error(cli: Cli, room: Path) -> None:
    r = cli("score", CLASS, "zoe", "lid", "52", store=room, env={"GROUPER_LOCK_WAIT": "soon"})
    assert_error(r, 2, "GROUPER_LOCK_WAIT 'soon' is not a number of seconds")
