"""Foundry VTT journals (core version 13): a JournalEntry per handout, its pages the copy's
pages as pictures and the copy as a PDF; for the GM also one per NPC and location. Each is the
JSON Foundry's own "Export Data" writes, so that "Import Data" reads it, and the files its
pages show sit in a folder to copy into Foundry's user data.

Foundry keeps an entry's ownership on import (it is never in an exported file), so who may see
a handout travels in the entry's flags, and a small macro gives each player named there the
right to see it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from markupsafe import Markup, escape

from companion.campaign.models import Campaign, Location, Npc
from companion.export.handout_copies import HandoutCopy, handout_copies
from companion.export.plan_grid import plan_grid
from companion.export.plan_image import plan_layer_png
from companion.export.request import ExportRequest, Files, json_bytes, unique_stems
from companion.render.markup import markdown_html

# The version whose document schema the files are in: Foundry VTT 13, build 350 (Stable), as
# its API documentation describes JournalEntry, JournalEntryPage and DocumentStats.
FOUNDRY_CORE_VERSION = "13.350"
FLAG_SCOPE = "companion"
JOURNALS = "journals"
DATA = "data"  # copied into Foundry's user data folder, so `src` paths resolve
TEXT_FORMAT_HTML = 1  # CONST.JOURNAL_ENTRY_PAGE_FORMATS.HTML
INHERIT = -1  # CONST.DOCUMENT_OWNERSHIP_LEVELS.INHERIT: a page is seen as its entry is
SORT_STEP = 100_000  # Foundry's own spacing of sort values
ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
OWNERSHIP_MACRO = "companion-ownership.js"


def foundry_files(view: Campaign, request: ExportRequest) -> Files:
    """A journal file per handout (and, for the GM, per NPC and location), the pictures and
    PDFs their pages show, and the macro that shares each handout with its players."""
    journals = Journals(view, request)
    for copy in handout_copies(view, request):
        journals.add_handout(copy)
    if request.is_gm:
        for npc_id in sorted(view.npcs):
            journals.add_npc(view.npcs[npc_id])
        for location_id in sorted(view.locations):
            journals.add_location(view.locations[location_id])
    journals.files[OWNERSHIP_MACRO] = _ownership_macro().encode("utf-8")
    return journals.files


class Journals:
    """The journal files of one export and the media their pages show."""

    def __init__(self, view: Campaign, request: ExportRequest) -> None:
        self.view = view
        self.request = request
        self.language = view.info.languages[0]
        self.files: Files = {}
        self.media_folder = f"companion/{view.name}/{request.audience}"
        self.npc_stems = unique_stems({npc.id: npc.name for npc in view.npcs.values()})
        self.place_stems = unique_stems({loc.id: loc.name for loc in view.locations.values()})

    def add_handout(self, copy: HandoutCopy) -> None:
        media = f"handouts/{copy.stem}"
        pages = []
        count = len(copy.pages)
        for number, png in enumerate(copy.pages, start=1):
            name = copy.name if count == 1 else f"{copy.name}, page {number} of {count}"
            pages.append(
                self._page(name, "image", number, src=self._media(f"{media}-p{number}.png", png))
            )
        pdf_src = self._media(f"{media}.pdf", copy.pdf)
        pages.append(self._page(f"{copy.name} (PDF)", "pdf", count + 1, src=pdf_src))
        self._write(f"handout-{copy.stem}", copy.name, pages, self._shared_with(copy.handout_id))

    def add_npc(self, npc: Npc) -> None:
        facts = [
            ("Role", npc.role),
            ("Affiliation", npc.affiliation),
            ("Nationality", npc.nationality),
            ("Born", npc.born),
            ("Also known as", ", ".join(npc.aliases) or None),
            ("Languages", ", ".join(npc.languages) or None),
            ("Status", npc.status),
        ]
        ties = [
            f"{self._name_of(tie.npc)}: {tie.kind}"
            + (" (the players do not know)" if tie.gm else "")
            for tie in npc.relationships
        ]
        sections = [
            ("Summary", npc.summary),
            ("Appearance", npc.appearance),
            ("The truth", npc.secret),
            ("What they want", npc.wants),
            ("GM notes", npc.gm_notes),
        ]
        html = (
            self._facts_html(facts) + self._list_html("Ties", ties) + self._sections_html(sections)
        )
        page = self._page(npc.name, "text", 1, html=html)
        self._write(f"npc-{self.npc_stems[npc.id]}", npc.name, [page], {})

    def add_location(self, location: Location) -> None:
        facts = [
            ("Address", location.address),
            ("Staff", ", ".join(self._name_of(npc) for npc in location.staff) or None),
        ]
        sections = [
            ("Description", location.description),
            ("What it hides", location.secret),
            ("GM notes", location.gm_notes),
        ]
        html = self._facts_html(facts) + self._sections_html(sections)
        pages = [self._page(location.name, "text", 1, html=html)]
        if location.floor_plan is not None:
            grid = plan_grid(self.view.root, location, self.request.pixels_per_grid)
            png = plan_layer_png(self.view, location, grid)
            src = self._media(f"plans/{self.place_stems[location.id]}.png", png)
            pages.append(self._page(f"{location.name}: floor plan", "image", 2, src=src))
        self._write(f"location-{self.place_stems[location.id]}", location.name, pages, {})

    # --- the documents ---

    def _write(
        self, stem: str, name: str, pages: list[dict[str, Any]], shared: dict[str, Any]
    ) -> None:
        """A JournalEntry as Foundry's "Export Data" writes it: no `_id`, `sort` or `ownership`
        of its own (import keeps those of the entry imported into), its pages with theirs."""
        entry = {
            "name": name,
            "pages": pages,
            "folder": None,
            "categories": [],
            "flags": {
                FLAG_SCOPE: {
                    "campaign": self.view.name,
                    "audience": self.request.audience,
                    **shared,
                }
            },
            "_stats": _stats(),
        }
        self.files[f"{JOURNALS}/fvtt-JournalEntry-{stem}.json"] = json_bytes(entry)

    def _page(
        self, name: str, kind: str, number: int, *, src: str | None = None, html: str | None = None
    ) -> dict[str, Any]:
        text: dict[str, Any] = {"format": TEXT_FORMAT_HTML}
        if html is not None:
            text["content"] = html
        return {
            "_id": foundry_id(self.view.name, self.request.audience, name, str(number)),
            "name": name,
            "type": kind,
            "system": {},
            "title": {"show": kind == "text", "level": 1},
            "image": {},
            "text": text,
            "video": {"controls": True, "volume": 0.5},
            "src": src,
            "category": None,
            "sort": number * SORT_STEP,
            "ownership": {"default": INHERIT},
            "flags": {},
            "_stats": _stats(),
        }

    def _media(self, relative: str, data: bytes) -> str:
        """Keep a file the pages show; its path as Foundry finds it in its user data."""
        path = f"{self.media_folder}/{relative}"
        self.files[f"{DATA}/{path}"] = data
        return path

    def _shared_with(self, handout_id: str) -> dict[str, Any]:
        """Who may see a handout, for the macro: every player, or those it is given to (by
        the names they have in Foundry, as campaign.yaml spells them)."""
        handout = self.view.handouts[handout_id]
        if self.request.is_gm:
            return {"players": []}
        if handout.to == "all":
            return {"players": "all"}
        names = {player.id: player.name for player in self.view.info.players}
        return {"players": [names[player] for player in handout.to if player in names]}

    def _name_of(self, person_id: str) -> str:
        npc = self.view.npcs.get(person_id)
        if npc is not None:
            return npc.name
        for player in self.view.info.players:
            if player.character.id == person_id or player.id == person_id:
                return player.character.name
        return person_id

    # --- the words ---

    def _facts_html(self, facts: list[tuple[str, str | None]]) -> str:
        rows = "".join(f"<li><strong>{escape(k)}:</strong> {escape(v)}</li>" for k, v in facts if v)
        return f"<ul>{rows}</ul>" if rows else ""

    def _list_html(self, heading: str, items: list[str]) -> str:
        if not items:
            return ""
        rows = "".join(f"<li>{escape(item)}</li>" for item in items)
        return f"<h2>{escape(heading)}</h2><ul>{rows}</ul>"

    def _sections_html(self, sections: list[tuple[str, str | None]]) -> str:
        parts = [
            Markup("<h2>{}</h2>").format(heading) + markdown_html(text, language=self.language)
            for heading, text in sections
            if text
        ]
        return "".join(parts)


def _stats() -> dict[str, Any]:
    """The document's `_stats`: the schema's core version; no times or users (the same bytes
    on every export; Foundry fills them in when it stores the document)."""
    return {
        "coreVersion": FOUNDRY_CORE_VERSION,
        "systemId": None,
        "systemVersion": None,
        "createdTime": None,
        "modifiedTime": None,
        "lastModifiedBy": None,
    }


def foundry_id(*parts: str) -> str:
    """A Foundry document id (16 letters and digits) fixed by what it names."""
    number = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()[:16], "big")
    letters = []
    for _ in range(16):
        number, index = divmod(number, len(ID_ALPHABET))
        letters.append(ID_ALPHABET[index])
    return "".join(letters)


def _ownership_macro() -> str:
    return """\
// companion: let each player see the handouts given to them. In Foundry, create a Macro of
// type "script", paste this file into it, and run it once after importing the journals.
const OBSERVER = CONST.DOCUMENT_OWNERSHIP_LEVELS.OBSERVER;
for (const entry of game.journal) {
  const players = entry.getFlag("companion", "players");
  if (players === undefined) continue;
  const ownership = {};
  if (players === "all") ownership.default = OBSERVER;
  for (const user of game.users) {
    if (!user.isGM && Array.isArray(players) && players.includes(user.name)) {
      ownership[user.id] = OBSERVER;
    }
  }
  await entry.update({ownership});
}
ui.notifications.info("companion: handouts shared with their players.");
"""
