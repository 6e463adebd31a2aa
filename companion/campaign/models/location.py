"""Locations: one file in `locations/` each, with an optional floor plan."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import (
    Field,
)

from companion.campaign.models.base import Markdown, Reference, Slug, Strict, Title, gm_only
from companion.campaign.models.plan import FloorPlan


class Location(Strict):
    """A place: one file in locations/, its id is the file name."""

    id: Slug
    name: Title
    kind: Slug | None = Field(
        None, description="What kind of place: one of the campaign's `location_kinds`."
    )
    address: str | None = None
    description: Markdown | None = Field(None, description="What the players see.")
    staff: list[Slug] = Field(default_factory=list, description="Ids of NPCs working here.")
    floor_plan: FloorPlan | None = Field(None, description="A plan to print as a map handout.")
    secret: Markdown | None = gm_only("What the place hides.", default=None)
    gm_notes: Markdown | None = gm_only("Notes for running scenes here.", default=None)

    def references(self) -> Iterator[Reference]:
        if self.kind is not None:
            yield ("kind",), "location kinds", self.kind
        if self.floor_plan is not None:
            for index, mark in enumerate(self.floor_plan.marks):
                yield ("floor_plan", "marks", index, "kind"), "mark kinds", mark.kind
        for index, npc in enumerate(self.staff):
            yield ("staff", index), "npcs", npc
