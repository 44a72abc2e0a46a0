"""Every folder the commands make is 0700, whatever the umask: the store, the folders above it, backups, quarantine.

A teacher's umask is often 022 (folders readable by everyone on the computer)
and sometimes 000. grouper's own folders must not follow it: each command runs
here in a child process with that umask, on a store whose parent folders do not
exist yet.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from cli_helpers import CLASS, GROUPER, Cli, Result, roster_csv, write_text

from grouper.store.files import temp_name


def run(cli: Cli, store: Path, umask: int, *argv: object) -> Result:
    words = ["--store", str(store), *map(str, argv)]
    proc = subprocess.run([str(GROUPER), *words], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=cli.env(), timeout=60, preexec_fn=lambda: os.umask(umask))
    r = Result(tuple(words), proc.returncode, proc.stdout, proc.stderr)
    assert r.code == 0 and "Traceback" not in r.err, str(r)
    return r


def modes_under(base: Path) -> dict[str, str]:
    return {p.relative_to(base).as_posix(): f"{stat.S_IMODE(p.stat().st_mode):04o}"
            for p in sorted(base.rglob("*")) if p.is_dir()}


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_every_folder_grouper_makes_is_private(cli: Cli, tmp_path: Path, umask: int) -> None:
    base = tmp_path / "home"
    base.mkdir()
    store = base / "school" / "grouper" / "store"  # none of these folders exist yet
    run(cli, store, umask, "class", "new", CLASS, "--pathway", "early-literacy")
    run(cli, store, umask, "roster", "import", CLASS, write_text(tmp_path / "roster.csv", roster_csv()))
    run(cli, store, umask, "score", CLASS, "zoe", "lid", "52")  # keeps a backup of the class as it was
    temp_name(store / "classes" / "room-7.json").write_bytes(b"{")  # left by a save that was stopped
    r = run(cli, store, umask, "doctor", "--fix")  # moves it into quarantine/
    assert "moved classes/." in r.out, r.out
    modes = modes_under(base)
    assert {"school", "school/grouper", "school/grouper/store", "school/grouper/store/classes",
            "school/grouper/store/backups/room-7"} <= set(modes)
    assert any(folder.startswith("school/grouper/store/quarantine/") for folder in modes)
    assert set(modes.values()) == {"0700"}, modes
