"""``grouper serve``: the app in a web browser, for a coach at a projector.

Each browser tab is its own grouper process (textual-serve starts one per
connection), so the store's writer lock works as it does in terminals: the
first tab writes, a second one opens read-only and says so. The server listens
on 127.0.0.1 unless the teacher names another address with ``--host``, because
the page gives whoever opens it the whole store: children's names and scores.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import socket
import sys
from pathlib import Path

from grouper.core.errors import GrouperError, UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORT = 8000


def app_command(store: Path, demo: bool) -> str:
    """The shell command each browser tab runs: this Python, this grouper, this store."""
    python = shlex.quote(sys.executable)
    if demo:
        return f"{python} -m grouper demo --in {shlex.quote(str(store))}"
    return f"{python} -m grouper --store {shlex.quote(str(store))}"


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(store: Path | None, host: str, port: int) -> int:
    """Serve the app until Ctrl+C; ``store`` None serves a throwaway copy of the sample classes."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise GrouperError(
            "grouper serve needs the browser extra: pip install 'grouper[serve]'"
        ) from None
    if not 0 < port < 65536:
        raise UsageError(f"--port {port} is not a port number (1 to 65535)")
    if not _port_free(host, port):
        raise GrouperError(f"cannot listen on {host} port {port}: it is in use or not allowed; "
                           "choose another with --port")
    demo_root = None
    if store is None:
        from grouper.clock import today as today_fn
        from grouper.demo import make_demo_store

        demo_root = make_demo_store(today_fn())
    root = store or demo_root
    assert root is not None
    if host not in LOOPBACK:
        print(f"grouper: listening on {host}: anyone who can reach this computer on port {port} can open "
              "these classes.", file=sys.stderr)
    url_host = f"[{host}]" if ":" in host else host
    print(f"grouper: open http://{url_host}:{port} in a browser (Ctrl+C stops). Each tab is its own grouper: "
          "the first one writes, later ones are read-only.", flush=True)
    server = Server(app_command(root, demo_root is not None), host=host, port=port, title="grouper")
    try:
        server.serve()
    finally:
        if demo_root is not None:
            shutil.rmtree(demo_root, ignore_errors=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``grouper serve [--demo] [--port N] [--host ADDR]``."""
    from grouper.store.paths import default_store_dir

    return serve(None if args.demo else default_store_dir(args.store), args.host, args.port)
