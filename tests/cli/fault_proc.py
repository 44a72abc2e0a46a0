"""Run grouper commands on a store copied onto a tiny disk of its own (run under ``unshare -m``, not collected).

    fault_proc.py full|readonly STORE GROUPER COMMANDS_JSON

It mounts a 2 MB tmpfs in this private mount namespace (gone when we exit,
so nothing leaks onto the machine), copies STORE onto it, then makes the disk
full (a filler file written until ENOSPC) or read-only (remounted ``ro``),
and runs each command (a list of argv lists) against the copy. It prints one
JSON line: for each command its exit code, stdout, stderr and whether the
store's files are byte for byte what they were before it ran.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = {".lock", ".lock-holder"}


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in SKIP
    }


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb", buffering=0) as f:
        for size in (1 << 16, 4096, 512, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise


def main(mode: str, store: str, grouper: str, commands: str) -> int:
    mnt = Path(tempfile.mkdtemp(prefix="grouper-disk-"))
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mnt)], check=True)
        try:
            copy = Path(shutil.copytree(store, mnt / "store"))
            if mode == "full":
                fill(mnt)
            else:
                subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
            results = []
            for argv in json.loads(commands):
                before = files(copy)
                r = subprocess.run([grouper, "--store", str(copy), *argv], capture_output=True, text=True,
                                   stdin=subprocess.DEVNULL, timeout=60)
                after = files(copy)
                temps = [name for name in after if name.rsplit("/", 1)[-1].startswith(".") and name.endswith(".tmp")]
                results.append({"code": r.returncode, "out": r.stdout, "err": r.stderr,
                                "unchanged": before == after, "temps": temps})
            print(json.dumps(results))
        finally:
            subprocess.run(["umount", "-l", str(mnt)], check=False)
    finally:
        os.rmdir(mnt)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
