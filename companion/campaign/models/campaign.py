"""A whole campaign, loaded and cross-checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import (
    Field,
)

from companion.campaign.models.base import Strict, gm_only
from companion.campaign.models.info import CampaignInfo
from companion.campaign.models.kinds import Handout
from companion.campaign.models.location import Location
from companion.campaign.models.people import Npc, Person
from companion.campaign.models.story import ClueBook


class Campaign(Strict):
    """A whole campaign folder, validated and cross-checked. `root` is where it was loaded from."""

    name: str
    root: Annotated[Path, Field(exclude=True)]
    info: CampaignInfo
    npcs: dict[str, Npc] = Field(default_factory=dict)
    locations: dict[str, Location] = Field(default_factory=dict)
    handouts: dict[str, Handout] = Field(default_factory=dict)
    clue_book: ClueBook = gm_only("Clues and conclusions.", default_factory=ClueBook)

    def status_of(self, person: Person) -> str:
        """Where a person starts: their file's status, or the campaign's first."""
        return person.status or self.info.words().first_status

    def player_ids(self) -> list[str]:
        return [player.id for player in self.info.players]

    def person(self, person_id: str) -> Person | None:
        """An NPC or a player's character by id."""
        if person_id in self.npcs:
            return self.npcs[person_id]
        return next((p.character for p in self.info.players if p.character.id == person_id), None)
