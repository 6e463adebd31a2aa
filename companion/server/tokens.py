"""The keys of the server: a join code per player (their QR code carries it) that the server
exchanges for a cookie, and the GM's own key to the console and the preview. Made anew for
each session of play, revocable one player at a time; kept in a file only the GM's account
can read, so that a restarted server still knows the phones."""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from companion.atomic import write_atomic
from companion.server.pages import page

KEYS_FILE = "table-keys.json"
GM_COOKIE = "companion_gm"
PLAYER_COOKIE = "companion_player"
# A phone keeps its place at the table for the evening; the next session brings new codes.
COOKIE_SECONDS = 24 * 60 * 60


def new_key() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Keys:
    """One holder's pair: the code that joins (in a link or a QR code), and the cookie the
    browser keeps once it has joined. Two, so that the cookie never sits in a URL."""

    join: str = field(default_factory=new_key)
    cookie: str = field(default_factory=new_key)


def matching(keys: dict[str, Keys], value: str | None, part: str) -> str | None:
    """Whose key `value` is (`part`: join or cookie), comparing in constant time."""
    if not value:
        return None
    found = None
    for holder, pair in keys.items():
        if hmac.compare_digest(getattr(pair, part).encode(), value.encode()):
            found = holder
    return found


@dataclass(frozen=True)
class TableKeys:
    """Every key of one session of play: the GM's and each player's."""

    session: int
    gm: Keys
    players: dict[str, Keys]

    def player_joining(self, code: str | None) -> str | None:
        return matching(self.players, code, "join")

    def player_with(self, cookie: str | None) -> str | None:
        return matching(self.players, cookie, "cookie")

    def revoked(self, player: str) -> TableKeys:
        """New keys for one player: their old code and cookie open nothing any more."""
        return replace(self, players={**self.players, player: Keys()})

    def to_json(self) -> str:
        players = {p: [k.join, k.cookie] for p, k in self.players.items()}
        data = {"session": self.session, "gm": [self.gm.join, self.gm.cookie], "players": players}
        return json.dumps(data, indent=1)


def table_keys(
    folder: Path, session: int, players: Sequence[str], fresh: bool = False
) -> TableKeys:
    """The keys kept in `folder` if they are this session's and name these players; else
    (or `fresh`) new ones, written there."""
    kept = None if fresh else _read(folder / KEYS_FILE)
    if kept is not None and kept.session == session and list(kept.players) == list(players):
        return kept
    keys = TableKeys(session, Keys(), {player: Keys() for player in players})
    save(folder, keys)
    return keys


def save(folder: Path, keys: TableKeys) -> None:
    path = folder / KEYS_FILE
    write_atomic(path, keys.to_json().encode(), mode=0o600)


def _read(path: Path) -> TableKeys | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        gm = Keys(*data["gm"])
        players = {str(p): Keys(*pair) for p, pair in data["players"].items()}
        return TableKeys(int(data["session"]), gm, players)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable or not ours: new keys are made


class GmGate:
    """The GM's pages open only in a browser that came through the link printed in the
    terminal (`/?key=...`), which leaves a cookie: another account on this machine, or a web
    page the GM happens to visit, cannot read them."""

    def __init__(self, keys: Keys) -> None:
        self.keys = keys

    def entered(self, request: Request) -> bool:
        cookie = request.cookies.get(GM_COOKIE)
        return cookie is not None and hmac.compare_digest(
            cookie.encode(), self.keys.cookie.encode()
        )

    def enter(self, request: Request) -> Response | None:
        """The redirect that sets the cookie, when the request carries the key; else None."""
        key = request.query_params.get("key")
        if not key or not hmac.compare_digest(key.encode(), self.keys.join.encode()):
            return None
        response = RedirectResponse(request.url.path, status_code=303)
        set_cookie(response, GM_COOKIE, self.keys.cookie)
        return response


Endpoint = Callable[[Request], Awaitable[Response]]


def gm_only(gate: GmGate, view: Endpoint) -> Endpoint:
    """`view` for the GM's browser alone; the link with the key lets it in."""

    async def checked(request: Request) -> Response:
        entering = gate.enter(request)
        if entering is not None:
            return entering
        if not gate.entered(request):
            return page("locked.html.j2", status_code=403)
        return await view(request)

    return checked


def set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, max_age=COOKIE_SECONDS, httponly=True, samesite="strict", path="/"
    )
