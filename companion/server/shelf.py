"""A player's folder at the table: their own copies, and `shelf.json`, the list of what they
hold (in the order they were given it) under the names players may read. The players' pages
read this folder and nothing else; this module imports nothing of the campaign, the record or
the build, so neither can they."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from companion.atomic import read_json, read_regular_file, write_atomic

SHELF_FILE = "shelf.json"
MAX_SHELF_BYTES = 1024 * 1024
# A player's copy is a few megabytes at most; nothing larger is served.
MAX_SERVED_BYTES = 64 * 1024 * 1024
MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png"}


@dataclass(frozen=True)
class ShelfItem:
    """One handout a player holds: its name (the file name players may read), its title as
    players may read it, and its files once made (None while it is on its way)."""

    name: str
    title: str
    pdf: str | None = None
    pages: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return self.pdf is not None

    def made(self, pdf: str, pages: tuple[str, ...]) -> ShelfItem:
        return replace(self, pdf=pdf, pages=pages)


@dataclass(frozen=True)
class Shelf:
    """What one player holds, for their page: their own name, and their handouts."""

    player: str
    items: tuple[ShelfItem, ...] = ()

    def files(self) -> frozenset[str]:
        """The only file names the player's page may serve from their folder."""
        names = set()
        for item in self.items:
            if item.pdf is not None:
                names |= {item.pdf, *item.pages}
        return frozenset(names)

    def to_json(self) -> str:
        items = [
            {"name": i.name, "title": i.title, "pdf": i.pdf, "pages": list(i.pages)}
            for i in self.items
        ]
        return json.dumps({"player": self.player, "items": items}, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Shelf | None:
        """A shelf as written by `to_json`; None for anything else (data, not instructions)."""
        try:
            items = data["items"]
            assert isinstance(items, list)
            return cls(
                str(data["player"]),
                tuple(
                    ShelfItem(
                        _plain(item["name"]),
                        str(item["title"]),
                        None if item["pdf"] is None else _plain(item["pdf"]),
                        tuple(_plain(page) for page in item["pages"]),
                    )
                    for item in items
                ),
            )
        except (KeyError, TypeError, AssertionError, ValueError):
            return None


def _plain(name: object) -> str:
    """A file name inside the folder: no folder part, no hidden file."""
    text = str(name)
    if not text or "/" in text or "\\" in text or text.startswith(".") or "\x00" in text:
        raise ValueError(text)
    return text


def read_shelf(folder: Path) -> Shelf | None:
    data = read_json(folder / SHELF_FILE, MAX_SHELF_BYTES)
    return None if data is None else Shelf.from_json(data)


def write_shelf(folder: Path, shelf: Shelf, within: Path) -> None:
    """Written on every gift, for eight players at once: not waited onto the disk (after a
    power cut the table makes the shelves again from the record of play)."""
    data = shelf.to_json().encode("utf-8")
    write_atomic(folder / SHELF_FILE, data, within=within, durable=False)


def shelf_file(folder: Path, name: str) -> tuple[bytes, str] | None:
    """A file the shelf in `folder` lists, as bytes and media type; None for anything else
    (unlisted, gone, a link, too large)."""
    shelf = read_shelf(folder)
    if shelf is None or name not in shelf.files():
        return None
    try:
        data = read_regular_file(folder / name, MAX_SERVED_BYTES)
    except OSError:
        return None
    return data, MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")
