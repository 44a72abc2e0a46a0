"""Just enough of the Chrome DevTools Protocol to drive headless Chromium from a test.

The served app draws on a canvas, so the page's text is not in the DOM. A script
added before the page loads keeps every byte the app sends down the websocket
(the terminal output) in ``window.__grouperOut``; the test reads that back with
the ANSI codes taken out.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp

#: Keeps the terminal output the page receives; runs before the page's own scripts.
RECORD_OUTPUT = r"""
(() => {
  window.__grouperOut = "";
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  function Recording(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    ws.addEventListener("message", (e) => {
      if (typeof e.data === "string") { window.__grouperOut += e.data; return; }
      if (e.data instanceof ArrayBuffer) { window.__grouperOut += decoder.decode(e.data, {stream: true}); return; }
      e.data.arrayBuffer().then((b) => { window.__grouperOut += decoder.decode(b, {stream: true}); });
    });
    return ws;
  }
  Recording.prototype = Native.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recording[k] = Native[k];
  window.WebSocket = Recording;
})();
"""

_ANSI = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78NOcDEHM])"
)


def plain(terminal_output: str) -> str:
    """Terminal output as text: escape sequences removed, so words drawn in one run read as one."""
    return _ANSI.sub("", terminal_output)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """A headless Chromium with a DevTools port; ``close()`` ends it."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.profile = profile
        self.proc = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", "--remote-debugging-port=0", f"--user-data-dir={profile}",
             "--window-size=1400,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )

    def port(self, timeout: float = 60) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker.exists():
                first = marker.read_text().split("\n", 1)[0].strip()
                if first.isdigit():
                    return int(first)
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.proc.returncode}")
            time.sleep(0.05)
        raise TimeoutError("chromium did not open its DevTools port")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)


class Page:
    """One tab, over its own DevTools websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        await self.ws.send_json({"id": call_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json(timeout=60)
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    async def output(self) -> str:
        return plain(await self.evaluate("window.__grouperOut || ''") or "")

    async def wait_for_text(self, text: str, timeout: float = 60) -> str:
        """Poll the recorded output until ``text`` appears in it; the output then."""
        deadline = time.monotonic() + timeout
        seen = ""
        while time.monotonic() < deadline:
            seen = await self.output()
            if text in seen:
                return seen
            await asyncio.sleep(0.1)
        raise AssertionError(f"the page never showed {text!r}; it showed (end): {seen[-600:]!r}")

    async def type(self, text: str) -> None:
        """Type into the terminal: printable text as input, Enter as a key press."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        for part in re.split(r"(\n)", text):
            if part == "\n":
                for kind in ("keyDown", "keyUp"):
                    await self.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                                    windowsVirtualKeyCode=13, **({"text": "\r"} if kind == "keyDown" else {}))
            elif part:
                for ch in part:
                    await self.call("Input.insertText", text=ch)


async def open_page(session: aiohttp.ClientSession, port: int, url: str) -> Page:
    """A new tab that records terminal output, on ``url``."""
    async with session.put(f"http://127.0.0.1:{port}/json/new?about:blank") as response:
        target = json.loads(await response.text())
    ws = await session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
    page = Page(ws)
    await page.call("Page.enable")
    await page.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_OUTPUT)
    await page.call("Page.navigate", url=url)
    return page
