"""Pushing to browsers: feeds of the latest state that pages follow by server-sent events,
and the watch that notices a change on disk (the record of play written by the console or by
`companion` in another terminal, a campaign file saved)."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import Request

# A browser that lost the connection (a locked phone, a restarted server) asks again after
# this many milliseconds.
RECONNECT_MS = 500
# A comment line this often keeps idle connections open through phones' and routers' timeouts.
PING_SECONDS = 10


class Feed:
    """The latest state of something a page shows, as one message with a version. Each
    message is the whole state, so a page that was away needs only the latest one: nothing
    is queued, nothing is replayed twice. Versions carry this run's own prefix, so a page that
    saw version 3 of the previous run still gets version 3 of this one."""

    def __init__(self, payload: str = "") -> None:
        self._run = secrets.token_hex(4)
        self._number = 0
        self.payload = payload
        self._changed = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def version(self) -> str:
        return f"{self._run}-{self._number}"

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Changes published from other threads are handed to this loop."""
        self._loop = loop

    def publish(self, payload: str) -> None:
        """A new state; from any thread."""
        loop = self._loop
        if loop is None or _in_loop(loop):
            self._set(payload)
        elif not loop.is_closed():
            loop.call_soon_threadsafe(self._set, payload)

    def _set(self, payload: str) -> None:
        self._number += 1
        self.payload = payload
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def follow(self, seen: str | None) -> AsyncIterator[tuple[str, str]]:
        """Each state the follower has not seen, as (version, payload), from now on."""
        while True:
            changed = self._changed
            if self.version != seen:
                seen = self.version
                yield seen, self.payload
                continue
            await changed.wait()


def _in_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


def stream(request: Request, feed: Feed) -> EventSourceResponse:
    """Server-sent events of `feed` for one page, from what it last saw (the browser sends
    that back by itself when it reconnects)."""

    async def events() -> AsyncIterator[ServerSentEvent]:
        async for version, payload in feed.follow(request.headers.get("last-event-id")):
            if await request.is_disconnected():
                return
            yield ServerSentEvent(data=payload, id=version, retry=RECONNECT_MS)

    return EventSourceResponse(events(), ping=PING_SECONDS, send_timeout=30)


class FileWatch:
    """A thread that calls `on_change` when any of some files changes on disk (size or time
    of change), looking every `interval` seconds, or at once when poked. SQLite in WAL mode
    writes the `-wal` file first: both are watched."""

    def __init__(
        self, paths: Sequence[Path], on_change: Callable[[], None], interval: float = 0.1
    ) -> None:
        self.paths = list(paths)
        self.on_change = on_change
        self.interval = interval
        self._poked = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="companion-watch", daemon=True)
        self._seen = self._stamp()

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        self._poked.set()

    def stop(self) -> None:
        self._stopping.set()
        self._poked.set()
        self._thread.join(timeout=5)

    def _stamp(self) -> tuple[tuple[int, int], ...]:
        stamps = []
        for path in self.paths:
            try:
                status = path.stat()
                stamps.append((status.st_mtime_ns, status.st_size))
            except OSError:
                stamps.append((0, -1))
        return tuple(stamps)

    def _run(self) -> None:
        while not self._stopping.is_set():
            poked = self._poked.wait(self.interval)
            self._poked.clear()
            if self._stopping.is_set():
                return
            stamp = self._stamp()
            if poked or stamp != self._seen:
                self._seen = stamp
                self.on_change()
