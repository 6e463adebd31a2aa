"""`clues.yaml`: conclusions, clues and scenes."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import (
    Field,
)

from companion.campaign.models.base import Check, Markdown, Reference, Slug, Strict, Title


class Conclusion(Strict):
    """Something the players can work out; the clues point to it."""

    id: Slug
    title: Title
    summary: Markdown | None = None


class ClueWhere(Strict):
    """Where a clue is found: a location, a mark on its plan, a scene."""

    location: Slug | None = None
    mark: Slug | None = Field(None, description="Id of a mark on the location's floor plan.")
    scene: Slug | None = None

    def checks(self) -> Iterator[Check]:
        if self.mark is not None and self.location is None:
            yield ("mark",), "a mark needs the location whose plan it is on", "add `location:`"


class Clue(Strict):
    """A fact the players can find, the conclusions it supports and the scenes it leads to."""

    id: Slug
    text: Markdown
    points_to: list[Slug] = Field(default_factory=list, description="Ids of conclusions.")
    leads_to: list[Slug] = Field(default_factory=list, description="Ids of scenes it leads to.")
    where: ClueWhere | None = None
    found_by: Markdown | None = Field(None, description="How the players can find it.")
    location: Slug | None = Field(None, description="Short for `where: {location: ...}`.")
    npc: Slug | None = None
    handout: Slug | None = None

    @property
    def found_at(self) -> ClueWhere:
        """`where`, with the `location:` shorthand folded in."""
        where = self.where or ClueWhere()
        if where.location is None and self.location is not None:
            return where.model_copy(update={"location": self.location})
        return where

    def references(self) -> Iterator[Reference]:
        for index, conclusion in enumerate(self.points_to):
            yield ("points_to", index), "conclusions", conclusion
        for index, scene in enumerate(self.leads_to):
            yield ("leads_to", index), "scenes", scene
        for field, kind in (("location", "locations"), ("npc", "npcs"), ("handout", "handouts")):
            ref = getattr(self, field)
            if ref is not None:
                yield (field,), kind, ref
        if self.where is not None:
            if self.where.location is not None:
                yield ("where", "location"), "locations", self.where.location
            if self.where.scene is not None:
                yield ("where", "scene"), "scenes", self.where.scene
            if self.where.mark is not None and self.where.location is not None:
                yield ("where", "mark"), "marks", f"{self.where.location}/{self.where.mark}"

    def checks(self) -> Iterator[Check]:
        if self.where is not None:
            for loc, message, hint in self.where.checks():
                yield ("where", *loc), message, hint
            if self.location is not None:
                yield ("location",), "`location:` and `where:` both say where", "keep `where:`"


class Scene(Strict):
    """A scene (or any node of the story): where it happens, who is there, where it leads."""

    id: Slug
    title: Title
    location: Slug | None = None
    summary: Markdown | None = None
    start: bool = Field(False, description="Play begins here: it needs no leads in.")
    npcs: list[Slug] = Field(default_factory=list, description="Ids of NPCs in the scene.")
    leads_to: list[Slug] = Field(default_factory=list, description="Ids of scenes it leads to.")

    def references(self) -> Iterator[Reference]:
        if self.location is not None:
            yield ("location",), "locations", self.location
        for index, npc in enumerate(self.npcs):
            yield ("npcs", index), "npcs", npc
        for index, scene in enumerate(self.leads_to):
            yield ("leads_to", index), "scenes", scene


class ClueBook(Strict):
    """clues.yaml: the scenes in playing order, the conclusions, and the clues toward them."""

    scenes: list[Scene] = Field(default_factory=list)
    conclusions: list[Conclusion] = Field(default_factory=list)
    clues: list[Clue] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        for field in ("scenes", "clues"):
            for index, item in enumerate(getattr(self, field)):
                for loc, kind, ref in item.references():
                    yield (field, index, *loc), kind, ref

    def checks(self) -> Iterator[Check]:
        for index, clue in enumerate(self.clues):
            for loc, message, hint in clue.checks():
                yield ("clues", index, *loc), message, hint
