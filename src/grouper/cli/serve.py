"""``grouper serve``: the app in a web browser, for a coach at a projector.

Each browser tab is its own grouper process (textual-serve's ``Server`` starts
one per websocket), so the store's writer lock works as it does in terminals:
the first tab writes, a second one opens read-only and says so.

The page gives whoever opens it the whole store, children's names and scores,
and lets them type, so every request passes a gate before anything runs:

* **A secret token**, made fresh each run (``secrets.token_urlsafe(32)``) or
  given with ``--token``. grouper prints the link that carries it
  (``http://127.0.0.1:8000/?token=…``). The page, the websocket, the static
  files and downloads all need it, from the ``token`` query parameter or from
  the cookie (HttpOnly, SameSite=Strict, named for the port) that opening the
  link sets. Opening the link then goes on to the same address without the
  token, so it is not left in the address bar on a projector.
* **The Host header** must name the address served (for 127.0.0.1: 127.0.0.1,
  localhost or [::1] with the port; for a wildcard bind: an IP address or this
  computer's own name), so a web page on a domain that resolves to 127.0.0.1
  (DNS rebinding) is refused.
* **The websocket's Origin** must be this server's own page, so no other web
  page open in the teacher's browser can connect and read or type.

A request that fails is answered 403 with one plain line, and no app process
is started. The server listens on 127.0.0.1 unless the teacher names another
address with ``--host``; then it says who can open the classes.

The page is grouper's own (``serve_page.html``): it loads only the script,
style sheet and font that textual-serve ships, from this server, and its
Content-Security-Policy lets the browser fetch nothing from anywhere else.
textual-serve is used only through its public ``Server.handle_websocket`` and
``Server.handle_download``.
"""

from __future__ import annotations

import argparse
import hmac
import html
import ipaddress
import logging
import re
import secrets
import shlex
import shutil
import socket
import string
import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from grouper.core.errors import GrouperError, UsageError

if TYPE_CHECKING:
    from aiohttp import web

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::")
DEFAULT_PORT = 8000
#: ``?fontsize=N``: the terminal's font size in pixels, kept to what a screen can show.
FONT_SIZE_DEFAULT, FONT_SIZE_MIN, FONT_SIZE_MAX = 16, 8, 72
#: A token given with --token: long enough not to be guessed, and nothing a URL must escape.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9._~-]{16,256}")

REFUSED_HOST = ("403 Forbidden: grouper does not answer to that address. "
                "Open the link grouper printed when it started.\n")
REFUSED_TOKEN = ("403 Forbidden: this link has no valid grouper token. "
                 "Open the link grouper printed when it started (it ends in ?token=...).\n")
REFUSED_ORIGIN = "403 Forbidden: grouper's connection opens only from grouper's own page.\n"


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


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``name`` as an IP address (an IPv6 one in brackets, as in a Host header), else None."""
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    elif ":" in name:
        return None  # a bare IPv6 address is not how a Host header writes one
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


class Gate:
    """What a request must carry: a Host naming this server, the token, and for the websocket its Origin."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.port = port
        self.token = token.encode()
        self.cookie = f"grouper-token-{port}"
        self.wildcard = host in WILDCARD
        if host in LOOPBACK:
            self.names = frozenset({"127.0.0.1", "localhost", "[::1]"})
        elif self.wildcard:
            # Any IP address may reach a wildcard bind; DNS rebinding needs a domain name, so the only
            # names are this computer's own.
            self.names = frozenset({"localhost", socket.gethostname().lower(), socket.getfqdn().lower()})
        else:
            self.names = frozenset({f"[{host.lower()}]" if ":" in host else host.lower()})
        self.ips = {ip for ip in map(_ip, self.names) if ip is not None}

    def host_ok(self, value: str | None) -> bool:
        """Whether a Host header (``name:port``) names the address served."""
        if not value:
            return False
        name, sep, port = value.lower().rpartition(":")
        if not sep or name.endswith(":") or not re.fullmatch(r"[0-9]{1,5}", port):  # no port, or bare IPv6
            name, port = value.lower(), "80"
        if not name or int(port) != self.port:
            return False
        ip = _ip(name)
        if ip is not None:
            return self.wildcard or ip in self.ips
        return name in self.names

    def origin_ok(self, value: str | None) -> bool:
        """Whether a websocket's Origin is a page this server serves."""
        if not value or not value.lower().startswith("http://"):
            return False
        return self.host_ok(value[len("http://"):])

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token)

    def admits(self, request: web.Request) -> bool:
        return self.token_ok(request.query.get("token")) or self.token_ok(request.cookies.get(self.cookie))


def font_size(value: str | None) -> int:
    """``?fontsize=N`` as a whole number of pixels in the range a screen can show; 16 when it is not one."""
    try:
        size = int(value) if value is not None else FONT_SIZE_DEFAULT
    except ValueError:
        return FONT_SIZE_DEFAULT
    return max(FONT_SIZE_MIN, min(FONT_SIZE_MAX, size))


def page(websocket_url: str, size: int) -> str:
    """grouper's own page around the terminal (``serve_page.html``)."""
    template = string.Template(files("grouper.cli").joinpath("serve_page.html").read_text(encoding="utf-8"))
    return template.substitute(websocket_url=html.escape(websocket_url), font_size=size)


def _single_query(request: web.Request) -> web.Request:
    """textual.js adds ``?width=…&height=…`` to the websocket URL it is given, which already has
    ``?token=…``: the second ``?`` is read as ``&``, so the app opens at the browser's size."""
    from yarl import URL

    raw = request.rel_url.raw_query_string
    if "?" not in raw:
        return request
    return request.clone(rel_url=URL.build(path=request.rel_url.raw_path, query_string=raw.replace("?", "&"),
                                           encoded=True))


def _quiet_late_exits(record: logging.LogRecord) -> bool:
    """A tab's grouper told to quit at Ctrl+C may be reaped just after the event loop closes; asyncio then
    warns that it cannot say so. The process is gone either way, so that warning is not shown."""
    return record.msg != "Loop %r that handles pid %r is closed"


def make_app(command: str, host: str, port: int, token: str) -> web.Application:
    """The web server: every request through the gate, then grouper's page, textual-serve's websocket,
    downloads and static files."""
    import asyncio

    import textual_serve
    from aiohttp import web
    from textual_serve.server import Server

    gate = Gate(host, port, token)
    server = Server(command, host=host, port=port, title="grouper")
    sockets: set[asyncio.Task[object]] = set()

    def refuse(text: str) -> web.Response:
        return web.Response(status=403, text=text, content_type="text/plain")

    @web.middleware
    async def guard(request: web.Request, handler):  # type: ignore[no-untyped-def]
        if not gate.host_ok(request.headers.get("Host")):
            return refuse(REFUSED_HOST)
        upgrade = "websocket" in request.headers.get("Upgrade", "").lower()
        if upgrade or request.match_info.route.name == "websocket":
            if not gate.origin_ok(request.headers.get("Origin")):
                return refuse(REFUSED_ORIGIN)
            request = _single_query(request)
        if not gate.admits(request):
            return refuse(REFUSED_TOKEN)
        return await handler(request)

    async def index(request: web.Request) -> web.StreamResponse:
        if "token" in request.query:
            # Keep the token in a cookie and out of the address bar (a projector shows it to the room).
            rest = [(k, v) for k, v in request.query.items() if k != "token"]
            response = web.Response(status=303, headers={"Location": str(request.rel_url.with_query(rest))})
            if gate.token_ok(request.query["token"]):
                response.set_cookie(gate.cookie, token, path="/", httponly=True, samesite="Strict")
            return response
        served = request.headers["Host"]  # checked by the gate
        websocket = f"ws://{served}/ws"
        text = page(f"{websocket}?token={token}", font_size(request.query.get("fontsize")))
        csp = (f"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
               f"img-src 'self' data:; connect-src 'self' {websocket}; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
        return web.Response(text=text, content_type="text/html", headers={
            "Content-Security-Policy": csp, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    async def websocket(request: web.Request) -> web.StreamResponse:
        task = asyncio.current_task()
        assert task is not None
        sockets.add(task)
        try:
            return await server.handle_websocket(request)
        finally:
            sockets.discard(task)

    async def close_sockets(app: web.Application) -> None:
        """On Ctrl+C each tab's grouper is told to quit (and waited for), not left to a timeout."""
        for task in list(sockets):
            task.cancel()
        if sockets:
            await asyncio.wait(list(sockets), timeout=10)

    async def headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")

    logging.getLogger("asyncio").addFilter(_quiet_late_exits)
    app = web.Application(middlewares=[guard])
    app.add_routes([
        web.get("/", index, name="index"),
        web.get("/ws", websocket, name="websocket"),
        web.get("/download/{key}", server.handle_download, name="download"),
        web.static("/static", Path(textual_serve.__file__).parent / "static", name="static"),
    ])
    app.on_shutdown.append(close_sockets)
    app.on_response_prepare.append(headers)
    return app


def serve(store: Path | None, host: str, port: int, token: str | None = None) -> int:
    """Serve the app until Ctrl+C; ``store`` None serves a throwaway copy of the sample classes."""
    try:
        from aiohttp import web
        from textual_serve.server import Server  # noqa: F401  (the extra is installed)
    except ImportError:
        raise GrouperError(
            "grouper serve needs the browser extra: pip install 'grouper[serve]'"
        ) from None
    if not 0 < port < 65536:
        raise UsageError(f"--port {port} is not a port number (1 to 65535)")
    if token is not None and not TOKEN_PATTERN.fullmatch(token):
        raise UsageError("--token must be 16 to 256 letters, digits, '-', '_', '.' or '~'")
    busy = GrouperError(f"cannot listen on {host} port {port}: it is in use or not allowed; "
                        "choose another with --port")
    if not _port_free(host, port):
        raise busy
    token = token or secrets.token_urlsafe(32)
    demo_root = None
    if store is None:
        from grouper.config.clock import today as today_fn
        from grouper.session.demo import make_demo_store

        demo_root = make_demo_store(today_fn())
    root = store or demo_root
    assert root is not None
    try:
        app = make_app(app_command(root, demo_root is not None), host, port, token)
        url_host = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)
        if host not in LOOPBACK:
            elsewhere = (f" From another computer, put this computer's name or network address in place of "
                         f"{url_host} in the link." if host in WILDCARD else "")
            print(f"grouper: listening on {host} port {port}: anyone on the network who can reach this computer "
                  f"on that port and has the link with its token can open these classes.{elsewhere}",
                  file=sys.stderr)
        print(f"grouper: open http://{url_host}:{port}/?token={token} in a browser (Ctrl+C stops). "
              "Each tab is its own grouper: the first one writes, later ones are read-only.", flush=True)
        try:
            web.run_app(app, host=host, port=port, print=None, access_log=None)
        except OSError:
            raise busy from None
    finally:
        if demo_root is not None:
            shutil.rmtree(demo_root, ignore_errors=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``grouper serve [--demo] [--port N] [--host ADDR] [--token TOKEN]``."""
    from grouper.session.stores import default_store_dir

    return serve(None if args.demo else default_store_dir(args.store), args.host, args.port, args.token)
