"""The built-in word sets of a few genres: what becomes of people (statuses), what a GM marks
on a floor plan (mark kinds, each drawn with a symbol of the built-in set) and kinds of place.

Plain data, read without pydantic (shell completion offers the statuses); the models in
`campaign/models/vocabulary.py` validate it and merge a campaign's own words over it.
"""

from __future__ import annotations

from typing import Any, Literal

# The symbols a mark can be drawn with (plans/symbols.py draws each): shapes, and pictures
# broad enough for spies, mysteries, horror and fantasy. `circle` (a person), `triangle` (a
# microphone), `square` (a camera), `arrow` (an exit), `dot` (a note) and `point` are the
# symbols Ozola's marks have always been drawn with.
Symbol = Literal[
    "circle", "dot", "point", "triangle", "square", "diamond", "star", "arrow", "cross",
    "plus", "question", "exclamation", "eye", "ear", "key", "lock", "skull", "coffin",
    "candle", "flame", "drop", "footprints", "moon", "pentacle", "spiral", "sword",
    "shield", "crown", "chest", "book", "bell", "trap", "anchor",
]  # fmt: skip
GenreName = Literal["spy", "mystery", "gothic-horror", "fantasy"]
DEFAULT_GENRE: GenreName = "spy"
# How a mark with a path (a route, a line of sight) is drawn.
Line = Literal["dashed", "dotted", "arrow"]


def _status(
    status_id: str, recap: str | None = None, gone: bool = False, name: str | None = None
) -> dict[str, Any]:
    return {"id": status_id, "recap": recap, "gone": gone, "name": name}


def _places(ids: str) -> list[dict[str, Any]]:
    return [{"id": kind} for kind in ids.split()]


def _mark(mark_id: str, symbol: str, line: str = "dashed") -> dict[str, Any]:
    return {"id": mark_id, "symbol": symbol, "line": line}


# Each genre: its statuses (the first is where people start), its mark kinds and its kinds of
# place. A status's `recap` is what the players' recap says after the name; without one it
# says "is now <status>".
GENRES: dict[str, dict[str, list[dict[str, Any]]]] = {
    "spy": {
        "statuses": [
            _status("active"),
            _status("missing"),
            _status("burned"),
            _status("turned"),
            _status("defected"),
            _status("dead", gone=True),
        ],
        "marks": [
            _mark("person", "circle"),
            _mark("microphone", "triangle"),
            _mark("camera", "square"),
            _mark("exit", "arrow", "arrow"),
            _mark("route", "point", "arrow"),
            _mark("sightline", "point", "dotted"),
            _mark("note", "dot"),
        ],
        "location_kinds": _places(
            "office restaurant embassy flat safe-house hotel station street dacha airport bar"
        ),
    },
    "mystery": {
        "statuses": [
            _status("alive"),
            _status("suspected", "is under suspicion"),
            _status("missing", "has gone missing"),
            _status("arrested", "has been arrested"),
            _status("released", "has been released"),
            _status("fled", "has fled", gone=True),
            _status("dead", "is dead", gone=True),
        ],
        "marks": [
            _mark("person", "circle"),
            _mark("body", "cross"),
            _mark("evidence", "question"),
            _mark("weapon", "exclamation"),
            _mark("footprints", "footprints"),
            _mark("blood", "drop"),
            _mark("locked", "lock"),
            _mark("hiding-place", "chest"),
            _mark("exit", "arrow", "arrow"),
            _mark("route", "point", "arrow"),
            _mark("sightline", "point", "dotted"),
            _mark("note", "dot"),
        ],
        "location_kinds": _places(
            "house manor inn tavern police-station church harbour shop station office hotel"
            " ship village street"
        ),
    },
    "gothic-horror": {
        "statuses": [
            _status("alive"),
            _status("in-hiding", "has gone into hiding", name="in hiding"),
            _status("afflicted", "has fallen ill, or worse"),
            _status("mad", "has lost their mind"),
            _status("possessed", "is no longer themselves"),
            _status("saved", "has been saved"),
            _status("vanished", "has vanished", gone=True),
            _status("undead", "has risen from the grave", gone=True),
            _status("dead", "is dead", gone=True),
        ],
        "marks": [
            _mark("person", "circle"),
            _mark("apparition", "spiral"),
            _mark("body", "skull"),
            _mark("grave", "coffin"),
            _mark("ward", "pentacle"),
            _mark("light", "candle"),
            _mark("fire", "flame"),
            _mark("blood", "drop"),
            _mark("watcher", "eye"),
            _mark("listener", "ear"),
            _mark("key", "key"),
            _mark("locked", "lock"),
            _mark("bell", "bell"),
            _mark("secret", "question"),
            _mark("exit", "arrow", "arrow"),
            _mark("route", "point", "arrow"),
            _mark("sightline", "point", "dotted"),
            _mark("note", "dot"),
        ],
        "location_kinds": _places(
            "manor crypt church graveyard asylum inn tavern lighthouse village forest ruin"
            " ship house station"
        ),
    },
    "fantasy": {
        "statuses": [
            _status("alive"),
            _status("allied", "has joined the party's cause"),
            _status("hostile", "has turned against the party"),
            _status("captured", "has been captured"),
            _status("cursed", "has been cursed"),
            _status("missing", "has gone missing"),
            _status("fled", "has fled", gone=True),
            _status("dead", "has fallen", gone=True),
        ],
        "marks": [
            _mark("person", "circle"),
            _mark("monster", "skull"),
            _mark("trap", "trap"),
            _mark("treasure", "chest"),
            _mark("magic", "star"),
            _mark("ward", "pentacle"),
            _mark("key", "key"),
            _mark("locked", "lock"),
            _mark("weapon", "sword"),
            _mark("guard", "shield"),
            _mark("ruler", "crown"),
            _mark("lore", "book"),
            _mark("fire", "flame"),
            _mark("exit", "arrow", "arrow"),
            _mark("route", "point", "arrow"),
            _mark("sightline", "point", "dotted"),
            _mark("note", "dot"),
        ],
        "location_kinds": _places(
            "tavern castle temple dungeon ship village city forest cave tower lighthouse ruin"
            " market guildhall"
        ),
    },
}


def status_ids(data: dict[str, Any]) -> list[str]:
    """The statuses a campaign.yaml's data names, read without validating it (for shell
    completion): its genre's and its own."""
    genre = GENRES.get(str(data.get("genre", DEFAULT_GENRE)), GENRES[DEFAULT_GENRE])
    own = data.get("statuses")
    words = [status["id"] for status in genre["statuses"]]
    if isinstance(own, list):
        words += [s["id"] for s in own if isinstance(s, dict) and isinstance(s.get("id"), str)]
    return list(dict.fromkeys(words))
