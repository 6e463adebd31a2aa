"""Who may reach the server at all: the Host header must name this server (no DNS
rebinding), the client must be on this machine (the GM's pages) or on a private network (the
players' pages), and every answer carries headers that keep it unframed, unsniffed, uncached
and unreferred."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Only our own files: no inline script, nothing from another origin, no plugins, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # A join link in the address bar must not travel on to another site.
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def client_allowed(client: str, loopback_only: bool) -> bool:
    """Whether a client address may talk to us: this machine only, or a private network
    (home and venue networks: 10/8, 172.16/12, 192.168/16, link-local, IPv6 ULA)."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if loopback_only:
        return address.is_loopback
    return address.is_loopback or address.is_private or address.is_link_local


def host_names(address: str, port: int) -> frozenset[str]:
    """The Host headers a browser sends for this server: its address (IPv6 in brackets), and
    `localhost` when it listens on loopback."""
    shown = f"[{address}]" if ":" in address else address
    names = {f"{shown}:{port}"}
    if ipaddress.ip_address(address).is_loopback:
        names.add(f"localhost:{port}")
    return frozenset(names)


class Guarded:
    """An app behind the checks above: a client or a Host header not allowed gets a bare
    refusal and never reaches the app."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], loopback_only: bool) -> None:
        self.app = app
        self.hosts = frozenset(host.lower() for host in hosts)
        self.loopback_only = loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client") or ("", 0)
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
        if not client_allowed(client[0], self.loopback_only):
            await _refuse(send, b"This server only answers on its own network.")
            return
        if host not in self.hosts:
            await _refuse(send, b"Unknown host.")
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _refuse(send: Send, text: bytes) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": text})
