"""The GM's console: every handout with "give to" each player or all, clues found and
conclusions reached, NPC fates, a log line, undo; where play stands and what each player
knows; each player's page as their phone shows it; the join codes to print. Every action
calls the library functions the command line calls, on the same record of play."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from companion.campaign.index import ALL_PLAYERS, CampaignIndex
from companion.campaign.models import Campaign
from companion.errors import CompanionError
from companion.record.facts import PlayState
from companion.record.ledger import Ledger, open_ledger
from companion.record.recording import (
    record_clue_found,
    record_conclusion_reached,
    record_give,
    record_npc_status,
)
from companion.record.standing import knowledge, overview
from companion.record.text import knowledge_lines, overview_lines, session_lines
from companion.server.events import Feed, stream
from companion.server.pages import STATIC_ROUTE, page, render
from companion.server.players import player_events, shelf_page, shelf_response
from companion.server.shelf import Shelf, read_shelf
from companion.server.tokens import Endpoint, GmGate, gm_only

if TYPE_CHECKING:
    from companion.record.entries import Entry

# Sent by the console's own script: a page of another site cannot add it without asking
# first, and we never answer such a question (no CORS), so it cannot act for the GM.
ACTION_HEADER = "x-companion"


class Seat(Protocol):
    """What the console works with (see table.Table)."""

    campaign: Campaign
    index: CampaignIndex
    db_path: Path
    gate: GmGate
    console_feed: Feed
    problems: list[str]

    def state(self) -> PlayState: ...

    def recorded(self) -> None: ...

    def revoke(self, player: str) -> None: ...

    def join_url(self, player: str) -> str: ...

    def codes_sheet(self) -> Path: ...

    def folder(self, player: str) -> Path: ...

    def feed(self, player: str) -> Feed: ...


# --- actions: the command line's library functions, on the same record ---------------------


def _text(action: dict[str, Any], key: str) -> str:
    value = action.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CompanionError(f"the console sent no `{key}`")
    return value


def _described(entries: tuple[Entry, ...] | list[Entry]) -> str:
    return "; ".join(entry.describe() for entry in entries)


def _give(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    result = record_give(table.index, book, _text(action, "handout"), [_text(action, "to")])
    held = [f"{e.players[0]} already holds it (session {e.session})" for e in result.already_held]
    return "; ".join([_described(result.given), *held])


def _clue(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    by = [action["by"]] if isinstance(action.get("by"), str) and action["by"] else []
    found = record_clue_found(table.index, book, _text(action, "clue"), by)
    return ("already: " if found.already else "") + found.entry.describe()


def _reached(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    reached = record_conclusion_reached(table.index, book, _text(action, "conclusion"))
    return ("already: " if reached.already else "") + reached.entry.describe()


def _npc(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    note = action.get("note") if isinstance(action.get("note"), str) else None
    change = record_npc_status(
        table.index,
        book,
        _text(action, "npc"),
        _text(action, "status"),
        note or None,
        gm=action.get("gm") is True,
    )
    return ("already: " if change.already else "") + change.entry.describe()


def _log(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    return book.log(_text(action, "text"), gm=action.get("gm") is True).describe()


def _undo(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    undone = book.undo()
    if undone.session is not None:
        return f"Undone: {undone.session.heading()} started"
    return "Undone: " + _described(undone.entries)


def _start(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    title = action.get("title") if isinstance(action.get("title"), str) else ""
    return f"{book.start_session(title or '').heading()} started"


def _end(table: Seat, book: Ledger, action: dict[str, Any]) -> str:
    return f"{book.end_session().heading()} ended"


Action = Callable[[Seat, Ledger, dict[str, Any]], str]
ACTIONS: dict[str, Action] = {
    "give": _give,
    "clue": _clue,
    "reached": _reached,
    "npc": _npc,
    "log": _log,
    "undo": _undo,
    "start": _start,
    "end": _end,
}


def perform(table: Seat, action: dict[str, Any]) -> str:
    """Do one console action; what it recorded, in the words of `session show`."""
    do = action.get("do")
    if do == "revoke":
        player = _text(action, "player")
        if player not in table.index.players:
            raise CompanionError(f"there is no player `{player}`")
        table.revoke(player)
        return f"{player} has a new join code; the old one opens nothing now"
    if not isinstance(do, str) or do not in ACTIONS:
        raise CompanionError(f"the console cannot `{do}`")
    with open_ledger(table.db_path, "refuse") as book:
        said = ACTIONS[do](table, book, action)
    table.recorded()
    return said


# --- what the console shows --------------------------------------------------------------


@dataclass(frozen=True)
class HandoutRow:
    id: str
    title: str
    kind: str
    meant_for: tuple[str, ...]  # the players its `to:` list names
    holders: frozenset[str]


def panel_context(table: Seat) -> dict[str, Any]:
    """Everything the console's panel shows, from one look at the record."""
    campaign = table.campaign
    with open_ledger(table.db_path, "empty") as book:
        seen = overview(campaign, book)
        state = book.state()
        latest = state.sessions[-1].number if state.sessions else None
        recent = session_lines(book.session_detail(latest)) if latest else []
    players = campaign.info.players
    everyone = tuple(p.id for p in players)
    handouts = [
        HandoutRow(
            h.id,
            h.title,
            h.kind,
            everyone if h.to == ALL_PLAYERS else tuple(h.to),
            frozenset(p for p in everyone if h.id in seen.held[p]),
        )
        for h in sorted(campaign.handouts.values(), key=lambda h: h.id)
    ]
    found = state.found_clues()
    return {
        "campaign": campaign,
        "players": players,
        "handouts": handouts,
        "clues": [(clue, found.get(clue.id)) for clue in campaign.clue_book.clues],
        "conclusions": [(c, c.id in state.reached()) for c in campaign.clue_book.conclusions],
        "npcs": [(npc, seen.npc_statuses.get(npc.id, "")) for npc in campaign.npcs.values()],
        "statuses": tuple(campaign.info.words().statuses),
        "open_session": next((s for s in state.sessions if not s.ended), None),
        "overview": "\n".join(overview_lines(seen)),
        "knowledge": {
            p.id: "\n".join(knowledge_lines(knowledge(campaign, state, p.id))) for p in players
        },
        "recent": "\n".join(recent),
        "problems": table.problems,
    }


def console_app(table: Seat) -> Starlette:
    def gated(view: Endpoint) -> Endpoint:
        return gm_only(table.gate, view)

    async def home(request: Request) -> Response:
        panel = await run_in_threadpool(lambda: render("panel.html.j2", **panel_context(table)))
        return page("console.html.j2", title=table.campaign.info.title, panel=panel)

    async def panel(request: Request) -> Response:
        html = await run_in_threadpool(lambda: render("panel.html.j2", **panel_context(table)))
        return HTMLResponse(html)

    async def act(request: Request) -> Response:
        origin = request.headers.get("origin")
        own = f"{request.url.scheme}://{request.headers.get('host')}"
        if request.headers.get(ACTION_HEADER) != "console" or origin not in (None, own):
            return JSONResponse({"error": "refused"}, status_code=403)
        try:
            action = await request.json()
            if not isinstance(action, dict):
                raise ValueError
        except ValueError:
            return JSONResponse({"error": "the console sent something unreadable"}, 400)
        try:
            said = await run_in_threadpool(perform, table, action)
        except CompanionError as error:
            lines = [problem.render() for problem in error.problems]
            return JSONResponse({"error": "\n".join(lines)}, status_code=422)
        return JSONResponse({"done": said})

    async def events(request: Request) -> Response:
        return stream(request, table.console_feed)

    def _seat(request: Request) -> str | None:
        player = request.path_params["player"]
        return player if player in table.index.players else None

    async def as_player(request: Request) -> Response:
        player = _seat(request)
        if player is None:
            return Response("Not found.", status_code=404, media_type="text/plain")
        shelf = read_shelf(table.folder(player)) or Shelf("")
        base = f"/as/{player}"
        return shelf_page(shelf, f"{base}/files/", f"{base}/events", table.feed(player).version)

    async def as_player_events(request: Request) -> Response:
        player = _seat(request)
        if player is None:
            return Response("", status_code=404)
        return player_events(request, table.feed(player), lambda: True)

    async def as_player_file(request: Request) -> Response:
        player = _seat(request)
        folder = None if player is None else table.folder(player)
        found = shelf_response(folder, request.path_params["name"])
        return found or Response("Not found.", status_code=404, media_type="text/plain")

    async def codes(request: Request) -> Response:
        import segno

        players = [
            (p, segno.make(table.join_url(p.id), error="m").svg_inline(scale=4, omitsize=True))
            for p in table.campaign.info.players
        ]
        urls = {p.id: table.join_url(p.id) for p in table.campaign.info.players}
        return page("codes.html.j2", title="Join codes", players=players, urls=urls)

    async def codes_pdf(request: Request) -> Response:
        sheet = table.codes_sheet()
        if not sheet.is_file():
            return Response("Not made yet: try again in a moment.", 404, media_type="text/plain")
        return Response(sheet.read_bytes(), media_type="application/pdf")

    return Starlette(
        routes=[
            Route("/", gated(home)),
            Route("/codes.pdf", gated(codes_pdf)),
            Route("/panel", gated(panel)),
            Route("/act", gated(act), methods=["POST"]),
            Route("/events", gated(events)),
            Route("/as/{player}", gated(as_player)),
            Route("/as/{player}/events", gated(as_player_events)),
            Route("/as/{player}/files/{name}", gated(as_player_file)),
            Route("/codes", gated(codes)),
            STATIC_ROUTE,
        ]
    )
