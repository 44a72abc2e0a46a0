"""Opening the app: on the teacher's store, or on a throwaway demo store."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path


def cmd_app(args: argparse.Namespace) -> int:
    """``grouper``: the app on the teacher's store (this module keeps the commands' imports off the way)."""
    from grouper.store.paths import default_store_dir

    return run_app(default_store_dir(args.store), demo=False)


def cmd_demo(args: argparse.Namespace) -> int:
    shared = getattr(args, "in_dir", None)
    return run_app(Path(shared) if shared else None, demo=True)


def run_app(store_dir: Path | None, demo: bool) -> int:
    """Run the app; a demo with no ``store_dir`` makes its own sample store and removes it after.

    A demo given a ``store_dir`` (``grouper serve --demo``: every browser tab shares one) leaves it.
    """
    from grouper.clock import today
    from grouper.demo import make_demo_store

    made = demo and store_dir is None
    root = make_demo_store(today()) if made else store_dir
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
        if made:
            shutil.rmtree(root, ignore_errors=True)
