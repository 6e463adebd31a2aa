"""Serving: each app on its own address and port, behind its guards, all in one process that
Ctrl-C stops whole; an address in use or not of this machine is said plainly."""

from __future__ import annotations

import asyncio
import errno
import fcntl
import ipaddress
import socket
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from companion.errors import CompanionError
from companion.server.guards import Guarded, host_names

LOOPBACK = "127.0.0.1"


class ServerError(CompanionError):
    """The server cannot start: an address in use, an interface this machine lacks."""


@dataclass(frozen=True)
class Listener:
    """One app on one address: who it is for (for messages), and whether only this machine
    may reach it."""

    app: ASGIApp
    address: str
    port: int
    name: str
    loopback_only: bool

    def url(self, port: int) -> str:
        shown = f"[{self.address}]" if ":" in self.address else self.address
        return f"http://{shown}:{port}"


def interface_address(interface: str) -> str:
    """The address the players' pages listen on: an IP address of this machine as given, or
    the IPv4 address of a network interface named like `wlan0`."""
    try:
        return str(ipaddress.ip_address(interface))
    except ValueError:
        pass
    known = interfaces()
    if interface in known:
        return known[interface]
    shown = ", ".join(f"{name} ({address})" for name, address in sorted(known.items()))
    raise ServerError(
        f"there is no network interface `{interface}` on this machine",
        hint=f"name one of: {shown}"
        if shown
        else "give the address to listen on, e.g. 192.168.1.20",
    )


def interfaces() -> dict[str, str]:
    """Each network interface that has an IPv4 address, by name (Linux; elsewhere none are
    found and an address must be given)."""
    found = {}
    for _, name in socket.if_nameindex():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                packed = fcntl.ioctl(
                    probe.fileno(), 0x8915, struct.pack("256s", name.encode()[:15])
                )  # SIOCGIFADDR
            except OSError:
                continue
        found[name] = socket.inet_ntoa(packed[20:24])
    return found


def bound(listener: Listener) -> socket.socket:
    """A listening socket for `listener`, or a ServerError that says what is wrong."""
    family = socket.AF_INET6 if ":" in listener.address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((listener.address, listener.port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise _bind_error(listener, error) from None
    sock.set_inheritable(True)
    return sock


def _bind_error(listener: Listener, error: OSError) -> ServerError:
    where = f"{listener.address}:{listener.port}"
    if error.errno == errno.EADDRINUSE:
        return ServerError(
            f"port {listener.port} on {listener.address} is already in use ({listener.name})",
            hint="another program (or another companion) listens there: stop it, or choose "
            "another port with --port",
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return ServerError(
            f"{listener.address} is not an address of this machine ({listener.name})",
            hint="name a network interface with --players-on (e.g. wlan0), or one of this "
            "machine's addresses",
        )
    if error.errno == errno.EACCES:
        return ServerError(
            f"not allowed to listen on {where} ({listener.name})",
            hint="ports below 1024 need an administrator: choose a higher one with --port",
        )
    return ServerError(f"cannot listen on {where} ({listener.name}): {error.strerror}")


class BySocket:
    """One ASGI app for several listeners: a request goes to the app of the socket it came in
    on (the address the socket is bound to, never a header the client sends), behind that
    app's guards. `started` and `stopping` run with the server's event loop."""

    def __init__(
        self,
        apps: dict[tuple[str, int], ASGIApp],
        started: Callable[[asyncio.AbstractEventLoop], None],
        stopping: Callable[[], None],
    ) -> None:
        self.apps = apps
        self.started = started
        self.stopping = stopping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        server = scope.get("server")
        app = self.apps.get((server[0], server[1])) if server else None
        if app is None:
            return
        await app(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.started(asyncio.get_running_loop())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.stopping()
                await send({"type": "lifespan.shutdown.complete"})
                return


@dataclass(frozen=True)
class Bound:
    """Listeners with their sockets, and the port each really got (port 0: any free one)."""

    listeners: tuple[Listener, ...]
    sockets: tuple[socket.socket, ...]

    def port(self, listener: Listener) -> int:
        return int(self.sockets[self.listeners.index(listener)].getsockname()[1])

    def url(self, listener: Listener) -> str:
        return listener.url(self.port(listener))

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


def bind_all(listeners: Sequence[Listener]) -> Bound:
    """Every listener's socket, or none (those opened are closed again) and a ServerError."""
    sockets: list[socket.socket] = []
    try:
        for listener in listeners:
            sockets.append(bound(listener))
    except ServerError:
        for sock in sockets:
            sock.close()
        raise
    return Bound(tuple(listeners), tuple(sockets))


def serve(
    bound_to: Bound,
    started: Callable[[asyncio.AbstractEventLoop], None],
    stopping: Callable[[], None],
) -> None:
    """Serve until Ctrl-C (or SIGTERM); then close every connection and return."""
    import uvicorn

    apps: dict[tuple[str, int], ASGIApp] = {}
    for listener, sock in zip(bound_to.listeners, bound_to.sockets, strict=True):
        address, port = sock.getsockname()[:2]
        hosts = host_names(listener.address, port)
        apps[(address, port)] = Guarded(listener.app, hosts, listener.loopback_only)
    config = uvicorn.Config(
        BySocket(apps, started, stopping),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
        server_header=False,
    )
    try:
        uvicorn.Server(config).run(sockets=list(bound_to.sockets))
    except KeyboardInterrupt:  # uvicorn hands Ctrl-C back once it has shut down: done
        pass
    finally:
        bound_to.close()
