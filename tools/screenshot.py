"""Write docs/screenshot.svg: the demo class after a quick entry, at 100x30.

Run: python tools/screenshot.py  (needs the project installed).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.svg"


async def main() -> None:
    os.environ["GROUPER_CONFIG_DIR"] = tempfile.mkdtemp()
    from grouper.session.demo import make_demo_store
    from grouper.ui.app import GrouperApp

    root = make_demo_store(dt.date(2026, 11, 22))
    try:
        app = GrouperApp(root, demo=True, today=dt.date(2026, 11, 22), clock=lambda: dt.datetime(2026, 11, 22, 16, 5))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*":zoe lid 52", "enter", "escape")
            await pilot.pause()
            OUT.write_text(app.export_screenshot(title="grouper"), encoding="utf-8")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"wrote {OUT}")


asyncio.run(main())
