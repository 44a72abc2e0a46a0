"""The real app, driven by Pilot, where the disk decides (run as a script by the tests, not collected).

    disk_proc.py readonly STORE   copy STORE onto a tmpfs mounted read-only (run it under ``unshare -m``)
                                  and open the app on the copy
    disk_proc.py export STORE     open the app on STORE and export the plan with ``x`` (the umask and
                                  GROUPER_EXPORT_DIR, GROUPER_CONFIG_DIR come from the caller)

Each prints one JSON line: the screen, the status line, the message line and
the grid's rows (the Pilot test's view of the app), or why it could not run.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ui_helpers import JOSE, cell, grid, make_app, message, screen_name, status, wait_for


async def look(root: Path, export: bool) -> dict[str, Any]:
    app = make_app(root)
    seen: dict[str, Any] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ClassScreen", "the class on screen")
        seen.update(screen=screen_name(app), status=status(app), rows=grid(app).row_count,
                    first=cell(app, JOSE, "name"))
        if export:
            await pilot.press("x")
            await wait_for(pilot, lambda: screen_name(app) == "ExportDialog", "the export dialog")
            await pilot.press("enter")
            await wait_for(pilot, lambda: message(app).startswith(("Exported to ", "Not exported")), "the export")
        else:
            await pilot.press("5", "enter")  # a score typed on a disk that takes none
            await pilot.pause()
        seen["message"] = message(app)
    seen["code"] = app.return_code
    return seen


def read_only(store: Path) -> dict[str, Any]:
    mnt = Path(tempfile.mkdtemp(prefix="grouper-ro-"))
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(mnt)], check=True)
        try:
            copy = Path(shutil.copytree(store, mnt / "store"))
            subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
            before = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*"))
            seen = asyncio.run(look(copy, export=False))
            seen["unchanged"] = before == sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*"))
            return seen
        finally:
            subprocess.run(["umount", "-l", str(mnt)], check=False)
    finally:
        mnt.rmdir()


def main(mode: str, store: str) -> int:
    seen = read_only(Path(store)) if mode == "readonly" else asyncio.run(look(Path(store), export=True))
    print(json.dumps(seen), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
