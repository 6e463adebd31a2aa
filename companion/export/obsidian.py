"""An Obsidian vault: a Markdown note with YAML front matter for the campaign, each player,
NPC, location and handout, and (in the GM's vault) each scene, clue and conclusion; wiki links
for ties, staff, where a clue is and what it points to, so that Obsidian's graph draws the
clue web. Handouts are embedded PDFs; a plan, its picture."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from companion.campaign.models import Campaign, Clue, Conclusion, Location, Npc, Scene
from companion.export.handout_copies import HandoutCopy, handout_copies
from companion.export.plan_grid import plan_grid
from companion.export.plan_image import plan_layer_png
from companion.export.request import ExportRequest, Files

ATTACHMENTS = "attachments"
# Characters Obsidian refuses in a note's name (and `[`, `]`, `#`, `^`, `|`, which would end
# or alter a wiki link to it).
FORBIDDEN_IN_NAMES = re.compile(r'[\\/:*?"<>|\[\]#^]+')
FOLDERS = {
    "player": "Players",
    "npc": "NPCs",
    "location": "Locations",
    "handout": "Handouts",
    "scene": "Scenes",
    "clue": "Clues",
    "conclusion": "Conclusions",
}


def obsidian_files(view: Campaign, request: ExportRequest) -> Files:
    """The vault: every note, and the PDFs and pictures the notes embed."""
    vault = Vault(view, request, handout_copies(view, request))
    vault.write_all()
    return vault.files


@dataclass
class Note:
    """One note: its place in the vault (without `.md`), its front matter and its body."""

    path: str
    properties: dict[str, Any]
    sections: list[str] = field(default_factory=list)

    def text(self) -> str:
        front = yaml.safe_dump(
            self.properties,
            sort_keys=False,
            allow_unicode=True,
            width=1000,
            default_flow_style=False,
        )
        return (
            f"---\n{front}---\n\n"
            + "\n\n".join(s.strip() for s in self.sections if s.strip())
            + "\n"
        )


class Vault:
    """The notes of one export, each entity's name chosen once so that links find it."""

    def __init__(self, view: Campaign, request: ExportRequest, copies: list[HandoutCopy]) -> None:
        self.view = view
        self.request = request
        self.copies = copies
        self.files: Files = {}
        self.paths: dict[tuple[str, str], str] = {}
        used: set[str] = set()
        book = view.clue_book
        named: list[tuple[str, str, str]] = [
            *(("player", p.id, p.character.name) for p in view.info.players),
            *(("npc", n.id, n.name) for n in view.npcs.values()),
            *(("location", loc.id, loc.name) for loc in view.locations.values()),
            *(("scene", s.id, s.title) for s in book.scenes),
            *(("conclusion", c.id, c.title) for c in book.conclusions),
            *(("clue", c.id, c.id) for c in book.clues),
            *(("handout", copy.handout_id, copy.name) for copy in copies),
        ]
        for kind, key, name in named:
            self.paths[(kind, key)] = _unique(f"{FOLDERS[kind]}/{_note_name(name, key)}", used)
        self._used = used

    # --- links ---

    def link(self, kind: str, key: str, shown: str | None = None) -> str:
        """A wiki link to an entity's note; plain words when the vault has no note for it."""
        path = self.paths.get((kind, key))
        if path is None:
            return shown or key
        return f"[[{path}|{shown}]]" if shown else f"[[{path}]]"

    def person_link(self, person_id: str) -> str:
        npc = self.view.npcs.get(person_id)
        if npc is not None:
            return self.link("npc", person_id, npc.name)
        for player in self.view.info.players:
            if person_id in (player.id, player.character.id):
                return self.link("player", player.id, player.character.name)
        return person_id

    # --- notes ---

    def write_all(self) -> None:
        notes = [self._campaign()]
        notes += [self._player(player.id) for player in self.view.info.players]
        notes += [self._npc(npc) for npc in self.view.npcs.values()]
        notes += [self._location(location) for location in self.view.locations.values()]
        notes += [self._handout(copy) for copy in self.copies]
        book = self.view.clue_book
        notes += [self._scene(scene) for scene in book.scenes]
        notes += [self._conclusion(conclusion) for conclusion in book.conclusions]
        notes += [self._clue(clue) for clue in book.clues]
        for note in notes:
            self.files[f"{note.path}.md"] = note.text().encode("utf-8")

    def _campaign(self) -> Note:
        info = self.view.info
        book = self.view.clue_book
        lists = [
            ("Players", [self.link("player", p.id, p.character.name) for p in info.players]),
            ("NPCs", [self.link("npc", n.id, n.name) for n in self.view.npcs.values()]),
            (
                "Locations",
                [self.link("location", k, v.name) for k, v in self.view.locations.items()],
            ),
            ("Scenes", [self.link("scene", s.id, s.title) for s in book.scenes]),
            ("Conclusions", [self.link("conclusion", c.id, c.title) for c in book.conclusions]),
        ]
        properties = {"type": "campaign", "title": info.title, "subtitle": info.subtitle}
        sections = [
            _section("Setting", info.setting),
            _section("Premise", info.premise),
            _section("What is really going on", info.secret),
            _section("Endings", info.endings),
            _section("GM notes", info.gm_notes),
            *(_bullets(heading, items) for heading, items in lists),
        ]
        path = _unique(_note_name(info.title, self.view.name), self._used)
        return Note(path, _present(properties), [f"# {info.title}", *sections])

    def _player(self, player_id: str) -> Note:
        player = next(p for p in self.view.info.players if p.id == player_id)
        character = player.character
        given = [
            self.link("handout", handout_id, None)
            for handout_id, handout in sorted(self.view.handouts.items())
            if handout.to == "all" or player_id in handout.to
        ]
        properties = {
            "type": "player",
            "player": player.name,
            "character": character.name,
            "aliases": list(character.aliases) or None,
            "role": character.role,
        }
        sections = [
            f"# {character.name}",
            f"Played by {player.name}.",
            _section("Summary", character.summary),
            _section("Appearance", character.appearance),
            *self._person_secrets(character.secret, character.wants, character.gm_notes),
            _bullets("Handouts", [g for g in given if g.startswith("[[")]),
        ]
        return Note(self.paths[("player", player_id)], _present(properties), sections)

    def _npc(self, npc: Npc) -> Note:
        ties = [
            f"{self.person_link(tie.npc)}: {tie.kind}"
            + (f". {_one_line(tie.note)}" if tie.note else "")
            for tie in npc.relationships
        ]
        ties += [self.person_link(other) for other in npc.associates]
        properties = {
            "type": "npc",
            "name": npc.name,
            "aliases": list(npc.aliases) or None,
            "role": npc.role,
            "affiliation": npc.affiliation,
            "nationality": npc.nationality,
            "born": npc.born,
            "status": npc.status,
            "ties": [_property_link(t) for t in ties if t.startswith("[[")] or None,
        }
        sections = [
            f"# {npc.name}",
            _section("Summary", npc.summary),
            _section("Appearance", npc.appearance),
            _bullets("Ties", ties),
            *self._person_secrets(npc.secret, npc.wants, npc.gm_notes),
        ]
        return Note(self.paths[("npc", npc.id)], _present(properties), sections)

    def _person_secrets(self, *texts: str | None) -> list[str]:
        secret, wants, notes = texts
        return [
            _section("The truth", secret),
            _section("What they want", wants),
            _section("GM notes", notes),
        ]

    def _location(self, location: Location) -> Note:
        staff = [self.person_link(npc) for npc in location.staff]
        properties = {
            "type": "location",
            "name": location.name,
            "address": location.address,
            "staff": [_property_link(s) for s in staff if s.startswith("[[")] or None,
        }
        sections = [
            f"# {location.name}",
            _section("Description", location.description),
            _bullets("Staff", staff),
            _section("What it hides", location.secret),
            _section("GM notes", location.gm_notes),
        ]
        if location.floor_plan is not None:
            grid = plan_grid(self.view.root, location, self.request.pixels_per_grid)
            path = self._attach(
                f"plans/{self._title('location', location.id)}.png",
                plan_layer_png(self.view, location, grid),
            )
            sections.append(f"## Floor plan\n\n![[{path}]]")
        return Note(self.paths[("location", location.id)], _present(properties), sections)

    def _handout(self, copy: HandoutCopy) -> Note:
        handout = self.view.handouts[copy.handout_id]
        path = self.paths[("handout", copy.handout_id)]
        pdf = self._attach(f"handouts/{copy.stem}.pdf", copy.pdf)
        players = {p.id: p for p in self.view.info.players}
        to = (
            [self.link("player", p, players[p].character.name) for p in handout.to if p in players]
            if handout.to != "all"
            else []
        )
        properties = {
            "type": "handout",
            "title": copy.name,
            "to": "all" if handout.to == "all" else [_property_link(t) for t in to],
            "location": _property_link(self.link("location", handout.location))
            if handout.location
            else None,
            "author": _property_link(self.person_link(handout.author)) if handout.author else None,
            "reveal": handout.reveal,
        }
        sections = [
            f"# {copy.name}",
            f"![[{pdf}]]",
            _section("GM notes", handout.gm_notes),
        ]
        return Note(path, _present(properties), sections)

    def _scene(self, scene: Scene) -> Note:
        properties = {
            "type": "scene",
            "title": scene.title,
            "location": _property_link(self.link("location", scene.location))
            if scene.location
            else None,
            "start": scene.start or None,
        }
        sections = [
            f"# {scene.title}",
            _section("Summary", scene.summary),
            _bullets("Who is there", [self.person_link(npc) for npc in scene.npcs]),
            _bullets(
                "Leads to", [self.link("scene", s, self._title("scene", s)) for s in scene.leads_to]
            ),
        ]
        return Note(self.paths[("scene", scene.id)], _present(properties), sections)

    def _conclusion(self, conclusion: Conclusion) -> Note:
        supporting = [c.id for c in self.view.clue_book.clues if conclusion.id in c.points_to]
        properties = {"type": "conclusion", "title": conclusion.title}
        sections = [
            f"# {conclusion.title}",
            _section("Summary", conclusion.summary),
            _bullets("Clues that point here", [self.link("clue", c) for c in supporting]),
        ]
        return Note(self.paths[("conclusion", conclusion.id)], _present(properties), sections)

    def _clue(self, clue: Clue) -> Note:
        where = clue.found_at
        found_at = []
        if where.location:
            found_at.append(
                self.link("location", where.location, self._title("location", where.location))
            )
        if where.scene:
            found_at.append(self.link("scene", where.scene, self._title("scene", where.scene)))
        if clue.npc:
            found_at.append(self.person_link(clue.npc))
        if clue.handout and ("handout", clue.handout) in self.paths:
            found_at.append(self.link("handout", clue.handout))
        points_to = [
            self.link("conclusion", c, self._title("conclusion", c)) for c in clue.points_to
        ]
        leads_to = [self.link("scene", s, self._title("scene", s)) for s in clue.leads_to]
        properties = {
            "type": "clue",
            "title": clue.id,
            "points_to": [_property_link(p) for p in points_to] or None,
            "leads_to": [_property_link(s) for s in leads_to] or None,
        }
        sections = [
            f"# {clue.id}",
            clue.text,
            _section("How the players find it", clue.found_by),
            _bullets("Where", found_at),
            _bullets("Points to", points_to),
            _bullets("Leads to", leads_to),
        ]
        return Note(self.paths[("clue", clue.id)], _present(properties), sections)

    # --- helpers ---

    def _title(self, kind: str, key: str) -> str:
        path = self.paths.get((kind, key))
        return path.rsplit("/", 1)[-1] if path else key

    def _attach(self, relative: str, data: bytes) -> str:
        path = f"{ATTACHMENTS}/{relative}"
        self.files[path] = data
        return path


def _note_name(name: str, fallback: str) -> str:
    cleaned = " ".join(FORBIDDEN_IN_NAMES.sub(" ", name).split()).strip(" .-")
    return cleaned[:100].rstrip(" .-") or fallback


def _unique(path: str, used: set[str]) -> str:
    """`path`, numbered when a note of that name (in any case) is taken already."""
    candidate, number = path, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{path} {number}"
    used.add(candidate.casefold())
    return candidate


def _section(heading: str, text: str | None) -> str:
    return f"## {heading}\n\n{text.strip()}" if text and text.strip() else ""


def _bullets(heading: str, items: list[str]) -> str:
    return f"## {heading}\n\n" + "\n".join(f"- {item}" for item in items) if items else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _property_link(link: str) -> str:
    """A wiki link as a property takes it: the note's path alone (Obsidian shows its name)."""
    return link.split("|", 1)[0] + "]]" if "|" in link else link


def _present(properties: dict[str, Any]) -> dict[str, Any]:
    """The properties that have a value: an empty one is noise in Obsidian's panel."""
    return {key: value for key, value in properties.items() if value not in (None, "", [])}
