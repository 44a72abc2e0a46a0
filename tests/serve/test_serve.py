"""``grouper serve``: the app in a real headless Chromium, a second tab read-only, 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from grouper.core.models import Score
from grouper.demo import make_demo_store
from grouper.store import Store

GROUPER = Path(sys.executable).with_name("grouper")
G1 = "Grade 1 — Room 7"
ZOE = "s12"

pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install -e '.[dev]' has it)")
aiohttp = pytest.importorskip("aiohttp")

from cdp import Browser, find_chromium, open_page  # noqa: E402


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


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def zoe_lid(root: Path) -> list[Score]:
    with Store(root, writable=False) as store:
        return [s for s in store.load_class(G1).scores if s.student == ZOE and s.check == "lid"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """``grouper serve`` on a copy of the sample classes (dated today, as the served app sees it)."""
    root = make_demo_store(dt.date.today())
    port = free_port()
    env = {**os.environ, "GROUPER_CONFIG_DIR": str(tmp_path / "config")}
    server = subprocess.Popen([str(GROUPER), "serve", "--store", str(root), "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not wait_until(lambda: answers(port) or server.poll() is not None) or server.poll() is not None:
            out = server.stdout.read() if server.stdout else b""
            pytest.fail(f"grouper serve did not start: {out.decode(errors='replace')[-800:]}")
        yield root, port
    finally:
        os.killpg(server.pid, 9)
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()
        shutil.rmtree(root, ignore_errors=True)


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


def test_serve_listens_on_this_computer_only(served: tuple[Path, int]) -> None:
    _root, port = served
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read listening sockets from (not Linux)")
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_serve_says_when_the_port_is_taken(served: tuple[Path, int], tmp_path: Path) -> None:
    _root, port = served
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


def test_a_score_typed_in_the_browser_is_saved_and_regroups(served: tuple[Path, int], tmp_path: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        reason = "Chromium is not installed (Debian: apt-get install chromium); the browser test cannot run"
        print(reason)
        pytest.skip(reason)
    root, port = served
    assert [s.value for s in zoe_lid(root)][-1] == 47
    browser = Browser(chromium, tmp_path / "profile")

    async def drive() -> None:
        async with aiohttp.ClientSession() as session:
            first = await open_page(session, browser.port(), f"http://127.0.0.1:{port}/")
            # The class is painted from its file first; the groups come once it is loaded.
            seen = await first.wait_for_text("Group 1")
            assert "Zoë Ng" in seen and "Grade 1 — Room 7" in seen
            await first.type(":zoe lid 52\n")
            # Saved, and the plan was worked out again: Zoë moved on to the next stage.
            await first.wait_for_text("Saved: Zoë Ng lid = 52  →  Phonemic awareness")
            # A second tab is a second grouper: it sees the lock and opens read-only.
            second = await open_page(session, browser.port(), f"http://127.0.0.1:{port}/")
            await second.wait_for_text("read-only")

    try:
        asyncio.run(asyncio.wait_for(drive(), 240))
    finally:
        browser.close()
    assert [s.value for s in zoe_lid(root)][-1] == 52
