"""``grouper serve``: the app in a real headless Chromium, a second tab read-only, and a gate in front of it.

The gate: the link grouper prints carries a secret token that the page, the
websocket, static files and downloads all need; the Host header must name this
server (DNS rebinding is refused); the websocket's Origin must be this server's
own page (no other web page in the teacher's browser may connect). A refused
request is a 403 with one plain line, and no app process is started: each
tab's grouper is a child process of the server, so the tests count them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from grouper.core.models import Score
from grouper.session.demo import make_demo_store
from grouper.store import Store

GROUPER = Path(sys.executable).with_name("grouper")
G1 = "Grade 1 — Room 7"
ZOE = "s12"
#: The line ``grouper serve`` prints: the link to open, with its token.
LINK = re.compile(r"grouper: open (http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9._~-]+)) in a browser "
                  r"\(Ctrl\+C stops\)\. Each tab is its own grouper: the first one writes, "
                  r"later ones are read-only\.\n")

pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install -e '.[dev]' has it)")
aiohttp = pytest.importorskip("aiohttp")

from cdp import Browser, find_chromium, open_page  # noqa: E402

from grouper.cli.serve import Gate, font_size  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(condition, timeout: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


async def eventually(condition: Callable[[], bool], timeout: float = 60) -> bool:
    """``wait_until`` for a test that keeps a connection open meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def zoe_lid(root: Path) -> list[Score]:
    with Store(root, writable=False) as store:
        return [s for s in store.load_class(G1).scores if s.student == ZOE and s.check == "lid"]


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc): each browser tab's grouper is one."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        # "pid (name) state ppid ...": the name may hold spaces and parentheses, so split after the last ')'
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def needs_proc() -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("no /proc to count the server's app processes from (not Linux)")


class Output:
    """Everything a process writes to ``stream``, read as it comes (so the pipe never fills)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.text = ""
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        for line in iter(stream.readline, b""):
            self.text += line.decode(errors="replace")


@dataclass
class Served:
    root: Path
    port: int
    url: str  #: the link grouper printed
    token: str
    pid: int  #: the server's process
    output: Output

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return self.base

    def socket_url(self, token: str | None) -> str:
        return f"ws://127.0.0.1:{self.port}/ws" + (f"?token={token}" if token is not None else "")


def start(tmp_path: Path, *args: str) -> Iterator[Served]:
    """``grouper serve`` on a copy of the sample classes (dated today, as the served app sees it)."""
    root = make_demo_store(dt.date.today())
    port = free_port()
    env = {**os.environ, "GROUPER_CONFIG_DIR": str(tmp_path / "config")}
    server = subprocess.Popen([str(GROUPER), "serve", "--store", str(root), "--port", str(port), *args], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    assert server.stdout is not None
    output = Output(server.stdout)
    try:
        started = wait_until(lambda: (LINK.search(output.text) is not None and answers(port))
                             or server.poll() is not None)
        link = LINK.search(output.text)
        if not started or server.poll() is not None or link is None:
            pytest.fail(f"grouper serve did not start: {output.text[-800:]}")
        assert int(link.group(2)) == port
        yield Served(root, port, link.group(1), link.group(3), server.pid, output)
    finally:
        os.killpg(server.pid, 9)
        server.wait(timeout=30)
        server.stdout.close()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from start(tmp_path)


def session() -> aiohttp.ClientSession:
    """A client that keeps cookies from an IP address (aiohttp's default jar drops them) and follows no
    redirect unless asked."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (Linux /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if int(port_hex, 16) == port and state == "0A":  # 0A: LISTEN
                found.add(address)
    return found


# --- starting, and what it says ------------------------------------------------------------------------------


def test_serve_listens_on_this_computer_only(served: Served) -> None:
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read listening sockets from (not Linux)")
    assert _listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_serve_prints_a_link_with_a_new_secret_token(served: Served, tmp_path: Path) -> None:
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", served.token)  # secrets.token_urlsafe(32)
    assert "listening on" not in served.output.text  # no network warning for 127.0.0.1
    for again in start(tmp_path / "again"):  # a second run
        assert again.token != served.token


def test_serve_uses_the_token_it_is_given(tmp_path: Path) -> None:
    given = "coach-room7-" + "k" * 20
    for served in start(tmp_path, "--token", given):
        assert served.url == f"http://127.0.0.1:{served.port}/?token={given}"

        async def check(served: Served) -> None:
            async with session() as client:
                async with client.get(served.url) as response:
                    assert response.status == 200
                async with client.get(f"{served.base}/") as response:
                    assert response.status == 200  # the cookie the first visit set is enough
            async with session() as client, client.get(f"{served.base}/?token=" + given[:-1] + "x") as response:
                assert response.status == 403

        asyncio.run(check(served))


def test_serve_refuses_a_token_anyone_could_guess() -> None:
    run = subprocess.run([str(GROUPER), "serve", "--demo", "--port", str(free_port()), "--token", "room7"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip() == "--token must be 16 to 256 letters, digits, '-', '_', '.' or '~'"


def test_serve_says_when_the_port_is_taken(served: Served) -> None:
    port = served.port
    run = subprocess.run([str(GROUPER), "serve", "--demo", "--port", str(port)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip() == (f"cannot listen on 127.0.0.1 port {port}: it is in use or not allowed; "
                                  "choose another with --port")


def test_serve_refuses_a_port_that_is_not_one() -> None:
    run = subprocess.run([str(GROUPER), "serve", "--demo", "--port", "70000"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip() == "--port 70000 is not a port number (1 to 65535)"


def test_serve_without_the_extra_says_how_to_get_it() -> None:
    code = ("import sys; sys.modules['textual_serve'] = None; from grouper.cli import main; "
            "sys.exit(main(['serve', '--demo']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip() == "grouper serve needs the browser extra: pip install 'grouper[serve]'"


def test_another_address_is_announced_with_who_can_open_it() -> None:
    port = free_port()
    server = subprocess.Popen([str(GROUPER), "serve", "--demo", "--host", "0.0.0.0", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    assert server.stdout is not None
    output = Output(server.stdout)
    try:
        assert wait_until(lambda: "in a browser" in output.text or server.poll() is not None), output.text
        warning, link = output.text.splitlines()[:2]
        assert warning == (f"grouper: listening on 0.0.0.0 port {port}: anyone on the network who can reach this "
                           "computer on that port and has the link with its token can open these classes. From "
                           "another computer, put this computer's name or network address in place of 127.0.0.1 "
                           "in the link.")
        assert LINK.fullmatch(link + "\n")
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C: it removes its copy of the sample classes
        try:
            assert server.wait(timeout=30) == 0
        finally:
            if server.poll() is None:
                os.killpg(server.pid, 9)
                server.wait(timeout=30)
            server.stdout.close()


# --- the gate, over HTTP ---------------------------------------------------------------------------------------


def test_nothing_is_served_without_the_token(served: Served) -> None:
    needs_proc()
    wrong = ("y" if served.token[0] == "x" else "x") + served.token[1:]  # never the token itself

    async def check() -> None:
        async with session() as client:
            for path in ("/", f"/?token={wrong}", "/?token=", "/static/js/textual.js", "/static/css/xterm.css",
                         f"/static/js/textual.js?token={wrong}", "/download/anything", "/nowhere"):
                async with client.get(served.base + path, allow_redirects=False) as response:
                    assert response.status == 403, path
                    assert response.content_type == "text/plain"
                    assert (await response.text()).startswith("403 Forbidden: this link has no valid grouper token")
                    assert "set-cookie" not in response.headers
            client.cookie_jar.update_cookies({f"grouper-token-{served.port}": wrong})
            async with client.get(served.base + "/") as response:
                assert response.status == 403

    asyncio.run(check())
    assert children(served.pid) == []


def test_the_link_sets_a_cookie_for_this_port_and_leaves_the_address_bar(served: Served) -> None:
    async def check() -> None:
        async with session() as client:
            async with client.get(served.url + "&fontsize=24", allow_redirects=False) as response:
                # The token goes into the cookie and out of the address bar, which a projector shows the room.
                assert response.status == 303
                assert response.headers["Location"] == "/?fontsize=24"
                cookie = response.headers["Set-Cookie"]
            name, _, rest = cookie.partition("=")
            assert name == f"grouper-token-{served.port}"
            value, *attributes = (part.strip() for part in rest.split(";"))
            assert value == served.token
            assert {a.lower() for a in attributes} == {"httponly", "path=/", "samesite=strict"}
            async with client.get(f"{served.base}/?fontsize=24") as response:
                assert response.status == 200
                assert 'data-font-size="24"' in await response.text()
            for path in ("/static/js/textual.js", "/static/css/xterm.css",
                         "/static/fonts/RobotoMono-VariableFont_wght.ttf"):
                async with client.get(served.base + path) as response:
                    assert response.status == 200, path
            async with client.get(f"{served.base}/download/no-such-key") as response:
                assert response.status == 404  # past the gate: there is just no such download

    asyncio.run(check())


@pytest.mark.parametrize("host", ["evil.example.com", "evil.example.com:{port}", "127.0.0.1.nip.io:{port}",
                                  "127.0.0.1:1", "localhost.:{port}", ""])
def test_a_request_for_another_host_name_is_refused(served: Served, host: str) -> None:
    """DNS rebinding: a page on a domain made to resolve to 127.0.0.1 sends that domain as its Host."""
    needs_proc()

    async def check() -> None:
        headers = {"Host": host.format(port=served.port)}
        async with session() as client, client.get(served.url, headers=headers, allow_redirects=False) as response:
            assert response.status == 403
            assert await response.text() == ("403 Forbidden: grouper does not answer to that address. "
                                             "Open the link grouper printed when it started.\n")
            assert "set-cookie" not in response.headers

    asyncio.run(check())
    assert children(served.pid) == []


@pytest.mark.parametrize("size, shown", [(None, 16), ("24", 24), ("abc", 16), ("3", 8), ("500", 72), ("-2", 8)])
def test_the_font_size_is_a_whole_number_a_screen_can_show(size: str | None, shown: int) -> None:
    assert font_size(size) == shown


def test_the_page_names_no_other_computer(served: Served) -> None:
    async def fetch() -> tuple[str, dict[str, str]]:
        async with session() as client, client.get(served.url) as response:
            assert response.status == 200
            return await response.text(), dict(response.headers)

    text, headers = asyncio.run(fetch())
    mine = (f"http://127.0.0.1:{served.port}/", f"ws://127.0.0.1:{served.port}/")
    named = re.findall(r"(?:[a-z][a-z0-9+.-]*:)?//[^\s\"'<>)]*", text, flags=re.IGNORECASE)
    assert named == [f"ws://127.0.0.1:{served.port}/ws?token={served.token}"]
    assert all(url.startswith(mine) for url in named)
    assert "//fonts." not in text and "googleapis" not in text
    assert "@font-face" in text and "/static/fonts/RobotoMono-VariableFont_wght.ttf" in text
    assert '<script src="/static/js/textual.js"></script>' in text
    assert 'id="terminal" class="textual-terminal"' in text and 'data-font-size="16"' in text
    # The browser is told so too: it fetches nothing from anywhere but this server.
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy.replace(f"ws://127.0.0.1:{served.port}/ws", "")


# --- the gate, on the websocket ------------------------------------------------------------------------------


def test_the_websocket_opens_only_from_the_page_and_with_the_token(served: Served) -> None:
    needs_proc()
    wrong = ("y" if served.token[0] == "x" else "x") + served.token[1:]  # never the token itself
    refused = [
        ("another web page", served.socket_url(served.token), {"origin": "http://evil.example.com"}),
        ("another port", served.socket_url(served.token), {"origin": "http://127.0.0.1:1"}),
        ("https look-alike", served.socket_url(served.token), {"origin": f"https://127.0.0.1:{served.port}"}),
        ("a sandboxed page", served.socket_url(served.token), {"origin": "null"}),
        ("no origin", served.socket_url(served.token), {}),
        ("no token", served.socket_url(None), {"origin": served.origin}),
        ("a wrong token", served.socket_url(wrong), {"origin": served.origin}),
        ("an empty token", served.socket_url(""), {"origin": served.origin}),
        ("DNS rebinding", served.socket_url(served.token),
         {"origin": f"http://evil.example.com:{served.port}", "headers": {"Host": f"evil.example.com:{served.port}"}}),
    ]

    async def check() -> None:
        async with session() as client:
            for what, url, options in refused:
                with pytest.raises(aiohttp.WSServerHandshakeError) as refusal:
                    await client.ws_connect(url, **options)
                assert refusal.value.status == 403, what
            # Refused before the upgrade: the 403 is the answer, so no handler ran and no app was started.
            assert children(served.pid) == []
            # The same check sees an app when one is let in: the page's own connection starts one.
            async with client.ws_connect(served.socket_url(served.token) + "?width=100&height=30",
                                         origin=served.origin) as ws:
                first = await ws.receive(timeout=60)
                assert first.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                assert await eventually(lambda: len(children(served.pid)) == 1)

    asyncio.run(check())


# --- which names count as this server ------------------------------------------------------------------------


def test_a_loopback_server_answers_to_its_loopback_names_only() -> None:
    gate = Gate("127.0.0.1", 8000, "t" * 43)
    for ok in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"):
        assert gate.host_ok(ok), ok
        assert gate.origin_ok(f"http://{ok}"), ok
    for bad in ("127.0.0.1", "127.0.0.1:8001", "evil.example.com:8000", "192.168.1.5:8000", "::1:8000",
                "[::2]:8000", "127.0.0.1.evil.example.com:8000", "localhost.:8000", "127.0.0.1:8\u00b2",
                "127.0.0.1:" + "9" * 5000, "", None):
        assert not gate.host_ok(bad), bad
    for bad in ("https://127.0.0.1:8000", "http://127.0.0.1:8000/", "null", "127.0.0.1:8000", "", None):
        assert not gate.origin_ok(bad), bad
    assert gate.token_ok("t" * 43) and not gate.token_ok("t" * 42) and not gate.token_ok(None)
    assert not gate.token_ok("é" * 43)  # any text is compared, none raises
    assert Gate("localhost", 80, "t").host_ok("localhost")  # port 80 goes without saying


def test_a_server_on_one_address_answers_to_that_address_only() -> None:
    gate = Gate("192.168.1.5", 8000, "t" * 43)
    assert gate.host_ok("192.168.1.5:8000")
    for bad in ("127.0.0.1:8000", "localhost:8000", "192.168.1.6:8000", "school.example:8000"):
        assert not gate.host_ok(bad), bad
    assert Gate("fe80::1", 8000, "t").host_ok("[FE80::1]:8000")


def test_a_wildcard_server_answers_to_addresses_and_this_computers_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "Room7-Laptop")
    monkeypatch.setattr(socket, "getfqdn", lambda *a: "room7-laptop.school.lan")
    gate = Gate("0.0.0.0", 8000, "t" * 43)
    for ok in ("192.168.1.5:8000", "10.0.0.7:8000", "127.0.0.1:8000", "[fe80::1]:8000", "room7-laptop:8000",
               "room7-laptop.school.lan:8000", "localhost:8000"):
        assert gate.host_ok(ok), ok
    for bad in ("evil.example.com:8000", "192.168.1.5:8001", "192.168.1.5.nip.io:8000", "room7-laptop.evil:8000"):
        assert not gate.host_ok(bad), bad
    assert gate.origin_ok("http://192.168.1.5:8000") and not gate.origin_ok("http://evil.example.com:8000")


# --- in a real browser -----------------------------------------------------------------------------------------


def test_a_score_typed_in_the_browser_is_saved_and_regroups(served: Served, tmp_path: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        reason = "Chromium is not installed (Debian: apt-get install chromium); the browser test cannot run"
        print(reason)
        pytest.skip(reason)
    needs_proc()
    root, port = served.root, served.port
    assert [s.value for s in zoe_lid(root)][-1] == 47
    browser = Browser(chromium, tmp_path / "profile")

    async def drive() -> None:
        async with aiohttp.ClientSession() as session:
            # The address without its token: the browser shows the refusal, and no grouper starts.
            refused = await open_page(session, browser.port(), f"http://127.0.0.1:{port}/")
            deadline = time.monotonic() + 60
            while "403 Forbidden" not in (await refused.evaluate("document.body ? document.body.innerText : ''")
                                          or "") and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            said = await refused.evaluate("document.body.innerText")
            assert said.startswith("403 Forbidden: this link has no valid grouper token"), said
            assert await refused.evaluate("document.getElementById('terminal') === null")
            assert children(served.pid) == []

            # The link grouper printed.
            first = await open_page(session, browser.port(), served.url)
            # The class is painted from its file first; the groups come once it is loaded.
            seen = await first.wait_for_text("Group 1")
            assert "Zoë Ng" in seen and "Grade 1 — Room 7" in seen
            assert await first.evaluate("location.href") == f"http://127.0.0.1:{port}/"  # the token is not shown
            await first.type(":zoe lid 52\n")
            # Saved, and the plan was worked out again: Zoë moved on to the next stage.
            await first.wait_for_text("Saved: Zoë Ng lid = 52  →  Phonemic awareness")
            # Everything the page fetched came from this server.
            fetched = await first.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
            assert fetched and all(url.startswith(f"http://127.0.0.1:{port}/") for url in fetched), fetched
            assert f"http://127.0.0.1:{port}/static/fonts/RobotoMono-VariableFont_wght.ttf" in fetched
            # A second tab is a second grouper: it sees the lock and opens read-only.
            second = await open_page(session, browser.port(), served.url)
            await second.wait_for_text("read-only")

    try:
        asyncio.run(asyncio.wait_for(drive(), 240))
    finally:
        browser.close()
    assert [s.value for s in zoe_lid(root)][-1] == 52
