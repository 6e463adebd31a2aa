"""Running `companion preview` and `companion table` as a GM would, in a process of their own
on 127.0.0.1, and driving the system's Chromium (never a downloaded one) with Playwright."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="the system's Chromium is missing")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
URL = re.compile(r"http://127\.0\.0\.1:\d+/\S*")
# Screenshots for the README: `COMPANION_SCREENSHOTS=1 pytest tests/server` writes them.
SCREENSHOTS = ROOT / "docs" / "images" if os.environ.get("COMPANION_SCREENSHOTS") else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def free_ports(count: int) -> int:
    """The first of `count` free ports in a row."""
    for _ in range(50):
        first = free_port()
        if first + count < 65536 and all(_free(first + n) for n in range(count)):
            return first
    raise RuntimeError("no free ports in a row")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def companion(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=120,
    )


@dataclass
class Served:
    """A server process, with every line it printed so far."""

    process: subprocess.Popen[str]
    ready: str
    lines: list[str] = field(default_factory=list)

    def urls(self) -> list[str]:
        return [url for line in self.lines for url in URL.findall(line)]

    def url_after(self, prefix: str) -> str:
        """The link on the line that starts with `prefix`."""
        for line in self.lines:
            found = URL.search(line)
            if line.startswith(prefix) and found:
                return found.group(0)
        raise AssertionError(f"no line `{prefix}...` in:\n" + "\n".join(self.lines))

    def stop(self) -> int:
        """Ctrl-C, as the GM presses it; the process must end by itself, cleanly, and leave
        none of its own processes (the one that makes copies) running."""
        children = _children(self.process.pid)
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=15)
        deadline = time.monotonic() + 5
        while any(_running(child) for child in children):
            assert time.monotonic() < deadline, f"left running: {children}"
            time.sleep(0.05)
        return code


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended: only its exit code is left


def start(arguments: list[str], ready: str, port: int, cwd: Path = ROOT) -> Served:
    """Start `companion ARGUMENTS`; wait until it printed a line starting with `ready` (the
    last it prints before serving) and `port` answers."""
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "companion", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
    )
    served = Served(process, ready)
    seen = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            served.lines.append(line.rstrip("\n"))
            if line.startswith(ready):
                seen.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 60
    while not seen.wait(0.05):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the server did not start:\n" + "\n".join(served.lines))
    _wait_for_port(port)
    return served


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing answers on port {port}")


def port_closed(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def chromium() -> Iterator[object]:
    """The system's Chromium, headless, with a fresh profile of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
