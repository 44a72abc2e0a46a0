"""When the disk refuses a write, the command exits 1 with the reason and the way out, and keeps the last good file.

Each fault is real, made on real files: a folder the user may not write to,
a file-size limit, a full disk and a read-only disk (a 2 MB tmpfs in a private
mount namespace). The tests run as root here and root ignores permission bits,
so the permission test runs grouper as root without the power to override them; where a technique
is not available on this machine the test is skipped and says why.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLASS, GROUPER, Cli, Result, assert_error, latest, snapshot

FAULT_PROC = Path(__file__).with_name("fault_proc.py")
ROOM7 = Path("classes") / "room-7.json"


def skip(reason: str) -> None:
    print(reason)  # shown with -rs and in the log, so a skipped fault is never silent
    pytest.skip(reason)


def no_leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*.tmp")]


def drop_root_override() -> None:
    """In the child, before grouper starts: root keeps its uid but loses the power to ignore permission bits.

    CAP_DAC_OVERRIDE (1) and CAP_DAC_READ_SEARCH (2) leave the bounding set, so
    after exec a folder without the write bit refuses root as it would anyone.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def as_user(tmp_path: Path) -> dict[str, Any]:
    """Extra subprocess arguments under which a folder without its write bit refuses grouper."""
    if os.geteuid() != 0:
        return {}
    folder = tmp_path / "probe"
    folder.mkdir(mode=0o500)
    try:
        r = subprocess.run([sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"], capture_output=True,
                           text=True, preexec_fn=drop_root_override, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        skip(f"running as root and cannot give up the power to ignore permissions ({e}): no permission test")
    if "PermissionError" not in r.stderr:
        skip("running as root and a read-only folder still takes writes here: no permission test")
    return {"preexec_fn": drop_root_override}


def run(cli: Cli, store: Path, *argv: str, **extra: Any) -> Result:
    env = cli.env({"GROUPER_CONFIG_DIR": str(store.parent / "config")})
    proc = subprocess.run([str(GROUPER), "--store", str(store), *argv], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env, timeout=60, **extra)
    return Result(("--store", str(store), *argv), proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize(
    ("folder", "words"),
    [
        ("classes", r"could not save .*/classes/room-7\.json: permission denied; nothing was changed"),
        ("backups/room-7",
         r"could not keep a backup of .*/classes/room-7\.json in .*/backups/room-7: permission denied; nothing was"),
    ],
)
def test_a_folder_that_refuses_writes(cli: Cli, room: Path, as_user: dict[str, Any], folder: str, words: str) -> None:
    store = room
    os.chmod(store / folder, 0o500)
    before = snapshot(store)
    r = run(cli, store, "score", CLASS, "zoe", "lid", "52", **as_user)
    assert_error(r, 1, "check that you may write to", "grouper doctor checks the store")
    assert re.match(words, r.err_lines[0]), str(r)
    # The way out names the folder that refused (for a backup, not the class file's folder).
    assert r.err_lines[1] == f"check that you may write to {store / folder} (grouper doctor checks the store)", str(r)
    assert r.out == ""
    assert snapshot(store) == before and no_leftovers(store) == []
    r = run(cli, store, "doctor", **as_user)  # the doctor names the folder and can put it right
    assert r.code == 1 and f"PROBLEM  {folder}: folder permissions are 0500 (you cannot use it)" in r.out, str(r)
    assert run(cli, store, "doctor", "--fix", **as_user).code == 0
    r = run(cli, store, "score", CLASS, "zoe", "lid", "52", **as_user)
    assert r.code == 0, str(r)


def limit_file_size(size: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_a_file_too_large_for_the_disk(cli: Cli, room: Path) -> None:
    size = (room / ROOM7).stat().st_size
    before = snapshot(room)
    r = run(cli, room, "score", CLASS, "zoe", "lid", "52", preexec_fn=lambda: limit_file_size(size))
    assert_error(r, 1, "the file would be too large for this disk (File too large); nothing was changed",
                 "free some space or move the store, then try again")
    assert snapshot(room) == before and no_leftovers(room) == []
    cli.ok("score", CLASS, "zoe", "lid", "52", store=room)  # the limit gone, the same command saves
    assert latest(cli.bundle(room), "z1", "lid")["value"] == 52  # type: ignore[index]


def namespace() -> list[str]:
    """A prefix that runs a command in a private mount namespace where it may mount a tmpfs."""
    unshare = shutil.which("unshare")
    if unshare is None:
        skip("no unshare(1) here, so a small disk of our own cannot be made for the full/read-only disk tests")
    probe = "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" && umount \"$d\"; rmdir \"$d\""
    tried = []
    for prefix in ([unshare, "-m"], [unshare, "-Urm"]):
        r = subprocess.run([*prefix, "sh", "-c", probe], capture_output=True, text=True, timeout=30)
        if r.returncode == 0:
            return prefix
        tried.append(f"{' '.join(prefix[1:])}: {r.stderr.strip()[:80]}")
    skip(f"cannot mount a small tmpfs in a private namespace ({'; '.join(tried)}): no full or read-only disk")
    raise AssertionError  # pragma: no cover - skip raised


def on_own_disk(cli: Cli, room: Path, mode: str, *commands: list[str]) -> list[dict[str, Any]]:
    argv = [*namespace(), sys.executable, str(FAULT_PROC), mode, str(room), str(GROUPER), json.dumps(commands)]
    proc = subprocess.run(argv, capture_output=True, text=True, env=cli.env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def refused(result: dict[str, Any], first: str, second: str) -> None:
    lines = [line for line in result["err"].splitlines() if line.strip()]
    assert result["code"] == 1 and result["out"] == "", result
    assert "Traceback" not in result["err"] and len(lines) == 2, result
    assert re.search(first, lines[0]) and lines[1] == second, result
    assert result["unchanged"] and result["temps"] == [], result


def test_a_full_disk(cli: Cli, room: Path) -> None:
    score, new_class, read = on_own_disk(
        cli, room, "full",
        ["score", CLASS, "zoe", "lid", "52"],
        ["class", "new", "Room 9", "--pathway", "early-literacy"],
        ["groups", CLASS, "--json"],
    )
    full = "free some space on the disk, then try again"
    refused(score, r"could not save .*/room-7\.json: the disk is full \(No space left on device\); nothing was", full)
    refused(new_class, r"could not save .*/classes/room-9\.json: the disk is full", full)
    assert read["code"] == 0 and json.loads(read["out"])["class"] == CLASS  # reading still works


def test_a_read_only_disk(cli: Cli, room: Path) -> None:
    score, restore, read = on_own_disk(
        cli, room, "readonly",
        ["score", CLASS, "zoe", "lid", "52"],
        ["backup", "restore", "room-7/20000101T000000000000"],
        ["groups", CLASS, "--json"],
    )
    hint = "grouper can only read this store here; copy it to a disk you can write to"
    refused(score, r"could not lock .*/\.lock: the disk is read-only \(Read-only file system\); nothing", hint)
    refused(restore, r"could not lock .*: the disk is read-only", hint)
    assert read["code"] == 0 and json.loads(read["out"])["class"] == CLASS
