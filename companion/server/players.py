"""The players' pages: a phone joins with the code in its QR code and keeps a cookie; it
sees the handouts its player holds, as pictures of their pages and as their own PDF, and a
new one arrives by itself. Everything served comes from that player's folder (its shelf list
and the files the list names): no campaign file, no record of play, no other player's folder,
no listing. An unknown or revoked code or cookie opens nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Protocol

from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from companion.server.events import PING_SECONDS, RECONNECT_MS, Feed
from companion.server.pages import STATIC_ROUTE, page
from companion.server.shelf import Shelf, read_shelf, shelf_file
from companion.server.tokens import PLAYER_COOKIE, TableKeys, set_cookie


class Seats(Protocol):
    """What the players' pages may know of the table: the keys, and for a player their
    folder and the feed that says their shelf changed."""

    @property
    def keys(self) -> TableKeys: ...

    def folder(self, player: str) -> Path: ...

    def feed(self, player: str) -> Feed: ...


def shelf_page(shelf: Shelf, files: str, events: str, version: str) -> HTMLResponse:
    """A player's page as their phone shows it (the GM's "as player" shows the same)."""
    return page(
        "player.html.j2",
        title=shelf.player,
        shelf=shelf,
        files=files,
        events=events,
        version=version,
    )


def shelf_response(folder: Path | None, name: str) -> Response | None:
    """The file `name` from the shelf in `folder` (a seated player's), or None when there is
    no seat or the shelf does not list it; the caller says "not found" its own way."""
    found = None if folder is None else shelf_file(folder, name)
    if found is None:
        return None
    data, media_type = found
    return Response(data, media_type=media_type)


def not_open(status_code: int = 404) -> HTMLResponse:
    """The one answer to every request that opens nothing: it says no more than that."""
    return page("join.html.j2", status_code=status_code)


def player_events(
    request: Request, feed: Feed, still_seated: Callable[[], bool]
) -> EventSourceResponse:
    """The shelf as it changes, while the player's cookie still opens it (a revoked phone's
    stream ends at the next change, and its reconnection is refused)."""

    async def events() -> AsyncIterator[ServerSentEvent]:
        async for version, payload in feed.follow(request.headers.get("last-event-id")):
            if not still_seated() or await request.is_disconnected():
                return
            yield ServerSentEvent(data=payload, id=version, retry=RECONNECT_MS)

    return EventSourceResponse(events(), ping=PING_SECONDS, send_timeout=30)


def players_app(seats: Seats) -> Starlette:
    def seated(request: Request) -> str | None:
        return seats.keys.player_with(request.cookies.get(PLAYER_COOKIE))

    async def home(request: Request) -> Response:
        player = seated(request)
        if player is None:
            return not_open(200)
        shelf = read_shelf(seats.folder(player)) or Shelf("")
        return shelf_page(shelf, "/files/", "/events", seats.feed(player).version)

    async def join(request: Request) -> Response:
        player = seats.keys.player_joining(request.path_params["code"])
        if player is None:
            return not_open()
        response = RedirectResponse("/", status_code=303)
        set_cookie(response, PLAYER_COOKIE, seats.keys.players[player].cookie)
        return response

    async def events(request: Request) -> Response:
        cookie = request.cookies.get(PLAYER_COOKIE)
        player = seated(request)
        if player is None:
            return Response("", status_code=403)
        return player_events(
            request, seats.feed(player), lambda: seats.keys.player_with(cookie) == player
        )

    async def files(request: Request) -> Response:
        player = seated(request)
        folder = None if player is None else seats.folder(player)
        return shelf_response(folder, request.path_params["name"]) or not_open()

    return Starlette(
        routes=[
            Route("/", home),
            Route("/join/{code}", join),
            Route("/events", events),
            Route("/files/{name}", files),
            STATIC_ROUTE,
        ]
    )
