"""People: NPCs, the players and their characters, and the ties between them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    model_validator,
)

from companion.campaign.models.base import (
    HandName,
    Markdown,
    Reference,
    Slug,
    Strict,
    Title,
    gm_only,
)


class Relationship(Strict):
    """A tie from one person to another, as the GM's book lists it."""

    npc: Slug = Field(description="Id of the other person (an NPC or a player's character).")
    kind: str = Field("associate", description="What they are to each other, e.g. `old friend`.")
    note: Markdown | None = None
    gm: bool = Field(False, description="A tie the players do not know about.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """`- sokolov` is short for `- {npc: sokolov}`."""
        return {"npc": value} if isinstance(value, str) else value


class Person(Strict):
    """Anyone the story knows: an NPC file, or a player's character in campaign.yaml."""

    id: Slug
    name: Title = Field(description="Full name as it would stand on a file card.")
    role: str | None = Field(None, description="What the players can know they do.")
    summary: Markdown | None = Field(None, description="What the players may know of them.")
    appearance: Markdown | None = Field(None, description="How they look.")
    affiliation: str | None = Field(None, description="Employer or service, as publicly known.")
    organisation: Slug | None = Field(
        None, description="Whose file they have: an organisation's id (`kgb`, your own)."
    )
    nationality: str | None = None
    born: str | None = Field(None, description="Date or year of birth, written as you like.")
    aliases: list[str] = Field(default_factory=list, description="Other names and cover names.")
    languages: list[str] = Field(default_factory=list)
    status: Slug | None = Field(
        None,
        description="Status at the start of the campaign, one of the campaign's statuses "
        "(`statuses:` in campaign.yaml); left out, the first of them (`active` for spies).",
    )
    associates: list[Slug] = Field(default_factory=list, description="Ids of other NPCs.")
    relationships: list[Relationship] = Field(
        default_factory=list,
        description="Ties to other people: `{npc, kind, note, gm}`, or just an id.",
    )
    portrait: str | None = Field(
        None, description="Picture inside the campaign folder, e.g. `images/natalia.jpg`."
    )
    dossier: bool = Field(
        False, description="Also build a plain dossier from these fields (handout `file-<id>`)."
    )
    hand: HandName | None = Field(
        None, description="How they write: every note they are the `author` of is in this hand."
    )
    secret: Markdown | None = gm_only("The truth about this person.", default=None)
    wants: Markdown | None = gm_only("What they really want.", default=None)
    gm_notes: Markdown | None = gm_only("How to play them; anything else for the GM.", default=None)

    def references(self) -> Iterator[Reference]:
        if self.status is not None:
            yield ("status",), "statuses", self.status
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation
        for index, npc in enumerate(self.associates):
            yield ("associates", index), "npcs", npc
        for index, tie in enumerate(self.relationships):
            yield ("relationships", index, "npc"), "people", tie.npc
        if self.portrait is not None:
            yield ("portrait",), "files", self.portrait


class Npc(Person):
    """A non-player character: one file in npcs/, its id is the file name."""


class Player(Strict):
    """A person at the table and the character they play."""

    id: Slug = Field(description="Short id used on the command line, e.g. `anna`.")
    name: str = Field(description="The player's name.")
    character: Person


DossierFieldKey = Literal[
    "name", "aliases", "codename", "born", "nationality", "citizenship", "role", "affiliation",
    "rank", "party", "education", "languages", "marital", "height", "eyes", "marks",
    "status", "last_seen", "address",
]  # fmt: skip
DossierSectionKey = Literal["background", "associates", "assessment", "compromising", "notes"]
FileWordKey = Literal["page", "of", "opened", "copy"]
Classification = Literal["top-secret", "secret", "confidential"]
StampColour = Annotated[
    str,
    Field(
        pattern=r"^(red|violet|blue|black|green|#[0-9a-fA-F]{6})$",
        description="red, violet, blue, black, green, or `#rrggbb`.",
    ),
]
StampText = Annotated[str, Field(min_length=1, description="The stamp's words, as inked.")]
