"""Opening the app: on the teacher's store, or on a throwaway demo store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def run_app(store_dir: Path | None, demo: bool) -> int:
    from grouper.cli.commands import today
    from grouper.demo import make_demo_store

    root = make_demo_store(today()) if demo else store_dir
    assert root is not None
    try:
        try:
            from grouper.ui.app import GrouperApp
        except ImportError:
            print("The grouper app is not built yet; use the commands in 'grouper --help'.", file=sys.stderr)
            return 2
        app = GrouperApp(root, demo=demo)
        app.run()
        return app.return_code or 0
    finally:
        if demo:
            shutil.rmtree(root, ignore_errors=True)
