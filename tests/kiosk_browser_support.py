"""Driving `intake serve` in the system's headless Chromium through Playwright.

The terminal is drawn on a canvas, so there is no page text to read. What the app
sends the page is recorded instead (a wrapper around the page's WebSocket), and the
tests wait until it has drawn a known text before typing on; what they assert on is
what the app wrote to the data folder.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.waiting import HANG_GUARD_SECONDS, poll_until

CHROMIUM = os.environ.get("INTAKE_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
HANG_GUARD_MS = HANG_GUARD_SECONDS * 1000
POLL_MS = 50
SERVE = [sys.executable, "-m", "intake_tui", "serve", "--port", "0"]

# Keeps what the app sends the page (decoded text with its escape codes) in
# window.kioskOutput, so a test can wait until a text has been drawn.
RECORD_OUTPUT = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.kioskOutput = "";
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") {
          window.kioskOutput += decoder.decode(new Uint8Array(event.data), { stream: true });
        }
      });
    }
  };
})();
"""


def browser_or_skip() -> Any:
    """Playwright's sync API, or a skip naming what is missing."""
    try:
        from playwright import sync_api
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        pytest.skip("textual-serve is not installed (the web extra)")
    return sync_api


class KioskServer:
    """`intake serve` on a free loopback port, in its own process."""

    def __init__(self, questions: Path, data_dir: Path, *options: str) -> None:
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [*SERVE, "--questions", str(questions), "--data-dir", str(data_dir), *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # the first line names the address
        found = re.search(r"http://\S+:\d+/", line)
        assert found, f"intake serve did not start: {line!r} {self.stop()!r}"
        self.url = found.group(0)

    def app_pids(self) -> set[int]:
        """The server's child processes still running: one app per open tab."""
        return children_of(self.process.pid)

    def stop(self) -> str:
        """Stop the server (as Ctrl+C would) and return what it wrote to stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        _, errors = self.process.communicate(timeout=HANG_GUARD_SECONDS)
        return errors


def children_of(pid: int) -> set[int]:
    """Running child processes of ``pid`` (Linux /proc; zombies count as gone)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # it ended while we looked
        state, parent = fields[0], int(fields[1])
        if parent == pid and state != "Z":
            children.add(int(stat.parent.name))
    return children


@contextmanager
def kiosk(questions: Path, data_dir: Path, *options: str) -> Iterator[KioskServer]:
    server = KioskServer(questions, data_dir, *options)
    try:
        yield server
    finally:
        server.stop()


class KioskTab:
    """One browser tab on the kiosk: type keys, wait for what the app draws."""

    def __init__(self, page: Any, url: str) -> None:
        self.page = page
        page.add_init_script(RECORD_OUTPUT)
        page.goto(url)
        # The page marks its body once the app's first bytes have arrived.
        page.wait_for_selector("body.-first-byte", timeout=HANG_GUARD_MS)
        self.seen = 0

    def wait_for_text(self, text: str) -> None:
        """Wait until the app has drawn ``text`` since the last wait."""
        found = self.page.wait_for_function(
            "([text, start]) => { const at = window.kioskOutput.indexOf(text, start);"
            " return at >= 0 ? at + text.length : 0; }",
            arg=[text, self.seen],
            timeout=HANG_GUARD_MS,
            polling=POLL_MS,
        )
        self.seen = int(found.json_value())

    def wait_for(self, condition: Callable[[], object], what: str) -> None:
        """Poll a condition that browser events fulfil (they arrive while Playwright
        waits, so this waits in the page, never in a plain sleep)."""
        deadline = time.monotonic() + HANG_GUARD_SECONDS
        while not condition():
            assert time.monotonic() < deadline, f"{what}: not after {HANG_GUARD_SECONDS:.0f} s"
            self.page.wait_for_timeout(POLL_MS)

    def type(self, *keys: str) -> None:
        """Type into the terminal (xterm's input textarea), one key at a time."""
        self.page.focus(".xterm-helper-textarea")
        for key in keys:
            self.page.keyboard.press(key)


def downloads_of(context: Any) -> list[Any]:
    """Every download the context's tabs start from now on. The kiosk's page opens each
    in a new tab (Chromium reports it on the opener), so new tabs are listened to too."""
    downloads: list[Any] = []

    def listen(page: Any) -> None:
        page.on("download", lambda download: downloads.append(download))

    for page in context.pages:
        listen(page)
    context.on("page", listen)
    return downloads


def wait_until_gone(pids: set[int]) -> None:
    poll_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pids), "apps ended")
