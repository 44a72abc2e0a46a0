"""Opening the app: on the teacher's store, or on a throwaway demo store."""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
from pathlib import Path


def cmd_app(args: argparse.Namespace) -> int:
    """``grouper``: the app on the teacher's store (this module keeps the commands' imports off the way)."""
    from grouper.session.stores import default_store_dir

    return run_app(default_store_dir(args.store), demo=False)


def cmd_demo(args: argparse.Namespace) -> int:
    shared = getattr(args, "in_dir", None)
    return run_app(Path(shared) if shared else None, demo=True)


def run_app(store_dir: Path | None, demo: bool) -> int:
    """Run the app; a demo with no ``store_dir`` makes its own sample store and removes it after.

    A demo given a ``store_dir`` (``grouper serve --demo``: every browser tab shares one) leaves it.
    """
    try:
        from grouper.ui.app import GrouperApp
    except ImportError:
        print("The grouper app is not built yet; use the commands in 'grouper --help'.", file=sys.stderr)
        return 2
    # A demo with no folder: the app makes its sample store once the first frame is up.
    app = GrouperApp(store_dir, demo=demo)
    # What is loaded so far (Textual, rich, grouper's modules) stays for the whole run: frozen, the
    # garbage collector stops walking it, and a full collection no longer lands in the first frame.
    # The app collects and freezes again once a class is on screen (GrouperApp.settle_memory).
    gc.freeze()
    try:
        app.run()
        return app.return_code or 0
    finally:
        if app._demo_folder is not None:
            shutil.rmtree(app._demo_folder, ignore_errors=True)
